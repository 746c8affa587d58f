"""Regexes that skip the texts they can't match: a cheap gate in front of each alternative.

Python's ``re`` scans slowly for patterns that start with ``\\b`` or with many alternatives; retention
extraction runs dozens of such patterns over every policy at start-up. ``Pattern`` splits a pattern into
its top-level alternatives, reads the literal text each must begin with, and runs an alternative only
when the text holds that literal (``"x" in text`` is far cheaper than a regex scan).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FLAGS = re.NOFLAG


class Pattern:
    """A regex split into its top-level alternatives, each behind a cheap gate.

    An alternative only runs when the text holds one of the literal beginnings it must start with
    (``"x" in text`` is far cheaper than a regex scan), and a leading ``\\b`` is checked by hand, because
    it keeps Python's regex engine from its fast literal search. The gates are worked out from the
    pattern itself, so they never turn away a text the regex would match; an alternative whose
    beginnings can't be read plainly always runs. ``search`` returns the leftmost match, as ``re`` does.
    """

    __slots__ = ("anchors", "gate", "parts", "regex")

    def __init__(self, pattern: str, flags: int = _FLAGS, anchors: tuple[str, ...] | None = None) -> None:
        self.regex = re.compile(pattern, flags)
        self.parts: list[tuple[tuple[str, ...] | None, re.Pattern[str], bool]] = []
        if anchors is not None:
            self.parts.append((anchors, self.regex, False))
            self.anchors: tuple[str, ...] | None = anchors
            self.gate = None
            return
        for alternative in _top_level_alternatives(pattern):
            gate = _beginnings(alternative)
            bounded = alternative.startswith("\\b") and gate is not None
            body = alternative[2:] if bounded else alternative
            self.parts.append(
                (tuple(sorted(gate, key=len)) if gate else None, re.compile(body, flags), bounded)
            )
        self.anchors = literal_beginnings(pattern)
        # one scan for "could anything here match at all?" before the per-alternative gates
        self.gate = (
            re.compile("|".join(re.escape(a) for a in sorted(self.anchors, key=len, reverse=True)))
            if self.anchors
            else None
        )

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and self.gate.search(text) is None:
            return None
        best: re.Match[str] | None = None
        for gate, regex, bounded in self.parts:
            if gate is not None and not any(anchor in text for anchor in gate):
                continue
            found = _first_bounded(regex, text) if bounded else regex.search(text)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best

    def contains(self, text: str) -> bool:
        """Whether anything matches (stops at the first alternative that does)."""
        if self.gate is not None and self.gate.search(text) is None:
            return False
        for gate, regex, bounded in self.parts:
            if gate is not None and not any(anchor in text for anchor in gate):
                continue
            if (_first_bounded(regex, text) if bounded else regex.search(text)) is not None:
                return True
        return False

    def finditer(self, text: str) -> list[re.Match[str]]:
        return list(self.regex.finditer(text)) if self.search(text) else []


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _first_bounded(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match that starts at a word boundary (what a leading ``\\b`` asks for)."""
    m = regex.search(text)
    while m is not None:
        i = m.start()
        before = _is_word(text[i - 1]) if i > 0 else False
        after = _is_word(text[i]) if i < len(text) else False
        if before != after:
            return m
        m = regex.search(text, i + 1)
    return None


_META = frozenset("\\()[]{}.*+?|^$")
_MIN_ANCHOR = 2


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth before it) for each character outside escapes and [classes]."""
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            yield i, ch, depth
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
        i += 1


def _top_level_alternatives(pattern: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _closing_paren(pattern: str, opening: int) -> int:
    for i, ch, depth in _structure(pattern, opening):
        if ch == ")" and depth == 1:
            return i
    return -1


def _beginnings(alternative: str) -> set[str] | None:
    """Literal strings one of which every match of ``alternative`` contains; None if unknown."""
    while alternative.startswith(("\\b", "(?<", "(?!", "(?=")):
        if alternative.startswith("\\b"):
            alternative = alternative[2:]
            continue
        end = _closing_paren(alternative, 0)  # a lookaround consumes nothing: what follows must match
        if end < 0:
            return None
        alternative = alternative[end + 1 :]
    if alternative.startswith(("(?:", "(?P<")):
        end = _closing_paren(alternative, 0)
        opened = 3 if alternative.startswith("(?:") else alternative.index(">") + 1
        if end < 0:
            return None
        inner = literal_beginnings(alternative[opened:end])
        rest = alternative[end + 1 :]
        if inner is None:
            return None
        if rest[:1] in ("?", "*") or rest.startswith("{0"):
            after = _beginnings(rest[1:] if rest[:1] in ("?", "*") else rest[rest.index("}") + 1 :])
            return None if after is None else set(inner) | after
        return set(inner)
    literal = ""
    for i, ch in enumerate(alternative):
        if ch in _META:
            if ch in "?*{" and literal:
                literal = literal[:-1]  # the last character is optional
            break
        literal += ch
        if i + 1 == len(alternative):
            break
    return {literal} if len(literal) >= _MIN_ANCHOR else None


def literal_beginnings(pattern: str) -> tuple[str, ...] | None:
    found: set[str] = set()
    for alternative in _top_level_alternatives(pattern):
        beginnings = _beginnings(alternative)
        if beginnings is None:
            return None
        found |= beginnings
    return tuple(sorted(found, key=len))
