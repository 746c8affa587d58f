"""Every table the bot stores, in one module (Alembic's environment imports it; the migrations in
``bot/migrations/versions`` create them): rights requests with their audit trail, outbox, reference
counter and digest/report runs; what the Slack edge keeps (seen events, the inbox of events not yet acted on,
feedback votes, channel bindings, the threads the bot answers in); and the questions the policies could not answer.

Rights requests:
Statuses (`Ticket.status`):
    received           opened, nobody has acted yet
    awaiting_identity  the team asked for proof of identity (Art. 12(6))
    in_progress        the team is working on it
    closed:            fulfilled, partially_fulfilled, refused, not_a_request, withdrawn

An extension (Art. 12(3)) is not a status: it is recorded in the `extended_*` / `extension_*` fields and
moves `due_date`, while the status stays what it was (usually in_progress). `initial_due_date` keeps the
first deadline, which is the one the extension must be decided and told within. Deadlines that fall on a
Saturday, a Sunday or a Swedish public holiday end on the next working day (`deadlines.py`); the calendar
date before that move is kept in `calendar_due_date`.

The clock can be paused while the team waits for the subject's identity or a clarification (`paused_at`,
`pause_kind`, `pause_reason`); on resuming, the calendar due date moves by the days paused
(`paused_days` counts them all) and is moved off a non-working day again. Whether a wait pauses the
clock is the team's legal call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import JSON, DateTime, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.clock import utcnow

OpenStatus = Literal["received", "awaiting_identity", "in_progress"]
ClosedStatus = Literal["fulfilled", "partially_fulfilled", "refused", "not_a_request", "withdrawn"]
TicketStatus = OpenStatus | ClosedStatus  # a ticket's `status` (stored as text)
OPEN_STATUSES: tuple[OpenStatus, ...] = get_args(OpenStatus)
CLOSED_STATUSES: tuple[ClosedStatus, ...] = get_args(ClosedStatus)
STATUSES: tuple[TicketStatus, ...] = OPEN_STATUSES + CLOSED_STATUSES
# how the team closes a ticket (close(); not_a_request has its own call)
Outcome = Literal["fulfilled", "partially_fulfilled", "refused", "withdrawn"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
SOURCES = ("dm", "mention", "thread", "slash_command", "message_shortcut", "manual")
REFUSAL_REASONS = (
    "manifestly_unfounded",  # Art. 12(5)
    "excessive",  # Art. 12(5), e.g. repetitive
    "legal_retention_obligation",  # Art. 17(3), e.g. Bokföringslagen
    "insuf_verification",  # DRP: identity could not be verified
    "no_match",  # DRP: no data about the subject
    "claim_not_covered",  # DRP: the right does not apply to this processing
    "outside_jurisdiction",  # DRP
    "suspected_fraud",  # DRP
    "other",
)
PAUSE_KINDS = ("identity", "clarification")  # what the team waits for while the clock stands still


def as_utc(value: datetime) -> datetime:
    """Aware UTC datetime; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, always returns aware UTC datetimes (SQLite keeps no offset, PostgreSQL does)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


class Ticket(SQLModel, table=True):
    """One rights request (it may name several rights; `right` is the main one)."""

    __tablename__ = "ticket"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_ticket_year_number"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=32, unique=True)  # DSAR-2026-0042
    year: int
    number: int
    company: str | None = Field(default=None, max_length=100, index=True)  # None: to be triaged
    right: str = Field(max_length=40)
    rights: list[str] = Field(default_factory=list, sa_type=JSON)
    status: str = Field(default="received", max_length=32, index=True)  # a TicketStatus
    source: str = Field(max_length=32)
    requester_user: str = Field(max_length=64, index=True)
    requester_team: str | None = Field(default=None, max_length=64)
    subject_name: str | None = Field(default=None, max_length=200)  # only when the subject is someone else
    subject_email: str | None = Field(default=None, max_length=320)
    subject_phone: str | None = Field(default=None, max_length=64)
    language: str = Field(default="sv", max_length=8)
    text: str = Field(default="", sa_type=Text)  # the original message
    notes: str | None = Field(default=None, sa_type=Text)
    received_at: datetime = Field(sa_type=UTCDateTime)  # the Slack message time
    receipt_date: date  # received_at as a Europe/Stockholm date
    initial_due_date: date  # the first deadline (one month, or the short target), off weekends/holidays
    due_date: date = Field(index=True)  # the deadline now in force (moves on extension)
    calendar_due_date: date | None = None  # the deadline in force before moving off a non-working day
    extended_due_date: date | None = None
    extension_months: int | None = None
    extension_reason: str | None = Field(default=None, sa_type=Text)
    extended_by: str | None = Field(default=None, max_length=64)
    extended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    extension_notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the clock is stopped since
    pause_kind: str | None = Field(default=None, max_length=32)  # PAUSE_KINDS
    pause_reason: str | None = Field(default=None, sa_type=Text)
    paused_days: int = 0  # days the clock has stood still so far (already added to the due date)
    identity_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    identity_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    identity_verified_by: str | None = Field(default=None, max_length=64)
    assignee: str | None = Field(default=None, max_length=64, index=True)
    outcome: str | None = Field(default=None, max_length=32)
    reason_code: str | None = Field(default=None, max_length=40)
    outcome_note: str | None = Field(default=None, sa_type=Text)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: str | None = Field(default=None, max_length=64)
    dedup_key: str | None = Field(default=None, max_length=200, unique=True)  # "T1:C1:1700000000.000100"
    channel_id: str | None = Field(default=None, max_length=64)  # where the request was made
    message_ts: str | None = Field(default=None, max_length=32)
    team_channel: str | None = Field(default=None, max_length=64)  # the privacy team's notification
    team_message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def extended(self) -> bool:
        return self.extended_due_date is not None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


