"""Words for retrieval: folding, stop words, Snowball stems, Swedish compounds and typo correction.

Everything here is pure and cached: the same word is stemmed once per process.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.lang import ROOT as LANG_ROOT

_WORD_RE = re.compile(r"[^\W_]+")
_STEMMER_NAMES = {"sv": "swedish", "en": "english"}
_local = threading.local()  # a Snowball stemmer keeps its word in itself: one per thread
_SPECIAL_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l"})


def _stop_list(code: str) -> list[str]:
    """The words of bot/lang/<code>/stop_words.txt, in file order (``#`` lines are comments)."""
    path = LANG_ROOT / code / "stop_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in line.split()]


MIN_COMPOUND_PART = 3
MIN_COMPOUND_WORD = 7
MIN_TYPO_WORD = 5
TYPO_CUTOFF = 84.0  # rapidfuzz ratio (0–100) a correction must reach

# each language's stop words are data: bot/lang/<code>/stop_words.txt
_STOP_LISTS = {code: _stop_list(code) for code in ("sv", "en")}
_SV_STOP = _STOP_LISTS["sv"]
_EN_STOP = _STOP_LISTS["en"]


@lru_cache(maxsize=200_000)  # called for every word of every clause at start-up
def fold(text: str) -> str:
    """Lower-case and drop diacritics: 'Länge' → 'lange', 'Ö' → 'o'."""
    lowered = text.lower().translate(_SPECIAL_FOLDS)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# folded forms are stop words too ("nar" for "när"), except where folding meets a content word
_FOLD_COLLISIONS = frozenset({"ar"})  # "är" (is) folds to "ar", as does "år" (year)
STOP_WORDS: frozenset[str] = frozenset(
    {w.lower() for w in _SV_STOP + _EN_STOP}
    | {fold(w) for w in _SV_STOP + _EN_STOP if fold(w) not in _FOLD_COLLISIONS}
)


_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third"}  # "3rd party" is a "third party"


def words(text: str) -> list[str]:
    """The lower-cased words of a text (letters and digits; '_' and punctuation split).

    Ordinals written with digits are spelt out ("3rd" → "third"), as policies write them.
    """
    found = _WORD_RE.findall(text.lower())
    if "1st" in found or "2nd" in found or "3rd" in found:
        return [_ORDINALS.get(w, w) for w in found]
    return found


_SV_VOWELS = frozenset("aeiouyåäö")


def _swedish_definite(stemmed: str, stemmer: snowballstemmer.stemmer) -> str:
    """Finish what Snowball leaves of a Swedish definite neuter: 'samtycket' → 'samtyck', 'kontot' → 'konto'.

    Snowball strips "-et" only after some letters, so "samtycket", "syftet", "registret" kept their
    ending and never met "samtycke", "syfte", "register". Applied to every stem, so all forms agree.
    """
    if len(stemmed) < 6 or stemmed[-1] != "t" or stemmed[-2] not in "eo":
        return stemmed
    if stemmed.endswith("ret") and stemmed[-4] not in _SV_VOWELS:  # registret → register
        return stemmer.stemWord(stemmed[:-3] + "er")
    return stemmer.stemWord(stemmed[:-1])  # samtycket → samtycke, kontot → konto


def _stemmer(language: str) -> Any:
    """This thread's Snowball stemmer of ``language`` (two threads building indexes at once would
    otherwise garble each other's words)."""
    stemmers: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    found = stemmers.get(language)
    if found is None:
        found = stemmers[language] = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return found


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Snowball stem of a lower-cased word in ``language`` ('sv' | 'en'), folded afterwards."""
    stemmer = _stemmer(language if language in _STEMMER_NAMES else "en")
    stemmed = stemmer.stemWord(word)
    if language == "sv":
        stemmed = _swedish_definite(stemmed, stemmer)
    return fold(stemmed)


def is_stop_word(word: str) -> bool:
    """A lower-cased word that carries no topic ("och", "the"; "nar" as well as "när")."""
    return word in STOP_WORDS


class Vocabulary:
    """The folded words and stems of one index, for compound splitting and typo correction."""

    def __init__(
        self,
        folded_words: Iterable[str],
        language: str,
        word_languages: Mapping[str, str] | None = None,
    ) -> None:
        """``folded_words``: the index's words, repeated as often as they occur (folded here if they are
        not yet). ``word_languages``: the language of words known to belong to one language only; every
        other word is taken to be in ``language``."""
        self.language = language
        counts = Counter(sys.intern(fold(w)) for w in folded_words)
        self.words: frozenset[str] = frozenset(counts)
        self.stems: frozenset[str] = frozenset(sys.intern(stem(w, language)) for w in self.words)
        self.word_languages: dict[str, str] = {
            w: lang for w, lang in (word_languages or {}).items() if w in self.words and lang != language
        }
        self._by_length: dict[int, list[str]] = {}  # typo candidates by length, alphabetical
        self._counts_by_length: dict[int, list[int]] = {}  # how often the policy uses each (lists: small)
        for word in sorted(self.words):
            if len(word) >= MIN_TYPO_WORD - 1 and not word.isdigit():
                self._by_length.setdefault(len(word), []).append(word)
                self._counts_by_length.setdefault(len(word), []).append(counts[word])
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._typo_cache: dict[tuple[str, str | None], str | None] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the index cache) without the caches of earlier look-ups."""
        return {**self.__dict__, "_split_cache": {}, "_typo_cache": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickled: words and stems interned again, so indexes share them (one copy per process)."""
        state["words"] = frozenset(sys.intern(w) for w in state["words"])
        state["stems"] = frozenset(sys.intern(w) for w in state["stems"])
        state["_by_length"] = {n: [sys.intern(w) for w in ws] for n, ws in state["_by_length"].items()}
        self.__dict__.update(state)

    def language_of(self, folded_word: str) -> str:
        return self.word_languages.get(folded_word, self.language)

    def knows(self, folded_word: str) -> bool:
        return folded_word in self.words or stem(folded_word, self.language) in self.stems

    def split(self, folded_word: str) -> tuple[str, ...]:
        """Parts of a compound found in the vocabulary ('fakturaunderlag' → ('faktura', 'underlag')).

        A linking 's' is dropped ('personuppgiftsansvarig' → ('personuppgift', 'ansvarig')).
        Returns () when the word is short or no split into known parts exists.
        """
        if len(folded_word) < MIN_COMPOUND_WORD or not folded_word.isalpha():
            return ()
        cached = self._split_cache.get(folded_word)
        if cached is None:
            cached = self._split(folded_word, 0) or ()
            self._split_cache[folded_word] = cached
        return cached

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        if depth > 3:
            return None
        for cut in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if head.endswith("s") and len(head) > MIN_COMPOUND_PART and self.knows(head[:-1]):
                head = head[:-1]  # the linking s of "personuppgifts|ansvarig"
            elif not self.knows(head):
                continue
            if len(tail) >= MIN_COMPOUND_PART and self.knows(tail):
                return (head, tail)
            rest = self._split(tail, depth + 1) if len(tail) >= 2 * MIN_COMPOUND_PART else None
            if rest:
                return (head, *rest)
        return None

    def correct(
        self, folded_word: str, extra: frozenset[str] = frozenset(), language: str | None = None
    ) -> str | None:
        """The vocabulary word a misspelt word most likely means, or None when nothing is close.

        Among equally close words the choice is fixed, whatever the process: a word in the question's
        ``language`` first, then the word the policy uses most often, then the alphabetically first.
        """
        if len(folded_word) < MIN_TYPO_WORD or folded_word in self.words or folded_word in extra:
            return None
        if folded_word.isdigit():
            return None
        key = (folded_word, language)
        if key in self._typo_cache:
            return self._typo_cache[key]
        size = len(folded_word)
        lengths = range(size - 2, size + 3)
        candidates = [w for n in lengths for w in self._by_length.get(n, ())]
        frequency = [c for n in lengths for c in self._counts_by_length.get(n, ())]
        scored = process.extract(
            folded_word, candidates, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=None
        )
        found = None
        if scored:
            found = min(
                scored,
                key=lambda hit: (
                    -hit[1],
                    self.language_of(hit[0]) != language,
                    -frequency[hit[2]],
                    hit[0],
                ),
            )[0]
        if len(self._typo_cache) < 50_000:
            self._typo_cache[key] = found
        return found
