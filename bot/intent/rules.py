"""The hand-written cues for question or rights request, and which data-subject right.

Their verdict and the cues that fired are features of the learned model (``bot.intent.classify``);
on their own they were right for about three requests in four worded in ways they had not met.

In the lexicon, strong terms ("registerutdrag", "right to be
forgotten") count alone; generic verbs ("delete", "ta bort", "ändra") count only with a personal-data
object ("my data", "mina uppgifter", "mitt konto", "me") and never with Slack objects (message,
thread, channel, file) or a password.

A *trigger* says which right a sentence touches; the sentence's *syntax* says whether it asks about
the right or exercises it:

- request cues: imperatives ("delete my…", "radera mina…"), "I want / I request / I hereby",
  "jag vill / jag begär / härmed", "can you / kan ni …", performatives ("I withdraw my consent",
  "jag återkallar mitt samtycke", "unsubscribe me"), relayed requests ("a customer called and
  wants…", "kunden vill att vi…");
- question cues: "how do I", "can I", "what happens if", "is it possible", "hur gör jag", "kan man",
  "går det att", "kostar det", conditionals and hypotheticals ("if I ask you to…", "in case I
  withdraw…", "säg att en kund vill…"), indirect questions ("a customer asked whether…", "can you
  confirm that you delete…"), "do I need to / behöver jag…" and generic subjects (someone,
  customers, man).

General asking verbs ("I request…", "jag vill requesta…") name access only when no other right is
named in the sentence: "I request that you delete my data" is erasure.

A request needs a data subject: the sender ("my data", "jag") or, for a relayed request, the
customer ("her data", "kundens uppgifter"). Request cues without question cues → a rights request;
request cues with a how-to question → a question marked ``ambiguous`` (the front end asks whether to
open a request); a question about how something works → a plain question with ``about_right``.
Negated triggers ("don't delete", "inte radera") and triggers inside quotes or code are not requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from bot.lang import ROOT as LANG_ROOT
from bot.lang import languages, word_entries
from bot.rights import by_article


@dataclass(frozen=True, kw_only=True)
class Intent:
    kind: Literal["question", "rights_request"] = "question"
    right: str | None = None
    rights: tuple[str, ...] = ()
    ambiguous: bool = False  # a question that might be a request: offer "open a request?"
    about_right: str | None = None  # for questions about a right: which one
    relayed: bool = False  # an agent relays a customer's request
    matched: tuple[str, ...] = field(default_factory=tuple)  # names of the patterns that fired
    subject_name: str | None = None  # the data subject, when the message names them
    subject_email: str | None = None
    subject_phone: str | None = None
    request_probability: float | None = None  # the learned model's, when it decided

    def ticket_rights(self) -> tuple[str, ...]:
        """The rights a ticket opened for this message is for: the requested ones, else the right a
        question was about (a "yes, log it" after the offer), else an unspecified request."""
        rights = tuple(self.rights) or ((self.right,) if self.right else ())
        if not rights and self.about_right:
            rights = (self.about_right,)
        return rights or ("unspecified",)

    def subject(self) -> dict[str, str | None]:
        """The data subject's details for a ticket: only when the message relays someone else's request
        (the requester's own details are their Slack identity)."""
        if not self.relayed:
            return {"subject_name": None, "subject_email": None, "subject_phone": None}
        return {
            "subject_name": self.subject_name or None,
            "subject_email": self.subject_email or None,
            "subject_phone": self.subject_phone or None,
        }


# --- text helpers -----------------------------------------------------------------------------

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "’": "'", "´": "'"})
_QUOTED = re.compile(r"“[^“”]*”|”[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|`[^`]*`")


def _fold(text: str) -> str:
    """Lower-case, å/ä/ö → a/a/o; the same length as the input, so positions carry over."""
    folded = text.lower().translate(_FOLD)
    return folded if len(folded) == len(text) else text.lower()


# --- the languages' words ------------------------------------------------------------------
#
# Every word of the cues below is language data: ``bot/lang/<code>/intent_cues.txt`` of each language folder,
# pooled (a message is read without knowing its language), so a third language is a third folder. The code
# keeps the regex syntax around the words. Still in code: the folding of letters (``_FOLD``), the quotation
# marks (``_QUOTED``), the genitive endings of ``_PROXY`` ("'s", "s"), the word "slack" in ``_SLACK_OBJECT`` and
# the data subject's name, e-mail and phone (``_NAME_PATTERNS``, ``_NOT_NAMES``): the name patterns read the
# text as written (capitals, å/ä/ö), not folded text, so they do not fit the cue files' form.
#
# How a cue's words are joined: ``_cue`` tries the longest first (a phrase before its first word);
# ``_cue_in_order`` tries them in file order, each language's in turn, the first that fits winning, as the
# original patterns did: where a pattern's match ends matters (the right triggers, marketing, greetings), the
# order is the one the learned model saw. Patterns used only to test whether they match at all do not depend on
# the order.

