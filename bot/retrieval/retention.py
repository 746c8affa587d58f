"""Retention rules from policy clauses, and the one-line direct answer to a retention question.

A rule says how long a company keeps one kind of data: a period as an ISO 8601 duration ("P36M") with
its bound (max/min/exact) and what starts the clock, or a kind without a fixed period (as long as
needed, during the relationship, until consent is withdrawn, as long as the law requires, no time
limit, until an event such as closing the browser). Each rule quotes the sentence(s) it comes from
verbatim, with the clause and its section.

Extraction is pattern based (see ``retention_terms``), Swedish and English alike, so a new policy file
works without code changes. It runs at start-up for every company: regexes are compiled once, and only
sentences that speak of keeping or deleting data are looked at closely.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot import messages
from bot.retrieval import retention_terms as terms
from bot.retrieval.loader import Clause, Policy
from bot.retrieval.retention_terms import PERSONAL_DATA, Category, Pattern, Trigger
from bot.text.tokens import fold

_F = re.NOFLAG  # patterns are lower case and run on lower-cased text: much faster than IGNORECASE

# --------------------------------------------------------------------------- numbers and durations

_SV_ONES = ["en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"]
_EN_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_SV_ONE_VALUES = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
}
_EN_ONE_VALUES = {w: i + 1 for i, w in enumerate(_EN_ONES)}
NUMBER_WORDS: dict[str, int] = {
    **_SV_ONE_VALUES,
    **_EN_ONE_VALUES,
    "a": 1,
    "an": 1,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_SV_TENS = {
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "sextio": 60,
    "sjuttio": 70,
    "åttio": 80,
    "nittio": 90,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

_WORDS = sorted(NUMBER_WORDS, key=len, reverse=True)
_NUM = (
    r"(?P<num>\d{1,4}(?:[.,]5)?"
    rf"|(?:{'|'.join(_SV_TENS)})(?:{'|'.join(_SV_ONES)})?"
    rf"|(?:{'|'.join(_EN_TENS)})(?:[- ](?:{'|'.join(_EN_ONES)}))?"
    rf"|{'|'.join(_WORDS)})"
)
_HALF = r"(?P<half>\s+(?:och en halv|och ett halvt|and a half))?"
_UNIT = (
    r"(?P<unit>år(?:s|en|et)?|years?|yrs?|månad(?:er|ers|en|s)?|months?|veck(?:a|or|an|ors|orna)|weeks?"
    r"|dag(?:ar|s|en|arna)?|days?|dygn(?:et|s)?|timm(?:e|ar|ars|en)|hours?|minut(?:er|ers)?|minutes?)"
)
DURATION_RE = Pattern(
    rf"(?<![\w-]){_NUM}{_HALF}(?:\s*\(\d{{1,4}}\))?(?:\s+|-)(?:(?:hela|full|whole)\s+)?{_UNIT}(?![\w])"
    r"|(?P<halfyear>\b(?:ett |a |one )?halvår\b|\bhalf a year\b|\bhalf-year\b)",
    anchors=("år", "yea", "yr", "mån", "mon", "vec", "wee", "dag", "day", "dygn", "tim", "hour", "min"),
)
_UNIT_CODES = (
    ("år", "Y"), ("year", "Y"), ("yr", "Y"), ("månad", "M"), ("month", "M"), ("veck", "W"), ("week", "W"),
    ("dygn", "D"), ("dag", "D"), ("day", "D"), ("timm", "H"), ("hour", "H"), ("minut", "MIN"),
)  # fmt: skip

# words just before a number that make it something other than a retention period
_PRE_REJECT_RE = re.compile(
    r"(?:\b(?:per|varje|each|every|once|twice|times|gång|gånger|age of|aged|ålder|åldern|yngre än|younger than"
    r"|hours|timmar|days|dagar)"
    r"|\b(?:barn|children|minors?|minderåriga|personer|persons|people|individuals|användare|users)\s+"
    r"(?:under|över|over|below|above))\s*$",
    _F,
)
_POST_REJECT_RE = re.compile(r"^\s*(?:gammal|gamla|old|of age|sedan|ago|tillbaka|i rad)\b", _F)
_WITHIN_RE = re.compile(r"\b(?:inom|within|senast inom|no later than)\s*$", _F)
_MAX_PRE_RE = re.compile(
    r"\b(?:högst|som längst|längst|upp till|maximalt|max|maximum|up to|at most|no longer than|not longer than"
    r"|no more than|not more than|older than|äldre än|inte längre än|aldrig längre än|som mest)"
    r"(?:\s+(?:i|för|under|for|in|period of|a period of|of))?\s*(?:\w+\s+){0,2}$",
    _F,
)
_MIN_PRE_RE = re.compile(
    r"\b(?:minst|åtminstone|som minst|minimum|at least|no less than|not less than)"
    r"(?:\s+(?:i|för|under|for|in|period of|a period of|of))?\s*(?:\w+\s+){0,2}$",
    _F,
)
_MAX_POST_RE = re.compile(r"^\s*(?:som mest|som längst|at most|at the most|maximum|max)\b", _F)
_MIN_POST_RE = re.compile(r"^\s*(?:som minst|at least|minimum)\b", _F)


@dataclass(frozen=True)
class Duration:
    iso: str
    start: int
    end: int


def _number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word[0].isdigit():
        return float(word)
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    for tens, value in (*_SV_TENS.items(), *_EN_TENS.items()):
        if word.startswith(tens):
            rest = word[len(tens) :].strip(" -")
            if not rest:
                return float(value)
            ones = _SV_ONE_VALUES.get(rest) or _EN_ONE_VALUES.get(rest)
            return float(value + ones) if ones else None
    return None


def _iso(number: float, unit: str) -> str | None:
    code = next((c for prefix, c in _UNIT_CODES if unit.lower().startswith(prefix)), None)
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


def find_durations(sentence: str) -> list[Duration]:
    """Periods stated in ``sentence`` ("tre år", "24 månader", "four years", "1 dygn") as ISO 8601."""
    found: list[Duration] = []
    for m in DURATION_RE.finditer(sentence):
        if m.group("halfyear"):
            found.append(Duration("P6M", m.start(), m.end()))
            continue
        number = _number(m.group("num"))
        if number is None:
            continue
        if m.group("half"):
            number += 0.5
        pre = sentence[max(0, m.start() - 40) : m.start()]
        if _PRE_REJECT_RE.search(pre) or _POST_REJECT_RE.match(sentence[m.end() : m.end() + 20]):
            continue
        iso = _iso(number, m.group("unit"))
        if iso:
            found.append(Duration(iso, m.start(), m.end()))
    return found


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
    if _WITHIN_RE.search(text[max(0, duration.start - 25) : duration.start]):
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
        bound = _bound(text[max(previous_end, duration.start - 45) : duration.start], after)
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


def _bound(before: str, after: str) -> str:
    if _WITHIN_RE.search(before) or _MAX_PRE_RE.search(before) or _MAX_POST_RE.match(after):
        return "max"
    if _MIN_PRE_RE.search(before) or _MIN_POST_RE.match(after):
        return "min"
    return "exact"


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

RETENTION_QUESTION_RE = re.compile(
    r"hur (?:lange|lang tid|manga (?:ar|manader|veckor|dagar))|lagringstid|gallr|gallras"
    r"|\bspar(?:ar|as|a)\b.{0,60}\blanger?\b|\blanger an\b|\bfor alltid\b|\butan tidsgrans"
    r"|nar (?:raderar|raderas|tar (?:ni|vi|de) bort|tas .{0,30}bort|forsvinner|slangs|gallras)"
    r"|how long|for how long|how many (?:years|months|weeks|days)|\bretention\b|\bretain\w*|\bforever\b"
    r"|\bindefinitely\b|(?:kept|stored|retained|held) (?:for )?longer|stick around|hang on to"
    r"|when (?:do|will|does|are|is) .{0,50}(?:delet|eras|remov|purg|destroy|expir)|\bexpire|\bhow old\b",
    _F,
)
# a question about a response deadline ("within how many days must we answer?") is not about retention
DEADLINE_QUESTION_RE = re.compile(
    r"\brespond|\breply\b|\banswer|\bsvara|\bbesvara|\bsvarstid|\bdeadline|\bfrist|handlaggningstid"
    r"|\bmust we\b|\bhave to (?:respond|reply|answer|act)",
    _F,
)

_FOLDED_CATEGORIES: tuple[tuple[Category, re.Pattern[str]], ...] = tuple(
    (c, re.compile(fold(c.pattern.pattern), _F)) for c in terms.CATEGORIES
)
_FOLDED_COOKIE_RE = re.compile(fold(terms.COOKIE_RE.pattern), _F)


def is_retention_question(question: str) -> bool:
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
