"""Okapi BM25 over bags of terms: the ranking core of the index and the plain baseline.

`BM25` scores weighted query terms against documents through postings lists, so a query costs
time in proportion to the documents that share a term with it, not to the size of the collection.
`PlainBM25` is the baseline the product is measured against: lower-cased words, nothing else.
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

K1 = 1.2
B = 0.75
_WORD_RE = re.compile(r"\w+")


class BM25:
    """BM25 over documents given as term counts (a term may carry a fractional count).

    Postings are kept flat (one array of documents and one of counts, a slice per term) and term strings
    are interned: a process holding a thousand companies' indexes keeps each common word once, and an
    index costs a fraction of what a list of posting objects per term did."""

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
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(documents):
            for term, tf in doc.items():
                postings.setdefault(term, []).append((index, tf))
        self._slots: dict[str, int] = {}
        self._starts = array("I", [0])
        self._docs = array("I")
        self._counts = array("d")
        self._idfs = array("d")
        for term, found in postings.items():
            self._slots[sys.intern(term)] = len(self._idfs)
            self._docs.extend(doc for doc, _ in found)
            self._counts.extend(tf for _, tf in found)
            self._starts.append(len(self._docs))
            self._idfs.append(self._idf(len(found)))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled (the index cache): term strings interned again, shared with the other indexes."""
        state["_slots"] = {sys.intern(term): slot for term, slot in state["_slots"].items()}
        self.__dict__.update(state)

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def absent_idf(self) -> float:
        """The rarity of a term no document has."""
        return self._idf(0)

    def idf(self, term: str) -> float | None:
        """The term's rarity, or None when no document has it."""
        slot = self._slots.get(term)
        return None if slot is None else self._idfs[slot]

    def documents(self, term: str) -> Sequence[int]:
        """The documents that have the term, in order."""
        slot = self._slots.get(term)
        return () if slot is None else self._docs[self._starts[slot] : self._starts[slot + 1]]

    def scores(self, query: Mapping[str, float]) -> list[float]:
        """One score per document for query terms with weights."""
        result = [0.0] * self.size
        k1, b, average = self.k1, self.b, self.average_length
        docs, counts, lengths = self._docs, self._counts, self.lengths
        for term, weight in query.items():
            slot = self._slots.get(term)
            if slot is None:
                continue
            idf = self._idfs[slot] * weight
            for j in range(self._starts[slot], self._starts[slot + 1]):
                doc, tf = docs[j], counts[j]
                norm = k1 * (1.0 - b + b * lengths[doc] / average)
                result[doc] += idf * tf * (k1 + 1.0) / (tf + norm)
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