CUE_FILE = "intent_cues"  # bot/lang/<code>/intent_cues.txt: one "cue: alternative" a line
CUES = (
    "request",
    "how",
    "info",
    "practice",
    "question_word",
    "soft_ask",
    "wish_to_know",
    "possessive",
    "data_noun",
    "first_person",
    "third_person",
    "back_reference",
    "slack_determiner",
    "slack_object",
    "slack_from",
    "slack_place_determiner",
    "slack_place",
    "sales",
    "negation",
    "attempt",
    "infinitive_marker",
    "negation_break",
    "polite_end",
    "imperative",
    "modal",
    "generic_subject",
    "subject_pronoun",
    "conditional",
    "relayed_subject",
    "relayed_verb",
    "on_behalf_of",
    "forwarded_marker",
    "forwarded_customer",
    "forwarded_wrote",
    "forwarded_from",
    "forwarded_article",
    "own_possessive",
    "relative",
    "break_conjunction",
    "break_subject",
    "object_pronoun",
    "hold",
    "everything",
    "about_person",
    "data_word",
    "data_about",
    "everything_held",
    "holder",
    "all_data_quantifier",
    "all_data_of",
    "all_data_article",
    "all_data_noun",
    "marketing",
    "contact_verb",
    "dont_want",
    "you",
    "dont_want_to",
    "list",
    "greeting",
    "polite",
    "exercise_verb",
    "exercise_possessive",
    "right_noun",
    "right_to",
    "wonder",
    "wonder_if",
    "wonder_you",
    "wonder_i",
    "wonder_modal",
    "wonder_softener",
    "consent_we",
    "no_longer",
    "consent_now",
    "consent_i",
    "consent_verb",
    "consent_negation",
    "no_longer_consent",
    "consent_they",
    "not_consent_subject",
    "consent_longer",
    "agree_we",
    "agree_negation",
    "agree",
    "agree_to",
    "agree_what",
    "no_longer_agree",
    "human_adjective",
    "review_noun",
    "reviewed_by_human",
    "contest",
    "decision",
    "review_verb",
    "by_hand",
    "automated",
    "decisions",
    "not_subject_to",
    "individual_decision",
    "a_human",
    "review_to",
    "redo",
    "human",
    "human_to",
    "human_review",
    "decision_object",
    "withdraw",
    "consent",
    "consent_noun",
    "withdrawn",
    "consent_word",
    "take",
    "take_it",
    "take_back",
    "change_mind",
    "which",
    "held_data",
    "that",
    "do_aux",
    "holder_you",
    "held_aux",
    "about_me_prep",
    "me",
    "ask_for",
    "want_all",
    "all_of",
    "want_all_end",
    "is",
    "wrong_state",
    "wrong_detail",
    "misspelled",
    "got",
    "wrong_short",
    "clause_conjunction",
    "abbreviation",
    "sentence_and",
    "sentence_then",
    "article",
    "practice_question_you",
    "practice_question_when",
    "access_term",
    "erasure_term",
    "out_of_register_particle",
    "out_of_register_person",
    "out_of_register_completely",
    "out_of_register_from",
    "register",
    "gdpr_request",
    "move",
    "new_other",
    "switch",
    "provider",
    "new_provider",
    "provider_noun",
    "own_habit_subject",
    "dont_share_negation",
    "share",
    "stop_processing_negation",
    "process_verb",
    "dont_want_use",
    "dont_want_use_att",
    "to_be",
    "used",
    "restriction_term",
    "restrict_stop",
    "restrict_not",
    "restrict_longer",
    "until",
    "only",
    "keep",
    "keep_it",
    "kept",
    "stop",
    "stop_not",
    "stop_sending_verb",
    "no_more",
    "off_list_verb",
    "off_list_person",
    "contact_detail",
    "contact_detail_after",
    "off_list_away",
    "off_list_from",
    "passive_be",
    "removed",
    "object_verb",
    "keep_on",
    "keep_on_particle",
    "keep_contacting_verb",
    "keep_contacting_object",
    "complaint_verb",
    "complaint_subject",
    "complaint_object",
    "complaint_again",
    "stop_it_verb",
    "stop_it_object",
    "stop_it_courtesy",
    "objector",
    "hereby",
    "object_now",
    "objection_term",
    "stop_profiling",
    "profiling",
    "profiling_noun",
    "profiling_of",
    "profiling_me",
    "never_contact_negation",
    "never_contact_verb",
    "again",
    "dont_call_verb",
    "dont_call_negation",
    "dont_call_me",
    "not_be_negation",
    "be_contacted_aux",
    "be_contacted",
    "stop_contacting",
    "contacting",
    "unsubscribe",
    "restrict",
    "portability_term",
    "rectification_term",
    "correct",
    "delete",
    "close_account",
    "send",
    "to_you",
    "see",
)  # the cues every language folder gives words for, explained in bot/lang/en/intent_cues.txt


def load_cues(root: Path = LANG_ROOT) -> dict[str, tuple[str, ...]]:
    """Every language's alternatives for each cue, pooled (a message is read without knowing its language):
    the ``intent_cues.txt`` of each language folder under ``root``. An alternative is a regular expression on
    folded text (å/ä/ö are folded in the file too); a line "cue:" alone says the language has no words for it.
    ValueError on an unknown cue, a malformed alternative, or a cue no language has words for."""
    found: dict[str, dict[str, None]] = {name: {} for name in CUES}  # the words in file order, each once
    for code in languages(root):
        for name, alternative in word_entries(code, CUE_FILE, root):
            where = f"{code}/{CUE_FILE}.txt: {name}: {alternative!r}"
            if name not in found:
                raise ValueError(f"{where}: no such cue (the cues are explained in en/{CUE_FILE}.txt)")
            if not alternative:
                continue  # "cue:" alone: the language has no words for it
            try:
                re.compile(alternative)
            except re.error as e:
                raise ValueError(f"{where}: {e}") from None
            found[name][alternative.translate(_FOLD)] = None
    if missing := [name for name, words in found.items() if not words]:
        raise ValueError(f"no language has words for the cues {', '.join(missing)} ({CUE_FILE}.txt)")
    return {name: tuple(words) for name, words in found.items()}


_CUES: Mapping[str, tuple[str, ...]] = load_cues()


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of the words (longest first, so a phrase wins over its first word)."""
    return "(?:" + "|".join(sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def _cue(name: str) -> str:
    """The alternation of a cue's words in every language."""
    return _alt(_CUES[name])


def _cue_in_order(name: str) -> str:
    """The alternation of a cue's words in file order (each language's in turn): the first that fits wins, not
    the longest ("promotion" in "promotional texts"), as the learned model saw them."""
    return "(?:" + "|".join(_CUES[name]) + ")"


def _cue_words(name: str) -> re.Pattern[str]:
    """Any of a cue's words in any language, as whole words."""
    return re.compile(r"\b" + _cue(name) + r"\b")


# a sentence ends after . ! ? or ; (not after an abbreviation), or before "and then"
_SENTENCE = re.compile(
    r"(?<=[.!?;])" + "".join(rf"(?<!\b{a})" for a in _CUES["abbreviation"]) + r"\s+"
    rf"|\s+(?={_cue_in_order('sentence_and')}\s+{_cue_in_order('sentence_then')}\b)"
)
# clause breaks; a colon inside a word is a Swedish inflection ("GDPR:a", "SMS:et"), not a break
_CLAUSE = re.compile(rf"[,;]\s*|:(?![a-z])\s*|\s+{_cue_in_order('clause_conjunction')}\s+")


# --- objects ----------------------------------------------------------------------------------

