"""Which company is a message about?

Order of precedence (first that applies wins):

1. the explicit argument (``--company``, a slash-command option);
2. a company *named in the text* — this beats a channel binding, so asking about Lumo in the
   Acmesoft channel answers about Lumo;
3. the channel binding;
4. the only company, when the knowledge base has one;
5. nothing: ``slug=None`` with every company as a candidate, so the front end asks which one.

Names are matched against each policy's name, aliases and slug, ignoring case, spaces, hyphens and
a genitive ("Acmesofts", "PilotCRM's", "Acmesoft:s"), with typo tolerance (rapidfuzz) for names of
six or more letters whose first letter is right ("acmesfot", "Northwind Tradres"). Short names ("Lumo")
must match exactly, so "lump" and "limo" do not. An alias that is only part of a longer name and an
ordinary word on its own ("Golden" for Golden Harbour) counts only when written with
a capital letter inside a sentence and not followed by "to"/"up" — "golden to" is not a company.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

from bot.lang import common_words
from bot.retrieval.loader import Policy

FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SIMILARITY = 0.86
SHORT_TYPO_MIN_LENGTH = 4  # a shorter name with a wrong letter is another word
SHORT_TYPO_SIMILARITY = 0.75  # ranks below any close match of a longer name
MAX_WINDOW = 4  # words joined when comparing ("Golden Harbour AB" = 3)

_TOKEN = re.compile(r"[\w&]+(?:\.[\w&]+)*(?:['’:]s\b)?")  # a hyphen splits: "Acme-kontot" names Acme
_GENITIVE = re.compile(r"['’:]s$")
_ARTICLES = {"a", "an", "the", "en", "ett", "one", "any", "every", "some"}
_NOT_A_NAME_AFTER = {"to", "up", "into", "the", "a", "an", "edge", "role", "cause", "question"}
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")
# company-form suffixes (Swedish, Nordic, English, German, Dutch, French): not part of the name people use
LEGAL_FORMS = frozenset(
    [
        "ab",
        "hb",
        "kb",
        "publ",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "corp",
        "corporation",
        "co",
        "plc",
        "gmbh",
        "ag",
        "ev",
        "e.v",
        "as",
        "asa",
        "aps",
        "oy",
        "oyj",
        "bv",
        "nv",
        "sa",
        "sas",
        "sarl",
    ]
)


@dataclass(frozen=True)
class CompanyMatch:
    slug: str | None
    candidates: tuple[str, ...] = ()
    how: str = "none"  # "explicit" | "binding" | "text" | "only" | "none"
    named: tuple[str, ...] = ()  # every company named in the text, in order of first mention
    mentions: tuple[tuple[int, int], ...] = ()  # where in the text companies are named (start, end)


@dataclass(frozen=True)
class _Name:
    slug: str
    compact: str  # lower-case letters and digits only
    words: int
    weak: bool  # an ordinary word that is only part of the company's full name


@dataclass(frozen=True)
class _Token:
    text: str  # as written, genitive removed
    compact: str
    start: int
    genitive: bool
    end: int  # where the word as written ends, genitive included


def name_words(policies: Iterable[Policy]) -> frozenset[str]:
    """The lower-case words of every company's name, aliases and slug ("acmesoft", "golden", "harbour")."""
    return frozenset(
        w
        for p in policies
        for text in (p.name, *p.aliases, p.slug.replace("-", " "))
        for w in re.findall(r"[^\W_]+", text.lower())
    )


def company_slug(name: str, policies: Iterable[Policy]) -> str | None:
    """The company a name given on purpose means (a slug, a name or an alias, in any case: "Acmesoft",
    "golden harbour", "LUMO"), or None. For a company named in running text see ``resolve_company``."""
    wanted = _compact(name)
    if not wanted:
        return None
    policies = list(policies)
    for policy in policies:
        if wanted in {_compact(label) for label in (policy.slug, policy.name, *policy.aliases)}:
            return policy.slug
    return None


def find_company(name: str, policies: Iterable[Policy]) -> str | None:
    """The company someone means by ``name`` in a command (``/privacy use acmesoft AB``): a slug, name or
    alias in any case, else a company named in it (typos and all), else None."""
    policies = list(policies)
    return company_slug(name, policies) or resolve_company(name, policies).slug


