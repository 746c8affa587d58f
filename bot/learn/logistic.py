"""Logistic regression over named sparse features: deterministic training (numpy) and plain-Python scoring.

Training is full-batch gradient descent with Adam in float64 for a fixed number of steps, over features
in sorted order, with sums taken by ``numpy.bincount`` (a fixed order, no threads): the same data gives
the same weights, byte for byte, in every process and at any thread count.

Scoring needs no numpy: a message's logit is the sum of its features' weights (dict look-ups).
Text features are scaled by 1/sqrt(their number), so a long e-mail and a short note weigh alike;
features marked ``whole`` (the rules' cues, the language, the bias) always count 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

WHOLE_PREFIXES = ("bias", "lang:", "rule:", "cue:", "has:")


def feature_values(names: Sequence[str]) -> dict[str, float]:
    """Each feature's value: 1 for whole features, 1/sqrt(n) for the n text features."""
    text = [n for n in names if not n.startswith(WHOLE_PREFIXES)]
    scale = 1.0 / math.sqrt(len(text)) if text else 0.0
    return {n: (1.0 if n.startswith(WHOLE_PREFIXES) else scale) for n in names}


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class Scorer:
    """Weights of one or more one-vs-rest logistic outputs: probability per label.

    ``weights`` holds the named (sparse) features; ``dense`` one weight vector per label for a dense
    vector given beside them (a sentence embedding), empty when the model uses none.
    """

    labels: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]  # feature → one weight per label
    dense: tuple[tuple[float, ...], ...] = ()  # per label: weights of the dense vector's components

    def logits(self, names: Sequence[str], vector: Sequence[float] | None = None) -> list[float]:
        logits = [0.0] * len(self.labels)
        for name, value in feature_values(names).items():
            row = self.weights.get(name)
            if row is None:
                continue
            for i, w in enumerate(row):
                logits[i] += w * value
        if self.dense:
            if vector is None:
                raise ValueError("this model needs the dense vector (an embedding) beside the features")
            for i, weights in enumerate(self.dense):
                logits[i] += math.fsum(w * x for w, x in zip(weights, vector, strict=True))
        return logits

    def probabilities(self, names: Sequence[str], vector: Sequence[float] | None = None) -> dict[str, float]:
        return {label: sigmoid(z) for label, z in zip(self.labels, self.logits(names, vector), strict=True)}

    @property
    def uses_vector(self) -> bool:
        return bool(self.dense)

    def to_json(self) -> dict[str, object]:
        return {
            "labels": list(self.labels),
            "weights": {k: list(v) for k, v in self.weights.items()},
            "dense": [list(row) for row in self.dense],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Scorer:
        labels = tuple(data["labels"])  # type: ignore[arg-type]
        weights = {k: tuple(v) for k, v in data["weights"].items()}  # type: ignore[attr-defined]
        dense = tuple(tuple(row) for row in data.get("dense", ()))  # type: ignore[attr-defined]
        return cls(labels, weights, dense)


def train(
    rows: Sequence[Sequence[str]],
    targets: Sequence[Sequence[float]],
    labels: Sequence[str],
    *,
    sample_weights: Sequence[float] | None = None,
    vectors: Sequence[Sequence[float]] | None = None,
    min_count: int = 2,
    l2: float = 1e-4,
    steps: int = 300,
    learning_rate: float = 0.1,
    digits: int = 4,
) -> Scorer:
    """One-vs-rest logistic regression: ``targets[i][j]`` is 1 when row i has label j, else 0.

    Features seen in fewer than ``min_count`` rows are dropped (whole features are always kept).
    Weights are rounded to ``digits`` decimals and those that round to zero are left out.
    ``vectors``: a dense vector per row (sentence embeddings), weighted like the features.
    Sums run in numpy's own loops (bincount, einsum without BLAS): the same result at any thread count.
    """
    import numpy as np

    counts: dict[str, int] = {}
    for names in rows:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(n for n, c in counts.items() if c >= min_count or n.startswith(WHOLE_PREFIXES))
    column = {n: i for i, n in enumerate(vocabulary)}
    indices: list[int] = []
    values: list[float] = []
    row_of: list[int] = []
    for r, names in enumerate(rows):
        for name, value in sorted(feature_values(names).items()):
            i = column.get(name)
            if i is not None:
                indices.append(i)
                values.append(value)
                row_of.append(r)
    idx = np.asarray(indices, dtype=np.int64)
    val = np.asarray(values, dtype=np.float64)
    row = np.asarray(row_of, dtype=np.int64)
    n_rows, n_features, n_labels = len(rows), len(vocabulary), len(labels)
    y = np.asarray(targets, dtype=np.float64).reshape(n_rows, n_labels)
    sw = np.ones(n_rows) if sample_weights is None else np.asarray(sample_weights, dtype=np.float64)
    sw = sw / sw.sum()

    dense = None if vectors is None else np.asarray(vectors, dtype=np.float64).reshape(n_rows, -1)
    w = np.zeros((n_features, n_labels))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    wd = np.zeros((0 if dense is None else dense.shape[1], n_labels))
    md = np.zeros_like(wd)
    vd = np.zeros_like(wd)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        logits = np.zeros((n_rows, n_labels))
        for j in range(n_labels):
            logits[:, j] = np.bincount(row, weights=val * w[idx, j], minlength=n_rows)
        if dense is not None:
            logits += np.einsum("nd,dk->nk", dense, wd, optimize=False)
        p = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        residual = (p - y) * sw[:, None]
        grad = np.zeros_like(w)
        for j in range(n_labels):
            grad[:, j] = np.bincount(idx, weights=val * residual[row, j], minlength=n_features)
        grad += l2 * w
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        m_hat = m / (1 - beta1**step)
        v_hat = v / (1 - beta2**step)
        w -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
        if dense is not None:
            grad_d = np.einsum("nd,nk->dk", dense, residual, optimize=False) + l2 * wd
            md = beta1 * md + (1 - beta1) * grad_d
            vd = beta2 * vd + (1 - beta2) * grad_d * grad_d
            wd -= learning_rate * (md / (1 - beta1**step)) / (np.sqrt(vd / (1 - beta2**step)) + eps)

    weights: dict[str, tuple[float, ...]] = {}
    for name, i in column.items():
        rounded = tuple(round(float(x), digits) for x in w[i])
        if any(rounded):
            weights[name] = rounded
    dense_rows = tuple(tuple(round(float(x), digits) for x in wd[:, j]) for j in range(n_labels))
    return Scorer(tuple(labels), weights, dense_rows if dense is not None else ())
