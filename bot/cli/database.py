"""`python -m bot db upgrade|current`: run the Alembic migrations on DATABASE_URL."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.db import Database, StorageUnavailable


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        metavar="URL",
        default=None,
        help="database (default: $DATABASE_URL, else var/integritetsbot.db in the checkout, or ~/.local/share/integritetsbot/integritetsbot.db when installed)",
    )


def open_database(args: argparse.Namespace, migrate: bool = True) -> Database:
    """The database named on the command line or in DATABASE_URL, migrated to the latest schema."""
    url = getattr(args, "database_url", None) or Settings.from_env().database_url
    database = Database(url)
    if migrate:
        database.upgrade()
    return database


def _upgrade(args: argparse.Namespace) -> int:
    try:
        database = open_database(args, migrate=False)
        database.upgrade(args.revision)
        print(f"database at revision {database.current_revision()}")
    except StorageUnavailable as error:
        print(f"database unavailable: {error}", file=sys.stderr)
        return 1
    return 0


def _current(args: argparse.Namespace) -> int:
    try:
        print(open_database(args, migrate=False).current_revision() or "(empty: run `db upgrade`)")
    except StorageUnavailable as error:
        print(f"database unavailable: {error}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database migrations")
    commands = parser.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    upgrade = commands.add_parser("upgrade", help="apply the migrations (creates the SQLite file)")
    upgrade.add_argument("revision", nargs="?", default="head")
    add_database_argument(upgrade)
    upgrade.set_defaults(func=_upgrade)
    current = commands.add_parser("current", help="show the schema revision")
    add_database_argument(current)
    current.set_defaults(func=_current)
