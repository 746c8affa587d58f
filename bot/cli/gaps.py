"""`python -m bot gaps [--since YYYY-MM-DD] [--json]`: the questions the policies couldn't answer.

For the privacy team (the operator sees everything): the questions the bot abstained on and the answers
marked 👎, grouped by company and topic, most frequent first, with the latest questions of each group.
Kept for GAPS_RETENTION_DAYS (default 90), then deleted; this command deletes the expired ones first.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from bot.cli.common import iso_date, printable
from bot.cli.database import add_database_argument, open_database
from bot.clock import utcnow
from bot.config import Settings
from bot.db import StorageUnavailable
from bot.gaps import store


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "gaps", help="questions the policies couldn't answer (abstentions and 👎), by company and topic"
    )
    parser.add_argument(
        "--since", type=iso_date, metavar="YYYY-MM-DD", help="only questions asked from that day"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="a list of {company, topic, count, no_answer, thumbs_down, latest, examples}",
    )
    add_database_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        database = open_database(args)
        store.expire(database, utcnow(), Settings.from_env().gaps_keep_days)
        since = (
            datetime(args.since.year, args.since.month, args.since.day, tzinfo=UTC) if args.since else None
        )
        groups = store.grouped(database, since)
    except StorageUnavailable as error:
        print(f"database unavailable: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(groups, ensure_ascii=False))
        return 0
    if not groups:
        print("no unanswered questions kept")
        return 0
    for group in groups:
        company = group["company"] or "(no company)"
        topic = group["topic"] or "(no known topic)"
        print(
            f"{company} · {topic}: {group['count']} "
            f"({group['no_answer']} not answered, {group['thumbs_down']} marked 👎)"
        )
        for example in group["examples"]:
            print(f"    – {printable(example, 200)}")
    return 0
