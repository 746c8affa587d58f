"""Rights-request tickets: open (idempotent), change status with access checks, audit every change.

Every function takes the Database first and raises:
  StorageUnavailable  the database cannot be reached (nothing was stored; let Slack redeliver)
  TicketNotFound      no ticket has that reference
  NotAllowed          the actor may not see or change this ticket (logged with ids only)
  InvalidTransition   the change does not fit the ticket's state; `.code` says why
Every change appends a TicketEvent in the same transaction. Tickets are returned detached: read their
attributes freely, change them only through these functions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import Database, StorageUnavailable, storable
from bot.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    OUTCOMES,
    PAUSE_KINDS,
    REFUSAL_REASONS,
    SOURCES,
    Notice,
    Ticket,
    TicketEvent,
    as_utc,
    utcnow,
)
from bot.rights import RIGHTS
from bot.tickets import deadlines
from bot.tickets.access import Access, Actor, can_view
from bot.tickets.references import format_reference, next_number, normalise_reference

__all__ = [
    "Access",
    "Actor",
    "InvalidTransition",
    "NewRequest",
    "NotAllowed",
    "StorageUnavailable",
    "TicketNotFound",
    "assign",
    "close",
    "events",
    "extend",
    "find_by_dedup_key",
    "get",
    "list_tickets",
    "mark_not_a_request",
    "open_ticket",
    "pause",
    "record_extension_notice",
    "request_identity",
    "resume",
    "set_team_message",
    "start",
    "verify_identity",
]

log = logging.getLogger(__name__)


class NotAllowed(PermissionError):
    """The actor may not see or change this ticket."""


class TicketNotFound(LookupError):
    """No ticket has this reference."""


class InvalidTransition(ValueError):
    """The change does not fit the ticket's state. `code` is one of:

    closed, status, already_verified, already_extended, fast_track, months, reason_required,
    first_month_over, outcome, reason_code, not_extended.
    """

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


@dataclass
class NewRequest:
    """A rights request as the front end saw it. `received_at` is the Slack message time."""

    company: str | None
    rights: Sequence[str]
    source: str  # dm | mention | slash_command | message_shortcut | manual
    requester_user: str
    requester_team: str | None
    language: str
    text: str
    received_at: datetime
    dedup_key: str | None = None  # the Slack message identity, e.g. "T1:C1:1700000000.000100"
    subject_name: str | None = None  # the data subject, when someone relays a customer's request
    subject_email: str | None = None
    subject_phone: str | None = None
    notes: str | None = None
    channel_id: str | None = None
    message_ts: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # audit data (e.g. matched pattern names; no text)
    # the confirmations owed, stored with the ticket (the outbox, bot.tickets.outbox): (kind, channel, thread)
    notices: Sequence[tuple[str, str, str | None]] = ()


def _clean_rights(rights: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for right in rights:
        if right not in RIGHTS:
            raise ValueError(f"unknown right {right!r}")
        if right not in cleaned:
            cleaned.append(right)
    return cleaned or ["unspecified"]


def _blank_to_none(value: str | None) -> str | None:
    return storable(value.strip()) or None if value else None


# --- opening ---------------------------------------------------------------------------------------


def find_by_dedup_key(db: Database, dedup_key: str) -> Ticket | None:
    """The ticket opened for this Slack message, if any (no access check: for the Slack side)."""
    with db.guard(), db.session() as session:
        return session.exec(select(Ticket).where(Ticket.dedup_key == dedup_key)).first()


def open_ticket(
    db: Database,
    req: NewRequest,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> tuple[Ticket, bool]:
    """Store a request as a `received` ticket. Returns (ticket, created).

    Idempotent on `req.dedup_key`: another delivery of the same message (a retry, a second process)
    returns the stored ticket and False. The unique key in the database makes this hold across
    processes. Raises ValueError for an unknown right or source, StorageUnavailable when the database
    cannot be reached.
    """
    started = time.perf_counter()
    if req.source not in SOURCES:
        raise ValueError(f"unknown source {req.source!r}")
    if not req.requester_user:
        raise ValueError("a request needs a requester")
    rights = _clean_rights(req.rights)
    received_at = as_utc(req.received_at)
    receipt = deadlines.receipt_date(received_at)
    target_days = settings.marketing_target_days if settings else 7
    eves_off = settings.eves_off if settings else False
    due = deadlines.due_date(receipt, rights, target_days, eves_off)
    calendar_due = deadlines.due_date(receipt, rights, target_days, eves_off, rolled=False)
    dedup_key = _blank_to_none(req.dedup_key)
    stamp = as_utc(now) if now else utcnow()

    with db.guard():
        if dedup_key and (existing := find_by_dedup_key(db, dedup_key)):
            return existing, False
        try:
            with db.session(write=True) as session:
                number = next_number(session, receipt.year)
                ticket = Ticket(
                    reference=format_reference(receipt.year, number),
                    year=receipt.year,
                    number=number,
                    company=_blank_to_none(req.company),
                    right=rights[0],
                    rights=rights,
                    status="received",
                    source=req.source,
                    requester_user=req.requester_user,
                    requester_team=_blank_to_none(req.requester_team),
                    subject_name=_blank_to_none(req.subject_name),
                    subject_email=_blank_to_none(req.subject_email),
                    subject_phone=_blank_to_none(req.subject_phone),
                    language=req.language or "sv",
                    text=storable(req.text or ""),
                    notes=_blank_to_none(req.notes),
                    received_at=received_at,
                    receipt_date=receipt,
                    initial_due_date=due,
                    due_date=due,
                    calendar_due_date=calendar_due,
                    dedup_key=dedup_key,
                    channel_id=req.channel_id,
                    message_ts=req.message_ts,
                    created_at=stamp,
                    updated_at=stamp,
                )
                session.add(ticket)
                session.flush()
                data: dict[str, Any] = {
                    "source": req.source,
                    "rights": rights,
                    "company": ticket.company,
                    "due_date": due.isoformat(),
                    "calendar_due_date": calendar_due.isoformat(),
                    "relayed": ticket.subject_name is not None or ticket.subject_email is not None,
                }
                data.update(req.extra)
                _audit(session, ticket, req.requester_user, "opened", None, "received", data, stamp)
                for kind, channel, thread_ts in req.notices:
                    session.add(
                        Notice(
                            ticket_id=ticket.id,
                            kind=kind,
                            channel=channel,
                            thread_ts=thread_ts,
                            next_at=stamp,
                            created_at=stamp,
                        )
                    )
                session.commit()
        except IntegrityError:
            # another delivery of the same message won the race: hand back its ticket
            if dedup_key and (existing := find_by_dedup_key(db, dedup_key)):
                log.info("ticket open duplicate: ref=%s", existing.reference)
                return existing, False
            raise
    log.info(
        "ticket opened: ref=%s source=%s rights=%s ms=%.1f",
        ticket.reference,
        ticket.source,
        ",".join(rights),
        (time.perf_counter() - started) * 1000,
    )
    return ticket, True


# --- reading ---------------------------------------------------------------------------------------


def _find(session: Session, ref: str) -> Ticket:
    reference = normalise_reference(ref)
    ticket = session.exec(select(Ticket).where(Ticket.reference == reference)).first() if reference else None
    if ticket is None:
        raise TicketNotFound(f"no ticket {ref!r}")
    return ticket


def _refuse(actor: Actor, action: str, ticket: Ticket) -> NotAllowed:
    log.warning("ticket access refused: user=%s action=%s ref=%s", actor.user, action, ticket.reference)
    return NotAllowed(f"{actor.user} may not {action} {ticket.reference}")


def get(db: Database, ref: str, viewer: Actor) -> Ticket:
    """One ticket by reference ('DSAR-2026-0042', case and zero padding forgiven)."""
    with db.guard(), db.session() as session:
        ticket = _find(session, ref)
        if not can_view(viewer, ticket.requester_user):
            raise _refuse(viewer, "view", ticket)
        return ticket


def events(db: Database, ref: str, viewer: Actor) -> list[TicketEvent]:
    """The ticket's audit trail, oldest first."""
    with db.guard(), db.session() as session:
        ticket = _find(session, ref)
        if not can_view(viewer, ticket.requester_user):
            raise _refuse(viewer, "view", ticket)
        query = select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(col(TicketEvent.id))
        return list(session.exec(query).all())


