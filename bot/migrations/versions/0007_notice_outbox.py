"""The outbox of confirmations a new ticket is owed (to the requester, to the privacy team).

Tickets stored before this revision were confirmed the old way: they get `sent` rows, so the
reconciler never announces them again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", UTC_DATETIME, nullable=False),
        sa.Column("lease_until", UTC_DATETIME, nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("sent_at", UTC_DATETIME, nullable=True),
        sa.UniqueConstraint("ticket_id", "kind", name="uq_notice_ticket_kind"),
    )
    op.create_index("ix_notice_ticket_id", "notice", ["ticket_id"])
    op.create_index("ix_notice_state", "notice", ["state"])
    for kind in ("requester", "team"):
        op.execute(
            sa.text(
                "INSERT INTO notice (ticket_id, kind, channel, state, attempts, next_at, created_at, sent_at) "
                "SELECT id, :kind, COALESCE(channel_id, requester_user), 'sent', 0, created_at, created_at, "
                "created_at FROM ticket"
            ).bindparams(kind=kind)
        )


def downgrade() -> None:
    op.drop_index("ix_notice_state", table_name="notice")
    op.drop_index("ix_notice_ticket_id", table_name="notice")
    op.drop_table("notice")
