"""Retention rules: every period the seed policies state, new policy texts, and the one-line answer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.retrieval.loader import KnowledgeBase, Policy, load_policy
from bot.retrieval.retention import (
    RetentionRule,
    direct_answer,
    extract_rules,
    find_durations,
    is_retention_question,
)

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

# Every retention period stated in the five seed policies, read from the texts:
# (company, category, ISO duration, bound, what starts the clock)
SEED_PERIODS = {
    ("leep", "comment_cookies", "P1Y", "exact", None),  # "Dessa cookie-filer gäller i ett år."
    ("leep", "login_cookies", "P2D", "exact", None),  # "Cookie-filer för inloggning gäller i två dagar"
    ("leep", "layout_cookies", "P1Y", "exact", None),  # "cookie-filer för layoutval gäller i ett år"
    ("leep", "remember_me_cookies", "P2W", "exact", None),  # "Kom ihåg mig" … "i två veckor"
    ("leep", "article_cookies", "P1D", "exact", None),  # "Den gäller under 1 dygn."
    ("leep", "analytics", "P36M", "exact", None),  # "Data i Google Analytics sparas i 36 månader."
    (
        "leep",
        "interest_registrations",
        "P3Y",
        "max",
        "last_activity",
    ),  # "högst i tre år efter senaste aktivitet"
    ("leep", "students", "P3Y", "exact", "education_end"),  # "i tre år efter att utbildningen avslutades"
    ("leep", "grading_material", "P6M", "min", "grade"),  # "minst sex månader efter satt betyg"
    (
        "leep",
        "marketing",
        "P3Y",
        "max",
        "customer_relationship_end",
    ),  # "upp till tre år efter avslutad kundrelation"
    (
        "xledger",
        "marketing",
        "P24M",
        "exact",
        "last_activity",
    ),  # "efter 24 månader när du inte visat intresse"
    (
        "xledger",
        "customers",
        "P1Y",
        "max",
        "customer_relationship_end",
    ),  # "i upp till 1 år efter att relationen är avslutad"
    (
        "company-003",
        "customers",
        "P36M",
        "max",
        "customer_relationship_end",
    ),  # "därefter som längst 36 månader"
    ("company-003", "suppliers", "P36M", "max", "relationship_end"),  # "Kund- och leverantörsdata"
    (
        "leading-business",
        "marketing",
        "P4Y",
        "max",
        None,
    ),  # "information older than 4 years will not be used"
}

# Rules without a fixed period that the seed policies state (a sample of the clearest)
SEED_OPEN_RULES = {
    ("leep", "comments", "no_limit"),  # "sparas utan tidsgräns"
    ("leep", "session_cookies", "until_event"),  # "försvinner när du stänger din webbläsare"
    ("leep", "consent_data", "until_consent_withdrawn"),  # "så länge vi har ditt samtycke"
    (
        "leep",
        "correspondence",
        "as_long_as_needed",
    ),  # "så länge som det är nödvändigt för att fullfölja kontakten"
    ("leep", "accounting", "legal"),  # "enligt gällande bokföringsregler"
    ("company-003", "accounting", "legal"),  # "så länge det är nödvändigt enligt lag, t.ex. bokföringslagen"
    ("leading-business", "customers", "relationship"),  # "as long as you are a customer with us"
    ("leading-business", "accounting", "legal"),  # "such as the Accounting Act"
    (
        "leading-business",
        "personal_data",
        "as_long_as_needed",
    ),  # "not stored for a longer period than is necessary"
    ("xledger", "customers", "legal"),  # "längre om det krävs enligt lag"
    ("leadpilot", "prospects", "until_event"),  # "Efter ett e-postsvar … tar vi bort"
    ("leadpilot", "users", "as_long_as_needed"),  # "endast så länge som det behövs"
    ("leadpilot", "accounting", "legal"),  # "bokföringsmässiga skyldigheter … tillämplig lagstiftning"
}


@pytest.fixture(scope="module")
def seed_rules(kb: KnowledgeBase) -> dict[str, list[RetentionRule]]:
    return {slug: extract_rules(policy) for slug, policy in kb.policies.items()}


def _periods(rules: dict[str, list[RetentionRule]]) -> set[tuple[str, str, str | None, str, str | None]]:
    return {
        (slug, r.category, r.duration, r.bound, r.trigger)
        for slug, found in rules.items()
        for r in found
        if r.kind == "period"
    }


def test_every_period_in_the_seed_policies_is_found_with_its_duration_and_nothing_else(
    seed_rules: dict[str, list[RetentionRule]],
) -> None:
    found = _periods(seed_rules)
    assert found - SEED_PERIODS == set(), "periods that the policies do not state"
    assert SEED_PERIODS - found == set(), "periods the policies state that were missed"
    assert len(SEED_PERIODS) > 10


def test_rules_without_a_fixed_period_are_found(seed_rules: dict[str, list[RetentionRule]]) -> None:
    found = {(slug, r.category, r.kind) for slug, rules in seed_rules.items() for r in rules}
    assert SEED_OPEN_RULES - found == set()


def test_each_rule_quotes_its_clause_verbatim_with_its_section(
    kb: KnowledgeBase, seed_rules: dict[str, list[RetentionRule]]
) -> None:
    for slug, rules in seed_rules.items():
        for rule in rules:
            assert rule.quote and rule.quote in rule.clause.text
            assert rule.clause in kb.policies[slug].clauses
            assert rule.section == rule.clause.section_title
            assert rule.bound in ("max", "min", "exact", "none")
            assert (rule.duration is None) == (rule.kind != "period")


def test_a_deadline_for_answering_or_a_yearly_free_copy_is_not_a_retention_period(
    seed_rules: dict[str, list[RetentionRule]],
) -> None:
    # Leading Business: "You can, once a year free of charge, obtain information …"
    assert all(r.duration != "P1Y" for r in seed_rules["leading-business"])
    # company-003: "Denna Integritetspolicy gäller tills vidare" is about the policy, not the data
    assert all(r.kind != "no_limit" for r in seed_rules["company-003"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Uppgifterna sparas i tre år.", "P3Y"),
        ("Cookien finns kvar i två veckor.", "P2W"),
        ("Cookien gäller i ett år.", "P1Y"),
        ("Underlaget sparas i minst sex månader.", "P6M"),
        ("Information older than four years will not be used.", "P4Y"),
        ("Vi raderar uppgifterna efter 24 månader.", "P24M"),
        ("Cookien gäller i 2 dagar.", "P2D"),
        ("We keep the data for 12 months.", "P12M"),
        ("Vi behåller uppgifterna i upp till 1 år.", "P1Y"),
        ("Vi sparar loggarna i tjugofyra månader.", "P24M"),
        ("We retain logs for twenty-four months.", "P24M"),
        ("Den gäller under 1 dygn.", "P1D"),
        ("Filmerna raderas efter 72 timmar.", "PT72H"),
        ("Uppgifterna sparas ett halvår.", "P6M"),
        ("The data is stored for one and a half years.", "P18M"),
        ("We keep it for twelve (12) months.", "P12M"),
        ("Recordings are deleted after seventy-two hours.", "PT72H"),
        ("Uppgifterna sparas i högst åttio dagar.", "P80D"),
        ("Sessionen gäller i 30 minuter.", "PT30M"),
    ],
)
def test_periods_written_as_words_or_digits_become_iso_durations(text: str, expected: str) -> None:
    assert [d.iso for d in find_durations(text.lower())] == [expected]


def _policy(tmp_path: Path, name: str, text: str) -> Policy:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_policy(path)


# Written for this test: not the wording of any seed policy.
NEW_SWEDISH_POLICY = """---
name: Bageriet Solsken
language: sv
---
Lagring och gallring

