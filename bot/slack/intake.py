"""The pre-ack global middleware for Events API deliveries (and for the events the inbox stored before
their ack, handed to Bolt after it: ``bot.slack.inbox``).

Before Slack gets its 200 this middleware swaps Bolt's per-request Web API client for one that retries
timed-out calls safely (`bot.slack.web_api`), then, for each `event_callback`:
1. drops duplicates (same `(team_id, event_id)`, e.g. a retry with `X-Slack-Retry-Num`): a unique row in
   `seen_event` makes this hold across processes; a memory set is the fallback when the database is down;
2. for a DM, a mention or a follow-up in a thread the bot answered in (`bot.slack.threads`), understands
   the text (fast, no retrieval) and, for a rights request, stores it (`bot.slack.tickets.record_request`).
   If storage fails (database down, not migrated yet, or slower than RECORD_TIMEOUT) the request goes to
   the local spool (`bot.tickets.spool`, stored once the database is back) and is acknowledged; without
   a spool it answers 500 so Slack redelivers, without marking the event seen, and tells the user in the
   background. For a rights request the stored ticket is the de-duplication: the delivery that created
   it (in whichever process) is the one that confirms it;
3. puts `source`, `understanding`, `recorded` in the Bolt context for the listeners that run after the ack.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.db import StorageUnavailable
from bot.group_commit import GroupCommit
from bot.pipeline import Context
from bot.slack import dedup, threads, tickets
from bot.slack.bindings import channel_company
from bot.slack.conversation import conversation_source, event_text, follow_up_thread, reply_thread_ts
from bot.slack.deps import AppDeps, understand
from bot.slack.inbox import from_inbox, storage_failed
from bot.slack.texts import st
from bot.slack.web_api import timeout_safe

logger = logging.getLogger(__name__)

PURGE_EVERY = timedelta(minutes=10)
SEEN_WRITE_TIMEOUT = 1.0  # seconds: a slower database must not hold up the ack (memory de-dup then)
RECORD_TIMEOUT = 2.0  # seconds: a rights request not stored by then goes to the spool (or gets a 500)
# an event from the inbox was acked already: its ticket may take longer (a burst queues the writes)
AFTER_ACK_RECORD_TIMEOUT = 30.0
SPOOLED = "spooled"  # `_record`'s answer for a request kept in the spool until the database is back


def build_intake(deps: AppDeps) -> Any:
    state = {"last_purge": 0.0}
    # deliveries marked seen together: at 200 events/s one commit each would queue behind the fsyncs
    seen = GroupCommit(deps.database, deps.runtime.intake_pool, dedup.mark_seen_in)

    async def mark(key: str) -> bool:
        return await seen.write((key, deps.clock()))

    async def intake(
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Any,
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> BoltResponse | None:
        client = timeout_safe(client)  # Bolt's per-request client: calls that time out retried safely
        context["client"] = client
        event_id = body.get("event_id")
        if body.get("type") == "block_actions":
            # a button press delivered twice (a replay, a double delivery) is acted on once: its trigger
            # is unique to the press
            key = _press_key(body, context.team_id)
            if key is not None and not await _first_delivery(key):
                logger.info("button press duplicate")
                return BoltResponse(status=200, body="")
            return await next()
        if body.get("type") != "event_callback" or not event_id:
            return await next()
        started = time.perf_counter()
        team_id = body.get("team_id") or context.team_id
        event: dict[str, Any] = body.get("event") or {}
        key = dedup.delivery_key(team_id, str(event_id))
        retry = req.headers.get("x-slack-retry-num", [None])[0]
        runtime = deps.runtime
        if not runtime.memory_seen.add(key):
            logger.info("event=%s duplicate (memory) retry=%s", event_id, retry)
            return BoltResponse(status=200, body="")

        source = conversation_source(event, context.bot_user_id)
        thread = None
        if source is None:
            thread = await _followed_thread(deps, event, context.bot_user_id)
            source = "thread" if thread is not None else None
        if source is None and event.get("type") == "message":
            return await next()  # channel chatter, a mention's twin, a bot: not answered, nothing stored
        understanding = None
        recorded = None
        if source is not None:
            binding = await channel_company(deps, event.get("channel"))
            known = Context(
                default_language=thread.language if thread else "en",
                channel_company=(thread.company if thread else None) or binding,
            )
            understanding = await understand(deps, event_text(event), known)
            if understanding.is_rights_request:
                skip = storage_failed(context)  # the inbox's write just failed: straight to the spool
                timeout = AFTER_ACK_RECORD_TIMEOUT if from_inbox(context) else RECORD_TIMEOUT
                outcome = await _record(
                    deps, client, event, team_id, understanding, source, key, skip, timeout
                )
                if isinstance(outcome, BoltResponse):
                    return outcome
                if outcome == SPOOLED:
                    context["spooled"] = True
                else:
                    recorded = outcome

        try:
            fresh = await asyncio.wait_for(mark(key), SEEN_WRITE_TIMEOUT)
        except (SQLAlchemyError, StorageUnavailable, TimeoutError) as exc:
            logger.warning(
                "event=%s de-dup store unavailable error=%s: memory only", event_id, type(exc).__name__
            )
            fresh = True
        if not fresh and not (recorded is not None and recorded.created):
            # for a rights request the ticket is the de-dup: whichever delivery created it confirms it
            logger.info("event=%s duplicate (database) retry=%s", event_id, retry)
            return BoltResponse(status=200, body="")

        context["source"] = source
        context["understanding"] = understanding
        context["recorded"] = recorded
        context["delivery_key"] = key
        context["intake_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if time.monotonic() - state["last_purge"] > PURGE_EVERY.total_seconds():
            state["last_purge"] = time.monotonic()
            runtime.spawn(_purge(deps))
        return await next()

    async def _first_delivery(key: str) -> bool:
        if not deps.runtime.memory_seen.add(key):
            return False
        try:
            return bool(await asyncio.wait_for(mark(key), SEEN_WRITE_TIMEOUT))
        except (SQLAlchemyError, StorageUnavailable, TimeoutError) as exc:
            logger.warning("press de-dup store unavailable error=%s: memory only", type(exc).__name__)
            return True

    return intake


async def _followed_thread(
    deps: AppDeps, event: dict[str, Any], bot_user_id: str | None
) -> threads.BotThread | None:
    thread_ts = follow_up_thread(event, bot_user_id)
    channel = event.get("channel")
    if thread_ts is None or not isinstance(channel, str):
        return None
    return await threads.followed_thread(deps, channel, thread_ts)


def _press_key(body: dict[str, Any], team_id: str | None) -> str | None:
    trigger = body.get("trigger_id")
    actions = body.get("actions") if isinstance(body.get("actions"), list) else []
    first = actions[0] if actions and isinstance(actions[0], dict) else {}
    stamp = trigger or first.get("action_ts")
    if not isinstance(stamp, str) or not stamp:
        return None
    team = team_id or ((body.get("team") or {}).get("id") if isinstance(body.get("team"), dict) else None)
    user = (body.get("user") or {}).get("id", "") if isinstance(body.get("user"), dict) else ""
    return dedup.delivery_key(team, f"press:{user}:{stamp}:{first.get('action_id', '')}"[:180])


async def _record(
    deps: AppDeps,
    client: AsyncWebClient,
    event: dict[str, Any],
    team_id: str | None,
    understanding: Any,
    source: Any,
    key: str,
    skip_database: bool = False,
    timeout: float = RECORD_TIMEOUT,
) -> tickets.Recorded | BoltResponse | str | None:
    """Store a rights request before the ack: the Recorded, SPOOLED (kept on local disk until the
    database is back), None (no ticket flow), or a 500 for Slack.

    A write still running at `timeout` is left to finish in its thread; if it turns out to have
    created the ticket, it is confirmed then (a redelivery would only find it, and not confirm it).
    """
    runtime = deps.runtime
    event_id = key.rsplit(":", 1)[-1]
    work: asyncio.Future[tickets.Recorded] | None = None
    try:
        if not runtime.database.ready:
            raise StorageUnavailable(runtime.database.problem or "the database is not ready")
        if skip_database:
            raise StorageUnavailable("the database failed the inbox's write just now")
        work = asyncio.ensure_future(
            runtime.in_intake(tickets.record_request, deps, event, team_id, understanding, source)
        )
        return await asyncio.wait_for(asyncio.shield(work), timeout)
    except NotImplementedError:
        return None  # no ticket flow yet: answered like any message
    except Exception as exc:  # not stored: into the spool, or else Slack must deliver it again
        if work is not None:
            # also when the write finished just as the deadline passed (done by now): asyncio runs the
            # callback soon either way, so a ticket that was created is always confirmed
            work.add_done_callback(lambda done: _late_result(deps, client, done))
        if await _spooled(deps, event, team_id, understanding, source, event_id):
            return SPOOLED
        runtime.memory_seen.discard(key)
        logger.error(
            "event=%s rights request not stored error=%s: answering 500 for redelivery",
            event_id,
            type(exc).__name__,
        )
        if runtime.apologised.add(key):
            runtime.spawn(_tell_not_recorded(client, event, source, understanding.language))
        return BoltResponse(status=500, body="")


async def _spooled(
    deps: AppDeps, event: dict[str, Any], team_id: str | None, understanding: Any, source: Any, event_id: str
) -> bool:
    """Keep the request in the local spool (fsynced) until the database is back; False when there is no
    spool or it can't be written either (then Slack's redelivery is the remedy)."""
    spool = deps.runtime.spool
    if spool is None:
        return False
    record = tickets.request_record(event, team_id, understanding, source)
    try:
        await asyncio.to_thread(spool.append, record)  # not behind database writes that hang
    except OSError as exc:
        logger.error("event=%s spool not writable error=%s", event_id, type(exc).__name__)
        return False
    logger.warning("event=%s database away: rights request kept in the spool", event_id)
    return True


def _late_result(deps: AppDeps, client: AsyncWebClient, work: asyncio.Future[tickets.Recorded]) -> None:
    """A write that outlived the ack's deadline: confirm the ticket if that write created it."""
    if work.cancelled() or work.exception() is not None:
        return
    recorded = work.result()
    if recorded.created:
        logger.info("request stored after the deadline ref=%s: confirming", recorded.reference)
        deps.runtime.spawn(tickets.confirm_request(deps, client, recorded))


async def _purge(deps: AppDeps) -> None:
    try:
        removed = await deps.runtime.in_intake(
            dedup.purge_older_than, deps.database, deps.clock() - dedup.SEEN_TTL
        )
        if removed:
            logger.info("purged %d seen-event rows", removed)
        forgotten = await threads.forget_quiet(deps)
        if forgotten:
            logger.info("forgot %d quiet threads", forgotten)
    except (SQLAlchemyError, StorageUnavailable) as exc:
        logger.warning("seen-event purge failed error=%s", type(exc).__name__)


async def _tell_not_recorded(
    client: AsyncWebClient, event: dict[str, Any], source: Any, language: str
) -> None:
    try:
        await client.chat_postMessage(
            channel=event["channel"],
            thread_ts=reply_thread_ts(event, source),
            text=st(language, "not_recorded"),
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception as exc:  # the user can't be told; Slack's redelivery is the real remedy
        logger.warning("not-recorded notice failed error=%s", type(exc).__name__, exc_info=True)