QUEUES = ("open", "overdue", "mine", "all")


def queue(db: Database, viewer: Actor, which: str, today: date, limit: int) -> list[Ticket]:
    """One of the privacy team's queues (QUEUES; anything else is "open"): the open tickets, those past
    their due date, those assigned to or requested by the viewer, or all of them (at most ``limit``)."""
    if which == "overdue":
        return list_tickets(db, viewer, status="open", overdue=True, today=today)
    if which == "mine":
        return list_tickets(db, viewer, status="open", mine=True, today=today)
    if which == "all":
        return list_tickets(db, viewer, limit=limit)
    return list_tickets(db, viewer, status="open", today=today)


def own_requests(db: Database, user: str, limit: int) -> list[Ticket]:
    """What someone outside the team sees: the requests they made (at most ``limit``)."""
    return list_tickets(db, Actor(user, team=False), limit=limit)


def list_tickets(
    db: Database,
    viewer: Actor,
    status: str | None = None,
    overdue: bool = False,
    mine: bool = False,
    today: date | None = None,
    limit: int | None = None,
) -> list[Ticket]:
    """Tickets the viewer may see, by due date (then reference).

    status: a status, or "open" / "closed"; None for all. overdue: open and past the due date.
    mine: assigned to the viewer or requested by them. A viewer outside the privacy team sees only
    the tickets they requested.
    """
    from bot.tickets.queries import ticket_query

    query = ticket_query(viewer, status=status, overdue=overdue, mine=mine, today=today, limit=limit)
    with db.guard(), db.session() as session:
        return list(session.exec(query).all())


