"""Train the ranker and the answerability model (``ranker.py``) from the question sets in the repository.

Data (every set a group; none of them is the judge):
- the five seed policies (``knowledge/``): ``data/retrieval/devset`` and ``tests/data/holdout*.jsonl``;
- real public policies with questions written by independent authors: ``data/retrieval/r*/`` (a folder
  without ``policies/``, such as ``r8``, asks about the seeds);
- PolicyQA's dev split (English questions on 20 US policies): ``data/retrieval/policyqa-dev``.
The blind splits ``data/retrieval/blind*/`` are never read here.

Method: for every answerable question, the feature rows of all clauses of its policy and which clauses
are right (the evaluation's hit rule); a listwise ranker per variant (``semantic``, ``lexical``). Every
figure in the report is out-of-fold: each group is scored by a model trained without it. The
answerability model is trained on out-of-fold ranker outputs; its threshold is the highest that still
answers 95 % of the answerable questions of our users' styles (PolicyQA left out of that count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.companies import name_words
from bot.learn.dense import sigmoid, train_binary, train_listwise
from bot.learn.embeddings import Embedder, EmbeddingFile, default_embedder
from bot.retrieval.evaluation import ANSWERABLE, gold_company, load_questions, shares_run
from bot.retrieval.loader import KnowledgeBase, load_knowledge
from bot.retrieval.ranker import (
    ANSWER_FEATURES,
    RANK_FEATURES,
    SEMANTIC_FEATURES,
    RankModel,
    Shortcut,
    Variant,
    softmax,
)
from bot.retrieval.search import Evidence, Retriever, Similarity, answer_features
from bot.retrieval.vectors import Semantics, VectorStore
from bot.text.language import detect_language
from bot.text.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "train-cache"  # speeds up a rebuild; the same result without
ANSWERED_SHARE = 0.95
RANK_STEPS = 300
ANSWER_STEPS = 500
SHORTCUT_LOSS = 0.005  # the words-only shortcut may cost at most this much of any out-of-fold figure
# the question's embedding in the answerability model, scaled to weigh against the evidence; out of fold on
# r1–r8 and the seed sets (abstention at 95 % answered): 0.656 without it, 0.681 at scale 1, 0.795 at 3,
# 0.814 at 6, 0.802 at 10 (0.816 at 3 with a tenth of the L2 penalty)
QUESTION_SCALE = 6.0
POLICYQA_WEIGHT = 0.3  # one PolicyQA question counts this much: 2,420 US-policy questions, one style


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: Path
    knowledge: Path
    weight: float = 1.0
    users_style: bool = True  # counts for the threshold (PolicyQA does not)


def question_sets(root: Path = ROOT) -> list[QuestionSet]:
    seeds = root / "knowledge"
    sets = [QuestionSet("devset", root / "data/retrieval/devset/questions.jsonl", seeds)]
    sets += [QuestionSet(p.stem, p, seeds) for p in sorted((root / "tests/data").glob("holdout*.jsonl"))]
    for folder in sorted((root / "data/retrieval").glob("r[0-9]*")):
        if (folder / "questions.jsonl").is_file():
            policies = folder / "policies"  # a batch without policies asks about the seeds
            sets.append(
                QuestionSet(folder.name, folder / "questions.jsonl", policies if policies.is_dir() else seeds)
            )
    policyqa = root / "data/retrieval/policyqa-dev"
    sets.append(
        QuestionSet("policyqa", policyqa / "questions.jsonl", policyqa / "policies", POLICYQA_WEIGHT, False)
    )
    return sets


class CachedQuestions(Semantics):
    """Question vectors kept in a JSON file across rebuilds (``EmbeddingFile``)."""

    def __init__(self, store: VectorStore, embedder: Embedder, path: Path | None) -> None:
        super().__init__(store, embedder)
        self.file = EmbeddingFile(path, embedder.embed)

    def question_vector(self, text: str) -> np.ndarray | None:
        return np.asarray(self.file.get(text), dtype=np.float32)

    def save(self) -> None:
        self.file.save()


@dataclass
class Example:
    group: str
    weight: float
    users_style: bool
    answerable: bool
    semantic: np.ndarray  # clause rows with embeddings
    lexical: np.ndarray  # clause rows without
    right: np.ndarray  # bool per clause (all False for no_answer)
    clause_values: list[dict[str, float]]  # per clause: what the answerability model reads about it
    question_values: dict[str, float]
    similarity: Similarity
    question: np.ndarray  # the question's embedding


def build_examples(sets: Sequence[QuestionSet], cache: Path | None = CACHE) -> list[Example]:
    embedder = default_embedder()
    semantics = CachedQuestions(
        VectorStore(cache / "clause-vectors" if cache else None, bundled=None),
        embedder,
        cache / "question-vectors.json" if cache else None,
    )
    examples: list[Example] = []
    for qs in sets:
        kb: KnowledgeBase = load_knowledge(qs.knowledge)
        retriever = Retriever(kb, model=_placeholder())
        names = name_words(kb.policies.values())
        for row in load_questions(qs.questions):
            kind = row.get("kind", "answer")
            slug = gold_company(row)
            index = retriever.index(slug) if slug else None
            if kind not in (*ANSWERABLE, "no_answer") or index is None or not index.clauses:
                continue
            golds = [g for g in row.get("gold") or [] if isinstance(g, str) and g.strip()]
            if kind in ANSWERABLE and not golds:
                continue
            text = normalise(row["question"]).text
            language = detect_language(text, default="en", names=names)
            q = retriever.analyse(text, index, language)
            evidence = Evidence.of(retriever, q, index, text, index.bm25.scores(q.terms))
            vectors = semantics.clause_vectors(index.policy)
            question = semantics.question_vector(text)
            assert vectors is not None and question is not None
            similarity = Similarity(*vectors.cosines(question), question)
            cross = language != index.language
            right = np.array([any(shares_run(c.text, g) for g in golds) for c in index.clauses])
            examples.append(
                Example(
                    qs.name,
                    qs.weight,
                    qs.users_style,
                    kind in ANSWERABLE,
                    evidence.rows(similarity, cross),
                    evidence.rows(None, cross),
                    right,
                    [evidence.clause_answer_values(i) for i in range(len(index.clauses))],
                    evidence.question_answer_values(cross),
                    similarity,
                    np.asarray(question, dtype=np.float64),
                )
            )
    semantics.save()
    return examples


def _placeholder() -> RankModel:
    """A model to build evidence with before any is trained (its weights are never used here)."""
    zero = Variant(np.zeros(len(RANK_FEATURES)), np.zeros(len(ANSWER_FEATURES)), 0.5)
    return RankModel({"lexical": zero}, {})


def _mask(features: Sequence[str], variant: str) -> np.ndarray:
    return np.array([0.0 if variant == "lexical" and f in SEMANTIC_FEATURES else 1.0 for f in features])


def _rows(example: Example, variant: str) -> np.ndarray:
    return example.semantic if variant == "semantic" else example.lexical


def train_ranker(examples: Sequence[Example], variant: str) -> np.ndarray:
    groups = [(_rows(e, variant), e.right) for e in examples if e.answerable]
    weights = [e.weight for e in examples if e.answerable]
    return train_listwise(groups, steps=RANK_STEPS, group_weights=weights) * _mask(RANK_FEATURES, variant)


def answer_row(example: Example, variant: str, rank_weights: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The answerability features of an example under the given ranker, and the clauses in rank order."""
    logits = (_rows(example, variant) * rank_weights).sum(axis=1)
    order = sorted(range(len(logits)), key=lambda i: (-logits[i], i))
    similarity = example.similarity if variant == "semantic" else None
    row = answer_features(
        order, logits, softmax(logits), example.clause_values[order[0]], example.question_values, similarity
    )
    return row, order


