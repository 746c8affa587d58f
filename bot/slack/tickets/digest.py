"""The daily digest of overdue and due-soon tickets in the privacy channel, once a day across processes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.db import StorageUnavailable
from bot.slack.deps import AppDeps
from bot.slack.tickets import blocks, notify, report
from bot.tickets.deadlines import STOCKHOLM
from bot.tickets.digest import claim_digest, digest

log = logging.getLogger(__name__)

RECHECK_SECONDS = 900.0  # wake at least this often (clock changes, a process started late)
RETRY_SECONDS = 60.0


async def post_digest(deps: AppDeps, client: AsyncWebClient, today: date) -> bool:
    """Post today's digest unless another process already did. True when this call posted it."""
    channel = deps.settings.privacy_channel
    if not channel:
        return False
    if not await deps.runtime.in_intake(claim_digest, deps.database, today):
        log.info("digest day=%s already claimed", today.isoformat())
        return False
    found = await deps.runtime.in_intake(digest, deps.database, today, deps.settings.due_soon_days)
    overdue = [notify.card(deps, t) for t in found.overdue]
    soon = [notify.card(deps, t) for t in found.due_soon]
    text, built = blocks.digest_blocks(today, overdue, soon, deps.settings.due_soon_days)
    gaps = await deps.runtime.in_intake(report.weekly_gaps_text, deps, today)
    if gaps:  # Mondays: what the policies couldn't answer last week
        built.append({"type": "section", "text": {"type": "mrkdwn", "text": gaps}})
    await notify.post(client, channel, text, blocks=built)
    log.info("digest posted day=%s overdue=%d soon=%d", today.isoformat(), len(overdue), len(soon))
    return True


async def _monthly_report(deps: AppDeps, client: AsyncWebClient, today: date) -> None:
    """Last month's report on the first working day (a failure is logged; the digest is not retried)."""
    try:
        await report.post_monthly_report(deps, client, today)
    except Exception:
        log.exception("monthly report failed day=%s", today.isoformat())


def seconds_until_due(now: datetime, hour: int) -> float:
    """Seconds from `now` until the next DIGEST_HOUR in Stockholm (0 when it is already past today's)."""
    local = now.astimezone(STOCKHOLM)
    target = local.replace(hour=hour % 24, minute=0, second=0, microsecond=0)
    if local >= target:
        return 0.0
    return (target - local).total_seconds()


async def run_digest_loop(
    deps: AppDeps,
    client: AsyncWebClient,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """Background task: from DIGEST_HOUR each day, post the digest once (the claim keeps it to one).

    Time comes from ``deps.clock`` and waiting from ``sleep``, so a test can run days in an instant.
    """
    hour = deps.settings.digest_hour
    if hour is None:
        log.info("DIGEST_HOUR=off: daily digest off")
        return
    done: date | None = None
    while True:
        now = deps.clock()
        today = now.astimezone(STOCKHOLM).date()
        wait = seconds_until_due(now, hour)
        if wait == 0.0 and done != today:
            try:
                await post_digest(deps, client, today)
                done = today
                await _monthly_report(deps, client, today)
            except StorageUnavailable:
                log.warning("digest postponed: database unavailable")
                await sleep(RETRY_SECONDS)
                continue
            except Exception:
                log.exception("digest failed day=%s", today.isoformat())
                done = today
        if done == today:
            tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time(), STOCKHOLM)
            wait = (tomorrow - now.astimezone(STOCKHOLM)).total_seconds() + 1
        await sleep(max(1.0, min(wait, RECHECK_SECONDS)))
