"""Retention rules from policy clauses (placeholder; the extractor replaces it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.retrieval.loader import Clause, Policy


@dataclass(frozen=True)
class RetentionRule:
    category: str
    duration: str | None
    bound: str
    trigger: str | None
    kind: str
    clause: Clause


def extract_rules(policy: Policy) -> list[RetentionRule]:
    return []


def direct_answer(
    question: str, language: str, rules: Sequence[RetentionRule], hits: Sequence[Clause]
) -> str | None:
    return None