Kunder
Uppgifter om våra kunder sparas i fem år efter att kundförhållandet har upphört.

Rekrytering
Jobbansökningar och CV sparas som längst två år.

Bokföring
Kvitton och verifikationer bevaras i sju år enligt bokföringslagen.

Nyhetsbrev
Prenumeranter på nyhetsbrevet finns kvar i vårt register tills du avregistrerar dig.

Kameraövervakning
Inspelat material från kameraövervakningen raderas automatiskt efter 72 timmar.

Webbplatsen
Sessionscookies raderas när du stänger webbläsaren. Statistikcookies gäller i högst tretton månader.

Loggar
Serverloggar gallras efter nittio dagar.

Vi besvarar din begäran om registerutdrag inom en månad.
Barn under 13 år får inte registrera ett konto.
"""

NEW_ENGLISH_POLICY = """---
name: Northwind Rentals
language: en
---
How long we keep your data

Account data is kept for as long as you have an account with us, and deleted within 30 days after you close your account.

Job applicants: applications are retained for six months after the recruitment process is completed.

Invoices are stored for seven years, as required by the Accounting Act.

Support tickets are kept for no longer than 18 months from the date of collection.

Marketing cookies expire after thirteen months. Google Analytics cookies last for a maximum of 2 years.

Security footage is erased after 30 days.

