"""The inbox's rows (``InboxEvent``): events taken in before the ack, worked on by one process at a time.

A row is written with its owner and a lease; the owner renews the lease while it works and deletes the
row when the event has been acted on. A row whose lease ran out — its process died, or it was put back
to be tried again later — is claimed by whoever asks next: the claim is one conditional UPDATE, so of
two processes asking at once exactly one wins. Times always come from the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.db import Database
from bot.models import InboxEvent

LEASE = timedelta(seconds=60)  # a row held this long without renewal is taken to have lost its process
NOBODY = ""  # the owner of a row put back to be tried again later
_CHUNK = 500  # ids per statement (SQLite allows some thousands of parameters)


@dataclass(frozen=True)
class Taken:
    """An event this process holds: the row's id, its delivery key and the body as Slack signed it."""

    id: int
    key: str
    body: str
    attempts: int = 0


def write(
    database: Database,
    new: Sequence[tuple[str, str]],
    done: Sequence[int],
    owner: str,
    now: datetime,
    lease: timedelta = LEASE,
) -> dict[str, int]:
    """One transaction: take in the ``(key, body)`` events held by ``owner``, and delete the rows ``done``.

    Returns the id of each key that was new; a key already in the inbox (a redelivery) is left out.
    """
    ids: dict[str, int] = {}
    with database.guard(), database.session(write=True) as session:
        for key, body in new:
            row_id = take_in(session, key, body, owner, now, lease)
            if row_id is not None:
                ids[key] = row_id
        for row_id in done:
            finish(session, row_id)
        session.commit()
    return ids


def take_in(
    session: Session, key: str, body: str, owner: str, now: datetime, lease: timedelta = LEASE
) -> int | None:
    """Keep one event, held by ``owner``, in the caller's transaction (``bot.group_commit``): its row's
    id, or None when the key is in the inbox already (a redelivery)."""
    row = {"key": key, "body": body, "received_at": now, "owner": owner, "lease_until": now + lease}
    backend = session.get_bind().dialect.name
    if backend not in ("sqlite", "postgresql"):
        item = InboxEvent(**row)  # type: ignore[arg-type]
        try:
            with session.begin_nested():
                session.add(item)
        except IntegrityError:
            return None
        return item.id
    dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
    statement = (
        dialect_insert(InboxEvent)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(col(InboxEvent.id))
    )
    found = session.execute(statement).first()
    return None if found is None else int(found[0])


def finish(session: Session, row_id: int) -> None:
    """The event was acted on: its row goes (in the caller's transaction)."""
    session.exec(delete(InboxEvent).where(col(InboxEvent.id) == row_id))  # type: ignore[call-overload]


def renew(
    database: Database, owner: str, ids: Sequence[int], now: datetime, lease: timedelta = LEASE
) -> None:
    """Extend the lease on the rows ``owner`` still works on."""
    with database.guard(), database.session(write=True) as session:
        for start in range(0, len(ids), _CHUNK):
            session.exec(  # type: ignore[call-overload]
                update(InboxEvent)
                .where(col(InboxEvent.id).in_(ids[start : start + _CHUNK]), col(InboxEvent.owner) == owner)
                .values(lease_until=now + lease)
            )
        session.commit()


def put_back(database: Database, owner: str, row_id: int, retry_at: datetime) -> None:
    """Give a row up, to be claimed again (by any process) from ``retry_at``."""
    with database.guard(), database.session(write=True) as session:
        session.exec(  # type: ignore[call-overload]
            update(InboxEvent)
            .where(col(InboxEvent.id) == row_id, col(InboxEvent.owner) == owner)
            .values(owner=NOBODY, lease_until=retry_at)
        )
        session.commit()


def holders(database: Database, now: datetime) -> list[str]:
    """The owners whose leases on some rows still run."""
    with database.guard(), database.session() as session:
        return sorted(
            session.exec(select(InboxEvent.owner).where(col(InboxEvent.lease_until) >= now).distinct()).all()
        )


def claim_due(
    database: Database,
    owner: str,
    now: datetime,
    lease: timedelta = LEASE,
    limit: int = 100,
    dead: Sequence[str] = (),
) -> list[Taken]:
    """Claim rows whose lease ran out, or whose owner is known to be ``dead``, oldest first; each is won
    by exactly one of concurrent callers."""
    available = or_(col(InboxEvent.lease_until) < now, col(InboxEvent.owner).in_(list(dead)))
    with database.guard(), database.session() as session:
        ids = session.exec(
            select(InboxEvent.id).where(available).order_by(col(InboxEvent.id)).limit(limit)
        ).all()
    won: list[int] = []
    with database.guard(), database.session(write=True) as session:
        for row_id in ids:
            result = session.exec(  # type: ignore[call-overload]
                update(InboxEvent)
                .where(col(InboxEvent.id) == row_id, available)
                .values(owner=owner, lease_until=now + lease, attempts=InboxEvent.attempts + 1)
            )
            if int(result.rowcount or 0) == 1:
                won.append(row_id)  # type: ignore[arg-type]
        session.commit()
    if not won:
        return []
    with database.guard(), database.session() as session:
        rows = session.exec(
            select(InboxEvent).where(col(InboxEvent.id).in_(won)).order_by(col(InboxEvent.id))
        )
        return [Taken(row.id, row.key, row.body, row.attempts) for row in rows if row.id is not None]


def backlog(database: Database) -> int:
    """Events taken in and not yet acted on (by any process)."""
    with database.guard(), database.session() as session:
        return int(session.exec(select(func.count()).select_from(InboxEvent)).one())
