"""Feedback votes, channel bindings and the bot's threads: small, synchronous database writes (run them off the loop)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import delete, select

from bot.db import Database
from bot.models import BotThread, ChannelBinding, Feedback


def save_feedback(
    database: Database,
    *,
    team_id: str | None,
    user_id: str,
    channel_id: str | None,
    message_ts: str | None,
    company: str | None,
    clause_ids: Sequence[str],
    helpful: bool,
    now: datetime,
) -> int:
    """Store a 👍/👎 (clause ids only, never the question). A second vote by the same user replaces the first."""
    with database.session(write=True) as session:
        existing = session.exec(
            select(Feedback).where(
                Feedback.user_id == user_id,
                Feedback.channel_id == channel_id,
                Feedback.message_ts == message_ts,
            )
        ).first()
        row = existing or Feedback(user_id=user_id, helpful=helpful)
        row.team_id = team_id
        row.channel_id = channel_id
        row.message_ts = message_ts
        row.company = company
        row.clause_ids = ",".join(clause_ids)[:2000]
        row.helpful = helpful
        row.created_at = now
        session.add(row)
        session.commit()
        session.refresh(row)
        return int(row.id or 0)


def bind_channel(database: Database, channel_id: str, company: str, set_by: str, now: datetime) -> None:
    with database.session(write=True) as session:
        row = session.get(ChannelBinding, channel_id)
        if row is None:
            row = ChannelBinding(channel_id=channel_id, company=company, set_by=set_by, set_at=now)
        else:
            row.company, row.set_by, row.set_at = company, set_by, now
        session.add(row)
        session.commit()


def channel_binding(database: Database, channel_id: str) -> str | None:
    with database.session() as session:
        row = session.get(ChannelBinding, channel_id)
        return row.company if row else None


def remember_thread(
    database: Database, channel_id: str, thread_ts: str, company: str | None, language: str, now: datetime
) -> None:
    """The bot has answered in this thread: keep (or refresh) its company and language."""
    with database.session(write=True) as session:
        row = session.get(BotThread, (channel_id, thread_ts))
        if row is None:
            row = BotThread(channel_id=channel_id, thread_ts=thread_ts)
        if company:  # a reply that named no company keeps the thread's
            row.company = company
        row.language = language
        row.last_at = now
        session.add(row)
        session.commit()


def bot_thread(database: Database, channel_id: str, thread_ts: str, since: datetime) -> BotThread | None:
    """The thread the bot answered in, if it has been active since `since`."""
    with database.session() as session:
        row = session.get(BotThread, (channel_id, thread_ts))
        if row is None or row.last_at < since:
            return None
        session.expunge(row)
        return row


def forget_threads_before(database: Database, cutoff: datetime) -> int:
    """Delete threads quiet since before `cutoff`; returns how many went."""
    with database.session(write=True) as session:
        result = session.exec(delete(BotThread).where(BotThread.last_at < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)