_FIRST_PERSON = re.compile(rf"\b{_cue('first_person')}\b")
_THIRD_PERSON = re.compile(rf"\b{_cue('third_person')}\b")
_POSSESSIVE = _cue("possessive")
_DATA_NOUN = _cue("data_noun")
_PRONOUN = _cue("object_pronoun")
_HOLD = _cue("hold")
_OBJECT = re.compile(
    rf"\b{_POSSESSIVE}(?:\s+[\w'-]+){{0,2}}?\s+{_DATA_NOUN}\b"
    rf"|\b{_cue('everything')}\b(?:\s+[\w'-]+){{0,5}}?\s+{_cue('about_person')}\s+{_PRONOUN}\b"
    rf"|\b{_cue('data_word')}\s+(?:[\w'-]+\s+){{0,5}}?{_cue('data_about')}\s+{_PRONOUN}\b"
    rf"|\b{_cue('everything_held')}\b(?=\s+{_cue('holder')}\s+{_HOLD})"
)
# "cust. wants all personal data erased": in a relayed request the customer's data needs no possessive
_ALL_DATA = re.compile(
    rf"\b(?:{_cue('all_data_quantifier')}\s+(?:{_cue('all_data_of')}\s+)?(?:{_cue('all_data_article')}\s+)?)?"
    rf"{_cue('all_data_noun')}\b"
)
_PRONOUN_OBJECT = re.compile(rf"^\W*{_PRONOUN}\b")
_BACK_REFERENCE = re.compile(rf"^\W*{_cue('back_reference')}\b")
_SLACK_OBJECT = re.compile(rf"^\W*{_cue('slack_determiner')}?\s*(?:slack\s+)?{_cue('slack_object')}\b")
_SLACK_PLACE = re.compile(
    rf"^\W*(?:\w+\s+){{0,2}}{_cue('slack_from')}\s+{_cue('slack_place_determiner')}?\s*{_cue('slack_place')}\b"
)
_MAX_GAP_WORDS = 6


# --- rights lexicon ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    right: str
    name: str
    pattern: re.Pattern[str]
    needs_object: bool = False  # a generic verb: only with a personal-data object
    pronoun_ok: bool = False  # "remove me", "forget me"
    performative: bool = False  # saying it does it: "unsubscribe me", "I object"
    weak: bool = False  # may mean something else ("close my account"): never a ticket alone
    statement: bool = False  # describes a problem ("my address is wrong"): a reason, ranked last
    context: bool = False  # not a right itself: turns a copy of one's data into portability
    negation_ok: bool = False  # the pattern holds its own negation ("don't call me")
    generic: bool = False  # a general asking verb ("request my data"): yields to any other right
    anaphoric: bool = False  # "stop it!": only after the same right, or with marketing in the sentence


def _rule(right: str, name: str, pattern: str, **flags: bool) -> _Rule:
    return _Rule(right, name, re.compile(pattern), **flags)


_MARKETING = _cue_in_order("marketing")
_CONTACT_VERB = _cue("contact_verb")
# "I don't want you to call me", "jag vill inte (längre) att ni ringer mig"
_DONT_WANT_CONTACT = (
    rf"\b{_cue('dont_want')}\s+{_cue('you')}\s+(?:{_cue('dont_want_to')}\s+)?(?:\w+\s+)?{_CONTACT_VERB}\b"
)
_MARKETING_WORD = re.compile(rf"\b{_MARKETING}\b")
# selling or advertising: "don't call me again" in a message about sales calls is a marketing opt-out
_SALES = re.compile(rf"\b{_cue('sales')}\b")
_LIST = _cue("list")

# not the sender's own habits ("I don't use it anymore"): no "I"/"we" just before the negation
_OWN_HABIT = "".join(rf"(?<!\b{word} )" for word in _CUES["own_habit_subject"])