def answer_inputs(rows: np.ndarray, examples: Sequence[Example], variant: str) -> np.ndarray:
    """What the answerability model reads: the best clause's evidence and, in the ``semantic`` variant,
    the question's embedding scaled by ``QUESTION_SCALE``."""
    if variant != "semantic":
        return rows
    return np.hstack([rows, QUESTION_SCALE * np.array([e.question for e in examples])])


def train_answerer(
    rows: np.ndarray, examples: Sequence[Example], variant: str
) -> tuple[np.ndarray, np.ndarray]:
    """The answerability weights over ``ANSWER_FEATURES`` and over the question's embedding (empty for
    the ``lexical`` variant), the latter with ``QUESTION_SCALE`` folded in."""
    labels = np.array([e.answerable for e in examples], dtype=np.float64)
    weights = np.array([e.weight for e in examples])
    w = train_binary(answer_inputs(rows, examples, variant), labels, weights, steps=ANSWER_STEPS)
    n = len(ANSWER_FEATURES)
    return w[:n] * _mask(ANSWER_FEATURES, variant), w[n:] * QUESTION_SCALE


def choose_threshold(probabilities: np.ndarray, examples: Sequence[Example]) -> float:
    """The highest threshold that answers ``ANSWERED_SHARE`` of the answerable questions of our users'
    styles, out of fold."""
    answerable = sorted(
        (float(p) for p, e in zip(probabilities, examples, strict=True) if e.answerable and e.users_style),
        reverse=True,
    )
    if not answerable:
        return 0.5
    cut = answerable[min(len(answerable) - 1, int(np.ceil(ANSWERED_SHARE * len(answerable))) - 1)]
    return float(np.floor(cut * 1e6) / 1e6)


