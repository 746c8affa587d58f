"""The Bolt AsyncApp: Web API client with retry handlers, the pre-ack intake, listeners, error handling."""

from __future__ import annotations

import logging
import re
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack import authorization, tickets
from bot.slack.deps import AppDeps, provide
from bot.slack.intake import build_intake
from bot.slack.listeners import register_all
from bot.slack.web_api import TimeoutSafeWebClient

logger = logging.getLogger(__name__)

WEB_API_TIMEOUT = 15  # seconds per Web API call
# errors that a malformed request (not the database or Slack) makes our code or Bolt raise
MALFORMED = (ValueError, LookupError, AttributeError, TypeError)
_LOG_ID = re.compile(r"[A-Za-z0-9_]{1,40}")


def log_id(value: object) -> str | None:
    """A request's type or id as it may be logged: a short identifier, else "?" (it may hold anything)."""
    if value is None:
        return None
    return value if isinstance(value, str) and _LOG_ID.fullmatch(value) else "?"


_TOKEN_SKIPPED = warning_client_prioritized_and_token_skipped()


class RedactBodies(logging.Filter):
    """Bolt logs request bodies in some messages (e.g. a bad signature): cut them, they hold message text.
    Its start-up note that the token from the environment goes unused (we hand it the client) is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message == _TOKEN_SKIPPED:  # our client carries the same SLACK_BOT_TOKEN Bolt found in the env
            return False
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


def quiet_webhook_logger() -> None:
    """`respond()` posts through slack_sdk's webhook client, which logs whole bodies at DEBUG: cut them."""
    webhook = logging.getLogger("slack_sdk.webhook.async_client")
    if not any(isinstance(f, RedactBodies) for f in webhook.filters):
        webhook.addFilter(RedactBodies())


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
    return TimeoutSafeWebClient(
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
    quiet_webhook_logger()
    app = AsyncApp(
        client=client or build_client(settings),
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
        raise_error_for_unhandled_request=True,
        ignoring_self_events_enabled=True,
        logger=bolt_logger(),
        name="integritetsbot",
    )
    app.use(provide(deps))  # first: every listener and middleware after it finds deps in its context
    authorization.install(app)
    app.middleware(build_intake(deps))

    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            return BoltResponse(status=200, body="")  # never 404: Slack would retry and may disable events
        logger.error(
            "listener error type=%s event=%s error=%s",
            log_id(body.get("type")) if isinstance(body, dict) else None,
            log_id(body.get("event_id")) if isinstance(body, dict) else None,
            type(error).__name__,
            exc_info=error,
        )
        if response is not None and isinstance(error, MALFORMED):
            # not acknowledged yet and the request itself is malformed (e.g. a garbage signature
            # timestamp, a payload missing fields): a client error, never a 500 with Bolt's default
            return BoltResponse(status=400, body={"error": "invalid request"})
        return None

    register_all(app)
    tickets.register(app)
    return app