_RULES: tuple[_Rule, ...] = (
    # marketing opt-out first: "remove me from your mailing list" is not erasure
    _rule(
        "opt_out_marketing",
        "opt_out:unsubscribe",
        rf"\b{_cue_in_order('unsubscribe')}\b",
        performative=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:stop_sending",
        rf"\b{_cue_in_order('stop')}(?!\s+{_cue_in_order('stop_not')}\b)\s+(?:\w+\s+){{0,2}}?{_cue_in_order('stop_sending_verb')}\b(?:\s+[\w'-]+){{0,4}}?(?:\s+{_MARKETING}|\s+{_PRONOUN}\b)",
        performative=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:no_more",
        rf"\b{_cue_in_order('no_more')}\s+(?:[\w'-]+\s+){{0,2}}?{_MARKETING}",
        performative=True,
        negation_ok=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:dont_want_contact",
        rf"{_DONT_WANT_CONTACT}(?:\s+[\w'-]+){{0,5}}?\s+{_MARKETING}",
        performative=True,
        negation_ok=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:off_list",
        (
            rf"\b{_cue_in_order('off_list_verb')}\s+(?:{_cue_in_order('off_list_person')}|{_POSSESSIVE}\s+(?:\w+\s+)?{_cue_in_order('contact_detail')}(?:\s+{_cue_in_order('contact_detail_after')})?)"
            rf"\s+(?:{_cue_in_order('off_list_away')}\s+)?{_cue_in_order('off_list_from')}\s+(?:\w+\s+){{0,2}}?(?:{_MARKETING}|{_LIST})"
            rf"|\b{_cue_in_order('passive_be')}\s+{_cue_in_order('removed')}\s+{_cue_in_order('off_list_from')}\s+(?:\w+\s+){{0,2}}?(?:{_MARKETING}|{_LIST})"
        ),
        performative=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:object_marketing",
        rf"\b{_cue_in_order('object_verb')}\b(?:\s+[\w'-]+){{0,5}}?\s+{_MARKETING}",
        performative=True,
    ),
    # a complaint: "why do you keep e-mailing me?", "varför ringer ni mig hela tiden?"
    _rule(
        "opt_out_marketing",
        "opt_out:keep_contacting",
        (
            rf"\b{_cue_in_order('keep_on')}\s+(?:{_cue_in_order('keep_on_particle')}\s+)?{_cue_in_order('keep_contacting_verb')}\s+{_cue_in_order('keep_contacting_object')}\b"
            rf"|\b{_cue_in_order('complaint_verb')}\s+{_cue_in_order('complaint_subject')}\s+{_cue_in_order('complaint_object')}\s+{_cue_in_order('complaint_again')}\b"
        ),
        performative=True,
    ),
    _rule(
        "opt_out_marketing",
        "opt_out:stop_it",
        rf"\b{_cue_in_order('stop_it_verb')}(?:\s+{_cue_in_order('stop_it_object')})?\b(?=\s*(?:[.!,]|$|{_cue_in_order('stop_it_courtesy')}))",
        performative=True,
        anaphoric=True,
    ),
    # consent
    _rule(
        "withdraw_consent",
        "consent:withdraw",
        (
            rf"\b{_cue_in_order('withdraw')}(?:\s+[\w'-]+){{0,3}}?\s+{_cue_in_order('consent')}"
            rf"|\b{_cue_in_order('consent_noun')}(?:\s+[\w'-]+){{0,3}}?\s+{_cue_in_order('withdrawn')}\b"
            rf"|\b{_cue_in_order('consent_word')}\b.*\b(?:{_cue_in_order('take')}\s+{_cue_in_order('take_it')}\s+{_cue_in_order('take_back')}|{_cue_in_order('change_mind')})\b"
        ),
    ),
    _rule(
        "withdraw_consent",
        "consent:no_longer",
        (
            rf"\b{_cue_in_order('consent_we')}\s+{_cue_in_order('no_longer')}\s+{_cue_in_order('consent_now')}\b"
            rf"|\b{_cue_in_order('consent_i')}\s+{_cue_in_order('consent_verb')}\s+{_cue_in_order('consent_negation')}\b"
            rf"|\b{_cue_in_order('no_longer_consent')}\b"
            rf"|\b{_cue_in_order('consent_they')}\s+{_cue_in_order('consent_verb')}\s+{_cue_in_order('consent_negation')}\b"
            rf"|\b{_cue_in_order('not_consent_subject')}\s+{_cue_in_order('consent_negation')}\s+(?:{_cue_in_order('consent_longer')}\s+)?{_cue_in_order('consent_verb')}\b"
            rf"|\b{_cue_in_order('agree_we')}\s+{_cue_in_order('agree_negation')}\s+{_cue_in_order('agree')}\s+(?:{_cue_in_order('agree_to')}\s+)?(?:[\w'-]+\s+){{0,3}}?{_cue_in_order('agree_what')}\b"
            rf"|\b{_cue_in_order('no_longer_agree')}\b"
        ),
        performative=True,
        negation_ok=True,
    ),
    # automated decisions
    _rule(
        "automated_decision",
        "automated:human_review",
        (
            rf"\b{_cue_in_order('human_adjective')}\s+{_cue_in_order('review_noun')}\b|\b{_cue_in_order('reviewed_by_human')}\b"
            rf"|\b{_cue_in_order('contest')}\b(?:\s+[\w'-]+){{0,3}}?\s+{_cue_in_order('decision')}"
            rf"|\b{_cue_in_order('review_verb')}\w*(?:\s+[\w'-]+){{0,4}}?\s+{_cue_in_order('by_hand')}\b"
            rf"|\b{_cue_in_order('automated')}\s+{_cue_in_order('decisions')}|\b{_cue_in_order('not_subject_to')}\b|\b{_cue_in_order('individual_decision')}\b"
            rf"|\b{_cue_in_order('a_human')}\s+(?:{_cue_in_order('review_to')}\s+)?{_cue_in_order('redo')}\w*"
            rf"|\b{_cue_in_order('human')}\b(?:[\s,]+[\w'-]+){{0,4}}?[\s,]+(?:{_cue_in_order('human_to')}\s+)?{_cue_in_order('human_review')}\w*\s+(?:\w+\s+){{0,2}}?{_cue_in_order('decision_object')}"
        ),
    ),
    # objection (incl. profiling)
    _rule(
        "objection",
        "objection:object",
        (
            rf"\b{_cue_in_order('objector')}\s+(?:{_cue_in_order('hereby')}\s+)?{_cue_in_order('object_now')}\b|\b{_cue_in_order('objection_term')}\b"
        ),
        performative=True,
    ),
    _rule(
        "objection",
        "objection:profiling",
        (
            rf"\b{_cue_in_order('stop_profiling')}\s+(?:\w+\s+){{0,2}}?{_cue_in_order('profiling')}\b"
            rf"|\b{_cue_in_order('profiling_noun')}\s+(?:{_cue_in_order('profiling_of')}\s+)?{_cue_in_order('profiling_me')}\b"
        ),
        performative=True,
        negation_ok=True,
    ),
    _rule(
        "objection",
        "objection:never_contact",
        (
            rf"\b{_cue_in_order('never_contact_negation')}\s+(?:\w+\s+){{0,2}}?{_cue_in_order('never_contact_verb')}\s+(?:{_PRONOUN}\s+)?{_cue_in_order('again')}?"
            rf"|\b{_cue_in_order('dont_call_verb')}\s+{_cue_in_order('dont_call_negation')}\s+{_cue_in_order('dont_call_me')}\b|\b{_cue_in_order('dont_call_verb')}\s+{_cue_in_order('dont_call_me')}\s+{_cue_in_order('dont_call_negation')}\b"
            rf"|\b{_cue_in_order('not_be_negation')}\s+(?:\w+\s+)?{_cue_in_order('be_contacted_aux')}\s+{_cue_in_order('be_contacted')}\b|{_DONT_WANT_CONTACT}\s+(?:{_PRONOUN})\b"
            rf"|\b{_cue_in_order('stop_contacting')}\s+{_cue_in_order('contacting')}\s+{_PRONOUN}\b"
        ),
        performative=True,
        negation_ok=True,
    ),
    _rule(
        "objection",
        "objection:dont_want_use",
        (
            rf"\b{_cue_in_order('dont_want_use')}(?=\s+(?:{_cue_in_order('dont_want_use_att')}\s+)?(?:[\w'-]+\s+){{0,4}}?"
            rf"(?:{_cue_in_order('to_be')}\s+)?{_cue_in_order('used')}\b)"
        ),
        needs_object=True,
        negation_ok=True,
        performative=True,
    ),
    _rule(
        "objection",
        "objection:dont_share",
        rf"\b{_OWN_HABIT}{_cue_in_order('dont_share_negation')}\s+(?:\w+\s+){{0,1}}?{_cue_in_order('share')}\b",
        needs_object=True,
        negation_ok=True,
        performative=True,
    ),
    # restriction
    _rule(
        "restriction",
        "restriction:term",
        (
            rf"\b{_cue_in_order('restriction_term')}\b"
            rf"|\b(?:{_cue_in_order('restrict_stop')}|{_cue_in_order('restrict_not')}(?: {_cue_in_order('restrict_longer')})?)\s+(?:\w+\s+){{0,1}}?{_cue_in_order('process_verb')}\b"
            rf"(?:\s+[\w'-]+){{0,5}}?\s+{_cue_in_order('until')}\b"
            rf"|\b{_cue_in_order('only')}\s+{_cue_in_order('keep')}\s+{_cue_in_order('keep_it')}(?:\s+{_cue_in_order('kept')})?\b"
        ),
    ),
    _rule(
        "restriction",
        "restriction:restrict",
        rf"\b{_cue_in_order('restrict')}\b",
        needs_object=True,
    ),
    _rule(
        "objection",
        "objection:stop_processing",
        # not the sender's own habits: "I don't use it anymore"
        rf"\b{_OWN_HABIT}{_cue_in_order('stop_processing_negation')}\s+(?:\w+\s+){{0,1}}?{_cue_in_order('process_verb')}\b",
        needs_object=True,
        negation_ok=True,
        performative=True,
    ),
    # portability (before access: "export my data to another provider")
    _rule(
        "portability",
        "portability:term",
        rf"\b{_cue_in_order('portability_term')}\b",
    ),
    _rule(
        "portability",
        "portability:move",
        rf"\b{_cue_in_order('move')}\b(?=.*\b{_cue_in_order('new_other')}\b)",
        needs_object=True,
    ),
    _rule(
        "portability",
        "portability:switch",
        (
            rf"\b{_cue_in_order('switch')}\s+(?:\w+\s+){{0,2}}?{_cue_in_order('provider')}\b"
            rf"|\b{_cue_in_order('new_provider')}\s+{_cue_in_order('provider_noun')}\b"
        ),
        context=True,
    ),
    # access
    _rule(
        "access",
        "access:term",
        rf"\b{_cue_in_order('access_term')}\b",
    ),
    _rule(
        "access",
        "access:what_do_you_hold",
        (
            rf"\b{_cue_in_order('which')}\b\s+(?:\w+\s+){{0,2}}?{_cue_in_order('held_data')}\s+(?:{_cue_in_order('that')}\s+)?(?:{_cue_in_order('do_aux')}\s+)?{_cue_in_order('holder_you')}\s+"
            rf"(?:\w+\s+){{0,2}}?{_HOLD}\s+(?:\w+\s+){{0,2}}?{_cue_in_order('about_me_prep')}\s+{_cue_in_order('me')}\b"
            rf"|\b{_cue_in_order('which')}\b\s+(?:\w+\s+){{0,2}}?{_cue_in_order('held_data')}\s+{_cue_in_order('held_aux')}\s+"
            rf"{_cue_in_order('holder_you')}\s+(?:\w+\s+){{0,2}}?{_cue_in_order('about_me_prep')}\s+{_cue_in_order('me')}\b"
        ),
        performative=True,
    ),
    _rule(
        "access",
        "access:ask_for",
        (
            rf"\b{_cue_in_order('ask_for')}\b"
            rf"|\b{_cue_in_order('want_all')}(?=\s+{_cue_in_order('all_of')}\s+"
            rf"{_POSSESSIVE}\s+(?:\w+\s+)?{_DATA_NOUN}\s*(?:[.!]|$|{_cue_in_order('want_all_end')}))"
        ),
        needs_object=True,
        generic=True,
    ),
    _rule(
        "access",
        "access:send_copy",
        rf"\b(?:{_cue_in_order('send')}(?!\s+{_cue_in_order('to_you')}\b)|{_cue_in_order('see')})\b",
        needs_object=True,
    ),
    # rectification
    _rule(
        "rectification",
        "rectification:term",
        rf"\b{_cue_in_order('rectification_term')}\b",
    ),
    _rule(
        "rectification",
        "rectification:correct",
        rf"\b{_cue_in_order('correct')}\b",
        needs_object=True,
    ),
    _rule(
        "rectification",
        "rectification:wrong",
        (
            rf"\b{_POSSESSIVE}\s+(?:[\w'-]+\s+){{0,2}}?{_DATA_NOUN}\s+(?:[\w'-]+\s+){{0,5}}?{_cue_in_order('is')}\s+(?:\w+\s+)?{_cue_in_order('wrong_state')}\b"
            rf"|\b{_cue_in_order('wrong_detail')}\b"
            rf"|\b{_POSSESSIVE}\s+(?:[\w'-]+\s+){{0,2}}?{_DATA_NOUN}\s+(?:[\w'-]+\s+){{0,3}}?{_cue_in_order('misspelled')}\b"
            rf"|\b{_cue_in_order('got')}\s+{_POSSESSIVE}\s+(?:[\w'-]+\s+){{0,2}}?{_DATA_NOUN}\s+(?:\w+\s+)?{_cue_in_order('wrong_short')}\b"
        ),
        statement=True,
    ),
    # erasure
    _rule(
        "erasure",
        "erasure:term",
        (
            rf"\b{_cue_in_order('erasure_term')}\b"
            rf"|\b{_cue_in_order('out_of_register_particle')}\s+{_cue_in_order('out_of_register_person')}\s+(?:{_cue_in_order('out_of_register_completely')}\s+)?{_cue_in_order('out_of_register_from')}\s+(?:\w+\s+)?{_cue_in_order('register')}"
        ),
    ),
    _rule(
        "erasure",
        "erasure:delete",
        rf"\b{_cue_in_order('delete')}\b",
        needs_object=True,
        pronoun_ok=True,
    ),
    _rule(
        "erasure",
        "erasure:close_account",
        rf"\b{_cue_in_order('close_account')}\b",
        needs_object=True,
        weak=True,
    ),
    # unspecified
    _rule(
        "unspecified",
        "unspecified:gdpr_request",
        rf"\b{_cue_in_order('gdpr_request')}\b",
    ),
)

