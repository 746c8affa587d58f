"""Which company a message is about: explicit > named in text > channel binding > only one > ask."""

from __future__ import annotations

import pytest

from bot.companies import company_slug, resolve_company
from bot.retrieval.loader import KnowledgeBase, Policy

ALL = ("company-003", "leading-business", "leadpilot", "leep", "xledger")


@pytest.fixture(scope="module")
def policies(kb: KnowledgeBase) -> list[Policy]:
    return list(kb.policies.values())


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("what cookies does Xledger use?", "xledger"),
        ("hur länge sparar xledgr fakturor", "xledger"),
        ("sparar Xledgers support samtal?", "xledger"),
        ("Xledger:s policy om kakor", "xledger"),
        ("does Lead Pilot sell leads?", "leadpilot"),
        ("LeadPilots integritetspolicy", "leadpilot"),
        ("LeadPilot's retention of form data", "leadpilot"),
        ("is leadpilot.com using analytics", "leadpilot"),
        ("vad gör leep ab med betygen", "leep"),
        ("Leeps elevregister", "leep"),
        ("privacy at Leading Buisness", "leading-business"),
        ("does LeadingBusiness share data", "leading-business"),
        ("what does Leading store about visitors?", "leading-business"),
        ("hur hanterar företag 003 leverantörsdata", "company-003"),
        ("Company 003 retention", "company-003"),
        ("does Leeb sell student data?", "leep"),
        ("vad sparar Leap om eleverna?", "leep"),
    ],
)
def test_a_company_named_in_the_text_is_found_despite_typos_and_genitives(
    policies: list[Policy], text: str, slug: str
) -> None:
    match = resolve_company(text, policies)
    assert (match.slug, match.how) == (slug, "text")


@pytest.mark.parametrize(
    "text",
    [
        "I keep my data in a deep sleep",
        "this is leading to confusion about cookies",
        "Leading up to the audit, what do we keep?",
        "we buy leads and lead lists",
        "a leading business in Sweden keeps invoices for how long?",
        "our general ledger holds supplier names",
        "call me on 08-003 12 34",
        "how long are invoices kept?",
        "Leap year birthdays: how are they stored?",
        "does the app leap over consent?",
        "I need to keep this",
    ],
)
def test_ordinary_words_are_not_companies(policies: list[Policy], text: str) -> None:
    match = resolve_company(text, policies)
    assert match.slug is None
    assert match.candidates == ALL


def test_explicit_company_wins_over_text_and_binding(policies: list[Policy]) -> None:
    match = resolve_company("what does Xledger store?", policies, explicit="leep", binding="leadpilot")
    assert (match.slug, match.how) == ("leep", "explicit")


def test_a_name_in_the_text_beats_the_channel_binding(policies: list[Policy]) -> None:
    match = resolve_company("what does Xledger store?", policies, binding="leep")
    assert (match.slug, match.how) == ("xledger", "text")


def test_channel_binding_applies_when_no_company_is_named(policies: list[Policy]) -> None:
    match = resolve_company("how long do you keep invoices?", policies, binding="leep")
    assert (match.slug, match.how) == ("leep", "binding")


def test_unknown_explicit_company_is_ignored(policies: list[Policy]) -> None:
    assert resolve_company("cookies?", policies, explicit="nope").slug is None


def test_the_only_company_is_used_when_there_is_one(policies: list[Policy]) -> None:
    only = [p for p in policies if p.slug == "leep"]
    match = resolve_company("how long do you keep grades?", only)
    assert (match.slug, match.how) == ("leep", "only")


def test_two_companies_named_picks_the_first_and_lists_both(policies: list[Policy]) -> None:
    match = resolve_company("does Leep or Xledger sell data?", policies)
    assert match.slug == "leep"
    assert match.candidates == ("leep", "xledger")


def test_two_companies_named_prefers_the_channel_company(policies: list[Policy]) -> None:
    match = resolve_company("does Leep or Xledger sell data?", policies, binding="xledger")
    assert match.slug == "xledger"


def test_long_messages_resolve_quickly(policies: list[Policy]) -> None:
    import time

    text = "lorem ipsum dolor sit amet leading lead sleep " * 90 + " Xledger"
    started = time.perf_counter()
    match = resolve_company(text, policies)
    assert time.perf_counter() - started < 0.2
    assert match.slug == "xledger"


def test_a_letter_typed_three_times_still_names_the_company(kb: KnowledgeBase) -> None:
    assert resolve_company("hur länge sparar leeep elevdata?", kb.policies.values()).slug == "leep"
    assert resolve_company("sleeep well, we keeep data", kb.policies.values()).slug is None


def _policy(slug: str, name: str, aliases: tuple[str, ...] = ()) -> Policy:
    from pathlib import Path

    return Policy(slug, name, aliases, "sv", (), Path(f"{slug}.md"))


NEW_COMPANIES = [
    _policy("asklunda", "Asklunda Montessoriförskola", ("Asklunda",)),
    _policy("reliwe", "Reliwe AB", ("Reliwe", "reliwe.se")),
    _policy("boost", "Boost by FC Rosengård", ("Boost", "Boost by FCR")),
    _policy("kaprifolen", "Förskolan Kaprifolen", ("Kaprifolen", "Kaprifolens förskola")),
]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("vem ansvarar för barnens uppgifter på asklunda?", "asklunda"),  # no ordinary word: a name
        ("i want reliwe to delete my data", "reliwe"),  # "Reliwe AB" is called Reliwe
        ("Kaprifolen: is our data kept on paper?", "kaprifolen"),  # at the start of a sentence too
        ("hur får jag mitt reliwe-konto raderat?", "reliwe"),  # part of a hyphenated word
        ("does the data go to Boost?", "boost"),  # an ordinary word written as a name
    ],
)
def test_a_new_companys_name_is_found_however_it_is_written(text: str, slug: str) -> None:
    assert resolve_company(text, NEW_COMPANIES).slug == slug


def test_an_ordinary_word_that_begins_a_name_is_not_the_company_in_lower_case() -> None:
    assert resolve_company("how do we boost sign-ups?", NEW_COMPANIES).slug is None


@pytest.mark.parametrize(
    ("given", "slug"),
    [
        ("Xledger", "xledger"),
        ("LEEP", "leep"),
        ("leading business", "leading-business"),
        ("Company 003", "company-003"),
    ],
)
def test_a_company_given_on_purpose_is_found_in_any_case(
    policies: list[Policy], given: str, slug: str
) -> None:
    assert company_slug(given, policies) == slug
    assert resolve_company("what about cookies?", policies, explicit=given).slug == slug


def test_an_unknown_company_given_on_purpose_is_none(policies: list[Policy]) -> None:
    assert company_slug("Acme", policies) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("does xledger use the facebook pixel", ["xledger"]),  # not "xledger use": a near miss of an alias
        ("If I moved from LeadPilot to another CRM", ["LeadPilot"]),
        ("vad säger Leading Business AB och leep om cookies?", ["Leading Business AB", "leep"]),
        ("Leeps elevregister", ["Leeps"]),
        ("what is leading to this?", []),
    ],
)
def test_where_companies_are_named_covers_the_name_and_nothing_else(
    policies: list[Policy], text: str, named: list[str]
) -> None:
    mentions = resolve_company(text, policies).mentions
    assert [text[start:end] for start, end in mentions] == named
