"""Rank a company's clauses for a question and decide whether to answer: a learned model over evidence.

Every clause of the policy is described by what a reader would check (``Evidence``): BM25 over stems,
compound parts, headings and lexicon concepts (``index.py``); concept agreement (the share of the
question's topic weight a clause and its heading carry, each concept weighted by how rare it is in
the policy); question form ("how long" wants a duration, "who gets" recipients, "where" transfers);
whether the clause gives the detail asked for (a number, a name, a country); the share of the question's
rare words it contains; the hand-set reranking and abstention rules of before (kept as features); and,
when the embeddings are available, the cosine between the question and the clause and its best sentence.
A listwise model learned from data ranks the clauses; a logistic model over the best clause's evidence
gives the probability that the policy answers the question (``ranker.py``, trained by ``training.py``).
When the words-only model is sure of its answer (``ranker.Shortcut``), the question is not embedded.

``Retriever(ranker="rules" | "embeddings" | "fused")`` ranks by the old rules, the embeddings alone or
their reciprocal-rank fusion instead, and ``"learned-no-shortcut"`` always embeds the question: the
comparison points of the README's ablation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from threading import Lock
from typing import Protocol

import numpy as np

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
from bot.retrieval.ranker import ANSWER_FEATURES, RANK_FEATURES, RankModel, default_model, fuse, softmax
from bot.retrieval.vectors import ClauseVectors
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
    topics: tuple[str, ...] = ()  # what the question is about: its stated topic concepts first


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


RANKERS = ("learned", "rules", "embeddings", "fused", "learned-no-shortcut")


def _topics(q: Query) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*q.stated, *q.topics)))


@dataclass(frozen=True)
class Similarity:
    """The question's cosine with each clause as a whole and with the clause's best sentence, and the
    question's embedding itself (what kind of question it is: the answerability model reads it)."""

    whole: np.ndarray
    sentence: np.ndarray
    question: np.ndarray | None = None

    def combined(self) -> list[float]:
        """One semantic score per clause (the embeddings-only ranking of the ablation)."""
        return [float(a + b) / 2 for a, b in zip(self.whole, self.sentence, strict=True)]


def _semantic_columns(name: str, values: np.ndarray, cross: bool) -> dict[str, list[float]]:
    top, mean = float(values.max()), float(values.mean())
    spread = float(values.std()) or 1.0
    listed = [float(v) for v in values]
    return {
        name: listed,
        f"{name}_gap": [v - top for v in listed],
        f"{name}_rr": _reciprocal_ranks(listed),
        f"{name}_gap_cross": [(v - top) * cross for v in listed],
        f"{name}_z": [(v - mean) / spread / 4 for v in listed],
    }


def _semantic_values(name: str, values: np.ndarray, first: int) -> dict[str, float]:
    ordered = sorted((float(v) for v in values), reverse=True)
    spread = float(values.std()) or 1.0
    return {
        f"{name}_first": float(values[first]),
        f"{name}_max": ordered[0],
        f"{name}_margin": ordered[0] - (ordered[1] if len(ordered) > 1 else ordered[0]),
        f"{name}_z_first": (float(values[first]) - float(values.mean())) / spread / 4,
    }


class Semantic(Protocol):
    """Where the embeddings come from: None when not (yet) available, and the answer uses words only."""

    def clause_vectors(self, policy: Policy) -> ClauseVectors | None: ...

    def question_vector(self, text: str) -> np.ndarray | None: ...


def _reciprocal_ranks(values: Sequence[float]) -> list[float]:
    """1 for the best value, 1/2 for the second, … (ties by position, as the ranking breaks them)."""
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    ranks = [0.0] * len(values)
    for rank, i in enumerate(order):
        ranks[i] = 1.0 / (1 + rank)
    return ranks


