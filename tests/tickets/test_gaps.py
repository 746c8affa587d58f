"""The questions the policies couldn't answer: kept for the team, grouped, and deleted after their time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli.main import main
from bot.db import Database
from bot.gaps import store

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def _record(db: Database, kind: str, company: str | None, topic: str | None, text: str, at: datetime) -> None:
    store.record(db, kind=kind, company=company, topic=topic, language="sv", text=text, now=at, keep_days=90)


def test_gaps_are_grouped_by_company_and_topic_most_frequent_first(db: Database) -> None:
    _record(db, "no_answer", "leep", "dpo", "vad heter ert dataskyddsombud?", NOW - timedelta(days=2))
    _record(db, "thumbs_down", "leep", "dpo", "who is the DPO?", NOW - timedelta(days=1))
    _record(db, "no_answer", "xledger", "certification", "är ni ISO-certifierade?", NOW)
    groups = store.grouped(db)
    assert [(g["company"], g["topic"], g["count"]) for g in groups] == [
        ("leep", "dpo", 2),
        ("xledger", "certification", 1),
    ]
    assert (groups[0]["no_answer"], groups[0]["thumbs_down"]) == (1, 1)
    assert groups[0]["examples"] == ["who is the DPO?", "vad heter ert dataskyddsombud?"]  # latest first
    assert [g["topic"] for g in store.grouped(db, since=NOW - timedelta(hours=1))] == ["certification"]


def test_gaps_are_deleted_after_their_time_and_not_kept_when_switched_off(db: Database) -> None:
    _record(db, "no_answer", "leep", "dpo", "an old question", NOW - timedelta(days=91))
    _record(db, "no_answer", "leep", "dpo", "a recent question", NOW)  # recording also expires the old
    assert [g["examples"] for g in store.grouped(db)] == [["a recent question"]]
    store.record(
        db, kind="no_answer", company="leep", topic=None, language="en", text="x", now=NOW, keep_days=0
    )
    assert store.grouped(db)[0]["count"] == 1
    assert store.expire(db, NOW + timedelta(days=91), 90) == 1
    assert store.grouped(db) == []


def test_gaps_command_lists_them_for_the_team(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAPS_RETENTION_DAYS", "100000")  # the fixed dates above stay within the period
    _record(db, "no_answer", "leep", "dpo", "vad heter ert dataskyddsombud?\x1b[2J", NOW)
    assert main(["gaps", "--json", "--database-url", db.url]) == 0
    [group] = json.loads(capsys.readouterr().out)
    assert (group["company"], group["topic"], group["no_answer"]) == ("leep", "dpo", 1)
    assert main(["gaps", "--database-url", db.url]) == 0
    shown = capsys.readouterr().out
    assert "leep · dpo: 1" in shown and "dataskyddsombud" in shown and "\x1b" not in shown
