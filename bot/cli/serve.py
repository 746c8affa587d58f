"""`python -m bot serve [--port N] [--socket]`: the Slack app over HTTP (default) or Socket Mode."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from typing import TYPE_CHECKING

from bot import logs
from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from bot.slack.deps import AppDeps

logger = logging.getLogger("bot.serve")

SHUTDOWN_SECONDS = 30.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the Slack app (HTTP at /slack/events and /healthz, or Socket Mode)",
        description="Serve the Slack app. HTTP needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; "
        "--socket needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN.",
    )
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="interface to listen on (default: all)")
    parser.add_argument("--socket", action="store_true", help="use Socket Mode instead of HTTP")
    parser.set_defaults(func=run)


def _configure_logging(level: str) -> None:
    logs.configure(level)
    if level != "DEBUG":  # Alembic's plugin and per-revision lines: one line of ours says where it stands
        logging.getLogger("alembic").setLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    missing = settings.missing_for_socket() if args.socket else settings.missing_for_http()
    if missing:
        mode = "Socket Mode" if args.socket else "HTTP mode"
        print(f"configuration error: {mode} needs {', '.join(missing)} (not set)", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)
    deps = _build_deps(settings)
    if deps is None:
        return 1
    if args.socket:
        return asyncio.run(_serve_socket(deps))
    return _serve_http(deps, args.host, args.port or settings.port)


def _build_deps(settings: Settings) -> AppDeps | None:
    from bot.db import Database, StorageUnavailable
    from bot.pipeline import Engine
    from bot.slack.deps import AppDeps

    # clause embeddings missing from the caches are computed in the background: words-only answers meanwhile
    engine = Engine.load(settings.knowledge_dir, cache_dir=settings.index_cache_dir, embeddings="background")
    for error in engine.kb.errors:
        logger.warning("knowledge: %s", error)
    if not engine.kb.policies:
        print(f"knowledge: no policy could be loaded from {settings.knowledge_dir}", file=sys.stderr)
        return None
    deps = AppDeps(settings, engine, Database(settings.database_url))
    try:
        deps.database.upgrade()
        logger.info(
            "database ready backend=%s revision=%s", deps.database.backend, deps.database.current_revision()
        )
    except StorageUnavailable as error:
        # serve anyway: questions need no database; a background task retries (bot.web.keep_database_ready)
        deps.runtime.database.failed(str(error))
        logger.warning("database unavailable at start: serving, retrying in the background")
    logger.info("loaded companies=%d", len(engine.kb.policies))
    engine.warm()
    gc.freeze()  # the long-lived indexes leave the collector's generations: no full-collection pauses
    return deps


def _serve_http(deps: AppDeps, host: str, port: int) -> int:
    from aiohttp import web

    from bot.web import build

    app = build(deps)
    logger.info("serving HTTP on %s:%d (/slack/events, /healthz)", host, port)
    # run_app stops accepting on SIGTERM/SIGINT, then on_shutdown drains in-flight answers
    web.run_app(
        app,
        host=host,
        port=port,
        access_log=None,
        shutdown_timeout=SHUTDOWN_SECONDS,
        print=None,
        handle_signals=True,
    )
    logger.info("stopped")
    return 0


async def _serve_socket(deps: AppDeps) -> int:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.slack.app import build_app, close_session, open_session

    app = build_app(deps)
    await open_session(app)
    handler = AsyncSocketModeHandler(app, deps.settings.slack_app_token)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await handler.connect_async()
    logger.info("connected in Socket Mode")
    from bot.web import start_background

    background = asyncio.create_task(start_background(deps, app))
    await stop.wait()
    background.cancel()
    logger.info("stopping: closing the socket, finishing in-flight answers")
    await handler.close_async()
    still = await deps.runtime.drain(SHUTDOWN_SECONDS)
    await close_session(app)
    deps.runtime.close()
    logger.info("stopped unfinished=%d", still)
    return 0
