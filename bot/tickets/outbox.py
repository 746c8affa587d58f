"""The outbox: confirmations a new ticket is owed, as rows (``Notice``) stored with the ticket.

A notice is delivered by whoever claims it: the claim is one conditional UPDATE, so of two processes
trying at once exactly one wins. A claim is a lease: a process that dies while posting leaves the notice
`sending` until the lease runs out; the next claim then knows the outcome is unknown (``Claimed.retry``)
and the edge checks Slack for the message before posting again. A failed post goes back to `pending`
with a growing pause. The time always comes from the caller, so this module is tested without a clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, func, select

from bot.db import Database
from bot.models import Notice, Ticket

LEASE = timedelta(minutes=2)  # a claim held longer than this is taken to have died with its process
FIRST_PAUSE, LONGEST_PAUSE = timedelta(seconds=10), timedelta(minutes=10)  # after a failed post


@dataclass(frozen=True)
class Claimed:
    notice: Notice
    ticket: Ticket
    retry: bool  # tried before: the message may already be in Slack (a crash after posting)


def claim(database: Database, notice_id: int, now: datetime) -> bool:
    """Take one notice for delivery: True for exactly one of any number of concurrent callers."""
    return claim_many(database, [notice_id], now) == [notice_id]


def claim_many(database: Database, notice_ids: list[int], now: datetime) -> list[int]:
    """Take notices for delivery in one transaction; each is won by exactly one of concurrent callers.
    Returns the ids this caller won."""
    with database.guard(), database.session(write=True) as session:
        won = _claim_in(session, notice_ids, now)
        session.commit()
    return won


def _claim_in(session: Session, notice_ids: Sequence[int], now: datetime) -> list[int]:
    available = or_(
        and_(col(Notice.state) == "pending", col(Notice.next_at) <= now),
        and_(col(Notice.state) == "sending", col(Notice.lease_until) < now),
    )
    won: list[int] = []
    for notice_id in notice_ids:
        result = session.exec(  # type: ignore[call-overload]
            update(Notice)
            .where(col(Notice.id) == notice_id, available)
            .values(state="sending", lease_until=now + LEASE, attempts=Notice.attempts + 1)
        )
        if int(result.rowcount or 0) == 1:
            won.append(notice_id)
    return won


def claim_for_ticket(database: Database, reference: str, now: datetime) -> list[Claimed]:
    """Claim the notices a ticket still owes (none when another process has them, or all are sent)."""
    with database.guard(), database.session(write=True) as session:
        claimed = claim_for_ticket_in(session, reference, now)
        session.commit()
    return claimed


def claim_for_ticket_in(session: Session, reference: str, now: datetime) -> list[Claimed]:
    """``claim_for_ticket`` in the caller's transaction (``bot.group_commit``): the claims hold once
    it commits."""
    ids = session.exec(
        select(Notice.id)
        .join(Ticket, col(Ticket.id) == col(Notice.ticket_id))
        .where(col(Ticket.reference) == reference, col(Notice.state) != "sent")
        .order_by(col(Notice.id))
    ).all()
    won = _claim_in(session, [i for i in ids if i is not None], now)
    return _rows(session, won)


def claim_due(database: Database, now: datetime, limit: int = 50) -> list[Claimed]:
    """Claim what is owed and may be tried now, oldest first: the reconciler's round."""
    with database.guard(), database.session() as session:
        ids = session.exec(
            select(Notice.id)
            .where(
                or_(
                    and_(col(Notice.state) == "pending", col(Notice.next_at) <= now),
                    and_(col(Notice.state) == "sending", col(Notice.lease_until) < now),
                )
            )
            .order_by(col(Notice.id))
            .limit(limit)
        ).all()
    return _claimed(database, [i for i in ids if i is not None], now)


def _claimed(database: Database, ids: list[int], now: datetime) -> list[Claimed]:
    won = claim_many(database, ids, now) if ids else []
    if not won:
        return []
    with database.guard(), database.session() as session:
        return _rows(session, won)


def _rows(session: Session, won: list[int]) -> list[Claimed]:
    if not won:
        return []
    rows = session.exec(
        select(Notice, Ticket)
        .join(Ticket, col(Ticket.id) == col(Notice.ticket_id))
        .where(col(Notice.id).in_(won))
        .order_by(col(Notice.id))
    ).all()
    return [Claimed(notice, ticket, notice.attempts > 1) for notice, ticket in rows]


def sent(database: Database, notice_id: int, slack_ts: str | None, now: datetime) -> None:
    with database.guard(), database.session(write=True) as session:
        mark_sent(session, notice_id, slack_ts, now)
        session.commit()


def mark_sent(session: Session, notice_id: int, slack_ts: str | None, now: datetime) -> None:
    """The notice is in Slack (at ``slack_ts``): in the caller's transaction (``bot.group_commit``)."""
    session.exec(  # type: ignore[call-overload]
        update(Notice)
        .where(col(Notice.id) == notice_id)
        .values(state="sent", slack_ts=slack_ts, sent_at=now, lease_until=None, error=None)
    )


def failed(database: Database, notice_id: int, attempts: int, error: str, now: datetime) -> None:
    """Back to pending, tried again after a pause that doubles with each attempt (up to ten minutes)."""
    pause = min(FIRST_PAUSE * (2 ** max(0, attempts - 1)), LONGEST_PAUSE)
    with database.guard(), database.session(write=True) as session:
        session.exec(  # type: ignore[call-overload]
            update(Notice)
            .where(col(Notice.id) == notice_id)
            .values(state="pending", next_at=now + pause, lease_until=None, error=error[:64])
        )
        session.commit()


def backlog(database: Database, now: datetime, older_than: timedelta = timedelta(minutes=1)) -> int:
    """How many confirmations are still owed a minute after they were due (for /healthz)."""
    with database.guard(), database.session() as session:
        return int(
            session.exec(
                select(func.count())
                .select_from(Notice)
                .where(col(Notice.state) != "sent", col(Notice.created_at) < now - older_than)
            ).one()
        )
