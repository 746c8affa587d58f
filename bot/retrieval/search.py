"""Rank a company's clauses for a question (placeholder: plain token overlap)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.retrieval.loader import Clause, KnowledgeBase


@dataclass(frozen=True)
class ScoredClause:
    clause: Clause
    score: float


@dataclass(frozen=True)
class SearchOutcome:
    hits: list[ScoredClause]
    answered: bool
    concepts: tuple[str, ...] = field(default_factory=tuple)


class Retriever:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def search(self, query: str, company: str, language: str, k: int = 5) -> SearchOutcome:
        policy = self.kb.get(company)
        if policy is None:
            return SearchOutcome([], False)
        words = set(re.findall(r"\w+", query.lower()))
        scored = []
        for clause in policy.clauses:
            overlap = len(words & set(re.findall(r"\w+", clause.text.lower())))
            scored.append(ScoredClause(clause, float(overlap)))
        scored.sort(key=lambda s: -s.score)
        top = scored[:k]
        return SearchOutcome(top, bool(top) and top[0].score >= 2)
