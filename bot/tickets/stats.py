"""How the privacy team's requests went: counts, deadlines kept and time to close (pure functions).

- received: tickets received on or after ``since`` (all when None), except those closed as "not a
  request" (a question logged by mistake is no rights request: counted apart as ``not_a_request``);
- open / closed: their state now; overdue: open, not paused, and past the due date in force (extensions
  and paused days included);
- closed_on_time_rate: the share of closed tickets closed (Stockholm date) on or before their due date;
- median / mean days to close: calendar days from the receipt date to the Stockholm date of closing.
Each figure overall and by the ticket's main right.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from bot.models import CLOSED_STATUSES, OPEN_STATUSES, Ticket
from bot.tickets.deadlines import local_date

FIGURES = (
    "received",
    "open",
    "closed",
    "overdue",
    "closed_on_time_rate",
    "median_days_to_close",
    "mean_days_to_close",
)


def days_to_close(ticket: Ticket) -> int | None:
    if ticket.closed_at is None:
        return None
    return (local_date(ticket.closed_at) - ticket.receipt_date).days


def closed_on_time(ticket: Ticket) -> bool:
    return ticket.closed_at is not None and local_date(ticket.closed_at) <= ticket.due_date


def figures(tickets: Sequence[Ticket], today: date) -> dict[str, Any]:
    """The seven figures of ``FIGURES`` for these tickets."""
    closed = [t for t in tickets if t.status in CLOSED_STATUSES]
    days = [d for d in (days_to_close(t) for t in closed) if d is not None]
    return {
        "received": len(tickets),
        "open": sum(t.status in OPEN_STATUSES for t in tickets),
        "closed": len(closed),
        "overdue": sum(t.status in OPEN_STATUSES and not t.paused and t.due_date < today for t in tickets),
        "closed_on_time_rate": round(sum(map(closed_on_time, closed)) / len(closed), 4) if closed else None,
        "median_days_to_close": statistics.median(days) if days else None,
        "mean_days_to_close": round(statistics.fmean(days), 2) if days else None,
    }


def ticket_stats(
    tickets: Iterable[Ticket], today: date, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """Overall and by right; ``since`` / ``until`` keep tickets received on or after / before those dates."""
    chosen = [
        t
        for t in tickets
        if (since is None or t.receipt_date >= since) and (until is None or t.receipt_date < until)
    ]
    requests = [t for t in chosen if t.status != "not_a_request"]
    by_right: dict[str, list[Ticket]] = {}
    for ticket in requests:
        by_right.setdefault(ticket.right, []).append(ticket)
    return {
        **figures(requests, today),
        "by_right": {right: figures(group, today) for right, group in sorted(by_right.items())},
        "not_a_request": len(chosen) - len(requests),
        "since": since.isoformat() if since else None,
        "today": today.isoformat(),
    }
