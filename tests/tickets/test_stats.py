"""How the month went: counts, deadlines kept and days to close, overall and by right, on both databases."""

from __future__ import annotations

import json
import struct
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.db import Database
from bot.tickets import service
from bot.tickets.access import Actor
from bot.tickets.chart import render
from bot.tickets.stats import FIGURES, ticket_stats
from tests.tickets.conftest import TEAM, request_for


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def month(db: Database) -> Database:
    """Five requests in March 2026 and one from February:
    - erasure received 2 Mar, closed 10 Mar (8 days, on time)
    - erasure received 3 Mar, closed 7 Apr (35 days; due 7 Apr after Easter: on time)
    - access received 4 Mar, closed 9 Apr (36 days; due 7 Apr: late)
    - access received 5 Mar, still open (due 7 Apr: overdue on 20 Apr)
    - erasure received 6 Mar, closed as "not a request" (counted apart)
    - access received 20 Feb, closed 25 Feb (before --since 2026-03-01)
    """
    plan = [
        ("erasure", date(2026, 3, 2), date(2026, 3, 10)),
        ("erasure", date(2026, 3, 3), date(2026, 4, 7)),
        ("access", date(2026, 3, 4), date(2026, 4, 9)),
        ("access", date(2026, 3, 5), None),
        ("erasure", date(2026, 3, 6), "not_a_request"),
        ("access", date(2026, 2, 20), date(2026, 2, 25)),
    ]
    for number, (right, received, closed) in enumerate(plan):
        ticket, _ = service.open_ticket(
            db, request_for(rights=(right,), received_at=_at(received), dedup_key=f"k{number}")
        )
        if closed == "not_a_request":
            service.mark_not_a_request(db, ticket.reference, TEAM, now=_at(received, 12))
        elif isinstance(closed, date):
            service.close(db, ticket.reference, TEAM, "fulfilled", now=_at(closed))
    return db


def test_the_month_in_figures(month: Database) -> None:
    tickets = service.list_tickets(month, Actor.operator())
    result = ticket_stats(tickets, today=date(2026, 4, 20), since=date(2026, 3, 1))
    assert {k: result[k] for k in FIGURES} == {
        "received": 4,
        "open": 1,
        "closed": 3,
        "overdue": 1,
        "closed_on_time_rate": round(2 / 3, 4),
        "median_days_to_close": 35,
        "mean_days_to_close": round((8 + 35 + 36) / 3, 2),
    }
    assert result["not_a_request"] == 1
    assert result["by_right"]["erasure"]["received"] == 2
    assert result["by_right"]["erasure"]["closed_on_time_rate"] == 1.0
    assert result["by_right"]["access"] == {
        "received": 2,
        "open": 1,
        "closed": 1,
        "overdue": 1,
        "closed_on_time_rate": 0.0,
        "median_days_to_close": 36,
        "mean_days_to_close": 36.0,
    }
    everything = ticket_stats(tickets, today=date(2026, 4, 20))
    assert everything["received"] == 5 and everything["by_right"]["access"]["received"] == 3


def test_before_anything_is_closed_the_rates_are_empty_not_zero(db: Database) -> None:
    service.open_ticket(db, request_for(received_at=_at(date(2026, 3, 2))))
    result = ticket_stats(service.list_tickets(db, Actor.operator()), today=date(2026, 3, 3))
    assert (result["closed"], result["closed_on_time_rate"], result["median_days_to_close"]) == (
        0,
        None,
        None,
    )
    assert ticket_stats([], today=date(2026, 3, 3))["received"] == 0


def test_tickets_stats_json_has_the_documented_keys(
    month: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tickets", "stats", "--since", "2026-03-01", "--json", "--database-url", month.url]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(FIGURES) | {"by_right"} <= set(result)
    assert (result["received"], result["closed"], result["median_days_to_close"]) == (4, 3, 35)
    assert set(result["by_right"]) == {"access", "erasure"}
    assert main(["tickets", "stats", "--database-url", month.url]) == 0
    table = capsys.readouterr().out
    assert "erasure" in table and "access" in table and "not a request" in table
    with pytest.raises(SystemExit):
        main(["tickets", "stats", "--since", "March", "--database-url", month.url])


def test_tickets_stats_plot_writes_the_chart(
    month: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "month.png"
    args = ["tickets", "stats", "--since", "2026-03-01", "--plot", str(target), "--database-url", month.url]
    assert main(args) == 0
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (900, 600)


def test_the_chart_is_the_same_for_the_same_tickets(month: Database) -> None:
    tickets = service.list_tickets(month, Actor.operator())
    first = render(tickets, date(2026, 3, 1), date(2026, 4, 30), "March–April")
    assert first == render(tickets, date(2026, 3, 1), date(2026, 4, 30), "March–April")
    assert first != render(tickets, date(2026, 3, 1), date(2026, 4, 30), "another title")
