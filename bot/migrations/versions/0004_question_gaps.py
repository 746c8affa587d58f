"""Questions the policies couldn't answer, kept for the privacy team for a limited time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "question_gap",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company", sa.String(length=100), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_question_gap_company", "question_gap", ["company"])
    op.create_index("ix_question_gap_at", "question_gap", ["at"])


def downgrade() -> None:
    op.drop_index("ix_question_gap_at", "question_gap")
    op.drop_index("ix_question_gap_company", "question_gap")
    op.drop_table("question_gap")