_ARTICLE = re.compile(rf"\b{_cue_in_order('article')}\s*(1[5-8]|2[0-2])\b")
_NEGATION = re.compile(rf"\b{_cue('negation')}(?:\s+[\w'-]+){{0,3}}\s*$")
# "I've tried to unsubscribe but…": an earlier attempt explains the message, it ranks last
_ATTEMPT = re.compile(rf"\b{_cue('attempt')}\s+(?:{_cue('infinitive_marker')}\s+)?(?:[\w'-]+\s+)?$")
_NEGATION_BREAK = re.compile(rf"\b{_cue('negation_break')}\b")


# --- syntax -----------------------------------------------------------------------------------

_GREETING = re.compile(rf"^\W*(?:{_cue_in_order('greeting')}\b\W*)+")
# "registerutdrag tack", "my data please": a bare noun phrase with a courtesy at the end orders it
_POLITE_END = re.compile(rf"\b{_cue('polite_end')}\W*$")
_POLITE = re.compile(rf"^\W*{_cue('polite')}\b\W*")
# an order opening a clause; a modal verb first followed by a subject asks ("behöver kunden …?", "vill en
# kund …?": Swedish inversion), and so does any opening verb followed by a pronoun ("behöver jag …?", "vill ni …?")
_IMPERATIVE = re.compile(
    rf"^(?:{_cue('imperative')}|{_cue('modal')}(?!\s+{_cue('generic_subject')}\b))\b(?!\s+{_cue('subject_pronoun')}\b)"
)
_REQUEST = _cue_words("request")
_CONDITIONAL_BEFORE = re.compile(rf"\b{_cue('conditional')}\s+(?:\w+\s+){{0,2}}$")
_RELAYED = re.compile(
    rf"\b{_cue('relayed_subject')}\b\.?(?:\s+[\w'@.()-]+){{0,5}}?\s+{_cue('relayed_verb')}\b|\b{_cue('on_behalf_of')}\b"
)
# Questions about how a right works: with a request cue the message is ambiguous.
_HOW = _cue_words("how")
# Questions that ask for information, never for action (even with "please" or "I want").
# "how long" / "hur lange" here means only that: a message asking how long is asking, not ordering. It is
# not the retention question of bot/lang/<code>/retention_questions.txt (whether a retention rule's
# one-line summary answers the question) nor the lexicon's how_long concept (a question form steering
# retrieval toward durations): the meanings differ, and these words are features of bot/intent/model.json,
# so they stay as the model learned them (the info cue of bot/lang/<code>/intent_cues.txt).
_INFO = _cue_words("info")
# "I want to exercise my right to be forgotten": the "right to" of a request, not a question about it
_EXERCISE = re.compile(
    rf"\b{_cue('exercise_verb')}\s+{_cue('exercise_possessive')}\s+(?:\w+\s+)?{_cue('right_noun')}\s+"
    rf"{_cue('right_to')}\b"
)
# how the company treats data in general, even when the sentence ends "about me"
_PRACTICE = _cue_words("practice")
# "Will you delete my data after I close my account?": a question about what happens, not an order
_PRACTICE_QUESTION = re.compile(
    rf"^\W*{_cue_in_order('practice_question_you')}\b.*\b{_cue_in_order('practice_question_when')}\b.*\?\s*$"
)
# an agent forwarding a customer's message: "Fwd from customer: > …", "Vidarebefordrat från kund: …"
_FORWARDED = re.compile(
    rf"\b(?:{_cue('forwarded_marker')}|{_cue('forwarded_customer')} {_cue('forwarded_wrote')}|{_cue('forwarded_from')} (?:{_cue('forwarded_article')} )?{_cue('forwarded_customer')}\s*:)"
)
_QUESTION_WORD = _cue_words("question_word")
_SOFT_ASK = _cue_words("soft_ask")
_WONDER = re.compile(
    rf"\b{_cue('wonder')}\s+{_cue('wonder_if')}\s+(?P<who>{_cue('wonder_you')}|{_cue('wonder_i')})\s+"
    rf"{_cue('wonder_modal')}\b(?:\s+{_cue('wonder_softener')})?"
)
_SELF_QUESTIONS = {"access:what_do_you_hold"}
_WISH_TO_KNOW = _cue_words("wish_to_know")
_CONTEXT_RULES = {r.name for r in _RULES if r.context}
_GENERIC_RULES = {r.name for r in _RULES if r.generic}

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s-]?)?\(?0?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}(?!\w)")
_NAME_WORD = r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_NAME_PATTERNS = (
    re.compile(
        rf"\b(?:[Cc]ustomer|[Cc]lient|[Uu]ser|[Ss]tudent|[Ee]lev(?:en)?|[Kk]und(?:en)?|[Aa]nvändare(?:n)?|"
        rf"[Mm]edlem(?:men)?|[Kk]ontakt(?:en)?|[Cc]ontact)[:,]?\s+(?:named\s+|called\s+|som heter\s+|"
        rf"vid namn\s+)?({_NAME_WORD}(?:\s+{_NAME_WORD})?)"
    ),
    re.compile(rf"\b(?:name is|named|heter|namn:?|name:)\s+({_NAME_WORD}(?:\s+{_NAME_WORD})?)"),
    re.compile(
        rf"(?:^|[.!?:]\s+)({_NAME_WORD}\s+{_NAME_WORD})\s+(?:\([^)]*\)\s+)?(?:called|phoned|wrote|emailed|"
        r"mailed|asked|wants|would|says|ringde|skrev|mejlade|mailade|bad|vill|har|säger|kräver)\b"
    ),
)
_NOT_NAMES = {"Hej", "Hi", "Hello", "Hey", "Hejsan", "Tack", "Thanks", "Please", "Snälla", "Dear", "The"}