We will respond to your request within one month. You may request a free copy once a year.
"""


def test_a_new_swedish_policy_gets_its_periods_without_code_changes(tmp_path: Path) -> None:
    rules = extract_rules(_policy(tmp_path, "solsken.txt", NEW_SWEDISH_POLICY))
    periods = {(r.category, r.duration, r.bound, r.trigger) for r in rules if r.kind == "period"}
    assert periods == {
        ("customers", "P5Y", "exact", "customer_relationship_end"),
        ("applicants", "P2Y", "max", None),
        ("accounting", "P7Y", "exact", None),
        ("camera_footage", "PT72H", "exact", None),
        ("analytics_cookies", "P13M", "max", None),
        ("logs", "P90D", "exact", None),
    }
    open_rules = {(r.category, r.kind, r.trigger) for r in rules if r.kind != "period"}
    assert ("marketing", "until_consent_withdrawn", "unsubscribe") in open_rules
    assert ("session_cookies", "until_event", "browser_closed") in open_rules


def test_a_new_english_policy_gets_its_periods_without_code_changes(tmp_path: Path) -> None:
    rules = extract_rules(_policy(tmp_path, "northwind.txt", NEW_ENGLISH_POLICY))
    periods = {(r.category, r.duration, r.bound, r.trigger) for r in rules if r.kind == "period"}
    assert periods == {
        ("users", "P30D", "max", "account_closed"),
        ("applicants", "P6M", "exact", "recruitment_end"),
        ("accounting", "P7Y", "exact", None),
        ("correspondence", "P18M", "max", "collection"),
        ("marketing_cookies", "P13M", "exact", None),
        ("analytics_cookies", "P2Y", "max", None),
        ("camera_footage", "P30D", "exact", None),
    }


def test_an_english_retention_question_about_a_swedish_policy_gets_an_english_one_liner(
    seed_rules: dict[str, list[RetentionRule]],
) -> None:
    rules = seed_rules["xledger"]
    hits = [r.clause for r in rules]
    question = "How long does Xledger keep data about people who stopped being customers?"
    assert direct_answer(question, "en", rules, hits) == "Up to 1 year after the customer relationship ends."
    swedish = "Hur länge sparar ni uppgifter om kunder som har slutat?"
    assert direct_answer(swedish, "sv", rules, hits) == "Högst 1 år efter att kundrelationen har upphört."


@pytest.mark.parametrize(
    ("slug", "question", "language", "expected"),
    [
        (
            "leep",
            "how long is a pupil's grading material kept?",
            "en",
            "At least 6 months after the grade is set.",
        ),
        ("leep", "hur lange finns inloggningscookien kvar?", "sv", "Sparas i 2 dagar."),
        ("leep", "Are blog comments stored forever?", "en", "With no time limit."),
        (
            "company-003",
            "How long do you keep invoices?",
            "en",
            "As long as the law requires (e.g. the Accounting Act).",
        ),
        ("leading-business", "hur länge sparas reklamdata?", "sv", "Högst 4 år."),
    ],
)
def test_the_one_liner_comes_from_the_rule_for_the_kind_of_data_asked_about(
    seed_rules: dict[str, list[RetentionRule]], slug: str, question: str, language: str, expected: str
) -> None:
    rules = seed_rules[slug]
    assert direct_answer(question, language, rules, [r.clause for r in rules]) == expected


def test_no_one_liner_for_a_question_that_is_not_about_retention_or_has_no_matching_rule(
    seed_rules: dict[str, list[RetentionRule]],
) -> None:
    rules = seed_rules["company-003"]
    hits = [r.clause for r in rules]
    assert direct_answer("Who is the data protection officer?", "en", rules, hits) is None
    assert direct_answer("Vilka uppgifter samlar ni in om kunder?", "sv", rules, hits) is None
    assert (
        direct_answer(
            "Within how many days must we answer a person who asked for a copy of their data?",
            "en",
            rules,
            hits,
        )
        is None
    )
    assert direct_answer("How long do the cookies stay on my computer?", "en", rules, hits) is None
    assert not is_retention_question("Can I get a copy of my data?")


def test_cli_json_lists_rules_with_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retention", "xledger", "--json", "--knowledge", str(KNOWLEDGE)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"category", "duration", "bound", "trigger", "kind", "clause", "section"} <= set(rows[0])
    customers = next(r for r in rows if r["category"] == "customers" and r["kind"] == "period")
    assert (customers["duration"], customers["bound"]) == ("P1Y", "max")
    assert "i upp till 1 år efter att relationen är avslutad" in customers["clause"]
    assert customers["section"] == "Befintliga kunder/affärsrelationer"


def test_cli_csv_puts_all_companies_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retention", "--all", "--csv", "--knowledge", str(KNOWLEDGE)]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == ["category", "Company 003", "Leading Business", "LeadPilot", "Leep", "Xledger"]
    by_label = {row[0]: row[1:] for row in table[1:]}
    assert by_label["customers"][0] == "Up to 36 months after the customer relationship ends."
    assert all(int(count) > 0 for count in by_label["rules"])


def test_cli_plain_text_and_unknown_company(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retention", "company-003", "--lang", "sv", "--knowledge", str(KNOWLEDGE)]) == 0
    out = capsys.readouterr().out
    assert "Högst 36 månader efter att kundrelationen har upphört." in out
    assert main(["retention", "no-such-company", "--knowledge", str(KNOWLEDGE)]) == 2
    assert "unknown company" in capsys.readouterr().err


def test_the_fast_gated_patterns_find_exactly_what_the_plain_regexes_find(kb: KnowledgeBase) -> None:
    from bot.retrieval import retention, retention_terms

    patterns = [c.pattern for c in retention_terms.CATEGORIES]
    patterns += [t.pattern for t in retention_terms.TRIGGERS] + [p for _, p in retention_terms.KIND_PATTERNS]
    patterns += [retention.STORE_RE, retention.DELETE_RE, retention.RESPONSE_RE, retention.WEAK_CUE_RE]
    texts = [
        c.text.lower() for slug in ("company-003", "leading-business") for c in kb.policies[slug].clauses
    ]
    texts += [line.lower() for line in (NEW_SWEDISH_POLICY + NEW_ENGLISH_POLICY).split("\n") if line]
    for pattern in patterns:
        for text in texts:
            fast, plain = pattern.search(text), pattern.regex.search(text)
            assert (fast and fast.start()) == (plain and plain.start()), (pattern.pattern[:60], text[:60])


def test_no_one_liner_when_the_rules_that_fit_disagree(seed_rules: dict[str, list[RetentionRule]]) -> None:
    # Leep keeps its cookies for a session, a day, two days, two weeks or a year depending on the cookie:
    # no single line is right, so the quoted clauses speak for themselves
    rules = seed_rules["leep"]
    cookie_clauses = [r.clause for r in rules if "cookie" in r.category]
    assert direct_answer("hur länge sparas cookies?", "sv", rules, cookie_clauses) is None
    # "my data" where the shown clause keeps customers' data as long as they are customers and other data
    # as long as needed: the summary would be one of two, so none
    rules = seed_rules["leading-business"]
    hits = [r.clause for r in rules]
    assert direct_answer("How long does Leading Business keep my data?", "en", rules, hits) is None
    # a period beside the customer relationship it follows is one answer, not two
    rules = seed_rules["xledger"]
    hits = [r.clause for r in rules]
    assert direct_answer("hur länge sparar ni kunddata?", "sv", rules, hits) == (
        "Högst 1 år efter att kundrelationen har upphört."
    )
