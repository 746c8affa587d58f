"""A message as named features for the learned intent model: words, word pairs, letter n-grams, and the
cues of the rules (``bot.intent.rules``) as evidence rather than verdicts.

The model reads a message without the data subject's details (``without_details``), so that "a
customer, anna@example.com, wants her data deleted" and "a customer wants her data deleted" look alike
to it, whether the details stand between commas, in parentheses or as a Slack link.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

from bot.intent.rules import EMAIL, TICKET_REFERENCE, Intent

_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:se|com|nu|org|net|io|eu)\b(?:/\S*)?")
_PERSONAL_NUMBER = re.compile(r"\b(?:19|20)?\d{6}[-+ ]?\d{4}\b")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s-]?)?\b0?\d{2,3}[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2}\b")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+|_[a-z]+_")  # a word, or one in underscores (Slack italics) kept whole

CHAR_MIN, CHAR_MAX = 3, 5
NEGATIONS = frozenset(
    [
        "inte",
        "ej",
        "icke",
        "aldrig",
        "inget",
        "ingen",
        "inga",
        "slipper",
        "not",
        "never",
        "dont",
        "no",
        "nope",
    ]
)
_CONTRACTED = frozenset(
    ["don", "doesn", "didn", "won", "isn", "aren", "shouldn", "can", "couldn", "wouldn"]
)  # + "t"
NEGATION_BEFORE, NEGATION_AFTER = 2, 3  # "radera inte mitt konto", "don't delete my account"


COMPANY = "Acme"  # the stand-in for any company's name
_MARK = "\x00"
_APPOSITION = re.compile(r",\s*(?:\x00[\s,;:-]*)+(?:,|$)|\(\s*(?:\x00[\s,;:-]*)+\)|[-–:]\s*(?:\x00[\s,;]*)+$")


def with_any_company(text: str, mentions: Sequence[tuple[int, int]]) -> str:
    """The text with every company it names (``mentions``: start and end, from the company resolver) called
    by one stand-in name, so a message reads the same whichever company it is about, one of the bundled
    policies or one added later."""
    for start, end in sorted(mentions, reverse=True):
        text = text[:start] + COMPANY + text[end:]
    return text


def without_details(text: str, name: str | None = None) -> str:
    """The text with the data subject's details left out: e-mails, links, personnummer, phone and other
    numbers, and ``name`` (the subject's name when the message gives one), together with the commas or
    parentheses around them, so "a customer, anna@example.com, wants…" reads "a customer wants…"."""
    for pattern in (EMAIL, _URL, TICKET_REFERENCE, _PERSONAL_NUMBER, _PHONE, _NUMBER):
        text = pattern.sub(_MARK, text)
    if name and len(name) > 2:
        text = text.replace(name, _MARK)
    text = _APPOSITION.sub(" ", text)
    text = text.replace(_MARK, " ")
    return " ".join(text.split())


def word_features(text: str) -> list[str]:
    """Words, word pairs and the letter n-grams of each word (typos and inflections share most of them).

    ``text`` is a message without its details (``without_details``)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    features = [f"w:{w}" for w in words]
    features += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    if words:
        features.append(f"first:{words[0]}")
    for word in words:
        if word.startswith("_"):
            continue
        padded = f"<{word}>"
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            features += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    features += negated(words)
    if "?" in text:
        features.append("has:question_mark")
    return features


def negated(words: list[str]) -> list[str]:
    """The words near a negation, marked ("neg:radera" in "radera inte mitt konto")."""
    found: list[str] = []
    for i, word in enumerate(words):
        if word in NEGATIONS or (word == "t" and i > 0 and words[i - 1] in _CONTRACTED):
            found.append("has:negation")
            window = words[max(0, i - NEGATION_BEFORE) : i] + words[i + 1 : i + 1 + NEGATION_AFTER]
            found += [f"neg:{w}" for w in window if w not in NEGATIONS and w != "t"]
    return found


def rule_features(intent: Intent) -> list[str]:
    """What the hand-written rules saw: their verdict, the rights and the cues that fired."""
    features = [f"rule:{intent.kind}"]
    if intent.ambiguous:
        features.append("rule:ambiguous")
    if intent.relayed:
        features.append("rule:relayed")
    features += [f"rule:right:{r}" for r in intent.rights]
    if intent.about_right:
        features.append(f"rule:about:{intent.about_right}")
    features += [f"cue:{name}" for name in intent.matched]
    if not intent.matched:
        features.append("cue:none")  # no word of any right at all
    return features


def length_feature(text: str) -> str:
    """How long the message is, in words, as a bucket (short messages carry little evidence)."""
    n = len(text.split())
    return "has:words:" + (
        "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-20" if n <= 20 else "21+"
    )


def features(text: str, language: str, rules: Intent) -> list[str]:
    """Every feature of one message, each name once, in a fixed order."""
    found = ["bias", f"lang:{language}", length_feature(text), *word_features(text), *rule_features(rules)]
    return list(dict.fromkeys(found))


def readable(text: str, companies: Sequence[tuple[int, int]], name: str | None) -> str:
    """What the model reads: the message with any company called by one name, and without the data
    subject's details (the same message with or without them)."""
    return without_details(with_any_company(text, companies), name)