# --- classification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    right: str
    name: str
    start: int
    end: int
    performative: bool
    weak: bool
    statement: bool
    first_person: bool  # the sender's own data
    third_person: bool  # someone else's data (a relayed request)
    proxy: bool = False  # an adult relative's, friend's or colleague's data: not theirs to ask for


# "my colleague's data", "min sambos uppgifter": another adult's data — the sender may not act for
# them, so at most ask. A parent acting for a child ("my son's account") is a request.
_PROXY = re.compile(rf"\b{_cue('own_possessive')}\s+(?:[\w-]+\s+)?{_cue('relative')}(?:'s|s|')(?=\s)")


TICKET_REFERENCE = re.compile(r"\bDSAR-\d{4}-\d+\b", re.IGNORECASE)


def rule_intent(text: str, language: str) -> Intent:
    """Question or rights request, which right(s), and the data subject's details when given.

    ``language`` is the message's language; the lexicon covers both, so it is a hint only.
    """
    if not text or not text.strip():
        return Intent()
    masked, quoted_text = _mask_quotes(text)
    masked = TICKET_REFERENCE.sub(" ", masked)  # "close DSAR-2026-0001" names a ticket, it asks for no right
    folded = _fold(masked)
    relayed = bool(_RELAYED.search(folded))
    requests: list[_Trigger] = []
    asked: list[_Trigger] = []
    matched: list[str] = []
    ambiguous = False
    previous: _Trigger | None = None
    sentences = _sentences(folded)
    for index, (start, sentence) in enumerate(sentences):
        after = sentences[index + 1][1] if index + 1 < len(sentences) else ""
        triggers = _triggers(sentence, start, previous, relayed, _FOLLOWING_OBJECT.match(after))
        if not triggers:
            continue
        previous = triggers[-1]
        verdict, cues = _verdict(sentence, start, triggers, relayed)
        matched.extend(t.name for t in triggers)
        matched.extend(cues)
        if verdict == "request" and all(t.proxy for t in triggers):
            verdict = "ambiguous"  # another adult's data: ask, don't open a ticket for them
            matched.append("cue:proxy")
        if verdict == "request":
            requests.extend(triggers)
        else:
            asked.extend(triggers)
            ambiguous = ambiguous or verdict == "ambiguous"
    if not requests and quoted_text and (relayed or _FORWARDED.search(folded)):
        # a customer's own words, forwarded or quoted by an agent: their request, relayed
        inner = rule_intent(quoted_text, language)
        if inner.kind == "rights_request":
            name, email, phone = subject_details(text)
            matched_t = tuple(dict.fromkeys([*matched, *inner.matched, "quoted:forwarded"]))
            return Intent(
                kind="rights_request",
                right=inner.right,
                rights=inner.rights,
                relayed=True,
                matched=matched_t,
                subject_name=name,
                subject_email=email,
                subject_phone=phone,
            )
    if not requests and quoted_text and _triggers(_fold(quoted_text), 0, None):
        # a request in quotes or code: someone else's words, or an example — ask, don't act
        ambiguous = ambiguous or bool(_REQUEST.search(folded) or relayed)
        matched.append("quoted")
    matched_t = tuple(dict.fromkeys(matched))
    if _SALES.search(folded):
        requests = [_as_opt_out(t) for t in requests]
        asked = [_as_opt_out(t) for t in asked]
    if requests:
        rights = _ordered_rights(requests)
        relayed = relayed or not any(t.first_person for t in requests)
        name, email, phone = subject_details(text)
        return Intent(
            kind="rights_request",
            right=rights[0],
            rights=rights,
            relayed=relayed,
            matched=matched_t,
            subject_name=name,
            subject_email=email,
            subject_phone=phone,
        )
    about = _ordered_rights(asked)
    name, email, phone = subject_details(text) if ambiguous else (None, None, None)  # for "open a request?"
    return Intent(
        ambiguous=ambiguous,
        about_right=about[0] if about else None,
        matched=matched_t,
        subject_name=name,
        subject_email=email,
        subject_phone=phone,
    )


