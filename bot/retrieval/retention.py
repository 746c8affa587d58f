"""Retention rules from policy clauses, and the one-line direct answer to a retention question.

A rule says how long a company keeps one kind of data: a period as an ISO 8601 duration ("P36M") with
its bound (max/min/exact) and what starts the clock, or a kind without a fixed period (as long as
needed, during the relationship, until consent is withdrawn, as long as the law requires, no time
limit, until an event such as closing the browser). Each rule quotes the sentence(s) it comes from
verbatim, with the clause and its section.

Extraction is pattern based (see ``retention_terms``), Swedish and English alike, so a new policy file
works without code changes. It runs at start-up for every company: regexes are compiled once, and only
sentences that speak of keeping or deleting data are looked at closely.

The words for a period (numbers, units of time, "at most", "within", "aged") and the forms of a question
about retention are each language's data in ``bot/lang/<code>/`` (see ``PeriodWords``), read alike for
every language. Still patterns in code: the verbs of keeping and deleting below (``STORE_RE`` …) and the
vocabulary of ``retention_terms``, which are stems and phrasings rather than lists of words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import messages
from bot.lang import ROOT as LANG_ROOT
from bot.lang import languages, word_entries
from bot.retrieval import retention_terms as terms
from bot.retrieval.loader import Clause, Policy
from bot.retrieval.retention_terms import PERSONAL_DATA, Category, Pattern, Trigger
from bot.text.tokens import fold

_F = re.NOFLAG  # patterns are lower case and run on lower-cased text: much faster than IGNORECASE

# --------------------------------------------------------------------------- the languages' words for periods

ISO_CODES = ("Y", "M", "W", "D", "H", "MIN")  # a unit's ISO 8601 code: year … hour, and MIN for minutes
PHRASE_KINDS = (
    "compound",
    "article",
    "and_a_half",
    "half_year",
    "whole",
    "at_most_before",
    "at_most_after",
    "at_least_before",
    "at_least_after",
    "between_bound_and_period",
    "within",
    "not_a_period_before",
    "person",
    "age_limit",
    "not_a_period_after",
)  # the kinds of bot/lang/<code>/retention_phrases.txt, explained in bot/lang/en/retention_phrases.txt
QUESTION_KINDS = ("retention", "deadline")  # the kinds of bot/lang/<code>/retention_questions.txt
TENS = frozenset(range(20, 100, 10))  # the values a compound's {tens} word may have
ONES = frozenset(range(1, 10))  # and its {ones} word
_PLACEHOLDER_RE = re.compile(r"\{(tens|ones)\}")


@dataclass(frozen=True)
class Compound:
    """One way a language makes a number of a tens and a ones word: "{tens}-{ones}" ("twenty-three"),
    "{tens}{ones}" ("tjugotre"), "{ones}und{tens}" ("dreiundzwanzig")."""

    template: str
    tens: tuple[str, ...]  # the language's words of 20, 30 … 90
    ones: tuple[str, ...]  # and of 1 … 9 (not its articles: "twenty-a" is no number)

    def pattern(self, named: bool = False) -> str:
        """The template as a regex; with ``named``, the words are the groups ``tens`` and ``ones``."""
        groups = {"tens": _alternatives(self.tens), "ones": _alternatives(self.ones)}
        parts: list[str] = []
        for index, piece in enumerate(_PLACEHOLDER_RE.split(self.template)):
            if index % 2 == 0:
                parts.append(re.escape(piece))
            else:
                parts.append(f"(?P<{piece}>{groups[piece]})" if named else f"(?:{groups[piece]})")
        return "".join(parts)


@dataclass(frozen=True)
class PeriodWords:
    """Every language's words for a period of time, as its folder in ``bot/lang`` gives them.

    ``number_words.txt`` and ``duration_units.txt`` are shared with the lexicon (the words, their values
    and ISO 8601 codes); ``retention_number_words.txt`` and ``retention_duration_units.txt`` add words only
    this extractor reads (the lexicon's words are features of the learned models, which a new word there
    would change); ``retention_phrases.txt`` has the words around a period ("at most", "within", "aged")
    and ``retention_questions.txt`` the forms of a question about retention. A clause is read without
    knowing its language, so the words of all languages are pooled: a third language is a third folder.
    """

    numbers: Mapping[str, int]  # number word → value, articles included ("a" → 1)
    units: Mapping[str, str]  # unit of time → ISO 8601 code ("years" → "Y")
    compounds: tuple[Compound, ...]
    phrases: Mapping[str, tuple[str, ...]]  # kind → the phrases of every language
    questions: Mapping[str, tuple[str, ...]]  # kind → regexes on folded text, of every language


def load_period_words(root: Path = LANG_ROOT) -> PeriodWords:
    """The words for periods of every language folder under ``root``; ValueError on a malformed line."""
    numbers: dict[str, int] = {}
    units: dict[str, str] = {}
    compounds: list[Compound] = []
    phrases: dict[str, list[str]] = {kind: [] for kind in PHRASE_KINDS}
    questions: dict[str, list[str]] = {kind: [] for kind in QUESTION_KINDS}
    for code in languages(root):
        own = _number_values(code, root)
        templates: list[str] = []
        articles: list[str] = []
        for kind, phrase in _kinds(code, "retention_phrases", PHRASE_KINDS, root):
            if kind == "compound":
                templates.append(phrase)
            else:
                phrases[kind].append(phrase.lower())
                if kind == "article":
                    articles.append(phrase.lower())
        tens = tuple(w for w, v in own.items() if v in TENS)
        ones = tuple(w for w, v in own.items() if v in ONES)
        for template in templates:
            if sorted(_PLACEHOLDER_RE.findall(template)) != ["ones", "tens"]:
                raise ValueError(
                    f"{code}/retention_phrases.txt: {template!r} needs one {{tens}} and one {{ones}}"
                )
            compounds.append(Compound(template.lower(), tens, ones))
        own.update(dict.fromkeys(articles, 1))
        for word, value in own.items():
            if numbers.setdefault(word, value) != value:
                raise ValueError(f"{code}: {word!r} is {value}, another language has it as {numbers[word]}")
        for name in ("duration_units", "retention_duration_units"):
            for word, iso in word_entries(code, name, root):
                if iso not in ISO_CODES:
                    raise ValueError(
                        f"{code}/{name}.txt: {word!r} needs a code, one of {', '.join(ISO_CODES)}"
                    )
                if units.setdefault(word, iso) != iso:
                    raise ValueError(
                        f"{code}/{name}.txt: {word!r} is {iso}, another language has it as {units[word]}"
                    )
        for kind, pattern in _kinds(code, "retention_questions", QUESTION_KINDS, root):
            questions[kind].append(pattern)
    return PeriodWords(
        numbers,
        units,
        tuple(compounds),
        {kind: tuple(found) for kind, found in phrases.items()},
        {kind: tuple(found) for kind, found in questions.items()},
    )


def _number_values(code: str, root: Path) -> dict[str, int]:
    """A language's number words with a value ("several" has none: it is a rough count)."""
    values: dict[str, int] = {}
    for name in ("number_words", "retention_number_words"):
        for word, value in word_entries(code, name, root):
            if not value:
                continue
            if not value.isdigit():
                raise ValueError(f"{code}/{name}.txt: {word!r} has the value {value!r}, not a number")
            values[word] = int(value)
    return values