def resolve_company(
    text: str, policies: Iterable[Policy], explicit: str | None = None, binding: str | None = None
) -> CompanyMatch:
    """The company a message is about (see the module docstring for the order of precedence)."""
    policies = list(policies)
    slugs = tuple(sorted(p.slug for p in policies))
    scan = _scan(text, policies)
    named, mentions = tuple(_named(scan)), tuple(_mentions(scan))
    explicit = company_slug(explicit, policies) if explicit and explicit not in slugs else explicit
    if explicit and explicit in slugs:
        return CompanyMatch(explicit, how="explicit", named=named, mentions=mentions)
    if named:
        if binding in named:  # several named, one of them the channel's: keep the channel's
            return CompanyMatch(binding, named, "text", named, mentions)
        return CompanyMatch(named[0], named if len(named) > 1 else (), "text", named, mentions)
    if binding and binding in slugs:
        return CompanyMatch(binding, how="binding", mentions=mentions)
    if len(slugs) == 1:
        return CompanyMatch(slugs[0], how="only", mentions=mentions)
    return CompanyMatch(None, slugs, mentions=mentions)


def named_companies(text: str, policies: Iterable[Policy]) -> list[str]:
    """Slugs of the companies named in ``text``, in order of first mention."""
    return _named(_scan(text, list(policies)))


def company_mentions(text: str, policies: Iterable[Policy]) -> list[tuple[int, int]]:
    """Where companies are named in ``text``: the (start, end) of every mention. A mention is the fewest
    words that name a company, and more only when they spell a longer name exactly ("Golden Harbour AB"
    is one mention; in "acmesoft use" a near miss of a longer alias does not take "use" along)."""
    return _mentions(_scan(text, list(policies)))


@dataclass(frozen=True)
class _Scan:
    tokens: list[_Token]
    candidates: list[list[_Name]]  # per token: the names that begin with its letter
    matches: list[list[tuple[int, str]]]  # per token: (words, slug) of each window there that names one


def _scan(text: str, policies: list[Policy]) -> _Scan:
    """Every window of up to MAX_WINDOW words that names a company, by the word it starts at."""
    if not text:
        return _Scan([], [], [])
    by_initial = _names_by_initial(tuple((p.slug, p.name, p.aliases) for p in policies))
    tokens = _tokens(text)
    candidates = [by_initial.get(token.compact[:1], []) for token in tokens]
    matches: list[list[tuple[int, str]]] = []
    for i in range(len(tokens)):
        here = []
        for size in range(1, min(MAX_WINDOW, len(tokens) - i) + 1):
            slug = (
                _match_window(tokens[i : i + size], candidates[i], text, tokens, i) if candidates[i] else None
            )
            if slug:
                here.append((size, slug))
        matches.append(here)
    return _Scan(tokens, candidates, matches)


def _named(scan: _Scan) -> list[str]:
    found: dict[str, int] = {}
    for i, here in enumerate(scan.matches):
        for _, slug in here:
            if slug not in found:
                found[slug] = scan.tokens[i].start
    return sorted(found, key=found.__getitem__)


def _mentions(scan: _Scan) -> list[tuple[int, int]]:
    tokens = scan.tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not scan.matches[i]:
            i += 1
            continue
        size = scan.matches[i][0][0]
        exact = {name.compact for name in scan.candidates[i]}
        for longer in range(size + 1, min(MAX_WINDOW, len(tokens) - i) + 1):
            if "".join(t.compact for t in tokens[i : i + longer]) in exact:
                size = longer
        spans.append((tokens[i].start, tokens[i + size - 1].end))
        i += size
    return spans


def _match_window(
    window: list[_Token], names: list[_Name], text: str, tokens: list[_Token], i: int
) -> str | None:
    compact = "".join(t.compact for t in window)
    if not compact:
        return None
    best: tuple[float, str] | None = None
    for name in names:
        if name.compact[0] != compact[0] or abs(len(name.compact) - len(compact)) > 2:
            continue
        if compact == name.compact:
            if name.weak and not _weak_ok(window, text, tokens, i):
                continue
            if name.words > 1 and _common_phrase(window, tokens, i):
                continue
            if compact.isdigit() and not _lone_number(tokens, i):
                continue
            return name.slug
        if name.weak:
            continue
        if len(name.compact) < FUZZY_MIN_LENGTH or len(compact) < FUZZY_MIN_LENGTH:
            if best is None and _short_name_typo(window, name, text, tokens, i):
                best = (SHORT_TYPO_SIMILARITY, name.slug)
            continue
        if len(window) > name.words + 1 or _common_phrase(window, tokens, i):
            continue
        similarity = Indel.normalized_similarity(compact, name.compact)
        if similarity < FUZZY_MIN_SIMILARITY or (best is not None and similarity <= best[0]):
            continue
        if len(window) > 1:  # every word must help: "Golden Harbour in" is not a closer match
            shorter = "".join(t.compact for t in window[:-1])
            if Indel.normalized_similarity(shorter, name.compact) >= similarity:
                continue
        best = (similarity, name.slug)
    return best[1] if best else None


