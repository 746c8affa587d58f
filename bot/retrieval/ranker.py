"""The learned ranker and answerability model: weights over the evidence of ``search.Evidence``.

Two variants, each a ranker and an answerability model: ``semantic`` (words, concepts and the clause and
question embeddings) and ``lexical`` (words and concepts only, for a policy whose clause embeddings are
not computed yet, or where the embedding model cannot run). ``python -m bot train`` rebuilds
``model.json`` from ``data/`` (``training.py``); inference is a multiply and a sum (numpy), the same
in every process.

- rank: each clause's score is w·x over ``RANK_FEATURES``; the softmax over the policy's clauses is
  shown as the hit's score.
- answers: the probability that the question is answered by the policy, from ``ANSWER_FEATURES`` of
  the best clause and, in the ``semantic`` variant, the question's own embedding (some kinds of question,
  a vendor's name or an exact number of days, are answered far less often than others); the bot answers
  at or above ``threshold``, chosen on held-out data so that 95 % of answerable questions are answered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.learn.dense import scores, sigmoid

MODEL_PATH = Path(__file__).resolve().parent / "model.json"

RANK_FEATURES = (
    "bm25",
    "bm25_log",
    "bm25_rr",
    "bm25_no_topics",
    "coverage",
    "heading",
    "opening",
    "cue",
    "requires",
    "details",
    "subject",
    "matched",
    "rules",
    "rules_rr",
    "length",
    "position",
    "cosine",
    "cosine_gap",
    "cosine_rr",
    "cosine_gap_cross",
    "cosine_z",
    "sentence",
    "sentence_gap",
    "sentence_rr",
    "sentence_gap_cross",
    "sentence_z",
)
ANSWER_FEATURES = (
    "p1",
    "p_margin",
    "logit_gap",
    "coverage",
    "heading",
    "requires",
    "subject",
    "details",
    "bm25_best",
    "bm25_first",
    "has_topics",
    "policy_coverage",
    "decisive_missing",
    "stated",
    "rules_answer",
    "matched_first",
    "matched_policy",
    "cross",
    "cosine_first",
    "cosine_max",
    "cosine_margin",
    "cosine_z_first",
    "sentence_first",
    "sentence_max",
    "sentence_margin",
    "sentence_z_first",
    "bias",
)
SEMANTIC_FEATURES = frozenset(
    f for f in (*RANK_FEATURES, *ANSWER_FEATURES) if f.startswith(("cosine", "sentence"))
)
FUSION_K = 10.0  # reciprocal-rank fusion constant of the ablation's "fused" ranking


def softmax(values: np.ndarray) -> np.ndarray:
    z = np.asarray(values, dtype=np.float64)
    z = np.exp(z - z.max())
    return np.asarray(z / z.sum(), dtype=np.float64)


def fuse(first: Sequence[float], second: Sequence[float]) -> list[float]:
    """Reciprocal-rank fusion of two rankings of the same clauses."""
    fused = [0.0] * len(first)
    for values in (first, second):
        order = sorted(range(len(values)), key=lambda i: (-values[i], i))
        for rank, i in enumerate(order):
            fused[i] += 1.0 / (FUSION_K + rank + 1)
    return fused


@dataclass(frozen=True)
class Variant:
    rank_weights: np.ndarray  # over RANK_FEATURES
    answer_weights: np.ndarray  # over ANSWER_FEATURES
    threshold: float  # answer when the probability is at least this
    question_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))  # over the question's embedding

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rank": {f: round(float(w), 6) for f, w in zip(RANK_FEATURES, self.rank_weights, strict=True)},
            "answer": {
                f: round(float(w), 6) for f, w in zip(ANSWER_FEATURES, self.answer_weights, strict=True)
            },
            "threshold": round(self.threshold, 6),
        }
        if len(self.question_weights):
            data["question"] = [round(float(w), 6) for w in self.question_weights]
        return data

    def answer_logit(self, row: np.ndarray, question: np.ndarray | None) -> float:
        """The answerability model's logit: the best clause's evidence, and the question's embedding when
        this variant reads it."""
        value = float(scores(row[None, :], self.answer_weights)[0])
        if len(self.question_weights):
            if question is None:
                raise ValueError("this answerability model reads the question's embedding")
            value += float((np.asarray(question, dtype=np.float64) * self.question_weights).sum())
        return value

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Variant:
        rank = data["rank"]
        answer = data["answer"]
        assert isinstance(rank, dict) and isinstance(answer, dict)
        return cls(
            np.array([float(rank.get(f, 0.0)) for f in RANK_FEATURES]),
            np.array([float(answer.get(f, 0.0)) for f in ANSWER_FEATURES]),
            float(data["threshold"]),  # type: ignore[arg-type]
            np.array([float(w) for w in data.get("question", [])]),  # type: ignore[attr-defined]
        )


@dataclass(frozen=True)
class Shortcut:
    """When the words-only model is sure enough to answer without the question's embedding (which costs
    far more than everything else an answer takes): its first clause holds at least ``first`` of the
    ranking's weight and the question is answered with probability at least ``answer``. Chosen out of
    fold so that no figure drops by more than half a point (``training.choose_shortcut``)."""

    first: float
    answer: float

    def settles(self, first: float, answer: float) -> bool:
        return first >= self.first and answer >= self.answer


@dataclass(frozen=True)
class RankModel:
    variants: Mapping[str, Variant]
    about: Mapping[str, object]  # how it was trained and what it scored (for the README and `train`)
    shortcut: Shortcut | None = None

    def has(self, variant: str) -> bool:
        return variant in self.variants

    def _variant(self, name: str) -> Variant:
        return self.variants.get(name) or self.variants["lexical"]

    def rank(self, variant: str, rows: np.ndarray) -> np.ndarray:
        return scores(rows, self._variant(variant).rank_weights)

    def probability(self, variant: str, row: np.ndarray, question: np.ndarray | None = None) -> float:
        """P(the policy answers the question) from the best clause's evidence ``row`` and, for the
        ``semantic`` variant, the question's embedding."""
        value = float(sigmoid(np.array([self._variant(variant).answer_logit(row, question)]))[0])
        return 0.0 if math.isnan(value) else value

    def threshold(self, variant: str) -> float:
        return self._variant(variant).threshold

    def to_json(self) -> str:
        data: dict[str, object] = {
            "variants": {k: v.to_json() for k, v in sorted(self.variants.items())},
            "about": self.about,
        }
        if self.shortcut is not None:
            data["shortcut"] = {"first": self.shortcut.first, "answer": self.shortcut.answer}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RankModel:
        data = json.loads(text)
        shortcut = data.get("shortcut")
        return cls(
            {k: Variant.from_json(v) for k, v in data["variants"].items()},
            data.get("about", {}),
            Shortcut(float(shortcut["first"]), float(shortcut["answer"])) if shortcut else None,
        )


@lru_cache(maxsize=1)
def default_model() -> RankModel:
    return RankModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