@dataclass
class Evidence:
    """What a reader would check about each clause of one policy for one question: the features of the
    learned ranker and of the answerability model, and the hand-set rules' own verdicts."""

    retriever: Retriever
    q: Query
    index: CompanyIndex
    query: str
    scores: list[float]
    weight: dict[str, float]
    details: tuple[str, ...]

    @classmethod
    def of(
        cls, retriever: Retriever, q: Query, index: CompanyIndex, query: str, scores: list[float]
    ) -> Evidence:
        weight = {c: index.concept_idf(c) * q.emphasis.get(c, 1.0) for c in q.topics}
        return cls(retriever, q, index, query, scores, weight, detail_kinds(query))

    def share(self, concepts: frozenset[str]) -> float:
        total = sum(self.weight.values())
        return sum(w for c, w in self.weight.items() if c in concepts) / total if total else 0.0

    @cached_property
    def coverage(self) -> list[float]:
        return [self.share(c) for c in self.index.concepts]

    @cached_property
    def heading(self) -> list[float]:
        return [self.share(c) for c in self.index.heading_concepts]

    @cached_property
    def opening(self) -> list[float]:
        clauses = self.index.clauses
        return [
            h if h and (i == 0 or clauses[i - 1].section != clauses[i].section) else 0.0
            for i, h in enumerate(self.heading)
        ]

    @cached_property
    def cue(self) -> list[float]:
        cues = [CUE_TARGETS.get(cue, ()) for cue in self.q.cues]
        return [float(sum(any(t in c for t in targets) for targets in cues)) for c in self.index.concepts]

    @cached_property
    def rule_values(self) -> list[float]:
        """The hand-set reranking of stage 2 (kept as a feature and as the ablation's 'rules' ranking)."""
        s = self.retriever.settings
        best = max(self.scores) or 1.0
        return [
            self.scores[i] / best
            + s.coverage_weight * self.coverage[i]
            + s.heading_weight * self.heading[i]
            + s.opening_bonus * self.opening[i]
            + s.cue_bonus * self.cue[i]
            for i in range(len(self.scores))
        ]

    @cached_property
    def matched(self) -> tuple[list[float], float]:
        """Per clause, the share of the question's term weight (times rarity) it contains; and the share
        the policy contains anywhere. A question whose rare words the policy never uses is seldom
        answered by it."""
        bm25 = self.index.bm25
        absent_idf = bm25.absent_idf()
        per_clause = [0.0] * len(self.scores)
        total = present = 0.0
        for term, weight in self.q.terms.items():
            idf = bm25.idf(term)
            value = weight * (absent_idf if idf is None else idf)
            total += value
            if idf is not None:
                present += value
                for doc in bm25.documents(term):
                    per_clause[doc] += value
        if not total:
            return per_clause, 0.0
        return [v / total for v in per_clause], present / total

    def gives_details(self, i: int) -> bool:
        text = self.index.clauses[i].text
        return all(gives_detail(kind, text, self.index.name_words) for kind in self.details)

    def requires(self, i: int) -> bool:
        concepts = self.index.concepts[i]
        for cue in self.q.cues:
            required = CUE_REQUIRES.get(cue)
            if required and not any(c in concepts for c in required):
                return False
        return True

    def rule_answers(self, first: int) -> bool:
        """The hand-set abstention rules' verdict on quoting clause ``first``."""
        answered = self.retriever._answers(self.q, self.index, first, self.scores[first], self.share)
        return answered and self.gives_details(first)

    def rows(self, similarity: Similarity | None, cross: bool) -> np.ndarray:
        """One feature row per clause, in ``RANK_FEATURES`` order."""
        n = len(self.scores)
        best = max(self.scores)
        bm25 = [v / best if best else 0.0 for v in self.scores]
        rule_best = max(self.rule_values) or 1.0
        lengths = [math.log(1 + len(c.text)) / 8 for c in self.index.clauses]
        has_topics = 1.0 if self.q.topics else 0.0
        columns: dict[str, Sequence[float]] = {
            "bm25": bm25,
            "bm25_log": [math.log1p(v) / 3 for v in self.scores],
            "bm25_rr": _reciprocal_ranks(self.scores),
            "bm25_no_topics": [v * (1 - has_topics) for v in bm25],
            "coverage": self.coverage,
            "heading": self.heading,
            "opening": self.opening,
            "cue": self.cue,
            "requires": [1.0 if self.requires(i) else 0.0 for i in range(n)],
            "details": [1.0 if not self.details or self.gives_details(i) else 0.0 for i in range(n)]
            if self.details
            else [1.0] * n,
            "subject": [
                1.0 if self.retriever._names_subject(self.q, self.index, i) else 0.0 for i in range(n)
            ],
            "matched": self.matched[0],
            "rules": [v / rule_best for v in self.rule_values],
            "rules_rr": _reciprocal_ranks(self.rule_values),
            "length": lengths,
            "position": [i / n for i in range(n)],
        }
        if similarity is not None:
            columns.update(_semantic_columns("cosine", similarity.whole, cross))
            columns.update(_semantic_columns("sentence", similarity.sentence, cross))
        absent = np.zeros(n)
        return np.column_stack(
            [np.asarray(columns[f], dtype=np.float64) if f in columns else absent for f in RANK_FEATURES]
        )

    def clause_answer_values(self, i: int) -> dict[str, float]:
        """What the answerability model reads about the clause that would be quoted."""
        return {
            "coverage": self.coverage[i],
            "heading": self.heading[i],
            "requires": 1.0 if self.requires(i) else 0.0,
            "subject": 1.0 if self.retriever._names_subject(self.q, self.index, i) else 0.0,
            "details": 1.0 if self.gives_details(i) else 0.0,
            "bm25_first": math.log1p(self.scores[i]) / 3,
            "rules_answer": 1.0 if self.rule_answers(i) else 0.0,
            "matched_first": self.matched[0][i],
        }

    def question_answer_values(self, cross: bool) -> dict[str, float]:
        """What the answerability model reads about the question and the policy as a whole."""
        stated = {c: self.index.concept_idf(c) for c in self.q.stated}
        present = sum(w for c, w in stated.items() if c in self.index.policy_concepts)
        decisive = any(c in DECISIVE_CONCEPTS and c not in self.index.policy_concepts for c in self.q.stated)
        return {
            "bm25_best": math.log1p(max(self.scores)) / 3,
            "has_topics": 1.0 if self.q.topics else 0.0,
            "policy_coverage": present / sum(stated.values()) if stated else 1.0,
            "decisive_missing": 1.0 if decisive else 0.0,
            "stated": min(len(stated), 4) / 4,
            "matched_policy": self.matched[1],
            "cross": 1.0 if cross else 0.0,
            "bias": 1.0,
        }

    def answer_row(
        self,
        order: Sequence[int],
        logits: np.ndarray,
        probabilities: np.ndarray,
        similarity: Similarity | None,
        cross: bool,
    ) -> np.ndarray:
        """The features of the answerability model, in ``ANSWER_FEATURES`` order."""
        return answer_features(
            order,
            logits,
            probabilities,
            self.clause_answer_values(order[0]),
            self.question_answer_values(cross),
            similarity,
        )