def _as_opt_out(trigger: _Trigger) -> _Trigger:
    """ "Don't call me again" is an objection; about sales calls or adverts it is a marketing opt-out."""
    if trigger.name == "objection:never_contact":
        return replace(trigger, right="opt_out_marketing")
    return trigger


def _mask_quotes(text: str) -> tuple[str, str]:
    """Blank out quoted material (same length) and return it separately."""
    pieces: list[str] = []

    def blank(match: re.Match[str]) -> str:
        pieces.append(match.group(0)[1:-1])
        return " " * len(match.group(0))

    masked = _QUOTED.sub(blank, text)
    return masked, " . ".join(pieces)


def _sentences(folded: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    position = 0
    for part in _SENTENCE.split(folded):
        index = folded.find(part, position)
        if part.strip():
            out.append((index, part))
        position = index + len(part)
    return out


def _triggers(
    sentence: str,
    offset: int,
    previous: _Trigger | None,
    relayed: bool = False,
    following: re.Match[str] | None = None,
) -> list[_Trigger]:
    """The right triggers in a sentence; ``following`` is a next sentence that only names the object
    ("Delete it all. Everything you hold on me.")."""
    found: list[_Trigger] = []
    taken: list[tuple[int, int]] = []  # spans already claimed by an earlier (more specific) rule
    objects = [(m.start(), m.end(), m.group(0)) for m in _OBJECT.finditer(sentence)]
    if relayed:
        objects = sorted(objects + [(m.start(), m.end(), m.group(0)) for m in _ALL_DATA.finditer(sentence)])
    sentence_first = bool(_FIRST_PERSON.search(sentence))
    sentence_third = bool(_THIRD_PERSON.search(sentence))
    for rule in _RULES:
        for m in rule.pattern.finditer(sentence):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
                continue
            if not rule.negation_ok and _negated(sentence, m.start()):
                continue
            if rule.anaphoric and not (
                (previous is not None and previous.right == rule.right)
                or any(t.right == rule.right for t in found)
                or _MARKETING_WORD.search(sentence)
            ):
                continue
            rest = sentence[m.end() :]
            if _SLACK_PLACE.search(rest):
                continue
            first, third = sentence_first, sentence_third
            proxy = False
            if rule.needs_object or rule.pronoun_ok:
                if _SLACK_OBJECT.search(rest):
                    continue
                obj = _object_near(sentence, m.start(), m.end(), objects)
                if obj is None and rule.pronoun_ok and _PRONOUN_OBJECT.search(rest):
                    obj = rest.split()[0]
                if obj is None and (found or previous) and _BACK_REFERENCE.search(rest):
                    earlier = found[-1] if found else previous
                    obj = "it"
                    first = bool(earlier and earlier.first_person) or sentence_first
                    third = bool(earlier and earlier.third_person) or sentence_third
                    proxy = bool(earlier and earlier.proxy)
                elif obj is None and following is not None and _BACK_REFERENCE.search(rest):
                    obj = following.group("object")
                    first, third = bool(_FIRST_PERSON.search(obj)), bool(_THIRD_PERSON.search(obj))
                elif obj is not None:
                    first = bool(_FIRST_PERSON.search(obj))
                    third = bool(_THIRD_PERSON.search(obj))
                if obj is None:
                    continue
                proxy = proxy or bool(_PROXY.search(obj))
                first = first and not proxy
            found.append(
                _Trigger(
                    rule.right,
                    rule.name,
                    offset + m.start(),
                    offset + m.end(),
                    rule.performative,
                    rule.weak,
                    rule.statement or bool(_ATTEMPT.search(sentence[max(0, m.start() - 40) : m.start()])),
                    first,
                    third,
                    proxy,
                )
            )
            taken.append((m.start(), m.end()))
    for m in _ARTICLE.finditer(sentence):
        right = by_article(m.group(1))
        if right:
            start, end = offset + m.start(), offset + m.end()
            found.append(
                _Trigger(
                    right, f"{right}:article", start, end, False, False, False, sentence_first, sentence_third
                )
            )
    if any(t.right == "portability" for t in found):  # a copy for another provider, machine-readable
        found = [replace(t, right="portability") if t.right == "access" else t for t in found]
    found = [t for t in found if t.name not in _CONTEXT_RULES]
    if any(t.name not in _GENERIC_RULES for t in found):  # "I request that you delete my data": erasure
        found = [t for t in found if t.name not in _GENERIC_RULES]
    found.sort(key=lambda t: t.start)
    return found


def _object_near(sentence: str, start: int, end: int, objects: list[tuple[int, int, str]]) -> str | None:
    """A personal-data object within a few words after the verb, or just before it (passive)."""
    window = _MAX_GAP_WORDS * 25  # characters: objects further away cannot be a few words away
    for o_start, o_end, text in objects:
        if o_end < start - window:
            continue
        if o_start > end + window:
            break
        between = sentence[end:o_start]
        if o_start >= end and len(between.split()) <= _MAX_GAP_WORDS and not _OBJECT_BREAK.search(between):
            return text
        gap = sentence[o_end:start]
        if o_end <= start and len(gap.split()) <= 4 and not re.search(r"[.;!?,]", gap):
            return text
    return None


# a sentence that only names what "it" was: "I mean every record about me.", "Alltså allt ni har om mig."
_FOLLOWING_OBJECT = re.compile(
    r"^\W*(?:(?:i mean|meaning|that is|i\.e\.|jag menar|alltsa|dvs\.?|det vill saga)\s+)?"
    rf"(?P<object>(?:all of |every |each |all |alla |allt )?(?:[\w'-]+\s+){{0,3}}?"
    rf"(?:{_DATA_NOUN}|everything|all|allt|alltihop)\s+(?:[\w'-]+\s+){{0,3}}?"
    rf"(?:on|about|om|pa|kring|of)\s+{_PRONOUN}\b|{_POSSESSIVE}\s+(?:[\w'-]+\s+)?{_DATA_NOUN}\b)"
    r"[^.!?]{0,40}[.!]?\s*$"
)
_OBJECT_BREAK = re.compile(rf"[.;!?]|\b{_cue('break_conjunction')}\s+{_cue('break_subject')}\b")


def _negated(sentence: str, start: int) -> bool:
    before = sentence[max(0, start - 40) : start]
    match = _NEGATION.search(before)
    if not match:
        return False
    return not _NEGATION_BREAK.search(before[match.end() :])


def _verdict(sentence: str, offset: int, triggers: list[_Trigger], relayed: bool) -> tuple[str, list[str]]:
    """ "request", "question" or "ambiguous" for a sentence holding right triggers."""
    practice = bool(_PRACTICE_QUESTION.match(sentence) or _PRACTICE.search(sentence))
    for t in triggers:  # "what data do you hold on me?" asks for the data: its "what" is no question
        if t.name in _SELF_QUESTIONS:
            a, b = t.start - offset, t.end - offset
            sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    clauses = [_POLITE.sub("", _GREETING.sub("", c)).strip() for c in _CLAUSE.split(sentence)]
    imperative = any(_IMPERATIVE.match(c) for c in clauses if c)
    imperative = imperative or bool(_POLITE_END.search(sentence) and "?" not in sentence)
    polite = bool(_POLITE.match(_GREETING.sub("", sentence)))
    asking = [m for m in _REQUEST.finditer(sentence) if not _CONDITIONAL_BEFORE.search(sentence[: m.start()])]
    performative = any(t.performative for t in triggers)
    # "I was wondering if you could delete my data" is a polite request; "…if I could get…" may be one
    wonder = _WONDER.search(sentence)
    if wonder:
        sentence = (
            sentence[: wonder.start()] + " " * (wonder.end() - wonder.start()) + sentence[wonder.end() :]
        )
    # In a sentence that is no question, a "how"/"whether" after the right's words belongs to a
    # subordinate clause ("restrict it while you check whether…", "…analyserar hur jag använder appen")
    cue_end = len(sentence) if sentence.rstrip().endswith("?") else triggers[0].end - offset
    info = _INFO.search(_EXERCISE.sub(" ", sentence)[:cue_end])
    how = _HOW.search(sentence[:cue_end])
    question_word = any(_QUESTION_WORD.match(c) for c in clauses if c)
    soft_ask = bool(_SOFT_ASK.search(sentence)) or bool(wonder and wonder.group("who") in _CUES["wonder_i"])
    if wonder and not soft_ask:
        asking.append(wonder)
    cues = [
        name
        for name, present in (
            ("cue:imperative", imperative or polite),
            ("cue:request", asking),
            ("cue:performative", performative),
            ("cue:relayed", relayed),
            ("cue:info", info),
            ("cue:how", how),
            ("cue:question_word", question_word),
            ("cue:soft_ask", soft_ask),
        )
        if present
    ]
    real_request = bool(imperative or polite or asking)
    first = any(t.first_person or t.proxy for t in triggers)  # a proxy's request is asked about
    third = any(t.third_person for t in triggers)
    subject = first or (third and (relayed or real_request)) or (relayed and not first)
    subject = subject or (imperative and not third)  # "unsubscribe!" speaks for the sender
    weak_only = all(t.weak for t in triggers)
    self_asked = any(t.name in _SELF_QUESTIONS for t in triggers)
    if info and not practice and subject and self_asked and _WISH_TO_KNOW.search(sentence):
        return "ambiguous", cues  # "I'd like to know what data you hold on me": maybe an access request
    if info and not practice and subject and _ordered_after(sentence, offset, triggers, info.end()):
        return "request", [*cues, "cue:ordered_after"]  # "…wants to know what we hold, please send it"
    if info or practice:
        return "question", cues
    if real_request and subject:
        if how:
            return "ambiguous", cues
        return ("ambiguous" if weak_only else "request"), cues
    if (performative or relayed) and subject:
        if how or question_word or (sentence.rstrip().endswith("?") and not self_asked):
            return "question", cues
        return ("ambiguous" if weak_only else "request"), cues
    if soft_ask and subject:  # "kan jag få ett registerutdrag?": maybe a polite request
        return "ambiguous", cues
    if how or question_word or not subject or sentence.rstrip().endswith("?"):
        return "question", cues
    # a bare statement about the sender's own data ("my address is wrong", "registerutdrag")
    return "ambiguous", cues


def _ordered_after(sentence: str, offset: int, triggers: list[_Trigger], info_end: int) -> bool:
    """A trigger in its own later clause that gives an order, after a clause asking for information."""
    if "?" in sentence:
        return False
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(sentence)), len(sentence)]
    for t in triggers:
        start = t.start - offset
        begin = max(b for b in bounds if b <= start)
        end = min((b for b in bounds if b > start), default=len(sentence))
        clause = _GREETING.sub("", sentence[begin:end])
        ordered = _IMPERATIVE.match(clause.strip()) or _POLITE.match(clause)
        if begin >= info_end and ordered and not _INFO.search(clause):
            return True
    return False


def _ordered_rights(triggers: list[_Trigger]) -> tuple[str, ...]:
    ordered = sorted(triggers, key=lambda t: (t.weak, t.statement, t.start))
    rights = [t.right for t in ordered]
    specific = [r for r in rights if r != "unspecified"]
    return tuple(dict.fromkeys(specific or rights))


def relayed_by_agent(text: str) -> bool:
    """Someone passes on another person's message ("a customer called and wants…", "kunden vill…")."""
    return bool(_RELAYED.search(_fold(text)))


def subject_details(text: str) -> tuple[str | None, str | None, str | None]:
    """The data subject's name, e-mail and phone number, when the message gives them."""
    email = EMAIL.search(text)
    phone = next(
        (
            m.group(0).strip()
            for m in _PHONE.finditer(text)
            if 8 <= sum(c.isdigit() for c in m.group(0)) <= 15
        ),
        None,
    )
    name = None
    for pattern in _NAME_PATTERNS:
        m = pattern.search(text)
        if m and m.group(1).split()[0] not in _NOT_NAMES:
            name = m.group(1)
            break
    return name, email.group(0) if email else None, phone
