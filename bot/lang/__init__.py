"""Language knowledge as data: one folder per language (``bot/lang/<code>/``), read by shared engines.

A language folder holds plain-text data files (``#`` comments): ``concepts.txt``, the language's words for
each privacy concept of ``concepts.json`` (read by ``bot.retrieval.lexicon``); ``stop_words.txt``, the
words that carry no topic (``bot.text.tokens``); ``common_words.txt``, its
ordinary words, which tell an ordinary word from a company name; ``help_phrases.txt``, what people write
to ask what the bot can do; ``language_words.txt``, the words besides its stop words that show a message
is in the language (``bot.text.language``; ``shared_words.txt`` beside the folders lists the words typed
alike in several languages); ``duration_units.txt`` and ``number_words.txt``, its units of time and number words ("två år");
``detail_questions.txt``, the forms of a question that asks for a specific detail (a number, a name, a
country: ``bot.retrieval.lexicon``); ``rights.txt``, the names of the data-subject rights (``bot.rights``);
``messages.toml``, every message the bot writes (``bot.messages``). Adding a language is adding its
folder (and its stemmer).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def languages() -> tuple[str, ...]:
    """The language codes that have a data folder."""
    return tuple(sorted(p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith("_")))


def word_list(code: str, name: str) -> frozenset[str]:
    """The words of ``bot/lang/<code>/<name>.txt`` (lower-case; empty when the file is missing)."""
    return read_words(ROOT / code / f"{name}.txt")


@lru_cache(maxsize=32)
def read_words(path: Path) -> frozenset[str]:
    """A word file: one word a line (lower-cased), ``#`` comments."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The ordinary words of every language with data."""
    return frozenset().union(*(word_list(code, "common_words") for code in languages()))
