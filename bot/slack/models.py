"""Tables the Slack edge needs: seen events (de-duplication), feedback votes, channel bindings, the
threads the bot answers in."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.tickets.models import UTCDateTime


class SeenEvent(SQLModel, table=True):
    """A Slack delivery we have taken on; the unique key makes de-duplication hold across processes."""

    __tablename__ = "seen_event"

    key: str = Field(primary_key=True, max_length=200)  # "{team_id}:{event_id}" or another stable id
    seen_at: datetime = Field(default_factory=utcnow, index=True)


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
