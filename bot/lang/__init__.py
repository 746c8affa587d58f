"""Language knowledge as data: one folder per language (``bot/lang/<code>/``), read by shared engines.

A language folder holds plain-text data files (``#`` comments): ``concepts.txt``, the language's words for
each privacy concept of ``concepts.json`` (read by ``bot.retrieval.lexicon``); ``stop_words.txt``, the
words that carry no topic (``bot.text.tokens``); ``common_words.txt``, its
ordinary words, which tell an ordinary word from a company name; ``help_phrases.txt``, what people write
to ask what the bot can do; ``language_words.txt``, the words besides its stop words that show a message
is in the language (``bot.text.language``; ``shared_words.txt`` beside the folders lists the words typed
alike in several languages); ``duration_units.txt`` and ``number_words.txt``, its units of time with
their ISO 8601 code letter and its number words with their value ("två år": the lexicon reads the words,
the retention extractor the codes and values too); ``retention_duration_units.txt``,
``retention_number_words.txt``, ``retention_phrases.txt`` and ``retention_questions.txt``, what only the
retention extractor reads (``bot.retrieval.retention``: more units and number words, the words around a
period, the forms of a question about how long data is kept); ``detail_questions.txt``, the forms of a
question that asks for a specific detail (a number, a name, a country: ``bot.retrieval.lexicon``);
``rights.txt``, the names of the data-subject rights (``bot.rights``); ``intent_cues.txt``, the words of the
intent rules, one "cue: alternative" a line (``bot.intent.rules``, which pools every language's);
``messages.toml``, every message the bot writes (``bot.messages``). Adding a language is adding its folder (and its stemmer).

A word file has one word (or phrase) a line, optionally followed by ``: `` and what the word stands for
(``two: 2``, ``years: Y``): ``word_list`` reads the words, ``word_entries`` the words with what follows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def languages(root: Path = ROOT) -> tuple[str, ...]:
    """The language codes that have a data folder (under ``root``, by default this package)."""
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")))


def word_list(code: str, name: str) -> frozenset[str]:
    """The words of ``bot/lang/<code>/<name>.txt`` (lower-case; empty when the file is missing)."""
    return read_words(ROOT / code / f"{name}.txt")


def word_entries(code: str, name: str, root: Path = ROOT) -> tuple[tuple[str, str], ...]:
    """The lines of ``<root>/<code>/<name>.txt`` as (word, what follows its ``:``), in file order."""
    return read_entries(root / code / f"{name}.txt")


@lru_cache(maxsize=32)
def read_words(path: Path) -> frozenset[str]:
    """A word file: one word a line (lower-cased), ``#`` comments; what follows a ``:`` is not the word."""
    return frozenset(word for word, _ in read_entries(path))


@lru_cache(maxsize=64)
def read_entries(path: Path) -> tuple[tuple[str, str], ...]:
    """A word file's lines as (word lower-cased, the text after its first ``:`` as written, else ""),
    skipping blank lines and ``#`` comments; empty when the file is missing."""
    if not path.is_file():
        return ()
    entries: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, value = line.partition(":")
        entries.append((word.strip().lower(), value.strip()))
    return tuple(entries)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The ordinary words of every language with data."""
    return frozenset().union(*(word_list(code, "common_words") for code in languages()))