def _kinds(code: str, name: str, kinds: Sequence[str], root: Path) -> list[tuple[str, str]]:
    """The "kind: text" lines of a language's file, refusing an unknown kind."""
    entries = list(word_entries(code, name, root))
    for kind, text in entries:
        if kind not in kinds or not text:
            raise ValueError(
                f"{code}/{name}.txt: {kind!r}: expected 'kind: text', kind one of {', '.join(kinds)}"
            )
    return entries


def _alternatives(phrases: Iterable[str]) -> str:
    """Plain phrases as regex alternatives, longest first; a pattern matching nothing when there are none."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p) for p in ordered) if ordered else "(?!)"


def _anchor(phrase: str) -> str:
    """A piece of text every match of ``phrase`` holds (the gate of ``Pattern``)."""
    return phrase.split()[-1][:3]


# --------------------------------------------------------------------------- numbers and durations


@dataclass(frozen=True)
class Duration:
    iso: str
    start: int
    end: int


class PeriodReader:
    """Periods, their bounds and retention questions, read with the patterns built from ``PeriodWords``."""

    def __init__(self, words: PeriodWords) -> None:
        self.words = words
        p = words.phrases
        digits = r"\d{1,4}(?:[.,]5)?"
        num = "|".join((digits, *(c.pattern() for c in words.compounds), _alternatives(words.numbers)))
        half = _alternatives(p["and_a_half"])
        whole = _alternatives(p["whole"])
        self.duration = Pattern(
            rf"(?<![\w-])(?P<num>{num})(?P<half>\s+(?:{half}))?(?:\s*\(\d{{1,4}}\))?(?:\s+|-)"
            rf"(?:(?:{whole})\s+)?(?P<unit>{_alternatives(words.units)})(?![\w])"
            rf"|(?P<halfyear>\b(?:{_alternatives(p['half_year'])})\b)",
            anchors=tuple(sorted({_anchor(w) for w in (*words.units, *p["half_year"])})),
        )
        self._compounds = tuple(re.compile(c.pattern(named=True), _F) for c in words.compounds)
        # words just before a number that make it something other than a retention period
        self._not_a_period_before = re.compile(
            rf"(?:\b(?:{_alternatives(p['not_a_period_before'])})"
            rf"|\b(?:{_alternatives(p['person'])})\s+(?:{_alternatives(p['age_limit'])}))\s*$",
            _F,
        )
        self._not_a_period_after = re.compile(rf"^\s*(?:{_alternatives(p['not_a_period_after'])})\b", _F)
        self._within = re.compile(rf"\b(?:{_alternatives(p['within'])})\s*$", _F)
        between = rf"(?:\s+(?:{_alternatives(p['between_bound_and_period'])}))?\s*(?:\w+\s+){{0,2}}$"
        self._at_most_before = re.compile(rf"\b(?:{_alternatives(p['at_most_before'])}){between}", _F)
        self._at_least_before = re.compile(rf"\b(?:{_alternatives(p['at_least_before'])}){between}", _F)
        self._at_most_after = re.compile(rf"^\s*(?:{_alternatives(p['at_most_after'])})\b", _F)
        self._at_least_after = re.compile(rf"^\s*(?:{_alternatives(p['at_least_after'])})\b", _F)
        self.retention_question = _any_of(words.questions["retention"])
        # a question about a response deadline ("within how many days must we answer?") is not about retention
        self.deadline_question = _any_of(words.questions["deadline"])

    def number(self, word: str) -> float | None:
        """The value of a number as the duration pattern found it ("24", "1,5", "tjugofyra", "a")."""
        word = word.lower().replace(",", ".")
        if word[0].isdigit():
            return float(word)
        if word in self.words.numbers:
            return float(self.words.numbers[word])
        for compound in self._compounds:
            m = compound.fullmatch(word)
            if m:
                return float(self.words.numbers[m.group("tens")] + self.words.numbers[m.group("ones")])
        return None

    def iso(self, number: float, unit: str) -> str | None:
        """``number`` of ``unit`` in ISO 8601 ("P3Y", "PT72H"); a fraction in the next unit down."""
        code = self.words.units.get(unit.lower())
        if code is None or number <= 0:
            return None
        if number != int(number):  # "1,5 år" → 18 months, "2.5 days" → 60 hours
            if code == "Y":
                number, code = number * 12, "M"
            elif code == "D":
                number, code = number * 24, "H"
            elif code == "W":
                number, code = number * 7, "D"
            else:
                number = round(number)
        n = round(number)
        if code == "H":
            return f"PT{n}H"
        if code == "MIN":
            return f"PT{n}M"
        return f"P{n}{code}"

    def durations(self, sentence: str) -> list[Duration]:
        """Periods stated in ``sentence`` (lower case) in ISO 8601 ("tre år", "24 månader", "1 dygn")."""
        found: list[Duration] = []
        for m in self.duration.finditer(sentence):
            if m.group("halfyear"):
                found.append(Duration("P6M", m.start(), m.end()))
                continue
            number = self.number(m.group("num"))
            if number is None:
                continue
            if m.group("half"):
                number += 0.5
            pre = sentence[max(0, m.start() - 40) : m.start()]
            if self._not_a_period_before.search(pre) or self._not_a_period_after.match(
                sentence[m.end() : m.end() + 20]
            ):
                continue
            iso = self.iso(number, m.group("unit"))
            if iso:
                found.append(Duration(iso, m.start(), m.end()))
        return found

    def within(self, before: str) -> bool:
        """Whether the words before a period make it a deadline ("inom en månad", "within 30 days")."""
        return bool(self._within.search(before))

    def bound(self, before: str, after: str) -> str:
        """The bound of a period, "max", "min" or "exact", from the words just before and after it."""
        if (
            self._within.search(before)
            or self._at_most_before.search(before)
            or self._at_most_after.match(after)
        ):
            return "max"
        if self._at_least_before.search(before) or self._at_least_after.match(after):
            return "min"
        return "exact"


def _any_of(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", _F)


PERIOD_WORDS: PeriodWords = load_period_words()
PERIODS = PeriodReader(PERIOD_WORDS)
DURATION_RE = PERIODS.duration


def find_durations(sentence: str, reader: PeriodReader = PERIODS) -> list[Duration]:
    """Periods stated in ``sentence`` ("tre år", "24 månader", "four years", "1 dygn") as ISO 8601."""
    return reader.durations(sentence)


# --------------------------------------------------------------------------- cues

STORE_RE = Pattern(
    r"\bspar(?:a|as|ar|ad|at|ade|ats)\b|\blagr(?:a|as|ar|ad|at|ade|ats|ing|ingen|ingstid\w*)\b|\bbehåll\w*|\bbehålls\b"
    r"|\bbevar\w*|\barkiver\w*|\bradera\w*|\bgallr\w*|\bbort\b|\brensa\w*"
    r"|\banonymiser\w*|\bförstör\w*|\bgäller i\b|\bgäller under\b|\bgäller för\b|\bfinnas kvar|\bfinns kvar|\bligger kvar|\bförsvinn\w*"
    r"|upphör att gälla|\bförvar\w*|\bslängs\b|\bkasseras\b|\banvänds inte\b"
    r"|\bstore[sd]?\b|\bstoring\b|\bstorage\b|\bretain\w*|\bretention\b|\bkeep\w*|\bkept\b|\bhold(?:s|ing)?\b|\bheld\b"
    r"|\bdelet\w*|\beras\w*|\bremov\w*|\banonymi[sz]\w*|\bexpir\w*|\blasts?\b|\bvalid for\b|\bremains?\b"
    r"|\barchiv\w*|\bpurg\w*|\bdestroy\w*|\bnot be used\b|\bthinn\w*",
    _F,
)
DELETE_RE = Pattern(
    r"\bradera\w*|\bgallr\w*|\bbort\b|\brensa\w*|\banonymi[sz]\w*"
    r"|\bförstör\w*|\bdelet\w*|\beras\w*|\bremov\w*|\bpurg\w*|\bdestroy\w*",
    _F,
)
WEAK_CUE_RE = Pattern(r"\bbehandla\w*|\bprocess\w*|\banvänd(?:a|s|er|es|ning)\b|\bused?\b", _F)
RESPONSE_RE = Pattern(
    r"\bbegäran\b|\brequests?\b|\bförfrågan\b|\bbesvar\w*|\bsvara\w* (?:på|dig|inom)"
    r"|\brespond\w*|\breply to\b|\banswer\w*|\bklagomål|\bcomplaint|\bmeddela (?:dig|oss)|\bnotify|\binform you"
    r"|\binformera dig|\bträder i kraft|\btake effect",
    _F,
)
ACCOUNTING_RE = re.compile(r"bokför|räkenskap|accounting act|bookkeeping", _F)


_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+(?=[\"“”'(\[A-ZÅÄÖÉ0-9•\-])|\n+")
_LOOKBACK = 2
_PARTY_WINDOW = 30
_AFTER_WINDOW = 40


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or list line of a clause."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RetentionRule:
    """How long a company keeps one kind of data, as its policy states it."""

    category: str
    duration: str | None  # ISO 8601, e.g. "P24M"; None when there is no fixed period
    bound: str  # "max" | "min" | "exact" | "none"
    trigger: str | None  # what starts the clock, e.g. "customer_relationship_end"
    kind: str  # "period" | "as_long_as_needed" | "relationship" | "until_consent_withdrawn" | "legal" | "no_limit" | "until_event"
    clause: Clause
    quote: str = ""  # the sentence(s) stating the rule, verbatim from the clause

    @property
    def section(self) -> str:
        return self.clause.section_title

    @property
    def text(self) -> str:
        return self.quote or self.clause.text

    def category_label(self, language: str) -> str:
        return terms.category(self.category).label(language)

    def summary(self, language: str) -> str:
        """One line: 'Up to 1 year after the customer relationship ends.' / 'Högst 1 år efter …'."""
        return summarise(self, language)

    def to_json(self, language: str = "en") -> dict[str, Any]:
        return {
            "category": self.category,
            "duration": self.duration,
            "bound": self.bound,
            "trigger": self.trigger,
            "kind": self.kind,
            "clause": self.text,
            "section": self.section,
            "clause_id": self.clause.id,
            "category_label": self.category_label(language),
            "summary": self.summary(language),
        }


def summarise(rule: RetentionRule, language: str) -> str:
    lang = "sv" if language == "sv" else "en"
    trigger = terms.TRIGGER_BY_KEY.get(rule.trigger or "")
    if rule.kind == "period" and rule.duration:
        amount = terms.format_duration(rule.duration, lang)
        bounds = messages.section(lang, "retention_bounds")
        lead = bounds.get(rule.bound, bounds["exact"])
        after = f" {trigger.label(lang)}" if trigger else ""
        return _capitalise(f"{lead} {amount}{after}.")
    if rule.kind == "until_event" and trigger and trigger.is_event:
        return trigger.until(lang)
    if rule.kind == "until_consent_withdrawn" and rule.trigger == "unsubscribe":
        return messages.section(lang, "retention_sentences")["until_unsubscribed"]
    sentences = messages.section(lang, "retention_sentences")
    if rule.kind == "legal":
        accounting = rule.category == "accounting" or ACCOUNTING_RE.search(rule.text.lower())
        return sentences["legal_accounting" if accounting else "legal"]
    if rule.kind == "relationship":
        relation = sentences["relation_customers" if rule.category == "customers" else "relation_other"]
        return _capitalise(sentences["relationship"].format(relation=relation))
    return sentences.get(rule.kind, messages.section(lang, "retention_kinds").get(rule.kind, rule.kind))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


_ODD_SPACES = ("\u00a0", "\u2009", "\u202f", "\u2007")


def _plain(text: str) -> str:
    """Lower case with plain spaces, keeping every offset (the quote is cut from the original)."""
    for space in _ODD_SPACES:
        if space in text:
            text = text.replace(space, " ")
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


@dataclass(frozen=True)
class _Sentence:
    clause: Clause
    start: int
    end: int

    @property
    def text(self) -> str:
        """The sentence with odd spaces (no-break, thin) made plain; same length, so offsets hold."""
        return _plain(self.clause.text[self.start : self.end])


def extract_rules(policy: Policy) -> list[RetentionRule]:
    """Every retention rule stated in the policy, in the order of the text, without duplicates."""
    rules: list[RetentionRule] = []
    seen: set[tuple[str, str | None, str, str | None, str]] = set()
    history: list[_Sentence] = []
    section: tuple[str, ...] | None = None
    for clause in policy.clauses:
        if clause.section != section:
            history, section = [], clause.section
        spans = split_sentences(clause.text)
        if not _speaks_of_keeping(_plain(clause.text)):
            history = [*history, *(_Sentence(clause, s, e) for s, e in spans)][-_LOOKBACK:]
            continue
        for start, end in spans:
            sentence = _Sentence(clause, start, end)
            for rule in _rules_in_sentence(sentence, history[-_LOOKBACK:]):
                key = (rule.category, rule.duration, rule.bound, rule.trigger, rule.kind)
                if key not in seen:
                    seen.add(key)
                    rules.append(rule)
            history = [*history, sentence][-_LOOKBACK:]
    return rules


def _speaks_of_keeping(text: str) -> bool:
    return STORE_RE.contains(text) or (WEAK_CUE_RE.contains(text) and not RESPONSE_RE.contains(text))


def _rules_in_sentence(sentence: _Sentence, history: Sequence[_Sentence]) -> list[RetentionRule]:
    text = sentence.text
    if not _speaks_of_keeping(text):
        return []
    durations = [d for d in find_durations(text) if _period_allowed(text, d)]
    if durations:
        return _period_rules(sentence, durations, history)
    return _open_rules(sentence, history)


def _period_allowed(text: str, duration: Duration) -> bool:
    """'inom en månad' is a deadline for an answer unless the sentence deletes data."""
    if PERIODS.within(text[max(0, duration.start - 25) : duration.start]):
        return bool(DELETE_RE.search(text)) and not RESPONSE_RE.search(text)
    return True


def _period_rules(
    sentence: _Sentence, durations: list[Duration], history: Sequence[_Sentence]
) -> list[RetentionRule]:
    text = sentence.text
    rules: list[RetentionRule] = []
    previous_end = 0
    for index, duration in enumerate(durations):
        segment = text[previous_end : duration.end]
        following = durations[index + 1].start if index + 1 < len(durations) else len(text)
        after = text[duration.end : following]
        bound = PERIODS.bound(text[max(previous_end, duration.start - 45) : duration.start], after)
        categories, quote_start = _categories(segment, sentence, history)
        found = terms.find_trigger(after) or terms.find_trigger(segment)
        for cat in categories:
            trigger = _trigger_key(found, segment, text, cat)
            rules.append(
                RetentionRule(
                    cat.key,
                    duration.iso,
                    bound,
                    trigger,
                    "period",
                    sentence.clause,
                    sentence.clause.text[quote_start : sentence.end],
                )
            )
        previous_end = duration.end
    return rules


def _trigger_key(
    found: tuple[Trigger, re.Match[str]] | None, segment: str, sentence: str, cat: Category
) -> str | None:
    if found is None:
        rel = dict(terms.KIND_PATTERNS)["relationship"]
        if terms.THEREAFTER_RE.search(segment) and rel.search(sentence):
            return "customer_relationship_end" if cat.key == "customers" else "relationship_end"
        return None
    trigger, match = found
    if trigger.key == "relationship_end" and (
        cat.key == "customers" or terms.CUSTOMER_WORD_RE.search(match.group(0))
    ):
        return "customer_relationship_end"
    return trigger.key


def _open_rules(sentence: _Sentence, history: Sequence[_Sentence]) -> list[RetentionRule]:
    """Rules without a fixed period: as long as needed, relationship, consent, law, no limit, an event."""
    text = sentence.text
    kinds: list[tuple[int, int, str, str | None]] = []
    for kind, pattern in terms.KIND_PATTERNS:
        m = pattern.search(text)
        if m:
            trigger = (
                "unsubscribe" if kind == "until_consent_withdrawn" and _is_unsubscribe(m.group(0)) else None
            )
            kinds.append((m.start(), m.end(), kind, trigger))
    if not kinds:
        found = terms.find_trigger(text, events_only=True)
        if found is None:
            return []
        kinds.append((found[1].start(), found[1].end(), "until_event", found[0].key))
    rules: list[RetentionRule] = []
    for _, end, kind, trigger in sorted(kinds):
        # the words up to the statement and just after it ("… legal requirements, such as the Accounting Act");
        # an event can come first ("Efter ett e-postsvar … tar vi bort …"), so it looks at the whole sentence
        segment = text if kind == "until_event" else text[: end + _AFTER_WINDOW]
        categories, quote_start = _categories(segment, sentence, history)
        quote = sentence.clause.text[quote_start : sentence.end]
        rules.extend(
            RetentionRule(cat.key, None, "none", trigger, kind, sentence.clause, quote) for cat in categories
        )
    return rules


_UNSUBSCRIBE_RE = re.compile(r"avregistrer|avanmäl|avprenumerer|unsubscribe|opt out", _F)


def _is_unsubscribe(text: str) -> bool:
    return bool(_UNSUBSCRIBE_RE.search(text))


def _categories(
    segment: str, sentence: _Sentence, history: Sequence[_Sentence]
) -> tuple[list[Category], int]:
    """What the statement is about, and where its quote starts (earlier when an earlier sentence names it).

    The words leading up to the statement first ("Kund- och leverantörsdata sparas …"), then the
    sentences just before it in the same section ("Dessa cookie-filer gäller i ett år." after the one
    about comments), then the section headings, then weaker words (users, visitors) in the statement or
    its headings, then the rest of the sentence, and finally personal data in general.
    """
    found = terms.find_categories(segment, strong_only=True)
    if found:
        return _refine(found, segment, history, sentence)
    for earlier in reversed(history):
        found = terms.find_categories(earlier.text, strong_only=True)
        if found:
            return [found[0]], _quote_start(earlier, sentence)
    for title in reversed(sentence.clause.section):
        found = terms.find_categories(title, strong_only=True)
        if found:
            return [found[0]], sentence.start
    for piece in (segment, *reversed(sentence.clause.section)):
        found = terms.find_categories(piece)
        if found:
            return [found[0]], sentence.start
    found = terms.find_categories(sentence.text)
    if found:
        return _refine(found, sentence.text, history, sentence)
    return [PERSONAL_DATA], sentence.start


def _refine(
    found: list[Category], piece: str, history: Sequence[_Sentence], sentence: _Sentence
) -> tuple[list[Category], int]:
    top = found[0]
    if top.key == "cookies":  # "Dessa cookie-filer…": the kind of cookie is named a sentence or two earlier
        for earlier in reversed(history):
            named = terms.cookie_qualifier(earlier.text)
            if named:
                same_clause = [h for h in history if h.clause is sentence.clause]
                return [named], same_clause[0].start if same_clause else sentence.start
    if top.party:  # "Kund- och leverantörsdata": both parties
        first = top.pattern.search(piece)
        parties = [top]
        for other in found[1:]:
            m = other.pattern.search(piece) if other.party else None
            if m and first and abs(m.start() - first.start()) <= _PARTY_WINDOW:
                parties.append(other)
        return parties, sentence.start
    return [top], sentence.start


def _quote_start(earlier: _Sentence, sentence: _Sentence) -> int:
    return earlier.start if earlier.clause is sentence.clause else sentence.start


# --------------------------------------------------------------------------- the direct answer

# the forms of a question about retention, and of one about a deadline instead (retention_questions.txt)
RETENTION_QUESTION_RE = PERIODS.retention_question
DEADLINE_QUESTION_RE = PERIODS.deadline_question

_FOLDED_CATEGORIES: tuple[tuple[Category, re.Pattern[str]], ...] = tuple(
    (c, re.compile(fold(c.pattern.pattern), _F)) for c in terms.CATEGORIES
)
_FOLDED_COOKIE_RE = re.compile(fold(terms.COOKIE_RE.pattern), _F)


def is_retention_question(question: str) -> bool:
    """Whether a question asks how long data is kept or when it goes, and not about a deadline for an
    answer: the forms are each language's ``retention_questions.txt``. It decides whether a retention
    rule's one-line summary may answer the question.

    Two other "how long"s mean other things. The lexicon's ``how_long`` concept (``concepts.txt``) is a
    question form that steers retrieval toward clauses giving a duration ("how far back", "time limit";
    in "how long does it take" it gives way to a response time), and the intent rules' "how long"
    (``bot/intent/rules.py``) only tells that a message asks for information, not for an action. Both
    are features of learned models (``bot/retrieval/model.json``, ``bot/intent/model.json``), so their
    words stay as the models learned them rather than follow these.
    """
    folded = fold(question)
    return bool(RETENTION_QUESTION_RE.search(folded)) and not DEADLINE_QUESTION_RE.search(folded)


def question_categories(question: str) -> list[str]:
    """Categories a question names (diacritics optional), most specific first ("a pupil's grading
    material" is about grading material); vague ones (users, cookies in general) last."""
    folded = fold(question)
    has_cookie = bool(_FOLDED_COOKIE_RE.search(folded))
    found: list[tuple[bool, int, str]] = []
    for priority, (c, pattern) in enumerate(_FOLDED_CATEGORIES):
        if (c.cookie and not has_cookie) or not pattern.search(folded):
            continue
        found.append((not c.strong or c.key == "cookies", priority, c.key))
    return [key for *_, key in sorted(found)]


def direct_answer(
    question: str, language: str, rules: Sequence[RetentionRule], hits: Sequence[Clause]
) -> str | None:
    """A one-line answer to a retention question from the rule that matches its category, else None.

    A summary line must be exactly right or absent: when the rules that fit the question equally well
    say different things (session cookies, two days, a year), there is no one line, and the quoted
    clauses speak for themselves."""
    if not rules or not question or not is_retention_question(question):
        return None
    rule = best_rule(question, rules, hits)
    return rule.summary(language) if rule else None


def best_rule(question: str, rules: Sequence[RetentionRule], hits: Sequence[Clause]) -> RetentionRule | None:
    """The one rule that answers the question, or None when none does or several disagree."""
    hit_rank = {}
    for rank, clause in enumerate(hits):
        hit_rank.setdefault(clause.id, rank)
    wanted = question_categories(question)
    if not wanted:
        return _generic_rule(rules, hit_rank)
    scored: list[tuple[tuple[int, int], RetentionRule]] = []
    for rule in rules:
        closeness = _closeness(rule.category, wanted)
        rank = hit_rank.get(rule.clause.id, 99)
        if closeness is None or (closeness >= 100 and rank > 2):
            continue  # a related or family category only counts in one of the top clauses
        scored.append(((closeness, 0 if rank <= 2 else 1), rule))
    if not scored:
        return None
    best = min(score for score, _ in scored)
    tied = [rule for score, rule in scored if score == best]
    if best[0] < 100:  # the question's own category: a period it names beats "as long as the contract"
        periods = [r for r in tied if r.kind == "period"]
        return _agreeing(periods or tied, hit_rank)
    return _agreeing(tied, hit_rank)  # a related category: only when all of them say the same


def _agreeing(rules: Sequence[RetentionRule], hit_rank: dict[str, int]) -> RetentionRule | None:
    """The rule to show when the given rules all say the same, else None."""
    if len({summarise(r, "en") for r in rules}) != 1:
        return None
    return min(rules, key=lambda r: hit_rank.get(r.clause.id, 99))


def _closeness(category: str, wanted: list[str]) -> int | None:
    if category in wanted:
        return wanted.index(category)
    for position, key in enumerate(wanted):
        if category in terms.RELATED.get(key, ()):
            return 100 + position
        if key == "cookies" and terms.category(category).cookie:
            return 100 + position
    return None


def _generic_rule(rules: Sequence[RetentionRule], hit_rank: dict[str, int]) -> RetentionRule | None:
    """A question naming no kind of data: the one rule of the best clause, or the general rule when the
    clauses shown agree on it (not when the best clause gives another period, e.g. for customers)."""
    top = min(hit_rank, key=hit_rank.__getitem__, default=None)
    in_top = [r for r in rules if r.clause.id == top]
    general = [r for r in rules if r.category == PERSONAL_DATA.key and hit_rank.get(r.clause.id, 99) <= 2]
    return _agreeing([*in_top, *general], hit_rank) if in_top or general else None
