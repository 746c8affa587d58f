"""Initial schema: tickets, their audit trail, reference counter, digest runs; Slack tables.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)

# ticket_event is append-only: the database refuses UPDATE and DELETE on it.
_SQLITE_GUARDS = (
    "CREATE TRIGGER ticket_event_no_update BEFORE UPDATE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
    "CREATE TRIGGER ticket_event_no_delete BEFORE DELETE ON ticket_event "
    "BEGIN SELECT RAISE(ABORT, 'ticket_event is append-only'); END",
)
_PG_GUARDS = (
    "CREATE FUNCTION ticket_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'ticket_event is append-only'; END; $$",
    "CREATE TRIGGER ticket_event_no_change BEFORE UPDATE OR DELETE ON ticket_event "
    "FOR EACH ROW EXECUTE FUNCTION ticket_event_append_only()",
    "CREATE TRIGGER ticket_event_no_truncate BEFORE TRUNCATE ON ticket_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION ticket_event_append_only()",
)


def _string(length: int) -> sa.String:
    return sa.String(length=length)


def upgrade() -> None:
    op.create_table(
        "seen_event",
        sa.Column("key", _string(200), nullable=False),
        sa.Column("seen_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_seen_event_seen_at", "seen_event", ["seen_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=True),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("channel_id", _string(32), nullable=True),
        sa.Column("message_ts", _string(32), nullable=True),
        sa.Column("company", _string(100), nullable=True),
        sa.Column("clause_ids", _string(2000), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "channel_binding",
        sa.Column("channel_id", _string(32), nullable=False),
        sa.Column("company", _string(100), nullable=False),
        sa.Column("set_by", _string(32), nullable=False),
        sa.Column("set_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("channel_id"),
    )
    op.create_table(
        "reference_counter",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "digest_run",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", _string(32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("company", _string(100), nullable=True),
        sa.Column("right", _string(40), nullable=False),
        sa.Column("rights", sa.JSON(), nullable=False),
        sa.Column("status", _string(32), nullable=False),
        sa.Column("source", _string(32), nullable=False),
        sa.Column("requester_user", _string(64), nullable=False),
        sa.Column("requester_team", _string(64), nullable=True),
        sa.Column("subject_name", _string(200), nullable=True),
        sa.Column("subject_email", _string(320), nullable=True),
        sa.Column("subject_phone", _string(64), nullable=True),
        sa.Column("language", _string(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("received_at", UTC_DATETIME, nullable=False),
        sa.Column("receipt_date", sa.Date(), nullable=False),
        sa.Column("initial_due_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("extended_due_date", sa.Date(), nullable=True),
        sa.Column("extension_months", sa.Integer(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extended_by", _string(64), nullable=True),
        sa.Column("extended_at", UTC_DATETIME, nullable=True),
        sa.Column("extension_notified_at", UTC_DATETIME, nullable=True),
        sa.Column("identity_requested_at", UTC_DATETIME, nullable=True),
        sa.Column("identity_verified_at", UTC_DATETIME, nullable=True),
        sa.Column("identity_verified_by", _string(64), nullable=True),
        sa.Column("assignee", _string(64), nullable=True),
        sa.Column("outcome", _string(32), nullable=True),
        sa.Column("reason_code", _string(40), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("closed_at", UTC_DATETIME, nullable=True),
        sa.Column("closed_by", _string(64), nullable=True),
        sa.Column("dedup_key", _string(200), nullable=True),
        sa.Column("channel_id", _string(64), nullable=True),
        sa.Column("message_ts", _string(32), nullable=True),
        sa.Column("team_channel", _string(64), nullable=True),
        sa.Column("team_message_ts", _string(32), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("year", "number", name="uq_ticket_year_number"),
    )
    for column in ("assignee", "company", "due_date", "requester_user", "status"):
        op.create_index(f"ix_ticket_{column}", "ticket", [column])
    op.create_table(
        "ticket_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.Column("actor", _string(64), nullable=False),
        sa.Column("action", _string(40), nullable=False),
        sa.Column("from_status", _string(32), nullable=True),
        sa.Column("to_status", _string(32), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ticket_event_ticket_id", "ticket_event", ["ticket_id"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_GUARDS, "postgresql": _PG_GUARDS}.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ticket_event_no_truncate ON ticket_event")
        op.execute("DROP TRIGGER IF EXISTS ticket_event_no_change ON ticket_event")
        op.execute("DROP FUNCTION IF EXISTS ticket_event_append_only()")
    op.drop_index("ix_ticket_event_ticket_id", table_name="ticket_event")
    op.drop_table("ticket_event")
    for column in ("assignee", "company", "due_date", "requester_user", "status"):
        op.drop_index(f"ix_ticket_{column}", table_name="ticket")
    op.drop_table("ticket")
    op.drop_table("digest_run")
    op.drop_table("reference_counter")
    op.drop_table("channel_binding")
    op.drop_table("feedback")
    op.drop_index("ix_seen_event_seen_at", table_name="seen_event")
    op.drop_table("seen_event")
