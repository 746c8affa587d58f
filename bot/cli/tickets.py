"""`python -m bot tickets list|show|export|stats`: the privacy team's operator view (sees every ticket)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from bot.cli.common import iso_date, printable
from bot.cli.database import add_database_argument, open_database
from bot.db import StorageUnavailable
from bot.models import STATUSES
from bot.tickets import export, service, stats
from bot.tickets.access import Actor
from bot.tickets.deadlines import days_left
from bot.tickets.queries import STATUS_GROUPS, today_local


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    today = today_local()
    tickets = service.list_tickets(
        database, Actor.operator(), status=args.status, overdue=args.overdue, today=today
    )
    if args.json:
        json.dump([export.summary(t, today) for t in tickets], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not tickets:
        print("no tickets")
        return 0
    for t in tickets:
        left = days_left(t.due_date, today)
        clock = (f"{-left} days overdue" if left < 0 else f"{left} days left") if t.is_open else ""
        print(
            f"{t.reference}  {t.status:<19} {t.due_date.isoformat()}  {clock:<16} "
            f"{t.company or '?':<16} {','.join(t.rights):<24} {t.requester_user}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    database = open_database(args)
    operator = Actor.operator()
    try:
        ticket = service.get(database, args.reference, operator)
    except service.TicketNotFound:
        print(f"no ticket {args.reference}", file=sys.stderr)
        return 1
    trail = [export.event_row(e) for e in service.events(database, ticket.reference, operator)]
    if args.json:
        row = export.export_row(ticket)
        row.update(text=ticket.text, notes=ticket.notes, events=trail)
        row.update(subject_name=ticket.subject_name, subject_email=ticket.subject_email)
        row.update(subject_phone=ticket.subject_phone)
        json.dump(row, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for key, value in export.export_row(ticket).items():
        if value not in (None, "", [], False):
            print(f"{key:>22}: {printable(';'.join(value) if isinstance(value, list) else value)}")
    for key in ("subject_name", "subject_email", "subject_phone", "notes"):
        if getattr(ticket, key):
            print(f"{key:>22}: {printable(getattr(ticket, key))}")
    print(f"{'message':>22}: {printable(ticket.text)}")
    print("audit trail:")
    for event in trail:
        change = f"{event['from_status'] or '-'} → {event['to_status']}"
        data = printable(json.dumps(event["data"], ensure_ascii=False)) if event["data"] else ""
        print(f"  {event['at']}  {event['actor']:<12} {event['action']:<20} {change:<32} {data}")
    return 0


def _export(args: argparse.Namespace) -> int:
    database = open_database(args)
    tickets = service.list_tickets(database, Actor.operator(), status=args.status)
    writer = export.write_csv if args.format == "csv" else export.write_json
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8", newline="") as stream:
            writer(tickets, stream)
    else:
        writer(tickets, sys.stdout)
    return 0


def _stats(args: argparse.Namespace) -> int:
    database = open_database(args)
    today = today_local()
    tickets = service.list_tickets(database, Actor.operator())
    result = stats.ticket_stats(tickets, today, args.since)
    if args.plot:
        from bot.tickets.chart import render

        first = args.since or min((t.receipt_date for t in tickets), default=today)
        title = f"Rights requests {first.isoformat()} – {today.isoformat()}"
        with open(args.plot, "wb") as stream:
            stream.write(render(tickets, first, today, title))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    since = f"since {args.since.isoformat()}" if args.since else "all time"
    print(f"rights requests, {since} (today {today.isoformat()}):")
    header = f"{'':<20}" + "".join(f"{label:>12}" for label in STATS_COLUMNS.values())
    print(header)
    rows = [("all", result), *((right, figures) for right, figures in result["by_right"].items())]
    for label, figures in rows:
        print(f"{label:<20}" + "".join(f"{_cell(figures[name]):>12}" for name in STATS_COLUMNS))
    if result["not_a_request"]:
        print(f"closed as not a request (not counted above): {result['not_a_request']}")
    return 0


STATS_COLUMNS = {
    "received": "received",
    "open": "open",
    "closed": "closed",
    "overdue": "overdue",
    "closed_on_time_rate": "on time",
    "median_days_to_close": "median days",
    "mean_days_to_close": "mean days",
}


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value <= 1 and not float(value).is_integer():
        return f"{value:.0%}"
    return str(value)


def _guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A sub-command that says "database unavailable" (exit 1) instead of a stack trace."""

    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except StorageUnavailable as error:
            print(f"database unavailable: {error}", file=sys.stderr)
            return 1

    return run


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tickets", help="list, show and export rights-request tickets")
    commands = parser.add_subparsers(dest="tickets_command", metavar="SUBCOMMAND", required=True)
    status_choices = sorted(STATUS_GROUPS) + list(STATUSES)

    listing = commands.add_parser("list", help="tickets by due date")
    listing.add_argument("--status", choices=status_choices, help="a status, or open / closed / all")
    listing.add_argument("--overdue", action="store_true", help="open tickets past their due date")
    listing.add_argument("--json", action="store_true", help="JSON list instead of a table")
    add_database_argument(listing)
    listing.set_defaults(func=_guarded(_list))

    show = commands.add_parser("show", help="one ticket with its audit trail")
    show.add_argument("reference", help="e.g. DSAR-2026-0042")
    show.add_argument("--json", action="store_true")
    add_database_argument(show)
    show.set_defaults(func=_guarded(_show))

    dump = commands.add_parser("export", help="all tickets as CSV or JSON, with Data Rights Protocol status")
    dump.add_argument("--format", choices=("csv", "json"), default="csv")
    dump.add_argument("--status", choices=status_choices)
    dump.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    add_database_argument(dump)
    dump.set_defaults(func=_guarded(_export))

    summary = commands.add_parser(
        "stats", help="received, open, closed, overdue, closed on time, days to close; overall and by right"
    )
    summary.add_argument(
        "--since", type=iso_date, metavar="YYYY-MM-DD", help="only tickets received from that day"
    )
    summary.add_argument(
        "--json",
        action="store_true",
        help="one object: received, open, closed, overdue, closed_on_time_rate, median_days_to_close, "
        "mean_days_to_close, by_right",
    )
    summary.add_argument(
        "--plot", metavar="FILE.png", help="also draw received per week by right and closed on time vs late"
    )
    add_database_argument(summary)
    summary.set_defaults(func=_guarded(_stats))
