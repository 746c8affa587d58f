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
    with database.guard(), database.session(write=True) as session:
        ids = take_in(session, [(key, body, now) for key, body in new], owner=owner, lease=lease)
        finish(session, done)
        session.commit()
    return {key: row_id for (key, _), row_id in zip(new, ids, strict=True) if row_id is not None}


def take_in(
    session: Session,
    events: Sequence[tuple[str, str, datetime]],
    *,
    owner: str,
    lease: timedelta = LEASE,
) -> list[int | None]:
    """Keep ``(key, body, received at)`` events, held by ``owner``, in the caller's transaction
    (``bot.group_commit``): each one's row id, or None for a key in the inbox already (a redelivery,
    or the second of two equal keys here)."""
    first: dict[str, tuple[str, datetime]] = {}  # each key once, its first body, in arrival order
    for key, body, at in events:
        first.setdefault(key, (body, at))
    rows = [
        {"key": key, "body": body, "received_at": at, "owner": owner, "lease_until": at + lease}
        for key, (body, at) in first.items()
    ]
    backend = session.get_bind().dialect.name
    ids: dict[str, int] = {}
    if rows and backend in ("sqlite", "postgresql"):
        dialect_insert = sqlite.insert if backend == "sqlite" else postgresql.insert
        statement = (
            dialect_insert(InboxEvent)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(col(InboxEvent.id), col(InboxEvent.key))
        )
        ids = {key: int(row_id) for row_id, key in session.execute(statement)}
    elif rows:
        ids = _insert_alone(session, rows)
    results: list[int | None] = []
    for key, _, _ in events:
        results.append(ids.pop(key, None))  # the first of two equal keys gets the row
    return results


def _insert_alone(session: Session, rows: list[dict[str, object]]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for row in rows:
        item = InboxEvent(**row)  # type: ignore[arg-type]
        try:
            with session.begin_nested():
                session.add(item)
        except IntegrityError:
            continue
        if item.id is not None:
            ids[item.key] = item.id
    return ids


def finish(session: Session, row_ids: Sequence[int]) -> list[None]:
    """The events were acted on: their rows go (in the caller's transaction)."""
    for start in range(0, len(row_ids), _CHUNK):
        session.exec(delete(InboxEvent).where(col(InboxEvent.id).in_(row_ids[start : start + _CHUNK])))  # type: ignore[call-overload]
    return [None] * len(row_ids)


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
