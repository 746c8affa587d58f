"""Legal deadlines for rights requests (pure functions; see shared/notes/dsar.md §4–5).

- The receipt date is the Europe/Stockholm calendar date of the Slack message time.
- Due = the same date one month later, clamped to that month's last day (31 Jan → 28/29 Feb).
  Never a count of days. Weekend/holiday roll-forward is not applied: the unrolled date is stored.
- Extension (Art. 12(3)): one or two further months, decided while the first month runs.
  Extended deadline = the earlier of receipt + 1 + months and first due + months.
- Withdrawal of consent and marketing opt-outs: a short internal target (default 7 days) instead.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.tickets.models import FAST_TRACK_RIGHTS

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_EXTENSION_MONTHS = 2

DeadlineState = Literal["overdue", "due_soon", "on_track"]


def local_date(moment: datetime) -> date:
    """The Europe/Stockholm calendar date of an instant (a naive value is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM).date()


def receipt_date(received_at: datetime) -> date:
    """23:30 UTC on 31 January is 00:30 on 1 February in Stockholm: received 1 February."""
    return local_date(received_at)


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_fast_track(rights: Iterable[str]) -> bool:
    """Only consent withdrawals / marketing opt-outs: no one-month clock, act without delay."""
    rights = set(rights)
    return bool(rights) and rights <= FAST_TRACK_RIGHTS


def legal_due_date(receipt: date) -> date:
    """Art. 12(3): one month from receipt."""
    return add_months(receipt, 1)


def due_date(receipt: date, rights: Iterable[str] = (), marketing_target_days: int = 7) -> date:
    """The first deadline: the month clock, or the short target when every right is fast-track."""
    if is_fast_track(rights):
        return receipt + timedelta(days=marketing_target_days)
    return legal_due_date(receipt)


def extended_due_date(receipt: date, months: int = MAX_EXTENSION_MONTHS) -> date:
    """The earlier of receipt + (1 + months) and the first due date + months (31 Jan 2026 → 28 Apr)."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months, not {months}")
    return min(add_months(receipt, 1 + months), add_months(legal_due_date(receipt), months))


def extension_problem(
    receipt: date,
    today: date,
    months: int,
    reason: str | None,
    rights: Iterable[str] = (),
    already_extended: bool = False,
) -> str | None:
    """Why an extension may not be granted (a short code), or None when it may.

    Codes: already_extended, fast_track, months, reason_required, first_month_over.
    """
    if already_extended:
        return "already_extended"
    if is_fast_track(rights):
        return "fast_track"
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        return "months"
    if not (reason or "").strip():
        return "reason_required"
    if today > legal_due_date(receipt):
        return "first_month_over"
    return None


def days_left(due: date, today: date) -> int:
    """Days until the due date: 0 on the day itself, negative when overdue."""
    return (due - today).days


def deadline_state(due: date, today: date, due_soon_days: int = 5) -> DeadlineState:
    left = days_left(due, today)
    if left < 0:
        return "overdue"
    if left <= due_soon_days:
        return "due_soon"
    return "on_track"
