"""`python -m bot deadline RECEIPT_DATE [--json]`: the legal deadlines of a request received that day."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from bot.config import parse_flag
from bot.tickets.deadlines import deadlines_for
from bot.tickets.holidays import eves, public_holidays

LABELS = (
    ("receipt_date", "received"),
    ("calendar_due_date", "one month (calendar)"),
    ("due_date", "due (Art. 12(3), off weekends and holidays)"),
    ("latest_extended_due_date", "latest extended due (+2 months)"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "deadline",
        help="the due dates of a rights request received on a date (one month, moved off weekends and "
        "Swedish public holidays; the latest extended date)",
    )
    parser.add_argument("receipt_date", metavar="RECEIPT_DATE", help="the receipt date, YYYY-MM-DD")
    parser.add_argument(
        "--json",
        action="store_true",
        help="one object: receipt_date, calendar_due_date, due_date, latest_extended_due_date",
    )
    parser.add_argument(
        "--eves-off",
        action="store_true",
        default=None,
        help="count midsommarafton, julafton and nyårsafton as non-working days "
        "(default: the DEADLINE_EVES_OFF setting, else working days)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        receipt = date.fromisoformat(args.receipt_date)
    except ValueError:
        print(
            f"deadline: RECEIPT_DATE must be a date as YYYY-MM-DD, not {args.receipt_date!r}", file=sys.stderr
        )
        return 2
    eves_off = (
        args.eves_off
        if args.eves_off is not None
        else parse_flag("DEADLINE_EVES_OFF", os.environ.get("DEADLINE_EVES_OFF"))
    )
    result = deadlines_for(receipt, eves_off)
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    values = result.to_json()
    for key, label in LABELS:
        day = getattr(result, key)
        note = _why(day, result.calendar_due_date, eves_off) if key == "due_date" else ""
        print(f"{label:<45} {values[key]} ({day.strftime('%a')}){note}")
    return 0


def _why(due: date, calendar: date, eves_off: bool) -> str:
    """Why the due date is not the calendar date: the non-working day it was moved off."""
    if due == calendar:
        return ""
    names = {**public_holidays(calendar.year), **(eves(calendar.year) if eves_off else {})}
    reason = names.get(calendar) or ("Saturday" if calendar.weekday() == 5 else "Sunday")
    return f" — {calendar.isoformat()} is {reason}"
