"""One company's searchable index: clause terms (stems, compound parts, headings, concepts) in BM25.

A clause is scored on its heading path plus its text (the heading helps ranking; the quoted text stays
verbatim) and on the concepts of the bilingual lexicon it carries, which is what lets an English
question meet a Swedish clause. Indexes are per company, built once from the clauses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.retrieval.bm25 import BM25, K1, B
from bot.retrieval.lexicon import Lexicon
from bot.retrieval.loader import Clause, Policy
from bot.text.tokens import STOP_WORDS, Vocabulary, fold, stem, words

CONCEPT_PREFIX = "~"
CATEGORY_PREFIX = "@"
HEADING_WEIGHT = 1.0  # each heading word counts this much on top of the text
PART_WEIGHT = 0.5  # a compound part counts this much beside the whole word
MIN_LENGTH_RATIO = 0.4  # clauses shorter than this share of the average are scored as if this long
# a link's scheme says nothing about the clause: "https://…" is not a statement about encryption
_URL_SCHEME = re.compile(r"\b(?:https?|ftp)://", re.IGNORECASE)


def concept_words(text: str) -> list[str]:
    """The words a clause's concepts are read from: its words without the schemes of its links."""
    return words(_URL_SCHEME.sub(" ", text))


def concept_term(concept_id: str) -> str:
    return CONCEPT_PREFIX + concept_id


def category_term(category: str) -> str:
    return CATEGORY_PREFIX + category


def _add(counter: dict[str, float], term: str, weight: float) -> None:
    counter[term] = counter.get(term, 0.0) + weight


def word_terms(
    tokens: Iterable[str], language: str, vocabulary: Vocabulary | None, weight: float = 1.0
) -> dict[str, float]:
    """Stems of the non-stop words (and, in Swedish, stems of compound parts at a lower weight)."""
    terms: dict[str, float] = {}
    for token in tokens:
        if token in STOP_WORDS or len(token) < 2:
            continue
        folded = fold(token)
        _add(terms, stem(token, language), weight)
        if vocabulary is not None and language == "sv":
            for part in vocabulary.split(folded):
                _add(terms, stem(part, language), weight * PART_WEIGHT)
    return terms


def concept_terms(concepts: dict[str, int], lexicon: Lexicon, weight: float = 1.0) -> dict[str, float]:
    terms: dict[str, float] = {}
    categories: Counter[str] = Counter()
    for concept_id, count in concepts.items():
        _add(terms, concept_term(concept_id), weight * min(count, 3))
        categories[lexicon.category(concept_id)] += 1
    for category, count in categories.items():
        _add(terms, category_term(category), weight * min(count, 3))
    return terms


class CompanyIndex:
    """BM25 over one policy's clauses, with the concept sets kept for reranking and abstention."""

    def __init__(self, policy: Policy, lexicon: Lexicon, k1: float = K1, b: float = B) -> None:
        self.policy = policy
        self.language = policy.language
        self.lexicon = lexicon
        self.clauses: tuple[Clause, ...] = policy.clauses
        token_lists = [(words(" ".join(c.section)), words(c.text)) for c in self.clauses]
        self.vocabulary = Vocabulary(
            (fold(t) for heading, body in token_lists for t in (*heading, *body)),
            self.language,
            lexicon.word_languages,
        )
        documents: list[dict[str, float]] = []
        self.concepts: list[frozenset[str]] = []
        self.heading_concepts: list[frozenset[str]] = []  # concepts of the heading path alone
        for clause, (heading, body) in zip(self.clauses, token_lists, strict=True):
            concepts = lexicon.match(concept_words(clause.text), (self.language,))
            heading_concepts = lexicon.match(heading, (self.language,))
            terms = word_terms(body, self.language, self.vocabulary)
            for term, weight in word_terms(heading, self.language, self.vocabulary, HEADING_WEIGHT).items():
                _add(terms, term, weight)
            merged = dict(concepts)
            for concept_id, count in heading_concepts.items():
                merged[concept_id] = merged.get(concept_id, 0) + count
            for term, weight in concept_terms(merged, lexicon).items():
                _add(terms, term, weight)
            documents.append(terms)
            self.concepts.append(frozenset(merged))
            self.heading_concepts.append(frozenset(heading_concepts))
        self.bm25 = BM25(documents, k1=k1, b=b, min_length_ratio=MIN_LENGTH_RATIO)
        self.policy_concepts: frozenset[str] = (
            frozenset().union(*self.concepts) if self.concepts else frozenset()
        )
        self.name_words: frozenset[str] = frozenset(
            fold(w)
            for text in (policy.name, *policy.aliases, policy.slug.replace("-", " "))
            for w in words(text)
        )

    def concept_idf(self, concept_id: str) -> float:
        """How telling a concept is in this policy (a concept the policy lacks counts as most telling)."""
        term = concept_term(concept_id)
        idf = self.bm25.idf(term)
        return self.bm25.absent_idf() if idf is None else idf
