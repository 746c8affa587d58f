"""The threads the bot answers in: follow-ups there are answered without an @-mention.

A thread is remembered (channel, thread ts, company, language; never text) when the bot answers a
mention or a follow-up in it, and forgotten after THREAD_QUIET_DAYS without one. Look-ups go to the
database, so every process knows every thread; a memory copy spares the database the busy threads.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.db import StorageUnavailable
from bot.slack import store
from bot.slack.deps import AppDeps

logger = logging.getLogger(__name__)

THREAD_QUIET_DAYS = 30  # a thread quiet this long is forgotten: a later reply needs an @-mention again
LOOKUP_TIMEOUT = 1.0  # seconds: a slow database must not hold up the ack (the reply is then not answered)
MEMORY_SIZE = 5_000


@dataclass(frozen=True)
class BotThread:
    company: str | None
    language: str


async def followed_thread(deps: AppDeps, channel: str, thread_ts: str) -> BotThread | None:
    """The bot's thread this message replies in, or None (not the bot's, or forgotten)."""
    memory = deps.runtime.threads
    known = memory.get((channel, thread_ts))
    if known is not None:
        return known
    since = deps.clock() - timedelta(days=THREAD_QUIET_DAYS)
    try:
        row = await asyncio.wait_for(
            deps.runtime.in_intake(store.bot_thread, deps.database, channel, thread_ts, since),
            LOOKUP_TIMEOUT,
        )
    except (SQLAlchemyError, StorageUnavailable, TimeoutError) as exc:
        logger.warning("thread look-up failed error=%s: follow-up not answered", type(exc).__name__)
        return None
    if row is None:
        return None
    found = BotThread(row.company, row.language)
    _keep(deps, channel, thread_ts, found)
    return found


async def remember(deps: AppDeps, channel: str, thread_ts: str, company: str | None, language: str) -> None:
    """The bot answered in this thread; a failure is logged (follow-ups then need an @-mention)."""
    previous = deps.runtime.threads.get((channel, thread_ts))
    _keep(deps, channel, thread_ts, BotThread(company or (previous.company if previous else None), language))
    try:
        await deps.runtime.in_intake(
            store.remember_thread, deps.database, channel, thread_ts, company, language, deps.clock()
        )
    except (SQLAlchemyError, StorageUnavailable) as exc:
        logger.warning("thread not remembered error=%s", type(exc).__name__)


async def forget_quiet(deps: AppDeps) -> int:
    deps.runtime.threads.clear()  # the memory copy may hold threads the database has let go
    cutoff = deps.clock() - timedelta(days=THREAD_QUIET_DAYS)
    return await deps.runtime.in_intake(store.forget_threads_before, deps.database, cutoff)


def _keep(deps: AppDeps, channel: str, thread_ts: str, thread: BotThread) -> None:
    memory = deps.runtime.threads
    if len(memory) >= MEMORY_SIZE:
        memory.clear()
    memory[(channel, thread_ts)] = thread
