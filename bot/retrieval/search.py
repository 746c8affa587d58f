"""Rank a company's clauses for a question, rerank the best few, and decide whether to answer.

Stage 1: BM25 over stems, compound parts, headings and lexicon concepts (``index.py``).
Stage 2: the best ``rerank_depth`` clauses are reordered by how many of the question's own topic
concepts they carry (weighted by how rare each concept is in the policy) and by question cues
("how long" prefers a clause that names a duration).
Abstention: a question whose topic concepts the best clause does not cover well enough, or (for a
question without any topic concept) whose best score is low, is answered with "the policy doesn't
say". The thresholds are named settings, calibrated on the dev set's no-answer questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

from bot.retrieval.index import CompanyIndex, concept_terms, word_terms
from bot.retrieval.lexicon import Lexicon, default_lexicon
from bot.retrieval.loader import Clause, KnowledgeBase
from bot.text.tokens import STOP_WORDS, fold, words

# cue concept → the clause concept it asks for
CUE_TARGETS = {"how_long": "duration", "who_gets": "third_parties", "where_abroad": "transfer_abroad"}


@dataclass(frozen=True)
class SearchSettings:
    concept_weight: float = 2.0  # a topic concept in the question, against 1.0 for a word
    generic_weight: float = 0.4  # generic concepts (personal data, the website)
    rerank_depth: int = 10
    coverage_weight: float = 0.6  # stage 2: share of the question's topic concepts a clause carries
    cue_bonus: float = 0.25  # stage 2: clause answers the question form ("how long" → a duration)
    min_coverage: float = 0.35  # abstain below this coverage of the question's topic concepts
    min_word_score: float = 2.5  # abstain below this BM25 score when the question has no topic concept


DEFAULT_SETTINGS = SearchSettings()


@dataclass(frozen=True)
class ScoredClause:
    clause: Clause
    score: float


@dataclass(frozen=True)
class SearchOutcome:
    hits: list[ScoredClause]
    answered: bool
    concepts: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Query:
    terms: dict[str, float]
    concepts: dict[str, int]
    topics: tuple[str, ...]  # the question's non-generic, non-cue concepts
    cues: tuple[str, ...]


class Retriever:
    """Per-company indexes, built on first use (or all at once with ``warm``)."""

    def __init__(
        self, kb: KnowledgeBase, settings: SearchSettings = DEFAULT_SETTINGS, lexicon: Lexicon | None = None
    ) -> None:
        self.kb = kb
        self.settings = settings
        self.lexicon = lexicon or default_lexicon()
        self._indexes: dict[str, CompanyIndex] = {}
        self._lock = Lock()

    def index(self, company: str) -> CompanyIndex | None:
        index = self._indexes.get(company)
        if index is None:
            policy = self.kb.get(company)
            if policy is None:
                return None
            with self._lock:
                index = self._indexes.get(company)
                if index is None:
                    index = CompanyIndex(policy, self.lexicon)
                    self._indexes[company] = index
        return index

    def warm(self) -> None:
        """Build every company's index now (start-up) instead of on its first question."""
        for slug in self.kb.policies:
            self.index(slug)

    def analyse(self, text: str, index: CompanyIndex, language: str | None = None) -> Query:
        """The question as weighted terms and concepts, in the index's language."""
        languages = (language,) if language in ("sv", "en") else ("en", "sv")
        tokens = [t for t in words(text) if fold(t) not in index.name_words]
        tokens = [self._correct(t, index) for t in tokens]
        concepts = self.lexicon.match(tokens, languages)
        s = self.settings
        terms = word_terms(tokens, index.language, index.vocabulary)
        topics = tuple(c for c in concepts if not self.lexicon.is_generic(c) and not self.lexicon.is_cue(c))
        cues = tuple(c for c in concepts if self.lexicon.is_cue(c))
        specific = {c: n for c, n in concepts.items() if c in topics}
        generic = {c: n for c, n in concepts.items() if self.lexicon.is_generic(c)}
        for term, weight in concept_terms(specific, self.lexicon, s.concept_weight).items():
            terms[term] = terms.get(term, 0.0) + weight
        for term, weight in concept_terms(generic, self.lexicon, s.generic_weight).items():
            if not term.startswith("@"):
                terms[term] = terms.get(term, 0.0) + weight
        return Query(terms, concepts, topics, cues)

    def _correct(self, token: str, index: CompanyIndex) -> str:
        """A misspelt word → the index word it most likely means (only words nothing else knows)."""
        folded = fold(token)
        if (
            len(folded) < 5
            or token in STOP_WORDS
            or folded in index.vocabulary.words
            or self.lexicon.match([token])
        ):
            return token
        corrected = index.vocabulary.correct(folded, frozenset(self.lexicon.surface))
        if corrected is None:
            corrected = _lexicon_vocabulary(self.lexicon).correct(folded)
        return corrected or token

    def search(self, query: str, company: str, language: str, k: int = 5) -> SearchOutcome:
        index = self.index(company)
        if index is None or not index.clauses:
            return SearchOutcome([], False)
        q = self.analyse(query, index, language)
        s = self.settings
        scores = index.bm25.scores(q.terms)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        top = [i for i in order[: max(s.rerank_depth, k)] if scores[i] > 0]
        if not top:
            return SearchOutcome([], False, tuple(q.concepts))
        best = scores[top[0]]
        topic_weight = {c: index.concept_idf(c) for c in q.topics}
        total_weight = sum(topic_weight.values())

        def coverage(i: int) -> float:
            if not total_weight:
                return 0.0
            return sum(w for c, w in topic_weight.items() if c in index.concepts[i]) / total_weight

        def rerank(i: int) -> float:
            value = scores[i] / best + s.coverage_weight * coverage(i)
            for cue in q.cues:
                if CUE_TARGETS.get(cue) in index.concepts[i]:
                    value += s.cue_bonus
            return value

        reranked = sorted(top, key=lambda i: (-rerank(i), i))
        hits = [ScoredClause(index.clauses[i], round(rerank(i), 4)) for i in reranked[:k]]
        first = reranked[0]
        # a question with topic concepts needs them in the best clause; one without needs shared words
        answered = coverage(first) >= s.min_coverage if q.topics else scores[first] >= s.min_word_score
        return SearchOutcome(hits, answered, tuple(q.concepts))


_LEXICON_VOCABULARIES: dict[int, object] = {}


def _lexicon_vocabulary(lexicon: Lexicon):  # -> Vocabulary
    from bot.text.tokens import Vocabulary

    vocabulary = _LEXICON_VOCABULARIES.get(id(lexicon))
    if vocabulary is None:
        vocabulary = Vocabulary(lexicon.surface, "en")
        _LEXICON_VOCABULARIES[id(lexicon)] = vocabulary
    return vocabulary  # type: ignore[return-value]
