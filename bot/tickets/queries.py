"""Read-side queries for ticket lists: who sees what, filters, order by due date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.models import CLOSED_STATUSES, OPEN_STATUSES, STATUSES, Ticket, utcnow
from bot.tickets.access import Actor
from bot.tickets.deadlines import local_date

STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES, "all": STATUSES}


def today_local() -> date:
    return local_date(utcnow())


def ticket_query(
    viewer: Actor,
    status: str | None = None,
    overdue: bool = False,
    mine: bool = False,
    today: date | None = None,
    limit: int | None = None,
) -> SelectOfScalar[Ticket]:
    query = select(Ticket)
    if not viewer.team:
        query = query.where(Ticket.requester_user == viewer.user)
    if status:
        group = STATUS_GROUPS.get(status)
        if group is None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        query = query.where(col(Ticket.status).in_(group or (status,)))
    if overdue:
        # a paused clock is not running late: the due date moves when it restarts
        query = query.where(
            col(Ticket.status).in_(OPEN_STATUSES),
            col(Ticket.paused_at).is_(None),
            Ticket.due_date < (today or today_local()),
        )
    if mine:
        query = query.where(or_(Ticket.assignee == viewer.user, Ticket.requester_user == viewer.user))
    query = query.order_by(col(Ticket.due_date), col(Ticket.year), col(Ticket.number))
    if limit:
        query = query.limit(limit)
    return query
