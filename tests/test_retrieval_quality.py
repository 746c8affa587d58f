"""The held-out question set through the whole pipeline: a retrieval regression fails here.

tests/data/holdout.jsonl holds 84 Slack-style questions on the five seed policies (42 sv, 42 en; 32 English
questions about Swedish policies; 57 answer, 12 about_right, 15 no_answer), written from the policies
before the retriever was tuned against them. The floors sit a little below what the retriever reaches
(hit@1 0.83, hit@3 0.93, en→sv hit@3 0.92, answered 0.97, abstention 0.87 when written).

tests/data/holdout2.jsonl holds 95 more (40 sv, 55 en; 44 English questions about Swedish policies;
63 answer, 14 about_right, 18 no_answer; 16 name the company in the text, some misspelt), written from
the policies alone after three rounds of tuning. Before the fixes it led to, it scored hit@1 0.77,
hit@3 0.88, en→sv hit@3 0.86, abstention 0.78; after them hit@1 0.86, hit@3 0.97, en→sv hit@3 0.94,
answered 0.99, abstention 0.94. Its floors sit a little below the second set of figures.

tests/data/holdout3.jsonl holds 107 more by another author (34 sv, 73 en; 57 English questions about Swedish
policies; 76 answer, 13 about_right, 18 no_answer; 13 name the company in the text, some misspelt or in the
genitive; terse agent notes, chatty messages, legal vocabulary), written from the policies alone before any
change it led to. Measured blind: hit@1 0.69, hit@3 0.94, en→sv hit@3 0.92, answered 0.97, abstention 0.61;
after general fixes (vocabulary, concepts a policy never mentions, cookie settings): hit@1 0.74, hit@3 0.96,
en→sv hit@3 0.94, answered 1.00, abstention 0.78. Its floors sit a little below the second set of figures.

tests/data/holdout4.jsonl holds 103 more by a fourth author (22 sv, 81 en; 52 English questions about Swedish
policies; 69 answer, 12 about_right, 22 no_answer, many on topics next to what the policies cover; written as
a customer-service agent relaying a customer and as curious employees: yes/no questions, one data kind,
synonyms the policies don't use), written from the policies alone before any change it led to. Measured
blind: hit@1 0.79, hit@3 0.95, en→sv hit@3 0.98, answered 0.98, abstention 0.59; after general fixes
(topics policies are often silent on, synonyms, the opening clause of a matching section): hit@1 0.81,
hit@3 0.99, en→sv hit@3 0.98, answered 0.98, abstention 0.95. Its floors sit a little below the second set.

tests/data/holdout5.jsonl holds 104 more by a fifth author (66 sv, 38 en; Swedish-heavy and informal: "nån",
"dom", "asså", å/ä/ö left out; scenarios such as a former student, a salon customer, a job applicant, a
newsletter subscriber; 68 answer, 12 about_right, 24 no_answer; 12 name the company in the text, some
misspelt), written from the policies alone before any change it led to. Measured blind: hit@1 0.73, hit@3
0.88, en→sv hit@3 0.73, answered 0.95, abstention 0.63; after general fixes ("who has access" is about access
control, not the right of access; "how long is X kept" needs a clause about X; recording as a concept):
hit@1 0.73, hit@3 0.89, en→sv hit@3 0.77, answered 0.95, abstention 0.75. Its floors sit a little below.

tests/data/holdout6.jsonl holds 102 more by a sixth author, aimed at abstention (69 en, 33 sv; 52 answer,
11 about_right, 39 no_answer: named vendors, exact numbers of days, laws, DPIAs, incidents, CCTV, children,
kinds of data a policy never mentions), written from the policies alone before any change it led to.
Measured blind: hit@1 0.75, hit@3 0.87, answered 0.94, abstention 0.69; after general fixes ("sensitivity"
of data is not sensitive data, cookies stored in the browser are not hosting, "how many days", web logs,
"stop getting" and "as a file"): hit@1 0.78, hit@3 0.89, answered 0.94, abstention 0.72.

Since the learned ranker (``bot/retrieval/ranker.py``) all six sets are its training data, so these floors
guard against a broken model or pipeline, not a measure of unseen questions (README: the blind split). The
answerability threshold is chosen to answer 95 % of answerable questions across all sets; on the
abstention-heavy sixth set that costs abstention (0.64 with the learned model, 0.72 with the rules), bought
back as answered questions elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.pipeline import Engine
from bot.retrieval.evaluation import Report, evaluate, gold_company, load_questions

HOLDOUT = Path(__file__).resolve().parent / "data" / "holdout.jsonl"
HOLDOUT2 = Path(__file__).resolve().parent / "data" / "holdout2.jsonl"
HOLDOUT3 = Path(__file__).resolve().parent / "data" / "holdout3.jsonl"
HOLDOUT4 = Path(__file__).resolve().parent / "data" / "holdout4.jsonl"
HOLDOUT5 = Path(__file__).resolve().parent / "data" / "holdout5.jsonl"
HOLDOUT6 = Path(__file__).resolve().parent / "data" / "holdout6.jsonl"
FLOORS = {
    "hit@1": 0.78,
    "hit@3": 0.89,
    "en_sv_hit@3": 0.87,
    "answered": 0.94,
    "abstention": 0.80,
    "company": 0.97,
    "language": 0.97,
}


FLOORS2 = {
    "hit@1": 0.81,
    "hit@3": 0.93,
    "en_sv_hit@3": 0.9,
    "answered": 0.95,
    "abstention": 0.88,
    "company": 0.97,
    "language": 0.97,
}


FLOORS3 = {
    "hit@1": 0.71,
    "hit@3": 0.92,
    "en_sv_hit@3": 0.9,
    "answered": 0.95,
    "abstention": 0.72,
    "company": 0.97,
    "language": 0.97,
}


FLOORS4 = {
    "hit@1": 0.77,
    "hit@3": 0.94,
    "en_sv_hit@3": 0.94,
    "answered": 0.95,
    "abstention": 0.86,
    "company": 0.97,
    "language": 0.97,
}


FLOORS5 = {
    "hit@1": 0.70,
    "hit@3": 0.86,
    "en_sv_hit@3": 0.72,
    "answered": 0.93,
    "abstention": 0.70,
    "company": 0.97,
    "language": 0.97,
}


FLOORS6 = {
    "hit@1": 0.74,
    "hit@3": 0.85,
    "answered": 0.92,
    "abstention": 0.6,
    "company": 0.97,
    "language": 0.97,
}


SETS = {
    HOLDOUT: FLOORS,
    HOLDOUT2: FLOORS2,
    HOLDOUT3: FLOORS3,
    HOLDOUT4: FLOORS4,
    HOLDOUT5: FLOORS5,
    HOLDOUT6: FLOORS6,
}


@pytest.fixture(scope="module")
def reports(engine: Engine) -> dict[Path, Report]:
    return {path: evaluate(engine, load_questions(path)) for path in SETS}


@pytest.mark.parametrize(
    ("path", "metric"),
    [(path, metric) for path, floors in SETS.items() for metric in sorted(floors)],
    ids=str,
)
def test_held_out_sets_stay_above_their_floors(reports: dict[Path, Report], path: Path, metric: str) -> None:
    value = reports[path].product[metric].value
    floor = SETS[path][metric]
    assert value is not None and value >= floor, f"{path.name}: {metric} = {value} < {floor}"


@pytest.mark.parametrize("path", [HOLDOUT2, HOLDOUT3, HOLDOUT4, HOLDOUT5, HOLDOUT6], ids=lambda p: p.name)
def test_no_question_of_the_later_held_out_sets_opens_a_ticket(
    reports: dict[Path, Report], path: Path
) -> None:
    assert reports[path].product["false_ticket_about_right"].count == 0
    assert reports[path].product["false_ticket_plain"].count == 0


@pytest.mark.parametrize(
    ("path", "normalised_length"),
    [(HOLDOUT2, False), (HOLDOUT3, True), (HOLDOUT4, True), (HOLDOUT5, True), (HOLDOUT6, True)],
    ids=["2", "3", "4", "5", "6"],
)
def test_later_held_out_sets_keep_verbatim_gold(engine: Engine, path: Path, normalised_length: bool) -> None:
    rows = load_questions(path)
    kinds = [r["kind"] for r in rows]
    assert kinds.count("no_answer") >= 15 and kinds.count("about_right") >= 10
    for row in rows:
        policy_text = engine.kb.policies[gold_company(row)].path.read_text(encoding="utf-8")
        assert (row["kind"] == "no_answer") == (not row["gold"]), row["id"]
        for gold in row["gold"]:
            length = len(" ".join(gold.split())) if normalised_length else len(gold)
            assert 30 <= length <= 200, f"{row['id']}: gold length"
            assert gold in policy_text, f"{row['id']}: gold not verbatim"


def test_held_out_set_is_balanced_and_its_gold_is_verbatim_policy_text(engine: Engine) -> None:
    rows = load_questions(HOLDOUT)
    kinds = [r["kind"] for r in rows]
    assert kinds.count("no_answer") >= 12 and kinds.count("about_right") >= 8
    assert abs(sum(r["lang"] == "sv" for r in rows) - sum(r["lang"] == "en" for r in rows)) <= 4
    for row in rows:
        policy_text = engine.kb.policies[gold_company(row)].path.read_text(encoding="utf-8")
        assert (row["kind"] == "no_answer") == (not row["gold"]), row["id"]
        for gold in row["gold"]:
            pattern = r"\s+".join(re.escape(w) for w in gold.split())
            assert re.search(pattern, policy_text), f"{row['id']}: gold not in the policy"
            assert gold in policy_text, f"{row['id']}: gold must keep the policy's own bytes"
