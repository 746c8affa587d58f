"""The daily digest of overdue and due-soon tickets, sent once a day across all processes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.db import Database
from bot.models import OPEN_STATUSES, DigestRun, ReportRun, Ticket
from bot.tickets.holidays import next_working_day


@dataclass(frozen=True)
class Digest:
    day: date
    overdue: list[Ticket]
    due_soon: list[Ticket]

    @property
    def empty(self) -> bool:
        return not self.overdue and not self.due_soon


def _claim(db: Database, row: DigestRun | ReportRun) -> bool:
    """True for exactly one caller that inserts this row (its primary key is unique), False for the rest."""
    with db.guard():
        try:
            with db.session(write=True) as session:
                session.add(row)
                session.commit()
        except IntegrityError:
            return False
    return True


def claim_digest(db: Database, day: date) -> bool:
    """True for exactly one caller per day, False for everyone else."""
    return _claim(db, DigestRun(day=day))


def claim_report(db: Database, period: str) -> bool:
    """True for exactly one caller per report period ("2026-03"), False for everyone else."""
    return _claim(db, ReportRun(period=period))


def first_working_day_of_month(day: date, eves_off: bool = False) -> date:
    return next_working_day(day.replace(day=1), eves_off)


def previous_month(day: date) -> tuple[date, date]:
    """The first day of the month before ``day``'s, and the first day of ``day``'s month."""
    this_month = day.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    return last_month, this_month


def digest(db: Database, today: date, due_soon_days: int = 5) -> Digest:
    """Open tickets past their due date, and those due within `due_soon_days`, by due date."""
    horizon = today + timedelta(days=due_soon_days)
    query = (
        select(Ticket)
        .where(
            col(Ticket.status).in_(OPEN_STATUSES), col(Ticket.paused_at).is_(None), Ticket.due_date <= horizon
        )
        .order_by(col(Ticket.due_date), col(Ticket.year), col(Ticket.number))
    )
    with db.guard(), db.session() as session:
        tickets = list(session.exec(query).all())
    return Digest(
        day=today,
        overdue=[t for t in tickets if t.due_date < today],
        due_soon=[t for t in tickets if t.due_date >= today],
    )
