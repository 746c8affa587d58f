"""Slack message text → plain text for understanding and retrieval.

Slack sends mrkdwn: ``<@U123>`` mentions, ``<#C1|name>`` channels, ``<!here>`` special mentions,
``<https://x|label>`` links, ``:emoji:`` codes, `code` spans and ```blocks```, ``&gt;`` quote lines
and the three escaped entities ``&amp; &lt; &gt;``. This module turns that into one line of plain
text and says when nothing readable is left (``problem``).

Quoted material (code spans and blocks, ``>`` quote lines) is kept in the text, wrapped in
“…” so the intent classifier can tell quoted words from the sender's own; the quoted pieces are
also listed in ``Normalised.quoted``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_MESSAGE_CHARS = 4000
QUOTE_OPEN, QUOTE_CLOSE = "“", "”"
BINARY_SHARE = 0.2  # share of unreadable characters above which a message counts as binary

_ANGLE = re.compile(r"<([^<>\n]{1,2000})>")
_CODE_BLOCK = re.compile(r"```(.*?)(?:```|$)", re.S)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_QUOTE_LINE = re.compile(r"^[ \t]*(?:>|&gt;)[ \t]?(.*)$", re.M)
_EMOJI = re.compile(r"(?<![\w:/]):[a-z0-9_+'-]+:(?::[a-z0-9_+'-]+:)*(?![\w/])")
_FORMAT = re.compile(r"(?<![\w*_~])[*_~]+(?=[^\s*_~])|(?<=[^\s*_~])[*_~]+(?![\w*_~])")
_SPACE = re.compile(r"\s+")
# Cc except tab/newline/CR, Cs lone surrogates, Co private use, Cn unassigned: not text.
_UNREADABLE_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f"), None)


@dataclass(frozen=True)
class Normalised:
    text: str
    truncated: bool = False
    problem: str | None = None  # "empty" | "binary" | "markup_only" | None
    quoted: tuple[str, ...] = ()  # quoted material (code, quote lines), as it appears inside “…”


def normalise(raw: str | None, max_chars: int = MAX_MESSAGE_CHARS) -> Normalised:
    """Plain one-line text from a Slack message, truncated to ``max_chars``.

    ``problem`` is "empty" (nothing, or only punctuation), "binary" (mostly unreadable bytes such as
    NUL), or "markup_only" (only mentions, emoji, bare links or formatting) — with ``text`` still set
    to whatever readable text there was.
    """
    if not raw or not isinstance(raw, str):
        return Normalised("", problem="empty")
    # Markup can only shrink text, so a generous cut first keeps 40,000-character messages cheap.
    budget = max_chars * 3 + 200
    cut = len(raw) > budget
    raw = raw[:budget]
    if _unreadable_share(raw) > BINARY_SHARE:
        return Normalised("", truncated=cut, problem="binary")
    text = _drop_unreadable(raw)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)

    quoted: list[str] = []
    had_markup = False

    def quote(match: re.Match[str]) -> str:
        nonlocal had_markup
        had_markup = True
        inner = _SPACE.sub(" ", match.group(1)).strip()
        if not inner:
            return " "
        quoted.append(inner)
        return f" {QUOTE_OPEN}{inner}{QUOTE_CLOSE} "

    text = _CODE_BLOCK.sub(quote, text)
    text = _CODE_SPAN.sub(quote, text)
    text = _QUOTE_LINE.sub(quote, text)

    words_outside_markup: list[str] = []

    def angle(match: re.Match[str]) -> str:
        nonlocal had_markup
        had_markup = True
        replacement, is_words = _angle_replacement(match.group(1))
        if is_words:
            words_outside_markup.append(replacement)
        return f" {replacement} "

    text = _ANGLE.sub(angle, text)
    before = text
    text = _EMOJI.sub(" ", text)
    had_markup = had_markup or text != before
    text = html.unescape(text) if "&" in text else text
    text = _FORMAT.sub("", text)
    text = _SPACE.sub(" ", text).strip()

    truncated = cut or len(text) > max_chars
    if len(text) > max_chars:
        text = _cut(text, max_chars)
    quoted_t = tuple(q for q in quoted if q in text)
    if not _has_words(text):
        if had_markup or _has_symbols(text):
            return Normalised(text, truncated, "markup_only", quoted_t)
        return Normalised(text, truncated, "empty", quoted_t)
    if had_markup and not _has_words(_without_links(text, words_outside_markup)):
        return Normalised(text, truncated, "markup_only", quoted_t)
    return Normalised(text, truncated, None, quoted_t)


def _angle_replacement(inner: str) -> tuple[str, bool]:
    """What a ``<…>`` Slack entity stands for in plain text, and whether that is the sender's words."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # user mention
        return "", False
    if target.startswith("#"):  # channel: keep its name
        return label.strip(), False
    if target.startswith("!"):  # <!here>, <!subteam^S1|@team>, <!date^…|fallback>
        if target.startswith("!date") and label:
            return label.strip(), True
        return "", False
    if label:
        return label.strip(), True
    if target.startswith("mailto:"):
        return target[len("mailto:") :], False
    if target.startswith("tel:"):
        return target[len("tel:") :], False
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # a bare URL
        return target, False
    return f"<{inner}>", True  # not Slack markup: a literal "<…>" the user typed


_LINK = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bmailto:\S+|\bwww\.\S+", re.I)


def _without_links(text: str, labels: list[str]) -> str:
    stripped = _LINK.sub(" ", text)
    return stripped if not labels else stripped + " " + " ".join(labels)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _has_symbols(text: str) -> bool:
    return any(unicodedata.category(ch) in ("So", "Sk") for ch in text)


def _is_unreadable(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in _UNREADABLE_CATEGORIES


def _unreadable_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text if len(text) <= 2000 else text[:1000] + text[-1000:]
    unreadable = sum(1 for ch in sample if _is_unreadable(ch))
    if unreadable == 0:
        return 0.0
    if "\x00" in sample and unreadable * 10 > len(sample.strip()):
        return 1.0  # NUL bytes are a sure sign of a binary payload
    return unreadable / len(sample)


def _drop_unreadable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(" " if _is_unreadable(ch) else ch for ch in text)


def _cut(text: str, max_chars: int) -> str:
    """Cut at the last word boundary before ``max_chars`` (or hard, when there is none nearby)."""
    head = text[:max_chars]
    space = head.rfind(" ")
    return head[:space].rstrip() if space > max_chars * 0.8 else head
