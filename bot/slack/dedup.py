"""De-duplication of Slack deliveries across processes: a unique row per `(team_id, event_id)`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.db import Database
from bot.models import SeenEvent

logger = logging.getLogger(__name__)

SEEN_TTL = timedelta(days=1)


def delivery_key(team_id: str | None, event_id: str) -> str:
    return f"{team_id or '-'}:{event_id}"


def mark_seen(database: Database, key: str, now: datetime) -> bool:
    """Insert the key; False if another delivery (in any process) already took it.

    Other database errors propagate: the caller decides how to degrade.
    """
    with database.session(write=True) as session:
        [fresh] = mark_seen_in(session, [(key, now)])
        session.commit()
    return fresh


def mark_seen_in(session: Session, deliveries: Sequence[tuple[str, datetime]]) -> list[bool]:
    """Mark ``(key, seen at)`` deliveries seen in the caller's transaction (``bot.group_commit``): for
    each, whether it was the first to take its key (of two equal keys here, the first).

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` on SQLite and PostgreSQL; savepoints elsewhere.
    """
    backend = session.get_bind().dialect.name
    if backend not in ("sqlite", "postgresql"):
        return [_insert_alone(session, key, at) for key, at in deliveries]
    first_at: dict[str, datetime] = {}  # each key once, with its first time, in arrival order
    for key, at in deliveries:
        first_at.setdefault(key, at)
    dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
    statement = (
        dialect_insert(SeenEvent)
        .values([{"key": key, "seen_at": at} for key, at in first_at.items()])
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(SeenEvent.__table__.c.key)  # type: ignore[attr-defined]
    )
    fresh = {row[0] for row in session.execute(statement)}
    taken: set[str] = set()
    results = []
    for key, _ in deliveries:
        results.append(key in fresh and key not in taken)
        taken.add(key)
    return results


def _insert_alone(session: Session, key: str, at: datetime) -> bool:
    try:
        with session.begin_nested():
            session.add(SeenEvent(key=key, seen_at=at))
        return True
    except IntegrityError:
        return False


def purge_older_than(database: Database, cutoff: datetime) -> int:
    """Delete seen-event rows older than `cutoff` (the TTL clean-up); returns how many went."""
    with database.session(write=True) as session:
        result = session.exec(delete(SeenEvent).where(SeenEvent.seen_at < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)
