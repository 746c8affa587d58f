from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.retrieval.bm25 import PlainBM25
from bot.retrieval.evaluation import evaluate, hit_at, shares_run

POLICY = """---
name: Acme AB
aliases: Acme
language: sv
---
Integritetspolicy

Cookies
Vi använder kakor (cookies) för att webbplatsen ska fungera och för att mäta hur den används.

Hur länge sparar vi dina uppgifter
Kunduppgifter sparas så länge du är kund hos oss och därefter i högst 24 månader.

Dina rättigheter
Du har rätt att begära ett registerutdrag och att få felaktiga uppgifter rättade eller raderade.
"""

ROWS = [
    {
        "id": "t-1",
        "lang": "en",
        "company": "acme",
        "kind": "answer",
        "right": None,
        "question": "Do you use cookies on the website?",
        "gold": ["Vi använder kakor (cookies) för att webbplatsen ska fungera"],
    },
    {
        "id": "t-2",
        "lang": "sv",
        "company": "acme",
        "kind": "answer",
        "right": None,
        "question": "hur länge sparas kunduppgifter?",
        "gold": ["därefter i\u00a0högst 24 månader"],
    },
    {
        "id": "t-3",
        "lang": "en",
        "company": "acme",
        "kind": "no_answer",
        "right": None,
        "question": "Is Acme ISO 27001 certified?",
        "gold": [],
    },
]


def test_hit_rule_normalises_whitespace_and_case_and_needs_a_long_enough_run() -> None:
    clause = "Kunduppgifter sparas så länge du är kund hos oss och därefter i högst 24 månader."
    assert shares_run(clause, "SPARAS SÅ LÄNGE du är\u00a0kund  hos oss")
    assert shares_run(clause, "länge du är\nkund hos oss och därefter i högst")
    # a short gold string needs 60 % of itself: "24 månader, därefter raderas" shares only "24 månader"
    assert not shares_run(clause, "24 månader, därefter raderas allt")
    assert not shares_run(clause, "Vi använder kakor (cookies) för att webbplatsen ska fungera")


def test_hit_at_k_only_looks_at_the_first_k_clauses() -> None:
    texts = ["något annat helt och hållet", "Vi använder kakor (cookies) för att webbplatsen ska fungera."]
    gold = ["Vi använder kakor (cookies) för att webbplatsen ska fungera"]
    assert not hit_at(texts, gold, 1)
    assert hit_at(texts, gold, 2)


def test_plain_bm25_ranks_the_clause_sharing_the_rare_word_first() -> None:
    bm25 = PlainBM25(["we use cookies on our site", "we keep data for two years", "contact us by email"])
    assert bm25.rank("how many years do you keep data", k=1)[0][0] == 1


@pytest.fixture()
def tiny_set(tmp_path: Path) -> tuple[Path, Path]:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "acme.md").write_text(POLICY, encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS) + "\n", encoding="utf-8")
    return knowledge, questions


def test_evaluate_scores_the_pipeline_and_the_baseline(tiny_set: tuple[Path, Path]) -> None:
    from bot.pipeline import Engine

    knowledge, _ = tiny_set
    report = evaluate(Engine.load(knowledge), ROWS, baseline=True)
    product = report.product
    assert (product["hit@3"].count, product["hit@3"].total) == (2, 2)
    assert product["cross_hit@3"].total == 1  # the English question about the Swedish policy
    assert product["abstention"].total == 1
    assert product["company"].value == 1.0
    assert report.baseline is not None and report.baseline["hit@3"].total == 2


def test_eval_command_prints_a_table_with_the_baseline(
    tiny_set: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge, questions = tiny_set
    assert main(["eval", str(questions), "--knowledge", str(knowledge), "--baseline"]) == 0
    out = capsys.readouterr().out
    assert "hit@3 on answerable" in out and "plain BM25" in out
    assert "abstention on no_answer" in out
    assert "3 questions" in out


def test_eval_command_json_output(tiny_set: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    knowledge, questions = tiny_set
    assert main(["eval", str(questions), "--knowledge", str(knowledge), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == 3
    assert data["product"]["hit@3"] == {"value": 1.0, "count": 2, "total": 2}
    assert data["baseline"] is None


def test_eval_command_reports_a_broken_question_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\nnot json\n', encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err


def test_eval_holdout_scores_the_repository_held_out_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--holdout", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] >= 80 and data["product"]["abstention"]["total"] >= 12


def test_eval_without_a_file_or_holdout_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval"]) == 2
    assert "--holdout" in capsys.readouterr().err
