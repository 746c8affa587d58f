"""Threads the bot has answered in, so that follow-ups there need no @-mention (ids only, no text).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_thread",
        sa.Column("channel_id", sa.String(length=32), primary_key=True),
        sa.Column("thread_ts", sa.String(length=32), primary_key=True),
        sa.Column("company", sa.String(length=100), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bot_thread_last_at", "bot_thread", ["last_at"])


def downgrade() -> None:
    op.drop_index("ix_bot_thread_last_at", table_name="bot_thread")
    op.drop_table("bot_thread")
