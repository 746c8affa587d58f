"""Human ticket references: DSAR-2026-0042, numbered per year without gaps or doubles."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot.models import ReferenceCounter

PREFIX = "DSAR"
_PATTERN = re.compile(r"^\s*DSAR[-\s]?(\d{4})[-\s]?(\d{1,6})\s*$", re.IGNORECASE)


def format_reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:04d}"


def parse_reference(raw: str) -> tuple[int, int] | None:
    """'DSAR-2026-0042', 'dsar-2026-42' → (2026, 42); anything else → None."""
    match = _PATTERN.match(raw or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def normalise_reference(raw: str) -> str | None:
    parsed = parse_reference(raw)
    return format_reference(*parsed) if parsed else None


def next_number(session: Session, year: int) -> int:
    """Take the next number for `year` inside the caller's transaction.

    One upsert that row-locks the year's counter until commit, so concurrent writers (threads or
    processes sharing PostgreSQL) queue up; a rolled-back transaction gives its number back.
    """
    dialect = session.get_bind().dialect.name
    table = ReferenceCounter.__table__
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(table).values(year=year, last=1)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.year], set_={"last": table.c.last + 1})
        return int(session.execute(stmt.returning(table.c.last)).scalar_one())
    # other databases: lock-free fallback (the ticket's unique (year, number) still guards doubles)
    row = session.execute(select(table).where(table.c.year == year).with_for_update()).first()
    if row is None:
        session.execute(table.insert().values(year=year, last=1))
        return 1
    session.execute(table.update().where(table.c.year == year).values(last=row.last + 1))
    return int(row.last) + 1
