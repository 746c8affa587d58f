"""Swedish or English? Word evidence first, a character-n-gram model (langdetect) when words don't decide.

1. Word evidence: each language's stop words, chat words and general privacy vocabulary (Swedish
   forms typed without å/ä/ö too), read from ``bot/lang/<code>/``; every word with å/ä/ö counts for
   Swedish.
   The side with more evidence wins.
2. Neutral check: a message with no evidence either way ("GDPR?", "ok", "Acmesoft") gets the
   context default (the thread's or workspace's language).
3. Fallback: langdetect restricted to the Swedish and English profiles, seeded, loaded once.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Collection
from pathlib import Path

from bot.lang import ROOT as LANG_ROOT
from bot.lang import read_words, word_list

SUPPORTED = ("sv", "en")
LANGDETECT_CHARS = 200  # the opening of a long message is enough, and keeps the fallback fast

_DIACRITIC = re.compile(r"[åäöÅÄÖ]")
_WORD = re.compile(r"[\w'’-]+")
_STRIP = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|<[^>]*>")


def _evidence() -> dict[str, frozenset[str]]:
    """Each language's evidence words (``bot/lang/<code>/stop_words.txt`` and ``language_words.txt``): a
    word counts for a language only when no other language lists it, and never when it is typed alike in
    several (``bot/lang/shared_words.txt``)."""
    listed = {code: word_list(code, "stop_words") | word_list(code, "language_words") for code in SUPPORTED}
    return {
        code: frozenset(words - _SHARED - set().union(*(w for c, w in listed.items() if c != code)))
        for code, words in listed.items()
    }


_SHARED = read_words(LANG_ROOT / "shared_words.txt")
_EVIDENCE = _evidence()
SV_WORDS: frozenset[str] = _EVIDENCE["sv"]
EN_WORDS: frozenset[str] = _EVIDENCE["en"]

_lock = threading.Lock()
_factory: object | None = None


def detect_language(text: str, default: str = "en", names: Collection[str] = frozenset()) -> str:
    """ "sv" or "en" for a message; ``default`` when the message gives no evidence either way.

    ``names``: lower-case words of the companies' names (from the knowledge base), which count as
    neither language ("Acmesoft?" takes the default)."""
    default = default if default in SUPPORTED else "en"
    cleaned = _STRIP.sub(" ", text or "").lower().replace("’", "'")
    words = _WORD.findall(cleaned)
    if not words:
        return default
    sv, en = evidence(words)
    if sv > en:
        return "sv"
    if en > sv:
        return "en"
    if sv == 0 and _is_neutral(words, names):
        return default
    return _langdetect(cleaned[:LANGDETECT_CHARS], default)


def evidence(words: list[str]) -> tuple[float, float]:
    """Swedish and English evidence scores for lower-cased words."""
    sv = en = 0.0
    for word in words:
        if word in SV_WORDS:
            sv += 1
        elif word in EN_WORDS:
            en += 1
        if _DIACRITIC.search(word):
            sv += 1
        elif word.endswith(("ing", "tion", "ness", "ity")) and len(word) > 5 and word not in SV_WORDS:
            en += 0.5
        elif word.endswith(("ningar", "ningen", "heten", "erna", "arna", "orna", "ering", "tionen")):
            sv += 0.5
    return sv, en


def _is_neutral(words: list[str], names: Collection[str]) -> bool:
    """Only shared words, names and numbers: nothing langdetect could judge fairly."""
    return all(
        w in _SHARED or w.isdigit() or len(w) <= 2 or w in names or w.rstrip("s").rstrip("'") in names
        for w in words
    )


def _langdetect(text: str, default: str) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    factory = _get_factory()
    try:
        detector = factory.create()  # type: ignore[attr-defined]
        detector.append(text)
        probabilities = detector.get_probabilities()
    except LangDetectException:
        return default
    if not probabilities:
        return default
    lang = probabilities[0].lang
    return lang if lang in SUPPORTED else default


def _get_factory() -> object:
    """The sv+en langdetect factory, built once (thread-safe)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                _factory = _build_factory()
    return _factory


def _build_factory() -> object:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = [(Path(PROFILES_DIRECTORY) / lang).read_text(encoding="utf-8") for lang in SUPPORTED]
    factory.load_json_profile([json.dumps(json.loads(p)) for p in profiles])
    factory.set_seed(0)
    return factory


def warm_up() -> None:
    """Load the langdetect profiles now (start-up) rather than on the first ambiguous message."""
    _get_factory()