def out_of_fold(examples: Sequence[Example], variant: str) -> dict[str, Any]:
    """Every group scored by models trained without it: ranking, answer probabilities, the threshold."""
    groups = sorted({e.group for e in examples})
    rows = np.zeros((len(examples), len(ANSWER_FEATURES)))
    orders: list[list[int]] = [[] for _ in examples]
    for group in groups:
        train = [e for e in examples if e.group != group]
        weights = train_ranker(train, variant)
        for i, e in enumerate(examples):
            if e.group == group:
                rows[i], order = answer_row(e, variant, weights)
                orders[i] = order[:3]
    # the answerability model is itself trained out of fold, on out-of-fold ranker outputs
    probabilities = np.zeros(len(examples))
    for group in groups:
        inside = [i for i, e in enumerate(examples) if e.group != group]
        answer, question = train_answerer(rows[inside], [examples[i] for i in inside], variant)
        held = Variant(np.zeros(len(RANK_FEATURES)), answer, 0.5, question)
        for i, e in enumerate(examples):
            if e.group == group:
                logit = held.answer_logit(rows[i], e.question if variant == "semantic" else None)
                probabilities[i] = float(sigmoid(np.array([logit]))[0])
    first = rows[:, ANSWER_FEATURES.index("p1")]  # the share of the ranking's weight on its first clause
    return {"orders": orders, "probabilities": probabilities, "first": first}


def report(
    examples: Sequence[Example], oof: dict[str, Any], variant: str, threshold: float
) -> dict[str, Any]:
    """Out-of-fold figures per group: hit@1, hit@3, answered on answerable, abstention on no_answer."""
    table: dict[str, Any] = {}
    by_group: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_group.setdefault(e.group, []).append(i)
    for group, members in sorted(by_group.items()):
        ranked = [i for i in members if examples[i].answerable]
        hit1 = hit3 = answered = 0
        for i in ranked:
            e, order = examples[i], oof["orders"][i]
            hit1 += bool(e.right[order[:1]].any())
            hit3 += bool(e.right[order[:3]].any())
            answered += oof["probabilities"][i] >= threshold
        unanswerable = [i for i in members if not examples[i].answerable]
        abstained = sum(oof["probabilities"][i] < threshold for i in unanswerable)
        table[group] = {
            "answerable": len(ranked),
            "hit@1": round(hit1 / len(ranked), 3) if ranked else None,
            "hit@3": round(hit3 / len(ranked), 3) if ranked else None,
            "answered": round(answered / len(ranked), 3) if ranked else None,
            "no_answer": len(unanswerable),
            "abstention": round(abstained / len(unanswerable), 3) if unanswerable else None,
        }
    return table


