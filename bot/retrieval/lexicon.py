"""A bilingual privacy concept lexicon, organised along the OPP-115 categories.

OPP-115 (Wilson et al., ACL 2016) sorts privacy-policy text into first-party collection/use,
third-party sharing/collection, user choice/control, user access/edit/deletion, data retention, data
security, policy change, do not track, international and specific audiences, and other. Each concept
(``bot/lang/concepts.json``) belongs to one category, and each language gives its vocabulary for it as
data (``bot/lang/<code>/concepts.txt``), so that an English question and a Swedish clause (or the
reverse) meet on the same concept. A third language is a third folder; this engine reads them all alike.

Pattern syntax: alternatives separated by '|'; words separated by spaces and matched in sequence;
``word*`` matches any word beginning with ``word`` (after diacritic folding, so Swedish compounds and
inflections match); a plain word matches by its Snowball stem in the pattern's language.

``generic`` concepts (personal data, the policy, the website) appear almost everywhere: they help
ranking a little but never decide whether a question is answered. ``cue`` concepts are question
forms ("how long", "who gets"): they imply topic concepts and steer the reranker. The ``how_long`` cue
is not the retention extractor's retention question (``bot/lang/<code>/retention_questions.txt``, which
decides whether a rule's one-line summary answers): the lexicon's matches are features of the learned
ranking model, so its words stay as the model learned them (see ``retention.is_retention_question``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.lang import ROOT as LANG_ROOT
from bot.lang import languages, word_list
from bot.text.tokens import fold, stem, words

CATEGORIES = (
    "first_party",
    "third_party",
    "choice",
    "access",
    "retention",
    "security",
    "policy_change",
    "do_not_track",
    "audiences",
    "other",
)


@dataclass(frozen=True)
class Concept:
    id: str
    category: str
    patterns: Mapping[str, str]  # language code → alternatives ("collect|gather*|…"), from bot/lang/
    generic: bool = False
    cue: bool = False
    implies: tuple[str, ...] = ()
    # concepts whose matches inside this concept's phrase are dropped: "data protection officer" is a
    # DPO, not security; "how long does it take to answer" is a response time, not retention
    masks: tuple[str, ...] = ()


def load_concepts(root: Path = LANG_ROOT) -> tuple[Concept, ...]:
    """The concepts of ``bot/lang/concepts.json`` with each language's words (``bot/lang/<code>/concepts.txt``):
    a language with data is a folder; the engine below reads them all alike."""
    ontology = json.loads((root / "concepts.json").read_text(encoding="utf-8"))["concepts"]
    words: dict[str, dict[str, str]] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "concepts.txt").is_file()):
        for number, line in enumerate((folder / "concepts.txt").read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            concept_id, sep, patterns = line.partition(":")
            if not sep:
                raise ValueError(f"{folder.name}/concepts.txt:{number}: expected 'id: patterns'")
            words.setdefault(concept_id.strip(), {})[folder.name] = patterns.strip()
    known = {item["id"] for item in ontology}
    unknown = sorted(set(words) - known)
    if unknown:
        raise ValueError(f"concepts.txt names concepts concepts.json lacks: {', '.join(unknown)}")
    return tuple(
        Concept(
            item["id"],
            item["category"],
            words.get(item["id"], {}),
            bool(item.get("generic")),
            bool(item.get("cue")),
            tuple(item.get("implies", ())),
            tuple(item.get("masks", ())),
        )
        for item in ontology
    )


CONCEPTS: tuple[Concept, ...] = load_concepts()

# number words and units of time, of every language (bot/lang/<code>/number_words.txt, duration_units.txt):
# the words only, not their values and codes (the retention extractor's), nor the retention_*.txt words
_NUMBER_WORDS = frozenset(fold(w) for code in languages() for w in word_list(code, "number_words"))
_DURATION_UNITS = frozenset(w for code in languages() for w in word_list(code, "duration_units"))


# --------------------------------------------------------------------------- compiled matcher


MIN_E_DROP_PREFIX = 5  # an English prefix longer than this drops a final "e" (not "store*" → "stor")


@dataclass(frozen=True)
class _Element:
    prefix: str | None  # folded prefix, or None for a stem or exact match
    language: str
    stem: str
    exact: str | None = None  # "=word": this folded word only (where stems collide: säljs ≠ säljer)

    def matches(self, folded: str, stem_of: str) -> bool:
        if self.exact is not None:
            return folded == self.exact
        if self.prefix is not None:
            return folded.startswith(self.prefix)
        return stem_of == self.stem


def _pattern_words(alternative: str) -> list[str]:
    """The words of a pattern split like text is ("e-post*" → "e", "post*"; "don't" → "don", "t")."""
    result: list[str] = []
    for part in alternative.split():
        if part == "*":
            result.append(part)
            continue
        if part.startswith("="):
            result.append(part)  # an exact word is kept whole
            continue
        star = part.endswith("*")
        pieces = words(part.rstrip("*"))
        if star and pieces:
            pieces[-1] += "*"
        result.extend(pieces)
    return result


def _element(word: str, language: str) -> _Element:
    if word == "*":  # any one word: "tar * bort" matches "tar vi bort"
        return _Element("", language, "")
    if word.endswith("*") and len(word) > 1:
        prefix = fold(word[:-1])
        if language == "en" and prefix.endswith("e") and len(prefix) > MIN_E_DROP_PREFIX:
            prefix = prefix[:-1]  # "unsubscribe*" also covers "unsubscribing", "revoke*" "revoking"
        return _Element(prefix, language, "")
    if word.startswith("=") and len(word) > 1:
        return _Element(None, language, stem(word[1:].lower(), language), fold(word[1:]))
    return _Element(None, language, stem(word.lower(), language))


@dataclass(frozen=True)
class _Pattern:
    concept: str
    elements: tuple[_Element, ...]


class Lexicon:
    """Finds concepts in a sequence of words."""

    def __init__(self, concepts: Sequence[Concept] = CONCEPTS) -> None:
        self.concepts = {c.id: c for c in concepts}
        self.by_stem: dict[tuple[str, str], list[_Pattern]] = {}
        self.by_prefix: dict[str, list[_Pattern]] = {}  # first three folded letters → patterns
        self.by_prefix_in: dict[str, dict[str, list[_Pattern]]] = {}  # one language's prefix patterns
        self.surface: set[str] = set()  # the folded words the lexicon knows (for typo correction)
        surface_languages: dict[str, set[str]] = {}
        for concept in concepts:
            for language, text in sorted(concept.patterns.items()):
                for alternative in text.split("|"):
                    parts = _pattern_words(alternative)
                    if not parts:
                        continue
                    pattern = _Pattern(concept.id, tuple(_element(p, language) for p in parts))
                    first = pattern.elements[0]
                    if first.prefix is None:
                        self.by_stem.setdefault((language, first.stem), []).append(pattern)
                    else:
                        self.by_prefix.setdefault(first.prefix[:3], []).append(pattern)
                        own = self.by_prefix_in.setdefault(language, {})
                        own.setdefault(first.prefix[:3], []).append(pattern)
                    for part in parts:
                        word = fold(part.lstrip("=").rstrip("*"))
                        if len(word) >= 4:
                            self.surface.add(word)
                            surface_languages.setdefault(word, set()).add(language)
        # the language of each lexicon word that belongs to one language only (typo ties, see Vocabulary)
        self.word_languages: dict[str, str] = {
            word: next(iter(found)) for word, found in surface_languages.items() if len(found) == 1
        }

    def match(
        self, tokens: Sequence[str], languages: Sequence[str] = ("en", "sv"), expand: bool = True
    ) -> dict[str, int]:
        """Concept → how many times it occurs in ``tokens`` (lower-cased words, in order).

        Only the patterns of ``languages`` are tried (a Swedish clause is read with Swedish patterns).
        With ``expand`` the concepts a match implies are added once each ("how long" → retention).
        """
        languages = tuple(languages)
        folded = [fold(t) for t in tokens]
        stems = {language: [stem(t, language) for t in tokens] for language in languages}
        prefixes = self.by_prefix_in.get(languages[0], {}) if len(languages) == 1 else self.by_prefix
        spans: list[tuple[str, int, int]] = []  # (concept, start, end): the longest match per start
        size = len(tokens)
        for i in range(size):
            candidates: list[_Pattern] = []
            for language in languages:
                candidates.extend(self.by_stem.get((language, stems[language][i]), ()))
            candidates.extend(prefixes.get(folded[i][:3], ()))
            longest: dict[str, int] = {}
            for pattern in candidates:
                length = len(pattern.elements)
                if i + length > size or longest.get(pattern.concept, 0) >= length:
                    continue
                if all(
                    e.matches(folded[i + j], stems[e.language][i + j]) for j, e in enumerate(pattern.elements)
                ):
                    longest[pattern.concept] = length
            spans.extend((concept, i, i + length) for concept, length in longest.items())
            if folded[i] in _NUMBER_WORDS or folded[i].isdigit():
                window = tokens[i + 1 : i + 3]
                if any(w in _DURATION_UNITS for w in window):
                    spans.append(("duration", i, i + 1))
        found: dict[str, int] = {}
        for concept_id, _start, _end in self._unmasked(spans):
            found[concept_id] = found.get(concept_id, 0) + 1
        return self.expand(found) if expand else found

    def expand(self, found: dict[str, int]) -> dict[str, int]:
        """``found`` plus the concepts its concepts imply (once each, unless found already)."""
        result = dict(found)
        for concept_id in found:
            for implied in self.concepts[concept_id].implies:
                result.setdefault(implied, 1)
        return result

    def _unmasked(self, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Drop the matches a masking phrase covers ("data protection officer" hides "protection")."""
        masking = [
            (set(self.concepts[c].masks), start, end) for c, start, end in spans if self.concepts[c].masks
        ]
        if not masking:
            return spans
        return [
            (c, start, end)
            for c, start, end in spans
            if not any(c in masked and s <= start and end <= e for masked, s, e in masking)
        ]

    def is_generic(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        return bool(concept and concept.generic)

    def is_cue(self, concept_id: str) -> bool:
        concept = self.concepts.get(concept_id)
        return bool(concept and concept.cue)

    def category(self, concept_id: str) -> str:
        concept = self.concepts.get(concept_id)
        return concept.category if concept else "other"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()


DETAIL_KINDS = ("number", "name", "country")


def _detail_forms() -> dict[str, tuple[str, ...]]:
    """Questions that ask for a specific detail, not only for the topic (an exact number, a name, a list
    of countries), as regular expressions on folded text: each language's
    ``bot/lang/<code>/detail_questions.txt``, ``{units}`` standing for a unit of time of any language."""
    units = (
        "(?:" + "|".join(sorted({re.escape(fold(u)) for u in _DURATION_UNITS}, key=len, reverse=True)) + ")"
    )
    forms: dict[str, list[str]] = {kind: [] for kind in DETAIL_KINDS}
    for code in languages():
        path = LANG_ROOT / code / "detail_questions.txt"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                kind, _, pattern = line.partition(":")
                forms[kind.strip()].append(pattern.strip().replace("{units}", units))
    return {kind: tuple(patterns) for kind, patterns in forms.items()}


DETAIL_FORMS: dict[str, tuple[str, ...]] = _detail_forms()
# Countries and regions outside the EU/EEA a transfer clause might name (folded). The EU, the EEA and
# "Europe" do not answer "which countries".
COUNTRY_WORDS = frozenset(
    (
        "usa",
        "us",
        "u.s.",
        "united states",
        "förenta staterna",
        "forenta staterna",
        "amerika",
        "uk",
        "united kingdom",
        "storbritannien",
        "england",
        "india",
        "indien",
        "china",
        "kina",
        "japan",
        "canada",
        "kanada",
        "australia",
        "australien",
        "switzerland",
        "schweiz",
        "norway",
        "norge",
        "iceland",
        "island",
        "singapore",
        "brazil",
        "brasilien",
        "israel",
        "philippines",
        "filippinerna",
        "ukraine",
        "ukraina",
        "serbia",
        "serbien",
        "vietnam",
        "south africa",
        "sydafrika",
        "new zealand",
        "nya zeeland",
        "argentina",
        "mexico",
        "mexiko",
        "korea",
        "sydkorea",
        "south korea",
        "turkey",
        "turkiet",
        "russia",
        "ryssland",
        "pakistan",
        "bangladesh",
        "egypt",
        "egypten",
        "uruguay",
        "taiwan",
        "hong kong",
    )
)