NOTICE_KINDS = ("requester", "team")  # who must hear of a new ticket: the person who asked, the privacy team
NOTICE_STATES = ("pending", "sending", "sent")  # sending: claimed by one process until `lease_until`


class Notice(SQLModel, table=True):
    """The outbox: a confirmation a new ticket is owed, stored with the ticket in one transaction and
    delivered after the ack, by the process that stored it or, after a failure or a crash, by any
    process's reconciler (claimed one at a time, never sent twice)."""

    __tablename__ = "notice"
    __table_args__ = (UniqueConstraint("ticket_id", "kind", name="uq_notice_ticket_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(index=True)
    kind: str = Field(max_length=16)  # NOTICE_KINDS
    channel: str = Field(max_length=64)  # where: a conversation or a user id (a DM)
    thread_ts: str | None = Field(default=None, max_length=32)
    state: str = Field(default="pending", max_length=16, index=True)  # NOTICE_STATES
    attempts: int = 0
    next_at: datetime = Field(sa_type=UTCDateTime)  # not tried again before (backoff after a failure)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    slack_ts: str | None = Field(default=None, max_length=32)  # the message, once posted
    error: str | None = Field(default=None, max_length=64)  # the last failure's Slack error code
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TicketEvent(SQLModel, table=True):
    """Append-only audit trail: one row per change. No code path updates or deletes it (DB triggers too)."""

    __tablename__ = "ticket_event"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=40)
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str | None = Field(default=None, max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ReferenceCounter(SQLModel, table=True):
    """Last reference number used per year; bumped in the same transaction as the ticket insert."""

    __tablename__ = "reference_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class DigestRun(SQLModel, table=True):
    """One row per day the daily digest was claimed: the primary key makes it once across processes."""

    __tablename__ = "digest_run"

    day: date = Field(primary_key=True)
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReportRun(SQLModel, table=True):
    """One row per monthly report claimed ("2026-03"): the primary key makes it once across processes."""

    __tablename__ = "report_run"

    period: str = Field(primary_key=True, max_length=16)
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- Tables the Slack edge needs: seen events (de-duplication), feedback votes, channel bindings, the threads the bot answers in.


class SeenEvent(SQLModel, table=True):
    """A Slack delivery we have taken on; the unique key makes de-duplication hold across processes."""

    __tablename__ = "seen_event"

    key: str = Field(primary_key=True, max_length=200)  # "{team_id}:{event_id}" or another stable id
    seen_at: datetime = Field(default_factory=utcnow, index=True)


class InboxEvent(SQLModel, table=True):
    """A Slack event taken in before its ack and not yet acted on (``bot.slack.inbox``).

    The row is written (group-committed) before Slack gets its 200 and deleted once the event has been
    understood and, for a rights request, its ticket stored; so it holds message text only for the
    seconds in between. ``owner`` and ``lease_until`` say which process is working on it: a row whose
    lease ran out (its process died) is taken over by another.
    """

    __tablename__ = "inbox_event"
    __table_args__ = (UniqueConstraint("key", name="uq_inbox_event_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)  # the delivery key "{team_id}:{event_id}"
    body: str = Field(sa_type=Text)  # the request body as Slack signed it
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    owner: str = Field(max_length=64)
    lease_until: datetime = Field(sa_type=UTCDateTime, index=True)
    attempts: int = 0


class Feedback(SQLModel, table=True):
    """A 👍 / 👎 on an answer. Stores clause ids, never the question text."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str | None = Field(default=None, max_length=32)
    user_id: str = Field(max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    company: str | None = Field(default=None, max_length=100)
    clause_ids: str = Field(default="", max_length=2000)
    helpful: bool
    created_at: datetime = Field(default_factory=utcnow)


class ChannelBinding(SQLModel, table=True):
    """A channel bound to one company by `/privacy use <company>`."""

    __tablename__ = "channel_binding"

    channel_id: str = Field(primary_key=True, max_length=32)
    company: str = Field(max_length=100)
    set_by: str = Field(max_length=32)
    set_at: datetime = Field(default_factory=utcnow)


class BotThread(SQLModel, table=True):
    """A channel thread the bot has answered in: later replies there are answered without an @-mention,
    for the same company and in the same language. Ids only, never message text."""

    __tablename__ = "bot_thread"

    channel_id: str = Field(primary_key=True, max_length=32)
    thread_ts: str = Field(primary_key=True, max_length=32)
    company: str | None = Field(default=None, max_length=100)
    language: str = Field(default="sv", max_length=8)
    last_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)


# --- Knowledge gaps. One question the bot could not answer well: abstained on, or answered and marked 👎.
#
# The question's text is kept only so the privacy team can see what their policies leave open, for
# ``GAPS_RETENTION_DAYS`` (default 90), then deleted; only the team sees it (`python -m bot gaps`).

GAP_KINDS = ("no_answer", "thumbs_down")


class QuestionGap(SQLModel, table=True):
    __tablename__ = "question_gap"

    id: int | None = Field(default=None, primary_key=True)
    company: str | None = Field(default=None, max_length=100, index=True)
    topic: str | None = Field(default=None, max_length=64)  # the question's main concept, e.g. "dpo"
    language: str = Field(default="en", max_length=8)
    kind: str = Field(max_length=16)  # GAP_KINDS
    text: str = Field(default="", sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
