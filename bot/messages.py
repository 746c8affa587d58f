"""The bot's messages: one catalogue per language, ``bot/lang/<code>/messages.toml``, read here.

A catalogue has a section per part of the bot (``replies``, ``slack``, ``retention``, ``tickets``, the
names of ticket statuses, sources, outcomes and refusal reasons) and the month names; every language
has the same keys (``tests/test_messages.py``). A language without a catalogue is answered in English.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Any

from bot.lang import ROOT as LANG_ROOT

FALLBACK = "en"


@lru_cache(maxsize=8)
def catalogue(language: str | None) -> dict[str, Any]:
    """The whole catalogue of ``language`` (English when it has none)."""
    path = LANG_ROOT / (language or FALLBACK) / "messages.toml"
    if not path.is_file():
        path = LANG_ROOT / FALLBACK / "messages.toml"
    with path.open("rb") as handle:
        return tomllib.load(handle)


def section(language: str | None, name: str) -> dict[str, str]:
    """One section's messages, by key."""
    found: dict[str, str] = catalogue(language)[name]
    return found


def months(language: str | None) -> tuple[str, ...]:
    return tuple(catalogue(language)["months"])
