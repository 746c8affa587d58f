"""One question the bot could not answer well: abstained on, or answered and marked 👎.

The question's text is kept only so the privacy team can see what their policies leave open, for
``GAPS_RETENTION_DAYS`` (default 90), then deleted; only the team sees it (`python -m bot gaps`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from bot.tickets.models import UTCDateTime, utcnow

KINDS = ("no_answer", "thumbs_down")


class QuestionGap(SQLModel, table=True):
    __tablename__ = "question_gap"

    id: int | None = Field(default=None, primary_key=True)
    company: str | None = Field(default=None, max_length=100, index=True)
    topic: str | None = Field(default=None, max_length=64)  # the question's main concept, e.g. "dpo"
    language: str = Field(default="en", max_length=8)
    kind: str = Field(max_length=16)  # KINDS
    text: str = Field(default="", sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
