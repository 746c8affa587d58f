"""De-duplication of Slack deliveries across processes: a unique row per `(team_id, event_id)`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

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
    try:
        with database.session(write=True) as session:
            session.add(SeenEvent(key=key, seen_at=now))
            session.commit()
        return True
    except IntegrityError:
        return False


def mark_seen_many(database: Database, keys: Sequence[str], now: datetime) -> set[str]:
    """Insert many keys in one transaction (one commit); returns those that were new.

    `INSERT … ON CONFLICT DO NOTHING RETURNING key` on SQLite and PostgreSQL; one insert per key elsewhere.
    """
    unique = list(dict.fromkeys(keys))
    backend = database.engine.dialect.name
    if backend not in ("sqlite", "postgresql"):
        return {key for key in unique if mark_seen(database, key, now)}
    dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
    statement = (
        dialect_insert(SeenEvent)
        .values([{"key": key, "seen_at": now} for key in unique])
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(SeenEvent.__table__.c.key)  # type: ignore[attr-defined]
    )
    with database.session(write=True) as session:
        fresh = {row[0] for row in session.execute(statement)}
        session.commit()
    return fresh


class SeenBatcher:
    """Group commit for the pre-ack de-dup: keys arriving while a commit runs go into the next one.

    At 200 events/s one commit per event would queue behind the database's fsyncs; one per batch doesn't.
    """

    def __init__(self, database: Database, executor: Executor, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.executor = executor
        self.clock = clock
        self._pending: list[tuple[str, asyncio.Future[bool]]] = []
        self._flushing = False
        self._flusher: asyncio.Future[None] | None = None

    async def mark(self, key: str) -> bool:
        """True if this delivery is the first (in any process) to take `key`; raises if the database fails."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((key, future))
        if not self._flushing:
            self._flushing = True
            self._flusher = asyncio.ensure_future(self._flush())
        return await asyncio.shield(future)

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                keys = [key for key, _ in batch]
                try:
                    fresh = await loop.run_in_executor(
                        self.executor, mark_seen_many, self.database, keys, self.clock()
                    )
                except Exception as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                taken: set[str] = set()
                for key, future in batch:
                    first = key in fresh and key not in taken
                    taken.add(key)
                    if not future.done():
                        future.set_result(first)
        finally:
            self._flushing = False


def purge_older_than(database: Database, cutoff: datetime) -> int:
    """Delete seen-event rows older than `cutoff` (the TTL clean-up); returns how many went."""
    with database.session(write=True) as session:
        result = session.exec(delete(SeenEvent).where(SeenEvent.seen_at < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)
