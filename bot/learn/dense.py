"""Two small learned models over dense feature rows, trained deterministically with numpy.

- ``train_listwise``: a linear scorer for ranking. Each group is one question's candidate rows and which
  of them are right; the loss is the listwise softmax loss −log Σ_right softmax(w·x) (ListNet-style with
  one target set), so the weights learn what puts a right clause above the others *of the same policy*.
- ``train_binary``: logistic regression with per-row weights, for a yes/no probability (answerability).

Full-batch Adam in float64 for a fixed number of steps from zero weights. Sums are numpy reductions over
fixed orders (no BLAS matrix products, whose thread count can change the last bits): the same data gives
the same weights in every process. Inference is ``scores``: one multiply and a row sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def scores(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each row's linear score (no bias: a constant does not change a ranking)."""
    return np.asarray((rows * weights).sum(axis=1), dtype=np.float64)


def _adam(gradient, size: int, steps: int, lr: float) -> np.ndarray:  # type: ignore[no-untyped-def]
    w = np.zeros(size, dtype=np.float64)
    m = np.zeros(size)
    v = np.zeros(size)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        g = gradient(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return w


def train_listwise(
    groups: Sequence[tuple[np.ndarray, np.ndarray]],
    l2: float = 1e-3,
    steps: int = 400,
    lr: float = 0.05,
    group_weights: Sequence[float] | None = None,
) -> np.ndarray:
    """Weights that rank each group's right rows (``mask`` True) first."""
    gw_all = [1.0] * len(groups) if group_weights is None else list(group_weights)
    kept = [(x, m, w) for (x, m), w in zip(groups, gw_all, strict=True) if m.any() and len(m) > 1]
    if not kept:
        raise ValueError("no group with a right row to learn from")
    x = np.concatenate([k[0] for k in kept]).astype(np.float64)
    mask = np.concatenate([k[1] for k in kept]).astype(np.float64)
    sizes = np.array([len(k[1]) for k in kept])
    gid = np.repeat(np.arange(len(kept)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    row_weight = np.array([k[2] for k in kept], dtype=np.float64)[gid]
    total = float(sum(k[2] for k in kept))
    count = len(kept)

    def gradient(w: np.ndarray) -> np.ndarray:
        z = (x * w).sum(axis=1)
        z = z - np.maximum.reduceat(z, starts)[gid]
        e = np.exp(z)
        p = e / np.bincount(gid, weights=e, minlength=count)[gid]
        r = e * mask
        q = r / np.bincount(gid, weights=r, minlength=count)[gid]
        return ((row_weight * (p - q))[:, None] * x).sum(axis=0) / total + l2 * w

    return _adam(gradient, x.shape[1], steps, lr)


def train_binary(
    rows: np.ndarray,
    labels: np.ndarray,
    row_weights: np.ndarray | None = None,
    l2: float = 1e-3,
    steps: int = 600,
    lr: float = 0.05,
) -> np.ndarray:
    """Logistic-regression weights; the last column of ``rows`` should be a constant 1 (the bias)."""
    x = rows.astype(np.float64)
    y = labels.astype(np.float64)
    rw = np.ones(len(y)) if row_weights is None else row_weights.astype(np.float64)
    total = float(rw.sum())

    def gradient(w: np.ndarray) -> np.ndarray:
        p = sigmoid(scores(x, w))
        return ((rw * (p - y))[:, None] * x).sum(axis=0) / total + l2 * w

    return _adam(gradient, x.shape[1], steps, lr)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)
