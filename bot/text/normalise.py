"""Slack markup → plain text (placeholder; the full normaliser replaces it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class Normalised:
    text: str
    truncated: bool = False
    problem: str | None = None  # "empty" | "binary" | "markup_only" | None


def normalise(raw: str | None, max_chars: int = MAX_MESSAGE_CHARS) -> Normalised:
    text = raw or ""
    text = re.sub(r"<[@#!][^>]*>", " ", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    truncated = len(text) > max_chars
    text = text[:max_chars]
    return Normalised(text, truncated, None if text else "empty")
