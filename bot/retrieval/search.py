"""Rank a company's clauses for a question, rerank the best few, and decide whether to answer.

Stage 1: BM25 over stems, compound parts, headings and lexicon concepts (``index.py``).
Stage 2: the best ``rerank_depth`` clauses are reordered on features a reader would check:
- concept agreement: the share of the question's topic concepts a clause carries, each weighted by how
  rare it is in this policy (a concept the policy never mentions weighs most);
- heading agreement: the share of that weight found in the clause's section heading ("Cookies", "Hur
  länge behåller vi data") — a heading names what a whole passage is about;
- question type: "how long" prefers a clause that names a duration, "what data" one that lists kinds of
  data, "who gets" one that names recipients, "where" one about transfers or hosting.
Abstention ("the policy doesn't say"), for a question with topic concepts:
- the policy as a whole must cover enough of the question's topic weight: a question about a DPO, a
  certification or a breach deadline in a policy that never mentions one is not answered from the
  nearest clause about something else;
- the best clause must carry enough of that weight itself;
- a question type that needs a kind of clause ("how long" → retention or a duration) needs one on top.
A question without topic concepts is answered when its best clause shares enough words with it.
The thresholds are named settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Lock

from bot.retrieval.bm25 import K1, B
from bot.retrieval.index import CompanyIndex, concept_terms, word_terms
from bot.retrieval.lexicon import (
    _DURATION_UNITS,
    _NUMBER_WORDS,
    COUNTRY_WORDS,
    DETAIL_FORMS,
    Lexicon,
    default_lexicon,
)
from bot.retrieval.loader import Clause, KnowledgeBase, Policy
from bot.text.tokens import STOP_WORDS, Vocabulary, fold, words

DATA_KINDS = (
    "contact_details",
    "identity_number",
    "location",
    "device_data",
    "usage_data",
    "payment",
    "sensitive_data",
    "media",
)
# question form (cue concept) → clause concepts that answer that form; any one of them will do
CUE_TARGETS: dict[str, tuple[str, ...]] = {
    "how_long": ("duration",),
    "who_gets": ("third_parties", "processor", "authorities", "group_companies"),
    "where_abroad": ("transfer_abroad", "hosting"),
    "what_data": DATA_KINDS,
}
# OPP-115 attributes rather than practices: the kind of data or the group of people a practice is about.
# In "can a customer object to profiling of purchases?" the practice (objection, profiling) is what the
# answer must be about; the data kind (payment) and the audience only qualify it.
ATTRIBUTE_CONCEPTS = frozenset(
    (*DATA_KINDS, "education", "employees", "recruitment", "events", "communications", "bookings")
)
# Concepts a question cannot be answered without: named in a question about a policy that never mentions
# them (a DPO, a breach deadline, an age limit, a certification), the bot says the policy is silent
# instead of quoting the nearest clause about something else.
DECISIVE_CONCEPTS = frozenset(
    (
        "breach",
        "dpo",
        "certification",
        "children",
        "sensitive_data",
        "algorithms",
        "california",
        "do_not_track",
        "response_time",
        "hosting",
        "encryption",
        "authentication",
        "credit_check",
        "business_transfer",
        "embedded_content",
        "recruitment",
        "pixels",
        "background_check",
        "backups",
        "surveillance",
        "call_recording",
    )
)
# two concepts of a question that together mean a third: refusing, stopping or deleting cookies is about
# the cookie settings (of the site or the browser), which is where policies answer it
COMBINED: tuple[tuple[str, frozenset[str], str], ...] = (
    (
        "cookies",
        frozenset({"opt_out", "erasure", "objection", "restriction", "withdraw_consent"}),
        "cookie_settings",
    ),
)
# question form → the best clause must carry one of these, or the bot abstains
CUE_REQUIRES: dict[str, tuple[str, ...]] = {
    "how_long": ("retention", "duration", "erasure", "accounting_law"),
    "where_abroad": ("transfer_abroad", "hosting", "europe"),
}


_DETAIL_PATTERNS = {kind: tuple(re.compile(p) for p in forms) for kind, forms in DETAIL_FORMS.items()}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_CAPITALISED = re.compile(r"(?<![.!?:;•\n]\s)(?<!^)\b([A-ZÅÄÖ][\wÅÄÖåäö&-]+)")
# capitalised words that are not the name of a provider, product, standard or country
_NOT_NAMES = frozenset(
    [
        "gdpr",
        "eu",
        "ees",
        "eea",
        "dataskyddsforordningen",
        "imy",
        "integritetsskyddsmyndigheten",
        "the",
        "we",
        "you",
        "our",
        "vi",
        "du",
        "personal",
        "policy",
        "privacy",
        "cookies",
        "cookie",
        "policyn",
        "europe",
        "europa",
        "i",
    ]
)
_UNITS = frozenset(fold(u) for u in _DURATION_UNITS)
_COUNTRY_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(COUNTRY_WORDS, key=len, reverse=True)) + r")\b"
)


def detail_kinds(question: str) -> tuple[str, ...]:
    """The kinds of specific detail a question asks for: "number", "name", "country" (or none)."""
    folded = fold(question)
    return tuple(
        kind for kind, patterns in _DETAIL_PATTERNS.items() if any(p.search(folded) for p in patterns)
    )


def gives_number(text: str) -> bool:
    """A digit, or a number word just before a unit of time ("två år", "six months")."""
    if any(ch.isdigit() for ch in text):
        return True
    tokens = [fold(t) for t in words(text)]
    return any(
        t in _NUMBER_WORDS and any(w in _UNITS for w in tokens[i + 1 : i + 3]) for i, t in enumerate(tokens)
    )


def gives_name(text: str, own_name: frozenset[str]) -> bool:
    """A proper name: a capitalised word not at the start of a sentence (not the company's own name,
    not GDPR/EU), or an e-mail address."""
    if _EMAIL.search(text):
        return True
    for match in _CAPITALISED.finditer(text):
        word = fold(match.group(1))
        if word not in own_name and word not in _NOT_NAMES:
            return True
    return False


def gives_country(text: str) -> bool:
    """A country or region outside the EU/EEA by name."""
    return bool(_COUNTRY_PATTERN.search(fold(text)))


def gives_detail(kind: str, text: str, own_name: frozenset[str]) -> bool:
    if kind == "number":
        return gives_number(text)
    if kind == "name":
        return gives_name(text, own_name)
    return gives_country(text)


@dataclass(frozen=True)
class SearchSettings:
    concept_weight: float = 2.0  # a topic concept in the question, against 1.0 for a word
    generic_weight: float = 0.4  # generic concepts (personal data, the website)
    attribute_weight: float = 0.5  # a data kind or audience beside a practice in the question
    rerank_depth: int = 10
    coverage_weight: float = 0.6  # stage 2: share of the question's topic weight a clause carries
    heading_weight: float = 0.2  # stage 2: share of that weight in the clause's heading
    cue_bonus: float = 0.25  # stage 2: clause answers the question form ("how long" → a duration)
    opening_bonus: float = 0.15  # stage 2: the first clause under a heading that names the topic
    min_coverage: float = 0.35  # abstain below this coverage of the question's topic weight
    min_policy_coverage: float = 0.5  # abstain when the policy lacks this much of the topic weight
    min_word_score: float = 2.5  # abstain below this BM25 score when the question has no topic concept
    k1: float = K1  # BM25 term-frequency saturation
    b: float = B  # BM25 length normalisation


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
    topics: tuple[str, ...]  # the question's non-generic, non-cue concepts (implied ones included)
    cues: tuple[str, ...]
    stated: tuple[str, ...] = ()  # topics the question's own words name (not only implied by a cue)
    emphasis: dict[str, float] = field(default_factory=dict)  # topic → weight factor (attributes < 1)


def topic_emphasis(topics: tuple[str, ...], attribute_weight: float) -> dict[str, float]:
    """How much each topic of a question counts: attributes less when a practice stands beside them."""
    has_practice = any(c not in ATTRIBUTE_CONCEPTS for c in topics)
    return {c: attribute_weight if has_practice and c in ATTRIBUTE_CONCEPTS else 1.0 for c in topics}


class Retriever:
    """Per-company indexes, built on first use (or all at once with ``warm``)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        settings: SearchSettings = DEFAULT_SETTINGS,
        lexicon: Lexicon | None = None,
        build: Callable[[Policy], CompanyIndex] | None = None,  # e.g. the on-disk cache (cache.py)
    ) -> None:
        self.kb = kb
        self._build = build
        self.settings = settings
        self.lexicon = lexicon or default_lexicon()
        self._indexes: dict[str, CompanyIndex] = {}
        self._lock = Lock()
        self._lexicon_vocabulary: Vocabulary | None = None
        self._lexicon_frozen: frozenset[str] | None = None

    def index(self, company: str) -> CompanyIndex | None:
        index = self._indexes.get(company)
        if index is None:
            policy = self.kb.get(company)
            if policy is None:
                return None
            with self._lock:
                index = self._indexes.get(company)
                if index is None:
                    index = (
                        self._build(policy)
                        if self._build
                        else CompanyIndex(policy, self.lexicon, self.settings.k1, self.settings.b)
                    )
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
        tokens = [self._correct(t, index, language) for t in tokens]
        direct = self.lexicon.match(tokens, languages, expand=False)
        for first, partners, combined in COMBINED:
            if first in direct and not partners.isdisjoint(direct) and combined not in direct:
                direct = {**direct, combined: 1}
        concepts = self.lexicon.expand(direct)
        s = self.settings
        terms = word_terms(tokens, index.language, index.vocabulary)
        topics = tuple(c for c in concepts if not self.lexicon.is_generic(c) and not self.lexicon.is_cue(c))
        stated = tuple(c for c in topics if c in direct)
        cues = tuple(c for c in concepts if self.lexicon.is_cue(c))
        emphasis = topic_emphasis(topics, s.attribute_weight)
        generic = {c: n for c, n in concepts.items() if self.lexicon.is_generic(c)}
        for factor in sorted(set(emphasis.values())):
            group = {c: n for c, n in concepts.items() if emphasis.get(c) == factor}
            for term, weight in concept_terms(group, self.lexicon, s.concept_weight * factor).items():
                terms[term] = terms.get(term, 0.0) + weight
        for term, weight in concept_terms(generic, self.lexicon, s.generic_weight).items():
            if not term.startswith("@"):
                terms[term] = terms.get(term, 0.0) + weight
        return Query(terms, concepts, topics, cues, stated, emphasis)

    def _correct(self, token: str, index: CompanyIndex, language: str | None = None) -> str:
        """A misspelt word → the index word it most likely means (only words nothing else knows)."""
        folded = fold(token)
        if (
            len(folded) < 5
            or token in STOP_WORDS
            or folded in index.vocabulary.words
            or self.lexicon.match([token])
        ):
            return token
        corrected = index.vocabulary.correct(folded, self._lexicon_surface(), language)
        if corrected is None:
            corrected = self._lexicon_words().correct(folded, language=language)
        return corrected or token

    def _lexicon_words(self) -> Vocabulary:
        if self._lexicon_vocabulary is None:
            self._lexicon_vocabulary = Vocabulary(self.lexicon.surface, "en", self.lexicon.word_languages)
        return self._lexicon_vocabulary

    def _lexicon_surface(self) -> frozenset[str]:
        if self._lexicon_frozen is None:
            self._lexicon_frozen = frozenset(self.lexicon.surface)
        return self._lexicon_frozen

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
        weight = {c: index.concept_idf(c) * q.emphasis.get(c, 1.0) for c in q.topics}
        total = sum(weight.values())

        def share(concepts: frozenset[str]) -> float:
            return sum(w for c, w in weight.items() if c in concepts) / total if total else 0.0

        def rerank(i: int) -> float:
            value = scores[i] / best + s.coverage_weight * share(index.concepts[i])
            heading = share(index.heading_concepts[i])
            value += s.heading_weight * heading
            if heading and (i == 0 or index.clauses[i - 1].section != index.clauses[i].section):
                value += s.opening_bonus * heading
            for cue in q.cues:
                if any(target in index.concepts[i] for target in CUE_TARGETS.get(cue, ())):
                    value += s.cue_bonus
            return value

        values = {i: rerank(i) for i in top}
        reranked = sorted(top, key=lambda i: (-values[i], i))
        hits = [ScoredClause(index.clauses[i], round(values[i], 4)) for i in reranked[:k]]
        answered = self._answers(q, index, reranked[0], scores[reranked[0]], share)
        if answered:
            text = index.clauses[reranked[0]].text
            answered = all(gives_detail(kind, text, index.name_words) for kind in detail_kinds(query))
        return SearchOutcome(hits, answered, tuple(q.concepts))

    def _answers(
        self,
        q: Query,
        index: CompanyIndex,
        first: int,
        score: float,
        share: Callable[[frozenset[str]], float],
    ) -> bool:
        """Is the best clause good enough to be quoted as the answer?"""
        s = self.settings
        clause_concepts = index.concepts[first]
        for cue in q.cues:
            required = CUE_REQUIRES.get(cue)
            if required and not any(c in clause_concepts for c in required):
                return False
        if not q.topics:
            return score >= s.min_word_score
        if not self._names_subject(q, index, first):
            return False
        if share(clause_concepts) < s.min_coverage:
            return False
        if any(c in DECISIVE_CONCEPTS and c not in index.policy_concepts for c in q.stated):
            return False
        if q.stated:
            stated = {c: index.concept_idf(c) for c in q.stated}
            present = sum(w for c, w in stated.items() if c in index.policy_concepts)
            if present < s.min_policy_coverage * sum(stated.values()):
                return False
        return True

    def _names_subject(self, q: Query, index: CompanyIndex, first: int) -> bool:
        """A question of a form ("how long …") about a named subject (invoices, job applications, cookies)
        is answered by a clause about that subject, not by one that only has the form (a duration)."""
        formal = {target for cue in q.cues for target in CUE_REQUIRES.get(cue, ())}
        if not formal:
            return True
        subjects = [c for c in q.stated if c not in formal and c not in CUE_TARGETS.get("how_long", ())]
        if not subjects:
            return True
        carried = index.concepts[first] | index.heading_concepts[first]
        return any(c in carried for c in subjects)
