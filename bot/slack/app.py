"""The Bolt AsyncApp: Web API client with retry handlers, the pre-ack intake, listeners, error handling."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack import tickets
from bot.slack.deps import AppDeps
from bot.slack.intake import build_intake
from bot.slack.listeners import register_all

logger = logging.getLogger(__name__)

WEB_API_TIMEOUT = 15  # seconds per Web API call


class RedactBodies(logging.Filter):
    """Bolt logs request bodies in some messages (e.g. a bad signature): cut them, they hold message text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for marker in ("body:", "body="):
            at = message.find(marker)
            if at >= 0:
                record.msg, record.args = message[: at + len(marker)] + " <redacted>", None
                break
        return True


def web_api_logger() -> logging.Logger:
    """slack_sdk logs whole request and response bodies at DEBUG: never below INFO for this client."""
    logger = logging.getLogger("bot.slack.web_api")
    logger.setLevel(max(logging.INFO, logger.level))
    return logger


def bolt_logger() -> logging.Logger:
    """The base logger Bolt copies (with its filters) to every logger it creates."""
    base = logging.getLogger("bot.slack.bolt")
    if not any(isinstance(f, RedactBodies) for f in base.filters):
        base.addFilter(RedactBodies())
    return base


def build_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: SLACK_API_URL (or Slack), 429 retried after Retry-After, 5xx and resets once."""
    base_url = settings.slack_api_url or AsyncWebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=WEB_API_TIMEOUT,
        logger=web_api_logger(),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=1),
        ],
    )


async def open_session(app: AsyncApp) -> None:
    """One pooled HTTP session for all Web API calls (slack_sdk opens a new one per call otherwise)."""
    client = app.client
    if client.session is None or client.session.closed:
        client.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=WEB_API_TIMEOUT),
            connector=aiohttp.TCPConnector(limit=64),
        )


async def close_session(app: AsyncApp) -> None:
    session = app.client.session
    if session is not None and not session.closed:
        await session.close()


def build_app(deps: AppDeps, client: AsyncWebClient | None = None) -> AsyncApp:
    settings = deps.settings
    app = AsyncApp(
        client=client or build_client(settings),
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
        raise_error_for_unhandled_request=True,
        ignoring_self_events_enabled=True,
        logger=bolt_logger(),
        name="integritetsbot",
    )
    app.middleware(build_intake(deps))

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            return BoltResponse(status=200, body="")  # never 404: Slack would retry and may disable events
        logger.error(
            "listener error type=%s event=%s error=%s",
            body.get("type") if isinstance(body, dict) else None,
            body.get("event_id") if isinstance(body, dict) else None,
            type(error).__name__,
        )
        return None

    register_all(app, deps)
    tickets.register(app, deps)
    return app
