"""Question or rights request? (placeholder; the lexicon-based classifier replaces it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RIGHTS = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "withdraw_consent",
    "opt_out_marketing",
    "automated_decision",
    "unspecified",
)


@dataclass(frozen=True)
class Intent:
    kind: Literal["question", "rights_request"] = "question"
    right: str | None = None
    rights: tuple[str, ...] = ()
    ambiguous: bool = False  # a question that might be a request: offer "open a request?"
    about_right: str | None = None  # for questions about a right: which one
    relayed: bool = False  # an agent relays a customer's request
    matched: tuple[str, ...] = field(default_factory=tuple)  # names of the patterns that fired


def classify_intent(text: str, language: str) -> Intent:
    return Intent()
