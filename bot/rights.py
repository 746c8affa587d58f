"""The data-subject rights: the one registry every part reads (intent, tickets, deadlines, replies).

Each right has an id, its GDPR article, whether it is fast-tracked (a short internal target instead of
the month clock of Art. 12(3)) and what to look up in a policy when someone exercises it. Its name in
each language is data: ``bot/lang/<code>/rights.txt`` (``id = name``), one line per right; a test
checks that every language names every right. Adding a right is one entry here and one line per
language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.lang import ROOT as LANG_ROOT


@dataclass(frozen=True, kw_only=True)
class Right:
    id: str
    article: str | None  # GDPR article (and paragraph), None for a request that names no right
    fast_track: bool = False  # a short internal target, no month clock
    lookup: (
        str  # what the policy is searched for when someone exercises the right: the right, not their words
    )


REGISTRY: tuple[Right, ...] = (
    Right(
        id="access",
        article="15",
        lookup="right of access: can I get a copy of the personal data you hold about me?",
    ),
    Right(id="rectification", article="16", lookup="right to rectification: can I correct my personal data?"),
    Right(id="erasure", article="17", lookup="right to erasure: can I have my personal data deleted?"),
    Right(
        id="restriction",
        article="18",
        lookup="right to restriction: can I restrict the processing of my personal data?",
    ),
    Right(
        id="portability",
        article="20",
        lookup="right to data portability: can I move my personal data to another provider?",
    ),
    Right(id="objection", article="21", lookup="right to object to the processing of my personal data"),
    Right(id="withdraw_consent", article="7(3)", fast_track=True, lookup="can I withdraw my consent?"),
    Right(
        id="opt_out_marketing",
        article="21(2)",
        fast_track=True,
        lookup="how do I stop receiving marketing and newsletters?",
    ),
    Right(id="automated_decision", article="22", lookup="automated decision-making and profiling"),
    Right(id="unspecified", article=None, lookup="what rights do I have regarding my personal data?"),
)

RIGHTS: tuple[str, ...] = tuple(r.id for r in REGISTRY)
FAST_TRACK_RIGHTS: frozenset[str] = frozenset(r.id for r in REGISTRY if r.fast_track)
_BY_ID = {r.id: r for r in REGISTRY}
# "artikel 17" names erasure; a paragraph ("21(2)") is not what people cite
_BY_ARTICLE = {r.article: r.id for r in REGISTRY if r.article and r.article.isdigit()}


def right(right_id: str | None) -> Right:
    """The registry entry of a right id (an unknown or missing id is the unspecified request)."""
    return _BY_ID.get(right_id or "unspecified", _BY_ID["unspecified"])


def by_article(number: str) -> str | None:
    """The right a GDPR article number stands for ("17" → erasure), or None."""
    return _BY_ARTICLE.get(number)


def name(language: str, right_id: str | None) -> str:
    """The right as a reader of ``language`` calls it (English when the language has no names)."""
    names = names_in(language) or names_in("en")
    return names.get(right(right_id).id, names["unspecified"])


@lru_cache(maxsize=8)
def names_in(language: str) -> dict[str, str]:
    """``bot/lang/<code>/rights.txt``: ``id = name`` lines (empty when the language has no file)."""
    path = LANG_ROOT / language / "rights.txt"
    if not path.is_file():
        return {}
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            entries[key.strip()] = value.strip()
    return entries
