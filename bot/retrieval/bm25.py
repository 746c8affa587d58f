"""Okapi BM25 over bags of terms: the ranking core of the index and the plain baseline.

`BM25` scores weighted query terms against documents through postings lists, so a query costs
time in proportion to the documents that share a term with it, not to the size of the collection.
`PlainBM25` is the baseline the product is measured against: lower-cased words, nothing else.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Posting:
    doc: int
    tf: float


class BM25:
    """BM25 over documents given as term counts (a term may carry a fractional count)."""

    def __init__(
        self,
        documents: Sequence[Mapping[str, float]],
        k1: float = K1,
        b: float = B,
        min_length_ratio: float = 0.0,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        lengths = [sum(doc.values()) for doc in documents]
        self.average_length = (sum(lengths) / self.size) if self.size else 1.0
        floor = self.average_length * min_length_ratio  # tiny documents don't win on one shared word
        self.lengths = [max(length, floor, 1.0) for length in lengths]
        self.postings: dict[str, list[Posting]] = {}
        for index, doc in enumerate(documents):
            for term, tf in doc.items():
                self.postings.setdefault(term, []).append(Posting(index, tf))
        self.idf = {term: self._idf(len(p)) for term, p in self.postings.items()}

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: Mapping[str, float]) -> list[float]:
        """One score per document for query terms with weights."""
        result = [0.0] * self.size
        k1, b, average = self.k1, self.b, self.average_length
        for term, weight in query.items():
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf[term] * weight
            for posting in postings:
                norm = k1 * (1.0 - b + b * self.lengths[posting.doc] / average)
                result[posting.doc] += idf * posting.tf * (k1 + 1.0) / (posting.tf + norm)
        return result


def plain_terms(text: str) -> list[str]:
    """Lower-cased words: the baseline's whole text processing."""
    return _WORD_RE.findall(text.lower())


class PlainBM25:
    """The baseline: BM25 over the clause texts with lower-cased words, no stemming or stop words."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.bm25 = BM25([Counter(plain_terms(t)) for t in texts])

    def rank(self, query: str, k: int = 5) -> list[tuple[int, float]]:
        """Indices of the best ``k`` documents with their scores, best first."""
        scores = self.bm25.scores(Counter(plain_terms(query)))
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        return [(i, scores[i]) for i in order[:k]]
