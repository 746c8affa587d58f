"""Delivering the outbox (``bot.tickets.outbox``): a new ticket's confirmations, exactly once.

Right after the ack, the process that stored a request delivers its notices (`deliver`). Whatever it
could not deliver — Slack refused, the process died, the database blinked — every serving process's
reconciler (`run_reconciler`) takes up later, after a restart too. A notice is claimed by one process
at a time. Each message carries the notice's id in its Slack metadata, so a notice whose earlier
attempt has an unknown outcome (the process died mid-post) is first looked for in the conversation and
only posted if it isn't there.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.db import StorageUnavailable
from bot.slack.deps import AppDeps
from bot.slack.tickets import notify
from bot.slack.web_api import slack_error
from bot.tickets import outbox, service
from bot.tickets.outbox import Claimed

log = logging.getLogger(__name__)

EVENT_TYPE = "integritetsbot_notice"  # Slack message metadata: {"notice": id}
RECONCILE_SECONDS = 20.0  # between the reconciler's rounds (with jitter, so processes spread out)
BATCH, MAX_BATCHES = 50, 20  # notices claimed at a time, and batches per round
LOOK_BACK = timedelta(minutes=5)  # how far before the notice's creation its message is looked for


async def deliver(deps: AppDeps, client: AsyncWebClient, reference: str) -> None:
    """Send what this ticket still owes (nothing if another process has it in hand, or all is sent)."""
    now = deps.clock()
    claimed = await deps.runtime.writes(deps.database).write(
        lambda session: outbox.claim_for_ticket_in(session, reference, now)
    )
    for item in claimed:
        await _send(deps, client, item)


async def reconcile(deps: AppDeps, client: AsyncWebClient) -> int:
    """One round: claim what is due, in batches, and send it. Returns how many were taken."""
    taken = 0
    for _ in range(MAX_BATCHES):
        claimed = await deps.runtime.in_intake(outbox.claim_due, deps.database, deps.clock(), BATCH)
        for item in claimed:
            await _send(deps, client, item)
        taken += len(claimed)
        if len(claimed) < BATCH:
            break
    return taken


async def run_reconciler(
    deps: AppDeps, client: AsyncWebClient, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
) -> None:
    """Background task of a serving process: a reconciler round every RECONCILE_SECONDS or so (the first
    one that long after start-up: what the process stores meanwhile it delivers itself)."""
    while True:
        await sleep(RECONCILE_SECONDS * random.uniform(0.75, 1.25))
        try:
            taken = await reconcile(deps, client)
            if taken:
                log.info("reconciler delivered notices=%d", taken)
        except (StorageUnavailable, SQLAlchemyError) as exc:
            log.warning("reconciler: database unavailable error=%s", type(exc).__name__)
        except Exception:
            log.exception("reconciler round failed")


async def _send(deps: AppDeps, client: AsyncWebClient, item: Claimed) -> None:
    notice, ticket = item.notice, item.ticket
    assert notice.id is not None
    metadata = {"event_type": EVENT_TYPE, "event_payload": {"notice": notice.id}}
    try:
        found = await _posted_before(client, item) if item.retry else None
        if found is not None:
            log.info("notice found in Slack ref=%s kind=%s: not posted again", ticket.reference, notice.kind)
            ts = found
        elif notice.kind == "team":
            ts = await notify.notify_team(deps, client, ticket, notice.channel, metadata=metadata)
        else:
            ts = await notify.confirm_to_requester(
                deps, client, ticket, notice.channel, notice.thread_ts, metadata=metadata
            )
        if notice.kind == "team" and ts:  # status changes go to the notice's thread
            await deps.runtime.in_intake(
                service.set_team_message, deps.database, ticket.reference, notice.channel, ts
            )
    except Exception as exc:
        error = slack_error(exc) if isinstance(exc, SlackApiError) else type(exc).__name__
        log.warning(
            "notice not delivered ref=%s kind=%s attempt=%d error=%s",
            ticket.reference,
            notice.kind,
            notice.attempts,
            error,
        )
        await deps.runtime.in_intake(
            outbox.failed, deps.database, notice.id, notice.attempts, error, deps.clock()
        )
        return
    notice_id, now = notice.id, deps.clock()
    await deps.runtime.writes(deps.database).write(
        lambda session: outbox.mark_sent(session, notice_id, ts or None, now)
    )
    log.info("notice delivered ref=%s kind=%s attempt=%d", ticket.reference, notice.kind, notice.attempts)


async def _posted_before(client: AsyncWebClient, item: Claimed) -> str | None:
    """The ts of this notice's message if an earlier attempt posted it, else None. When Slack can't be
    asked (a DM addressed by user id has no history to read), None: a second confirmation is better
    than none."""
    notice = item.notice
    oldest = f"{(notice.created_at - LOOK_BACK).timestamp():.6f}"
    try:
        if notice.thread_ts:
            response = await client.conversations_replies(
                channel=notice.channel,
                ts=notice.thread_ts,
                oldest=oldest,
                include_all_metadata=True,
                limit=200,
            )
        else:
            response = await client.conversations_history(
                channel=notice.channel, oldest=oldest, include_all_metadata=True, limit=200
            )
    except SlackApiError as error:
        log.info("notice look-up failed kind=%s error=%s: posting", notice.kind, slack_error(error))
        return None
    for message in response.get("messages") or []:
        if _is_notice(message, notice.id):
            return str(message.get("ts") or "") or None
    return None


def _is_notice(message: dict[str, Any], notice_id: int | None) -> bool:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("notice") == notice_id
