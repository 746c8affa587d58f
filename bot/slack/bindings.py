"""Channel → company bindings: `/privacy use <company>` (database) over CHANNEL_COMPANIES (environment)."""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import SQLAlchemyError

from bot.db import StorageUnavailable
from bot.slack import store
from bot.slack.deps import AppDeps

logger = logging.getLogger(__name__)

CACHE_SECONDS = 30.0


async def channel_company(deps: AppDeps, channel_id: str | None) -> str | None:
    """The company a channel is bound to, if any. Direct messages are never bound."""
    if not channel_id or channel_id.startswith("D"):
        return None
    cache = deps.runtime.binding_cache
    cached = cache.get(channel_id)
    if cached and time.monotonic() - cached[1] < CACHE_SECONDS:
        return cached[0]
    company: str | None
    try:
        company = await deps.runtime.in_intake(store.channel_binding, deps.database, channel_id)
    except (SQLAlchemyError, StorageUnavailable) as exc:
        logger.warning("binding lookup failed channel=%s error=%s", channel_id, type(exc).__name__)
        company = None
    company = company or deps.settings.channel_companies.get(channel_id)
    cache[channel_id] = (company, time.monotonic())
    return company


async def bind(deps: AppDeps, channel_id: str, company: str, user_id: str) -> None:
    await deps.runtime.in_intake(
        store.bind_channel, deps.database, channel_id, company, user_id, deps.clock()
    )
    deps.runtime.binding_cache[channel_id] = (company, time.monotonic())
