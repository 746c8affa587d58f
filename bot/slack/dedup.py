"""De-duplication of Slack deliveries across processes: a unique row per `(team_id, event_id)`."""

from __future__ import annotations

import logging
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
        fresh = mark_seen_in(session, key, now)
        session.commit()
    return fresh


def mark_seen_in(session: Session, key: str, now: datetime) -> bool:
    """``mark_seen`` in the caller's transaction (``bot.group_commit``): of two equal keys in one
    transaction, the first is fresh.

    ``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL; a savepoint elsewhere.
    """
    backend = session.get_bind().dialect.name
    if backend not in ("sqlite", "postgresql"):
        try:
            with session.begin_nested():
                session.add(SeenEvent(key=key, seen_at=now))
            return True
        except IntegrityError:
            return False
    dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
    statement = (
        dialect_insert(SeenEvent)
        .values(key=key, seen_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(SeenEvent.__table__.c.key)  # type: ignore[attr-defined]
    )
    return session.execute(statement).first() is not None


def purge_older_than(database: Database, cutoff: datetime) -> int:
    """Delete seen-event rows older than `cutoff` (the TTL clean-up); returns how many went."""
    with database.session(write=True) as session:
        result = session.exec(delete(SeenEvent).where(SeenEvent.seen_at < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)
