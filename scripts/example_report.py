"""Draw benchmarks/results/example-monthly-report.png: the monthly chart for a made-up month (README).

.venv/bin/python scripts/example_report.py
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.models import Ticket
from bot.tickets.chart import render

RIGHTS = ("access", "erasure", "rectification", "objection", "portability")
TARGET = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "example-monthly-report.png"


def main() -> None:
    rng = random.Random(7)
    tickets = []
    for number in range(1, 41):
        received = date(2026, 3, 1) + timedelta(days=rng.randrange(31))
        right = rng.choices(RIGHTS, weights=(6, 5, 2, 1, 1))[0]
        due = received + timedelta(days=31)
        closed = received + timedelta(days=rng.randrange(5, 40))
        open_ = closed > date(2026, 3, 31)
        tickets.append(
            Ticket(
                reference=f"DSAR-2026-{number:04d}",
                year=2026,
                number=number,
                right=right,
                rights=[right],
                status="in_progress" if open_ else "fulfilled",
                source="dm",
                requester_user="U1",
                received_at=datetime(received.year, received.month, received.day, 9, tzinfo=UTC),
                receipt_date=received,
                initial_due_date=due,
                due_date=due,
                closed_at=None if open_ else datetime(closed.year, closed.month, closed.day, 12, tzinfo=UTC),
            )
        )
    TARGET.write_bytes(render(tickets, date(2026, 3, 1), date(2026, 3, 31), "Rights requests, March 2026"))
    print(TARGET)


if __name__ == "__main__":
    main()