# --- changing --------------------------------------------------------------------------------------


def _audit(
    session: Session,
    ticket: Ticket,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str | None,
    data: dict[str, Any],
    at: datetime,
) -> None:
    assert ticket.id is not None
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=at,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=to_status,
            data=data,
        )
    )


Change = Callable[[Ticket, datetime], dict[str, Any]]


def _change(
    db: Database,
    ref: str,
    actor: Actor,
    action: str,
    apply: Change,
    *,
    requester_may: bool = False,
    closed_ok: bool = False,
    now: datetime | None = None,
) -> Ticket:
    """Load (row-locked on PostgreSQL), check access and state, apply, audit, commit."""
    stamp = as_utc(now) if now else utcnow()
    with db.guard(), db.session(write=True) as session:
        reference = normalise_reference(ref)
        query = select(Ticket).where(Ticket.reference == reference).with_for_update()
        ticket = session.exec(query).first() if reference else None
        if ticket is None:
            raise TicketNotFound(f"no ticket {ref!r}")
        if not (actor.team or (requester_may and actor.user == ticket.requester_user)):
            raise _refuse(actor, action, ticket)
        if not closed_ok and ticket.status in CLOSED_STATUSES:
            raise InvalidTransition("closed", f"{ticket.reference} is closed ({ticket.status})")
        before = ticket.status
        data = apply(ticket, stamp)
        ticket.updated_at = stamp
        session.add(ticket)
        _audit(session, ticket, actor.user, action, before, ticket.status, data, stamp)
        session.commit()
    log.info(
        "ticket changed: ref=%s action=%s by=%s to=%s", ticket.reference, action, actor.user, ticket.status
    )
    return ticket


