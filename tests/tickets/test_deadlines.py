"""The legal clock: one calendar month (Art. 12(3) GDPR), moved off weekends and Swedish holidays
(Regulation 1182/71, Art. 3(4)), checked against worked examples."""

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
from bot.tickets.holidays import easter_sunday, is_working_day, public_holidays

# received, one month on the calendar, due (off weekends and Swedish holidays), latest extended due
WORKED_EXAMPLES = [
    (date(2025, 11, 25), date(2025, 12, 25), date(2025, 12, 29), date(2026, 2, 25)),  # juldagen → Monday
    (date(2025, 3, 5), date(2025, 4, 5), date(2025, 4, 7), date(2025, 6, 5)),  # a Saturday → Monday
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 2), date(2026, 4, 28)),  # clamped, then a Saturday
    (date(2028, 1, 31), date(2028, 2, 29), date(2028, 2, 29), date(2028, 5, 2)),  # extended: Sat, första maj
    (date(2026, 3, 31), date(2026, 4, 30), date(2026, 4, 30), date(2026, 6, 30)),
    (date(2026, 3, 3), date(2026, 4, 3), date(2026, 4, 7), date(2026, 6, 3)),  # långfredagen … annandag påsk
    (date(2026, 11, 25), date(2026, 12, 25), date(2026, 12, 28), date(2027, 2, 25)),
    (date(2025, 9, 3), date(2025, 10, 3), date(2025, 10, 3), date(2025, 12, 3)),  # a working day: unchanged
    (date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 2), date(2026, 5, 4)),  # extended: första maj, Fri
]


@pytest.mark.parametrize(("received", "calendar", "due", "extended"), WORKED_EXAMPLES)
def test_worked_examples(received: date, calendar: date, due: date, extended: date) -> None:
    assert due_date(received, ["access"]) == due
    assert due_date(received, ["access"], rolled=False) == calendar
    assert extended_due_date(received) == extended
    assert deadlines.deadlines_for(received).to_json() == {
        "receipt_date": received.isoformat(),
        "calendar_due_date": calendar.isoformat(),
        "due_date": due.isoformat(),
        "latest_extended_due_date": extended.isoformat(),
    }


def test_one_month_is_not_thirty_days() -> None:
    assert due_date(date(2026, 2, 3), ["erasure"]) == date(2026, 3, 3)  # 30 days would give 5 March
    assert due_date(date(2026, 7, 7), ["erasure"]) == date(2026, 8, 7)  # 30 days would give 6 August
    assert due_date(date(2026, 4, 1), ["erasure"]) == date(2026, 5, 4)  # 1 May is a holiday, then a weekend


def test_a_december_request_is_due_in_january_or_february() -> None:
    assert due_date(date(2026, 12, 31), ["access"]) == date(2027, 2, 1)  # 31 Jan 2027 is a Sunday
    assert extended_due_date(date(2026, 12, 31)) == date(2027, 3, 31)


def test_the_eves_are_working_days_unless_the_team_says_otherwise() -> None:
    # midsommarafton 2026 is Friday 19 June
    assert due_date(date(2026, 5, 19), ["access"]) == date(2026, 6, 19)
    assert due_date(date(2026, 5, 19), ["access"], eves_off=True) == date(2026, 6, 22)
    # julafton 2026 is a Thursday: with the eves off, 24–27 December are all non-working
    assert due_date(date(2026, 11, 24), ["access"]) == date(2026, 12, 24)
    assert due_date(date(2026, 11, 24), ["access"], eves_off=True) == date(2026, 12, 28)


