"""The aiohttp application: POST /slack/events (the inbox, then Bolt) and GET /healthz, with a
request-size limit."""

from __future__ import annotations

import asyncio
import logging
import random
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.db import StorageUnavailable
from bot.slack import authorization
from bot.slack.app import close_session, open_session
from bot.slack.deps import AppDeps
from bot.slack.inbox import STORAGE_FAILED, Inbox
from bot.slack.inbox_store import backlog as inbox_backlog
from bot.tickets import outbox

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024  # a 40,000-character message is ~240 kB of JSON at worst
DRAIN_SECONDS = 25.0
DATABASE_RETRY_FIRST = 0.5  # seconds before the second attempt to reach and migrate the database
DATABASE_RETRY_MAX = 30.0  # the backoff doubles up to this

DEPS_KEY = web.AppKey("deps", AppDeps)
BOLT_KEY = web.AppKey("bolt", AsyncApp)


def create_web_app(
    deps: AppDeps,
    bolt_app: AsyncApp,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    inbox: Inbox | None = None,
) -> web.Application:
    """The served routes. With an ``inbox``, an event the bot may act on is stored there and acked at
    once, and understood after the ack (``bot.slack.inbox``); everything else goes to Bolt directly."""
    app = web.Application(client_max_size=max_body_bytes)
    app[DEPS_KEY] = deps
    app[BOLT_KEY] = bolt_app

    async def slack_events(request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        if request.content_length is not None and request.content_length > max_body_bytes:
            logger.warning("refused body bytes=%d", request.content_length)
            return web.json_response({"error": "request too large"}, status=413)
        try:
            raw = await request.read()
            taken = await inbox.take(raw, request.headers) if inbox is not None else "passed"
            if taken == "taken":
                logger.debug("ack (inbox) ms=%.1f", (time.perf_counter() - started) * 1000)
                return web.Response(status=200)
            bolt_request = await to_bolt_request(request)  # the body read above, as text
            if taken == "failed":
                bolt_request.context[STORAGE_FAILED] = True  # don't wait on the database a second time
        except web.HTTPRequestEntityTooLarge:
            logger.warning("refused body over %d bytes", max_body_bytes)
            return web.json_response({"error": "request too large"}, status=413)
        except (ValueError, LookupError, AttributeError, TypeError, RecursionError) as error:
            # Bolt parses the body before checking the signature: bad JSON, bytes, charset or shape → 400
            logger.warning("refused unparseable body error=%s", type(error).__name__)
            return web.json_response({"error": "invalid request"}, status=400)
        try:
            bolt_response = await bolt_app.async_dispatch(bolt_request)
        except (ValueError, LookupError, AttributeError, TypeError, RecursionError) as error:
            # Bolt's own error handling trips over a payload of an unexpected shape (e.g. "actions": {}), or
            # JSON nested thousands deep exhausts the parser's recursion: 400, not a 500 with a traceback
            logger.warning("refused malformed request error=%s", type(error).__name__)
            return web.json_response({"error": "invalid request"}, status=400)
        response = await to_aiohttp_response(bolt_response)
        logger.debug("ack status=%d ms=%.1f", response.status, (time.perf_counter() - started) * 1000)
        return response

    async def healthz(request: web.Request) -> web.Response:
        problems: list[str] = []
        policies = len(deps.engine.kb.policies)
        if not policies:
            problems.append("knowledge base not loaded")
        status = deps.runtime.database
        if not status.ready:
            problems.append(
                f"database not ready: {status.problem or 'not migrated yet'} (retrying, attempt {status.attempts})"
            )
        try:
            database_ok = await asyncio.wait_for(asyncio.to_thread(deps.database.ping), timeout=3)
        except TimeoutError:
            database_ok = False
        if not database_ok:
            problems.append("database unreachable")
        elif status.ready:
            try:
                writable = await asyncio.wait_for(asyncio.to_thread(deps.database.can_write), timeout=3)
            except TimeoutError:
                writable = False
            if not writable:  # reads work, writes don't (a full disk): rights requests can't be stored
                database_ok = False
                problems.append("database not writable")
        body = {
            "status": "ok" if not problems else "unavailable",
            "companies": policies,
            "database": "ok"
            if database_ok and status.ready
            else "not migrated"
            if database_ok
            else ("not writable" if "database not writable" in problems else "unreachable"),
        }
        if deps.runtime.spool is not None:  # requests kept on disk until the database takes them
            body["spooled_requests"] = await asyncio.to_thread(deps.runtime.spool.backlog)
        if database_ok and status.ready:  # confirmations of stored requests still owed after a minute
            try:
                body["confirmations_owed"] = await asyncio.wait_for(
                    asyncio.to_thread(outbox.backlog, deps.database, deps.clock()), timeout=3
                )
                if inbox is not None:  # events taken in and not yet acted on (by any process)
                    body["inbox_backlog"] = await asyncio.wait_for(
                        asyncio.to_thread(inbox_backlog, deps.database), timeout=3
                    )
            except Exception as exc:  # a report, not a verdict: the writes above decide the status
                logger.warning("backlog unknown error=%s", type(exc).__name__, exc_info=True)
        if problems:
            body["reason"] = "; ".join(problems)
            return web.json_response(body, status=503)
        return web.json_response(body)

    priming: list[asyncio.Task[bool]] = []

    async def open_web_api_session(_: web.Application) -> None:
        await open_session(bolt_app)
        priming.append(asyncio.create_task(authorization.prime(bolt_app)))

    async def drain(_: web.Application) -> None:
        for task in priming:  # still asking Slack who we are: not work to wait for
            task.cancel()
        begun = time.monotonic()
        if inbox is not None:  # events acked and not yet acted on: finish them, as in-flight answers
            await inbox.settle(DRAIN_SECONDS)
        still = await deps.runtime.drain(max(1.0, DRAIN_SECONDS - (time.monotonic() - begun)))
        if still:
            logger.warning("shutdown: %d in-flight tasks cancelled", still)

    async def close(_: web.Application) -> None:
        await close_session(bolt_app)
        deps.runtime.close()

    app.router.add_post(EVENTS_PATH, slack_events)
    app.router.add_get(HEALTH_PATH, healthz)
    app.on_startup.append(open_web_api_session)
    app.on_shutdown.append(drain)
    app.on_cleanup.append(close)
    return app


def build(deps: AppDeps) -> web.Application:
    """The whole served application for these dependencies, with the daily digest running beside it."""
    from bot.slack.app import build_app

    bolt_app = build_app(deps)
    inbox = Inbox(deps, bolt_app)
    app = create_web_app(deps, bolt_app, inbox=inbox)
    open_spool(deps)
    digest_key = web.AppKey("digest", asyncio.Task)

    async def start_digest(application: web.Application) -> None:
        application[digest_key] = asyncio.create_task(start_background(deps, bolt_app, inbox))

    async def stop_digest(application: web.Application) -> None:
        application[digest_key].cancel()
        await inbox.release()  # rows not acted on yet: the next process takes them at once

    app.on_startup.append(start_digest)
    app.on_shutdown.append(stop_digest)
    return app


def open_spool(deps: AppDeps) -> None:
    """The local spool for rights requests while the database is away (SPOOL_DIR); without one, such a
    request is answered 500 and Slack's redelivery is the only remedy."""
    if deps.settings.spool_dir is None or deps.runtime.spool is not None:
        return
    from bot.tickets.spool import Spool

    try:
        deps.runtime.spool = Spool(deps.settings.spool_dir)
    except OSError as exc:
        logger.error("spool unavailable folder=%s error=%s", deps.settings.spool_dir, type(exc).__name__)


async def keep_database_ready(deps: AppDeps) -> None:
    """Until the database is reachable and migrated, retry the migrations with a growing, jittered backoff.

    Meanwhile the process serves: questions are answered (de-duplication falls back to memory), rights
    requests get a non-2xx so Slack redelivers them, and /healthz says 503 with the reason.
    """
    status = deps.runtime.database
    delay = DATABASE_RETRY_FIRST
    while not status.ready:
        try:
            await asyncio.to_thread(deps.database.upgrade)
        except StorageUnavailable as error:
            status.failed(str(error))
            logger.warning("database not ready attempt=%d retry_in=%.1fs", status.attempts, delay)
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, DATABASE_RETRY_MAX)
            continue
        except Exception as error:  # a failing migration: keep serving answers, report it, try again later
            status.failed(f"migration failed ({type(error).__name__})")
            logger.error(
                "database migration failed attempt=%d error=%s",
                status.attempts,
                type(error).__name__,
                exc_info=True,
            )
            await asyncio.sleep(DATABASE_RETRY_MAX)
            continue
        status.recovered()
        revision = await asyncio.to_thread(deps.database.current_revision)
        logger.info("database ready revision=%s attempts=%d", revision, status.attempts)


async def start_background(deps: AppDeps, bolt_app: AsyncApp, inbox: Inbox | None = None) -> None:
    """Background work of a serving process: bring the database up if it was down at start, then the
    inbox's workers (events acked and not yet acted on, this process's and any left by another), the
    outbox's reconciler (confirmations not yet delivered, after a failure or a restart) and the privacy
    team's daily digest (once a day across processes)."""
    from bot.slack import tickets
    from bot.slack.tickets import delivery, spooled

    await keep_database_ready(deps)
    loops = [delivery.run_reconciler(deps, bolt_app.client), spooled.run_replay(deps, bolt_app.client)]
    if inbox is not None:
        loops.append(inbox.run())
    if deps.settings.privacy_channel:
        loops.append(tickets.run_digest_loop(deps, bolt_app.client))
    else:
        logger.info("no PRIVACY_CHANNEL: daily digest off")
    await asyncio.gather(*loops)  # cancelled together at shutdown