def _require_status(ticket: Ticket, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise InvalidTransition("status", f"{ticket.reference} is {ticket.status}")


def assign(
    db: Database, ref: str, actor: Actor, assignee: str | None, *, now: datetime | None = None
) -> Ticket:
    """Set (or clear, with None) the team member working on the ticket. Team only."""

    def apply(ticket: Ticket, _at: datetime) -> dict[str, Any]:
        previous, ticket.assignee = ticket.assignee, assignee
        return {"assignee": assignee, "previous": previous}

    return _change(db, ref, actor, "assigned", apply, now=now)


def request_identity(db: Database, ref: str, actor: Actor, *, now: datetime | None = None) -> Ticket:
    """Ask the subject for proof of identity (Art. 12(6)): status awaiting_identity. Team only."""

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if ticket.identity_verified_at is not None:
            raise InvalidTransition("already_verified", f"{ticket.reference}: identity already verified")
        _require_status(ticket, "received", "in_progress")
        ticket.identity_requested_at = at
        ticket.status = "awaiting_identity"
        return {}

    return _change(db, ref, actor, "identity_requested", apply, now=now)


def verify_identity(
    db: Database, ref: str, actor: Actor, *, now: datetime | None = None, eves_off: bool = False
) -> Ticket:
    """Record that the subject's identity is verified (who, when); awaiting_identity → in_progress. A clock
    paused for the identity starts again (the due date moves by the days paused)."""

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if ticket.identity_verified_at is not None:
            raise InvalidTransition("already_verified", f"{ticket.reference}: identity already verified")
        ticket.identity_verified_at = at
        ticket.identity_verified_by = actor.user
        if ticket.status == "awaiting_identity":
            ticket.status = "in_progress"
        if ticket.paused and ticket.pause_kind == "identity":
            return {"resumed": _restart_clock(ticket, at, eves_off)}
        return {}

    return _change(db, ref, actor, "identity_verified", apply, now=now)


def pause(
    db: Database, ref: str, actor: Actor, kind: str, reason: str, *, now: datetime | None = None
) -> Ticket:
    """Stop the clock while the team waits for the subject: "identity" (proof of identity, Art. 12(6);
    the status becomes awaiting_identity) or "clarification". A reason is required. Team only.

    Whether a wait pauses the legal deadline is the team's call; the audit trail records who and why."""
    if kind not in PAUSE_KINDS:
        raise ValueError(f"unknown pause kind {kind!r}: one of {', '.join(PAUSE_KINDS)}")

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if not (reason or "").strip():
            raise InvalidTransition("reason_required", f"{ticket.reference}: a pause needs a reason")
        if ticket.paused:
            raise InvalidTransition("already_paused", f"{ticket.reference} is already paused")
        if deadlines.is_fast_track(ticket.rights):
            raise InvalidTransition("fast_track", f"{ticket.reference}: an opt-out is acted on without delay")
        if kind == "identity":
            if ticket.identity_verified_at is not None:
                raise InvalidTransition("already_verified", f"{ticket.reference}: identity already verified")
            ticket.identity_requested_at = ticket.identity_requested_at or at
            if ticket.status in ("received", "in_progress"):
                ticket.status = "awaiting_identity"
        ticket.paused_at = at
        ticket.pause_kind = kind
        ticket.pause_reason = reason.strip()
        return {"kind": kind, "reason": reason.strip(), "due_date": ticket.due_date.isoformat()}

    return _change(db, ref, actor, "paused", apply, now=now)


def resume(
    db: Database, ref: str, actor: Actor, *, now: datetime | None = None, eves_off: bool = False
) -> Ticket:
    """Start a paused clock again: the due date moves by the days paused and off a non-working day. Team
    only."""

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if not ticket.paused:
            raise InvalidTransition("not_paused", f"{ticket.reference} is not paused")
        return _restart_clock(ticket, at, eves_off)

    return _change(db, ref, actor, "resumed", apply, now=now)


def _restart_clock(ticket: Ticket, at: datetime, eves_off: bool) -> dict[str, Any]:
    """Add the whole days the clock stood still (Stockholm dates) to the deadline in force."""
    assert ticket.paused_at is not None
    days = max(0, (deadlines.local_date(at) - deadlines.local_date(ticket.paused_at)).days)
    previous = ticket.due_date
    calendar = (ticket.calendar_due_date or ticket.due_date) + timedelta(days=days)
    ticket.calendar_due_date = calendar
    ticket.due_date = deadlines.next_working_day(calendar, eves_off)
    if ticket.extended_due_date is not None:
        ticket.extended_due_date = ticket.due_date
    ticket.paused_days += days
    data = {
        "kind": ticket.pause_kind,
        "paused_days": days,
        "from_due_date": previous.isoformat(),
        "due_date": ticket.due_date.isoformat(),
    }
    ticket.paused_at = ticket.pause_kind = ticket.pause_reason = None
    if ticket.status == "awaiting_identity" and ticket.identity_verified_at is not None:
        ticket.status = "in_progress"
    return data


def start(db: Database, ref: str, actor: Actor, *, now: datetime | None = None) -> Ticket:
    """received / awaiting_identity → in_progress. Assigns the actor when nobody is assigned. Team only."""

    def apply(ticket: Ticket, _at: datetime) -> dict[str, Any]:
        _require_status(ticket, "received", "awaiting_identity")
        ticket.status = "in_progress"
        if ticket.assignee is None and actor.user:
            ticket.assignee = actor.user
        return {"assignee": ticket.assignee}

    return _change(db, ref, actor, "started", apply, now=now)


def extend(
    db: Database,
    ref: str,
    actor: Actor,
    reason: str,
    months: int = 2,
    subject_notified_at: datetime | None = None,
    *,
    now: datetime | None = None,
    eves_off: bool = False,
) -> Ticket:
    """Extend the deadline by 1–2 months (Art. 12(3)): once, with a reason, while the first month runs.

    The status is unchanged; `due_date` moves to the extended date and `initial_due_date` stays.
    The subject must be told within the first month: pass `subject_notified_at`, or record it later
    with `record_extension_notice`. Team only.
    """

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        problem = deadlines.extension_problem(
            ticket.receipt_date,
            deadlines.local_date(at),
            months,
            reason,
            ticket.rights,
            already_extended=ticket.extended,
            eves_off=eves_off,
            paused_days=ticket.paused_days,
        )
        if problem:
            raise InvalidTransition(problem, f"{ticket.reference}: extension refused ({problem})")
        if ticket.paused:
            raise InvalidTransition("paused", f"{ticket.reference}: resume the clock before extending it")
        # the days the clock stood still move the extended deadline too
        calendar = deadlines.calendar_extended_due_date(ticket.receipt_date, months)
        calendar += timedelta(days=ticket.paused_days)
        new_due = deadlines.next_working_day(calendar, eves_off)
        previous = ticket.due_date
        ticket.extended_due_date = new_due
        ticket.due_date = new_due
        ticket.calendar_due_date = calendar
        ticket.extension_months = months
        ticket.extension_reason = reason.strip()
        ticket.extended_by = actor.user
        ticket.extended_at = at
        if subject_notified_at is not None:
            ticket.extension_notified_at = as_utc(subject_notified_at)
        return {
            "months": months,
            "reason": reason.strip(),
            "from_due_date": previous.isoformat(),
            "due_date": new_due.isoformat(),
            "subject_notified": subject_notified_at is not None,
        }

    return _change(db, ref, actor, "extended", apply, now=now)


def record_extension_notice(
    db: Database,
    ref: str,
    actor: Actor,
    notified_at: datetime | None = None,
    *,
    now: datetime | None = None,
    eves_off: bool = False,
) -> Ticket:
    """Record when the subject was told about the extension (default: now). Late notices are flagged."""

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if not ticket.extended:
            raise InvalidTransition("not_extended", f"{ticket.reference} has no extension")
        told = as_utc(notified_at) if notified_at else at
        ticket.extension_notified_at = told
        late = deadlines.local_date(told) > deadlines.legal_due_date(ticket.receipt_date, eves_off)
        return {"notified_at": told.isoformat(), "late": late}

    return _change(db, ref, actor, "extension_notified", apply, closed_ok=True, now=now)


def close(
    db: Database,
    ref: str,
    actor: Actor,
    outcome: str,
    reason: str | None = None,
    note: str | None = None,
    *,
    now: datetime | None = None,
) -> Ticket:
    """Close with an outcome: fulfilled, partially_fulfilled, refused (needs a reason code), withdrawn.

    Reason codes: REFUSAL_REASONS (manifestly_unfounded, excessive, legal_retention_obligation,
    insuf_verification, no_match, …). The team may close any ticket; a requester may only withdraw
    their own.
    """

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        if outcome not in OUTCOMES:
            raise InvalidTransition("outcome", f"unknown outcome {outcome!r}")
        if not actor.team and outcome != "withdrawn":
            raise _refuse(actor, f"close as {outcome}", ticket)
        if outcome == "refused" and not reason:
            raise InvalidTransition("reason_code", "a refusal needs a reason code")
        if reason and reason not in REFUSAL_REASONS:
            raise InvalidTransition("reason_code", f"unknown reason code {reason!r}")
        ticket.status = outcome
        ticket.outcome = outcome
        ticket.reason_code = reason if outcome in ("refused", "partially_fulfilled") else None
        ticket.outcome_note = _blank_to_none(note)
        ticket.closed_at = at
        ticket.closed_by = actor.user
        return {"outcome": outcome, "reason": ticket.reason_code}

    return _change(db, ref, actor, "closed", apply, requester_may=True, now=now)


def mark_not_a_request(db: Database, ref: str, actor: Actor, *, now: datetime | None = None) -> Ticket:
    """ "That wasn't a request": close as not_a_request. The requester may do this on their own ticket."""

    def apply(ticket: Ticket, at: datetime) -> dict[str, Any]:
        ticket.status = "not_a_request"
        ticket.outcome = "not_a_request"
        ticket.closed_at = at
        ticket.closed_by = actor.user
        return {"by_requester": actor.user == ticket.requester_user}

    return _change(db, ref, actor, "not_a_request", apply, requester_may=True, now=now)


def set_team_message(db: Database, ref: str, channel: str, ts: str, *, now: datetime | None = None) -> Ticket:
    """Remember the privacy-team notification (channel, ts) so status changes go to its thread."""

    def apply(ticket: Ticket, _at: datetime) -> dict[str, Any]:
        ticket.team_channel, ticket.team_message_ts = channel, ts
        return {"channel": channel, "ts": ts}

    return _change(db, ref, Actor.system(), "team_notified", apply, closed_ok=True, now=now)


def is_open_status(status: str) -> bool:
    return status in OPEN_STATUSES
