"""The legal clock, checked against the worked examples in shared/notes/dsar.md §5."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.tickets import deadlines
from bot.tickets.deadlines import (
    add_months,
    days_left,
    deadline_state,
    due_date,
    extended_due_date,
    extension_problem,
    receipt_date,
)

# received, + 1 month, extended hard deadline (earlier of receipt + 3 m and first due + 2 m)
WORKED_EXAMPLES = [
    (date(2025, 3, 5), date(2025, 4, 5), date(2025, 6, 5)),
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 4, 28)),
    (date(2028, 1, 31), date(2028, 2, 29), date(2028, 4, 29)),
    (date(2026, 3, 31), date(2026, 4, 30), date(2026, 6, 30)),
    (date(2026, 1, 30), date(2026, 2, 28), date(2026, 4, 28)),
    (date(2026, 11, 25), date(2026, 12, 25), date(2027, 2, 25)),
    (date(2025, 9, 3), date(2025, 10, 3), date(2025, 12, 3)),
]


@pytest.mark.parametrize(("received", "due", "extended"), WORKED_EXAMPLES)
def test_worked_examples(received: date, due: date, extended: date) -> None:
    assert due_date(received, ["access"]) == due
    assert extended_due_date(received) == extended


def test_one_month_is_not_thirty_days() -> None:
    assert due_date(date(2026, 2, 1), ["erasure"]) == date(2026, 3, 1)  # 30 days would give 3 March


def test_a_december_request_is_due_in_january() -> None:
    assert due_date(date(2026, 12, 31), ["access"]) == date(2027, 1, 31)
    assert extended_due_date(date(2026, 12, 31)) == date(2027, 3, 31)


def test_receipt_date_is_the_stockholm_date() -> None:
    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm (CET, UTC+1)
    assert receipt_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == date(2026, 2, 1)
    assert due_date(receipt_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)), ["access"]) == date(2026, 3, 1)
    assert receipt_date(datetime(2026, 1, 31, 22, 59, tzinfo=UTC)) == date(2026, 1, 31)
    # summer time (CEST, UTC+2): 22:30 UTC on 30 June is already 1 July
    assert receipt_date(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert receipt_date(datetime(2026, 6, 30, 21, 30, tzinfo=UTC)) == date(2026, 6, 30)


def test_a_one_month_extension_is_also_clamped() -> None:
    assert extended_due_date(date(2026, 1, 31), months=1) == date(2026, 3, 28)


def test_consent_withdrawal_and_marketing_opt_out_get_the_short_target() -> None:
    received = date(2026, 3, 5)
    assert due_date(received, ["withdraw_consent"]) == date(2026, 3, 12)
    assert due_date(received, ["opt_out_marketing"], marketing_target_days=3) == date(2026, 3, 8)
    # together with a right under the month clock, the month clock applies to the ticket
    assert due_date(received, ["opt_out_marketing", "erasure"]) == date(2026, 4, 5)


@pytest.mark.parametrize(
    ("today", "months", "reason", "problem"),
    [
        (date(2026, 2, 28), 2, "many systems to search", None),  # the last day of the first month
        (date(2026, 3, 1), 2, "many systems to search", "first_month_over"),
        (date(2026, 2, 10), 3, "many systems to search", "months"),
        (date(2026, 2, 10), 0, "many systems to search", "months"),
        (date(2026, 2, 10), 2, "   ", "reason_required"),
        (date(2026, 2, 10), 2, None, "reason_required"),
    ],
)
def test_extension_rules(today: date, months: int, reason: str | None, problem: str | None) -> None:
    assert extension_problem(date(2026, 1, 31), today, months, reason, ["access"]) == problem


def test_only_one_extension_and_none_for_fast_track() -> None:
    received, today = date(2026, 1, 31), date(2026, 2, 2)
    assert (
        extension_problem(received, today, 2, "complex", ["access"], already_extended=True)
        == "already_extended"
    )
    assert extension_problem(received, today, 2, "complex", ["withdraw_consent"]) == "fast_track"


def test_extension_of_more_than_two_months_raises() -> None:
    with pytest.raises(ValueError):
        extended_due_date(date(2026, 1, 31), months=3)


def test_days_left_and_state() -> None:
    due = date(2026, 2, 28)
    assert days_left(due, date(2026, 2, 20)) == 8
    assert days_left(due, due) == 0
    assert days_left(due, date(2026, 3, 2)) == -2
    assert deadline_state(due, date(2026, 2, 20), due_soon_days=5) == "on_track"
    assert deadline_state(due, date(2026, 2, 23), due_soon_days=5) == "due_soon"
    assert deadline_state(due, due) == "due_soon"
    assert deadline_state(due, date(2026, 3, 1)) == "overdue"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_one_month_later_is_the_same_date_or_the_month_end(received: date) -> None:
    due = add_months(received, 1)
    assert 28 <= (due - received).days <= 31
    assert due.day == received.day or (due + timedelta(days=1)).month != due.month
    assert extended_due_date(received) <= add_months(received, 3)
    assert extended_due_date(received) >= due


def test_local_date_of_a_naive_time_is_taken_as_utc() -> None:
    assert deadlines.local_date(datetime(2026, 1, 31, 23, 30)) == date(2026, 2, 1)
