"""Requests kept in the spool (``bot.tickets.spool``) while the database was away: stored once it is
back, then confirmed through the outbox like any other."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.db import StorageUnavailable
from bot.slack.deps import AppDeps
from bot.slack.tickets import delivery
from bot.slack.tickets.intake import store_record

log = logging.getLogger(__name__)

REPLAY_SECONDS = 3.0  # how often the spool is looked at (a look is a few file sizes)


async def replay(deps: AppDeps, client: AsyncWebClient) -> int:
    """Store what waits in the spool (when the database is ready) and confirm the new tickets."""
    spool = deps.runtime.spool
    if spool is None or not deps.runtime.database.ready or not spool.waiting():
        return 0
    created: list[str] = []

    def store(record: dict[str, Any]) -> None:
        recorded = store_record(deps, record)
        if recorded.created:
            created.append(recorded.reference)

    try:
        stored = await deps.runtime.in_intake(spool.replay, store)
    finally:  # whatever was stored before a failure is confirmed now
        for reference in created:
            await delivery.deliver(deps, client, reference)
    if stored:
        log.info("spool stored requests=%d new_tickets=%d", stored, len(created))
    return stored


async def run_replay(
    deps: AppDeps, client: AsyncWebClient, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
) -> None:
    """Background task of a serving process: the spool emptied into the database whenever it can be."""
    while True:
        try:
            await replay(deps, client)
        except (StorageUnavailable, SQLAlchemyError) as exc:
            log.warning("spool replay postponed: database unavailable error=%s", type(exc).__name__)
        except Exception:
            log.exception("spool replay failed")
        await sleep(REPLAY_SECONDS)
