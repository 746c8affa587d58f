"""Legal deadlines for rights requests (pure functions; GDPR Art. 12(3), Regulation 1182/71).

- The receipt date is the Europe/Stockholm calendar date of the Slack message time.
- The calendar due date = the same date one month later, clamped to that month's last day (31 Jan →
  28/29 Feb). Never a count of days.
- The due date: when the calendar due date is a Saturday, a Sunday or a Swedish public holiday
  (``holidays.py``), the period ends at the end of the next working day (Regulation (EEC, Euratom)
  No 1182/71, Art. 3(4)): received 25 Nov 2025 → calendar due 25 Dec (juldagen) → due Mon 29 Dec 2025.
  Midsommarafton, julafton and nyårsafton are working days unless ``eves_off``.
- Extension (Art. 12(3)): one or two further months, decided while the first month runs. Extended
  calendar date = the earlier of receipt + 1 + months and the first calendar due date + months, rolled
  the same way.
- Withdrawal of consent and marketing opt-outs: a short internal target (default 7 days) instead, also
  moved off weekends and holidays.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.rights import FAST_TRACK_RIGHTS
from bot.tickets.holidays import next_working_day

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


def calendar_due_date(receipt: date) -> date:
    """Art. 12(3): one month from receipt, on the calendar (before moving off a non-working day)."""
    return add_months(receipt, 1)


def legal_due_date(receipt: date, eves_off: bool = False) -> date:
    """The end of the first month: the calendar due date, or the next working day after it."""
    return next_working_day(calendar_due_date(receipt), eves_off)


def due_date(
    receipt: date,
    rights: Iterable[str] = (),
    marketing_target_days: int = 7,
    eves_off: bool = False,
    rolled: bool = True,
) -> date:
    """The first deadline: the month clock, or the short target when every right is fast-track; moved
    off a non-working day unless ``rolled`` is False (the calendar date)."""
    if is_fast_track(rights):
        day = receipt + timedelta(days=marketing_target_days)
    else:
        day = calendar_due_date(receipt)
    return next_working_day(day, eves_off) if rolled else day


def calendar_extended_due_date(receipt: date, months: int = MAX_EXTENSION_MONTHS) -> date:
    """The earlier of receipt + (1 + months) and the first calendar due date + months (31 Jan 2026 →
    28 Apr)."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months, not {months}")
    return min(add_months(receipt, 1 + months), add_months(calendar_due_date(receipt), months))


def extended_due_date(receipt: date, months: int = MAX_EXTENSION_MONTHS, eves_off: bool = False) -> date:
    """The extended deadline, moved off a non-working day like the first one."""
    return next_working_day(calendar_extended_due_date(receipt, months), eves_off)


@dataclass(frozen=True)
class Deadlines:
    """What `python -m bot deadline` prints for a receipt date."""

    receipt_date: date
    calendar_due_date: date
    due_date: date
    latest_extended_due_date: date

    def to_json(self) -> dict[str, str]:
        return {key: value.isoformat() for key, value in asdict(self).items()}


def deadlines_for(receipt: date, eves_off: bool = False) -> Deadlines:
    return Deadlines(
        receipt,
        calendar_due_date(receipt),
        legal_due_date(receipt, eves_off),
        extended_due_date(receipt, MAX_EXTENSION_MONTHS, eves_off),
    )


def extension_problem(
    receipt: date,
    today: date,
    months: int,
    reason: str | None,
    rights: Iterable[str] = (),
    already_extended: bool = False,
    eves_off: bool = False,
    paused_days: int = 0,
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
    first_month_end = next_working_day(calendar_due_date(receipt) + timedelta(days=paused_days), eves_off)
    if today > first_month_end:
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