def test_receipt_date_is_the_stockholm_date() -> None:
    # 23:30 UTC on 31 January is 00:30 on 1 February in Stockholm (CET, UTC+1)
    assert receipt_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == date(2026, 2, 1)
    assert due_date(receipt_date(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)), ["access"]) == date(2026, 3, 2)
    assert receipt_date(datetime(2026, 1, 31, 22, 59, tzinfo=UTC)) == date(2026, 1, 31)
    # summer time (CEST, UTC+2): 22:30 UTC on 30 June is already 1 July
    assert receipt_date(datetime(2026, 6, 30, 22, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert receipt_date(datetime(2026, 6, 30, 21, 30, tzinfo=UTC)) == date(2026, 6, 30)


def test_a_one_month_extension_is_also_clamped_and_moved_off_the_weekend() -> None:
    assert deadlines.calendar_extended_due_date(date(2026, 1, 31), months=1) == date(
        2026, 3, 28
    )  # a Saturday
    assert extended_due_date(date(2026, 1, 31), months=1) == date(2026, 3, 30)


def test_consent_withdrawal_and_marketing_opt_out_get_the_short_target() -> None:
    received = date(2026, 3, 5)
    assert due_date(received, ["withdraw_consent"]) == date(2026, 3, 12)
    assert due_date(received, ["opt_out_marketing"], marketing_target_days=3) == date(
        2026, 3, 9
    )  # not a Sunday
    # together with a right under the month clock, the month clock applies to the ticket
    assert due_date(received, ["opt_out_marketing", "erasure"]) == date(2026, 4, 7)  # 5 April is påskdagen


@pytest.mark.parametrize(
    ("today", "months", "reason", "problem"),
    [
        (date(2026, 3, 2), 2, "many systems to search", None),  # the first month ends on Monday 2 March
        (date(2026, 3, 3), 2, "many systems to search", "first_month_over"),
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


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_one_month_later_is_the_same_date_or_the_month_end_then_the_next_working_day(
    received: date, eves_off: bool
) -> None:
    calendar = add_months(received, 1)
    assert 28 <= (calendar - received).days <= 31
    assert calendar.day == received.day or (calendar + timedelta(days=1)).month != calendar.month
    due = due_date(received, ["access"], eves_off=eves_off)
    assert is_working_day(due, eves_off)
    assert 0 <= (due - calendar).days <= 5  # the longest run of non-working days: Christmas with the eves
    assert all(
        not is_working_day(calendar + timedelta(days=n), eves_off) for n in range((due - calendar).days)
    )
    extended = extended_due_date(received, eves_off=eves_off)
    assert is_working_day(extended, eves_off) and extended >= due
    assert extended <= add_months(received, 3) + timedelta(days=5)


@pytest.mark.parametrize(
    ("year", "easter", "midsummer_day", "all_saints"),
    [
        (2024, date(2024, 3, 31), date(2024, 6, 22), date(2024, 11, 2)),
        (2025, date(2025, 4, 20), date(2025, 6, 21), date(2025, 11, 1)),
        (2026, date(2026, 4, 5), date(2026, 6, 20), date(2026, 10, 31)),
        (2027, date(2027, 3, 28), date(2027, 6, 26), date(2027, 11, 6)),
    ],
)
def test_the_swedish_holidays_are_computed_for_any_year(
    year: int, easter: date, midsummer_day: date, all_saints: date
) -> None:
    holidays = public_holidays(year)
    assert easter_sunday(year) == easter
    assert holidays[easter - timedelta(days=2)] == "långfredagen"
    assert holidays[easter + timedelta(days=1)] == "annandag påsk"
    assert holidays[easter + timedelta(days=39)] == "Kristi himmelsfärdsdag"
    assert holidays[easter + timedelta(days=49)] == "pingstdagen"
    assert holidays[midsummer_day] == "midsommardagen"
    assert holidays[all_saints] == "alla helgons dag"
    assert {
        date(year, 1, 1),
        date(year, 1, 6),
        date(year, 5, 1),
        date(year, 6, 6),
        date(year, 12, 25),
    } <= set(holidays)
    assert len(holidays) == 13
    eve = midsummer_day - timedelta(days=1)  # midsommarafton: a Friday, a working day unless the eves are off
    assert is_working_day(eve) and not is_working_day(eve, eves_off=True)


def test_local_date_of_a_naive_time_is_taken_as_utc() -> None:
    assert deadlines.local_date(datetime(2026, 1, 31, 23, 30)) == date(2026, 2, 1)