def answer_features(
    order: Sequence[int],
    logits: np.ndarray,
    probabilities: np.ndarray,
    clause_values: dict[str, float],
    question_values: dict[str, float],
    similarity: Similarity | None,
) -> np.ndarray:
    """The answerability features: how sure the ranking is, what the best clause is, what the question
    and the policy are (``ANSWER_FEATURES`` order)."""
    first = order[0]
    second = order[1] if len(order) > 1 else first
    values = {
        "p1": float(probabilities[first]),
        "p_margin": float(probabilities[first] - probabilities[second]),
        "logit_gap": min(float(logits[first] - logits[second]), 10.0) / 5,
        **clause_values,
        **question_values,
    }
    if similarity is not None:
        values.update(_semantic_values("cosine", similarity.whole, first))
        values.update(_semantic_values("sentence", similarity.sentence, first))
    return np.array([values.get(f, 0.0) for f in ANSWER_FEATURES], dtype=np.float64)


class Retriever:
    """Per-company indexes, built on first use (or all at once with ``warm``)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        settings: SearchSettings = DEFAULT_SETTINGS,
        lexicon: Lexicon | None = None,
        build: Callable[[Policy], CompanyIndex] | None = None,  # e.g. the on-disk cache (cache.py)
        semantic: Semantic | None = None,  # clause and question embeddings (vectors.py); None: words only
        ranker: str = "learned",  # or, for the ablation, one of the other RANKERS
        model: RankModel | None = None,
    ) -> None:
        if ranker not in RANKERS:
            raise ValueError(f"unknown ranker {ranker!r}: one of {', '.join(RANKERS)}")
        self.semantic = semantic
        self.ranker = ranker
        self.model = model or default_model()
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
        scores = index.bm25.scores(q.terms)
        shortcut = self.model.shortcut if self.ranker == "learned" else None
        view: Evidence | None = None  # the clauses' evidence: the same with or without the embedding
        if shortcut is not None and any(scores) and self.semantic is not None:
            # the words alone may settle it, and the question's embedding (most of an answer's cost) is
            # not computed
            view = Evidence.of(self, q, index, query, scores)
            outcome, first, answer = self._learned(view, q, index, scores, language, k, None)
            if shortcut.settles(first, answer):
                return outcome
        similarity = self._similarity(query, index) if self.ranker != "rules" and q.terms else None
        if not any(scores) and similarity is None:  # nothing in common, and no meaning to compare
            return SearchOutcome([], False, tuple(q.concepts))
        if self.ranker == "embeddings" and similarity is not None:
            return self._rank_by(similarity.combined(), q, index, query, k)
        view = view or Evidence.of(self, q, index, query, scores)
        if self.ranker == "rules" or (self.ranker == "fused" and similarity is None):
            return self._rank_by(view.rule_values, q, index, query, k, view)
        if self.ranker == "fused":
            assert similarity is not None
            return self._rank_by(fuse(view.rule_values, similarity.combined()), q, index, query, k, view)
        return self._learned(view, q, index, scores, language, k, similarity)[0]

    def _learned(
        self,
        view: Evidence,
        q: Query,
        index: CompanyIndex,
        scores: list[float],
        language: str,
        k: int,
        similarity: Similarity | None,
    ) -> tuple[SearchOutcome, float, float]:
        """The learned model's answer, with the share of the ranking's weight on the first clause and the
        probability that the question is answered (what the shortcut reads)."""
        model = self.model
        variant = "semantic" if similarity is not None and model.has("semantic") else "lexical"
        rows = view.rows(similarity if variant == "semantic" else None, language != index.language)
        logits = model.rank(variant, rows)
        order = sorted(range(len(logits)), key=lambda i: (-logits[i], i))
        probabilities = softmax(logits)
        hits = [ScoredClause(index.clauses[i], round(float(probabilities[i]), 4)) for i in order[:k]]
        cross = language != index.language
        answer_row = view.answer_row(
            order, logits, probabilities, similarity if variant == "semantic" else None, cross
        )
        question = similarity.question if similarity is not None and variant == "semantic" else None
        probability = model.probability(variant, answer_row, question)
        # a question with no known topic that shares no word with the policy ("hello there") has nothing
        # to be answered from, however close some clause's meaning seems
        answered = (bool(q.topics) or any(scores)) and probability >= model.threshold(variant)
        outcome = SearchOutcome(hits, answered, tuple(q.concepts), _topics(q))
        return outcome, float(probabilities[order[0]]), probability

    def _rank_by(
        self,
        values: list[float],
        q: Query,
        index: CompanyIndex,
        query: str,
        k: int,
        view: Evidence | None = None,
    ) -> SearchOutcome:
        """Rank by one score (the hand-set rules, the embeddings alone, or their fusion): the ablation's
        comparison points, answering by the rules."""
        order = sorted(range(len(values)), key=lambda i: (-values[i], i))
        hits = [ScoredClause(index.clauses[i], round(values[i], 4)) for i in order[:k]]
        view = view or Evidence.of(self, q, index, query, index.bm25.scores(q.terms))
        first = order[0]
        answered = view.rule_answers(first)
        return SearchOutcome(hits, answered, tuple(q.concepts), _topics(q))

    def _similarity(self, query: str, index: CompanyIndex) -> Similarity | None:
        if self.semantic is None:
            return None
        clause_vectors = self.semantic.clause_vectors(index.policy)
        if clause_vectors is None:
            return None
        question = self.semantic.question_vector(query)
        if question is None:
            return None
        return Similarity(*clause_vectors.cosines(question), question)

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