def _figures(
    examples: Sequence[Example], orders: Sequence[Sequence[int]], answered: Sequence[bool]
) -> tuple[np.ndarray, float]:
    """hit@1, hit@3, answered (of the answerable) and abstained (of the rest), over our users' styles."""
    hit1 = hit3 = said = kept = answerable = unanswerable = 0
    for e, order, yes in zip(examples, orders, answered, strict=True):
        if not e.users_style:
            continue
        if e.answerable:
            answerable += 1
            hit1 += bool(e.right[list(order[:1])].any())
            hit3 += bool(e.right[list(order[:3])].any())
            said += yes
        else:
            unanswerable += 1
            kept += not yes
    return np.array([hit1, hit3, said]) / max(answerable, 1), kept / max(unanswerable, 1)


def choose_shortcut(
    examples: Sequence[Example],
    semantic: dict[str, Any],
    lexical: dict[str, Any],
    thresholds: tuple[float, float],
) -> tuple[Shortcut | None, dict[str, float]]:
    """When the words-only model may answer without the question's embedding: its first clause holds at
    least ``first`` of the ranking's weight and its answer probability is at least ``answer``. Chosen out
    of fold as the bounds that skip the most questions while hit@1, hit@3, answered and abstained each
    stay within ``SHORTCUT_LOSS`` of always embedding."""
    full_answered = [p >= thresholds[0] for p in semantic["probabilities"]]
    rates, abstained = _figures(examples, semantic["orders"], full_answered)
    best: tuple[float, Shortcut] | None = None
    for first in np.round(np.arange(0.30, 1.0, 0.05), 2):
        for answer in np.round(np.arange(0.50, 1.0, 0.025), 3):
            answer = max(float(answer), thresholds[1])
            skip = [
                f >= first and p >= answer
                for f, p in zip(lexical["first"], lexical["probabilities"], strict=True)
            ]
            orders = [
                lo if s else so for s, lo, so in zip(skip, lexical["orders"], semantic["orders"], strict=True)
            ]
            answered = [s or a for s, a in zip(skip, full_answered, strict=True)]
            got, kept = _figures(examples, orders, answered)
            if (got >= rates - SHORTCUT_LOSS).all() and kept >= abstained - SHORTCUT_LOSS:
                share = sum(s for s, e in zip(skip, examples, strict=True) if e.users_style) / sum(
                    e.users_style for e in examples
                )
                if best is None or share > best[0]:
                    best = (share, Shortcut(float(first), answer))
    if best is None:
        return None, {}
    return best[1], {"skipped_share": round(best[0], 3), "first": best[1].first, "answer": best[1].answer}


def train(cache: Path | None = CACHE, sets: Sequence[QuestionSet] | None = None) -> RankModel:
    examples = build_examples(sets or question_sets(), cache)
    variants: dict[str, Variant] = {}
    about: dict[str, Any] = {"examples": len(examples), "answered_share": ANSWERED_SHARE}
    folds: dict[str, dict[str, Any]] = {}
    for variant in ("semantic", "lexical"):
        oof = folds[variant] = out_of_fold(examples, variant)
        threshold = choose_threshold(oof["probabilities"], examples)
        rank_weights = train_ranker(examples, variant)
        rows = np.array([answer_row(e, variant, rank_weights)[0] for e in examples])
        answer_weights, question_weights = train_answerer(rows, examples, variant)
        variants[variant] = Variant(rank_weights, answer_weights, threshold, question_weights)
        about[variant] = {"out_of_fold": report(examples, oof, variant, threshold)}
    thresholds = (variants["semantic"].threshold, variants["lexical"].threshold)
    shortcut, about["shortcut"] = choose_shortcut(examples, folds["semantic"], folds["lexical"], thresholds)
    return RankModel(variants, about, shortcut)
