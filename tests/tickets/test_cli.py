"""The operator's command line: tickets list/show/export and db upgrade, on DATABASE_URL."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.db import Database
from bot.tickets import service
from tests.tickets.conftest import ALICE, BOB, TEAM, request_for
from tests.tickets.test_migrations import HEAD


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def stocked(db: Database) -> Database:
    """Three tickets from two requesters: one open, one extended, one refused."""
    service.open_ticket(db, request_for(user=ALICE.user, received_at=datetime(2026, 1, 31, 12, tzinfo=UTC)))
    second, _ = service.open_ticket(
        db,
        request_for(
            user=BOB.user, rights=("access", "erasure"), received_at=datetime(2026, 2, 2, tzinfo=UTC)
        ),
    )
    service.extend(db, second.reference, TEAM, "complex", now=datetime(2026, 2, 10, tzinfo=UTC))
    third, _ = service.open_ticket(
        db, request_for(user=BOB.user, received_at=datetime(2026, 2, 3, tzinfo=UTC))
    )
    service.close(db, third.reference, TEAM, "refused", reason="insuf_verification")
    return db


def test_list_json_has_the_documented_shape(stocked: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "tickets", "list", "--json", "--database-url", stocked.url)
    assert code == 0
    rows = json.loads(out)
    assert [r["reference"] for r in rows] == ["DSAR-2026-0001", "DSAR-2026-0003", "DSAR-2026-0002"]
    first = rows[0]
    assert {
        "reference",
        "company",
        "right",
        "rights",
        "status",
        "received_at",
        "due_date",
        "requester",
    } <= set(first)
    assert first["due_date"] == "2026-03-02"  # 28 February 2026 is a Saturday
    assert first["calendar_due_date"] == "2026-02-28"
    assert first["rights"] == ["erasure"] and first["right"] == "erasure"
    assert first["requester"] == ALICE.user and first["company"] == "xledger"
    assert datetime.fromisoformat(first["received_at"]) == datetime(2026, 1, 31, 12, tzinfo=UTC)
    assert rows[2]["rights"] == ["access", "erasure"] and rows[2]["due_date"] == "2026-05-04"


def test_list_filters_by_status_and_overdue(stocked: Database, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "tickets", "list", "--json", "--status", "refused", "--database-url", stocked.url)
    assert [r["reference"] for r in json.loads(out)] == ["DSAR-2026-0003"]
    _, out = run(capsys, "tickets", "list", "--overdue", "--json", "--database-url", stocked.url)
    # today is after all these dates: the open ones are overdue, the refused one is not
    assert [r["reference"] for r in json.loads(out)] == ["DSAR-2026-0001", "DSAR-2026-0002"]
    _, out = run(capsys, "tickets", "list", "--database-url", stocked.url)
    assert "DSAR-2026-0001" in out and "overdue" in out


def test_show_prints_the_ticket_and_its_audit_trail(
    stocked: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "tickets", "show", "dsar-2026-2", "--database-url", stocked.url)
    assert code == 0
    assert "DSAR-2026-0002" in out and "2026-05-02" in out
    assert "opened" in out and "extended" in out and "complex" in out
    code, out = run(capsys, "tickets", "show", "DSAR-2026-0002", "--json", "--database-url", stocked.url)
    assert [e["action"] for e in json.loads(out)["events"]] == ["opened", "extended"]
    assert run(capsys, "tickets", "show", "DSAR-2026-0999", "--database-url", stocked.url)[0] == 1


def test_export_maps_statuses_to_the_data_rights_protocol(
    stocked: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(capsys, "tickets", "export", "--format", "json", "--database-url", stocked.url)
    rows = {r["reference"]: r for r in json.loads(out)}
    assert rows["DSAR-2026-0001"]["drp_status"] == "open"
    assert rows["DSAR-2026-0002"]["drp_status"] == "open"
    assert rows["DSAR-2026-0003"]["drp_status"] == "denied"
    assert rows["DSAR-2026-0003"]["drp_reason"] == "insuf_verification"
    _, out = run(capsys, "tickets", "export", "--format", "csv", "--database-url", stocked.url)
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["drp_status"] for r in table] == ["open", "denied", "open"]
    assert table[2]["rights"] == "access;erasure"
    assert "request text" not in out  # message text stays out of exports


def test_every_status_has_a_drp_status(db: Database) -> None:
    from bot.models import STATUSES
    from bot.tickets.export import DRP_STATUS

    assert set(DRP_STATUS) == set(STATUSES)
    assert set(DRP_STATUS.values()) <= {"open", "in_progress", "fulfilled", "denied", "revoked", "expired"}
    ticket, _ = service.open_ticket(db, request_for())
    service.request_identity(db, ticket.reference, TEAM)
    from bot.tickets.export import export_row

    assert export_row(service.get(db, ticket.reference, TEAM))["drp_status"] == "in_progress"
    service.close(db, ticket.reference, TEAM, "withdrawn")
    assert export_row(service.get(db, ticket.reference, TEAM))["drp_status"] == "revoked"


def test_db_upgrade_creates_and_migrates_a_new_sqlite_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "var" / "bot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    code, out = run(capsys, "db", "upgrade")
    assert code == 0 and HEAD in out and path.exists()
    code, out = run(capsys, "tickets", "list", "--json")  # DATABASE_URL from the environment
    assert code == 0 and json.loads(out) == []


def test_an_unreachable_database_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["tickets", "list", "--database-url", "postgresql+psycopg://postgres@127.0.0.1:1/none"])
    assert code == 1
    assert "database unavailable" in capsys.readouterr().err


def test_deadline_prints_the_documented_dates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "deadline", "2025-11-25", "--json")
    assert code == 0
    assert json.loads(out) == {
        "receipt_date": "2025-11-25",
        "calendar_due_date": "2025-12-25",
        "due_date": "2025-12-29",
        "latest_extended_due_date": "2026-02-25",
    }
    code, out = run(capsys, "deadline", "2025-11-25")
    assert code == 0 and "2025-12-29" in out and "juldagen" in out
    code, out = run(capsys, "deadline", "2026-11-24", "--json", "--eves-off")
    assert json.loads(out)["due_date"] == "2026-12-28"
    assert run(capsys, "deadline", "25/11/2025")[0] == 2


def test_show_does_not_let_the_requesters_text_act_on_the_terminal(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "delete my data\x1b]0;pwned\x07\x1b[2J\rDONE"
    ticket, _ = service.open_ticket(db, request_for(text_=hostile, subject_name="Eve\x1b[31m"))
    code, out = run(capsys, "tickets", "show", ticket.reference, "--database-url", db.url)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "delete my data\\x1b]0;pwned" in out and "Eve\\x1b[31m" in out