def _short_name_typo(window: list[_Token], name: _Name, text: str, tokens: list[_Token], i: int) -> bool:
    """A short name with one letter wrong ("Lumu", "Lomo" for Lumo) counts when the word is written as a
    name: capitalised, not at the start of a sentence, the rest of the letters in place."""
    token = window[0]
    if (
        len(window) != 1
        or len(token.compact) != len(name.compact)
        or len(name.compact) < SHORT_TYPO_MIN_LENGTH
    ):
        return False
    if Levenshtein.distance(token.compact, name.compact) != 1 or not token.text[:1].isupper():
        return False
    before = text[: token.start]
    return bool(before.strip()) and not _SENTENCE_END.search(before)


def _weak_ok(window: list[_Token], text: str, tokens: list[_Token], i: int) -> bool:
    """An ordinary-word alias ("Golden") counts only when it is clearly used as a name."""
    token = window[0]
    if token.genitive:
        return True
    if not token.text[:1].isupper():
        return False
    before = text[: token.start]
    if not before.strip() or _SENTENCE_END.search(before):
        return False  # capitalised only because a sentence starts there
    if i > 0 and tokens[i - 1].text.lower() in _ARTICLES:
        return False
    nxt = tokens[i + len(window)].text.lower() if i + len(window) < len(tokens) else ""
    return nxt not in _NOT_A_NAME_AFTER


def _common_phrase(window: list[_Token], tokens: list[_Token], i: int) -> bool:
    """A lower-case name made of ordinary words after an article: "a golden harbour in the north"."""
    lower = all(t.text == t.text.lower() for t in window)
    return lower and i > 0 and tokens[i - 1].text.lower() in _ARTICLES


def _lone_number(tokens: list[_Token], i: int) -> bool:
    """ "003" alone, not part of a phone number or a date."""
    near = [tokens[j].compact for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return not any(n.isdigit() for n in near)


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        genitive = bool(_GENITIVE.search(raw))
        word = _GENITIVE.sub("", raw)
        out.append(_Token(word, _compact(word), m.start(), genitive, m.end()))
    return out


@lru_cache(maxsize=32)
def _names_by_initial(entries: tuple[tuple[str, str, tuple[str, ...]], ...]) -> dict[str, list[_Name]]:
    """The names grouped by their first letter, built once per set of companies."""
    by_initial: dict[str, list[_Name]] = {}
    for name in _names(entries):
        by_initial.setdefault(name.compact[0], []).append(name)
    return by_initial


@lru_cache(maxsize=32)
def _names(entries: tuple[tuple[str, str, tuple[str, ...]], ...]) -> tuple[_Name, ...]:
    names: list[_Name] = []
    for slug, name, aliases in entries:
        full = [name, *aliases, slug.replace("-", " ")]
        core = _without_legal_form(name)  # "Reliwe AB" → "Reliwe": the name people use
        seen: set[str] = set()
        for label in full:
            compact = _compact(label)
            if not compact or compact in seen:
                continue
            seen.add(compact)
            words = len(label.split())
            # weak: an ordinary word of the language that is only part of the name ("Golden" of "Golden
            # Harbour", "Boost" of "Boost by FC Rosengård"): it counts only when written as a name. A
            # word that is the name itself ("Reliwe" of "Reliwe AB") or no ordinary word ("Asklunda",
            # "Kaprifolen") is the name, however it is written.
            weak = (
                words == 1
                and compact.isalpha()
                and compact != _compact(core)
                and label.lower() in common_words()
            )
            names.append(_Name(slug, compact, max(words, 1), weak))
            if not compact.endswith("s"):  # Swedish/English genitive without apostrophe
                names.append(_Name(slug, compact + "s", max(words, 1), weak))
        for number in re.findall(r"\b\d{3,}\b", " ".join(full)):  # "104" alone names Company 104
            if number not in seen:
                seen.add(number)
                names.append(_Name(slug, number, 1, False))
    return tuple(names)


def _without_legal_form(name: str) -> str:
    """The name without a company-form suffix: "Acme AB" → "Acme", "Hiberly Inc." → "Hiberly"."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().strip(".,") in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


_STUTTER = re.compile(r"([a-zåäö])\1{2,}")


def _compact(text: str) -> str:
    """Lower-case letters and digits only; a letter typed three or more times counts twice ("leeep")."""
    return _STUTTER.sub(r"\1\1", "".join(ch for ch in text.lower() if ch.isalnum()))
