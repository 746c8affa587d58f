"""A Web API client that survives calls that time out, without posting anything twice.

slack_sdk's retry handlers cover 429 (after Retry-After), 5xx and refused connections, but not a call
that hangs until the timeout: Slack may or may not have done it. Here such a call is tried again after a
growing pause, except that a message post is first looked up in the conversation (a post that landed is
returned as if it had answered, never posted again), and posts that can't be looked up (ephemeral,
scheduled) are not retried.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

logger = logging.getLogger(__name__)

TIMEOUT_RETRIES = 2
TIMEOUT_BACKOFF = 1.0  # seconds before the first retry; doubles each time
CLOCK_SKEW = 60.0  # seconds: a landed post's ts may be this much earlier than our clock said
VERIFIED_POSTS = frozenset({"chat.postMessage"})
NOT_RETRIED = frozenset({"chat.postEphemeral", "chat.scheduleMessage", "chat.meMessage", "files.upload"})


class TimeoutSafeWebClient(AsyncWebClient):
    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:  # type: ignore[override]
        attempt = 0
        while True:
            started = time.time()
            try:
                return await super().api_call(api_method, **kwargs)
            except TimeoutError:
                if attempt >= TIMEOUT_RETRIES or api_method in NOT_RETRIED:
                    raise
                attempt += 1
                pause = TIMEOUT_BACKOFF * 2 ** (attempt - 1) * random.uniform(0.9, 1.2)
                logger.warning(
                    "web api timeout method=%s attempt=%d retry_in=%.1fs", api_method, attempt, pause
                )
                await asyncio.sleep(pause)
                if api_method in VERIFIED_POSTS:
                    landed = await self._find_landed_post(api_method, _arguments(kwargs), started)
                    if landed is not None:
                        logger.info(
                            "web api timeout method=%s: the post had landed, not posted again", api_method
                        )
                        return landed

    async def _find_landed_post(
        self, api_method: str, args: dict[str, Any], started: float
    ) -> AsyncSlackResponse | None:
        """The message an earlier, timed-out post created, if Slack shows it; raises TimeoutError when
        Slack can't tell us (then posting again could post twice)."""
        channel, thread_ts = args.get("channel"), args.get("thread_ts")
        if not channel:
            return None
        oldest = f"{started - CLOCK_SKEW:.6f}"
        try:
            if thread_ts:
                found = await super().api_call(
                    "conversations.replies",
                    http_verb="GET",
                    params={"channel": channel, "ts": thread_ts, "oldest": oldest, "limit": 100},
                )
            else:
                found = await super().api_call(
                    "conversations.history",
                    http_verb="GET",
                    params={"channel": channel, "oldest": oldest, "limit": 100},
                )
        except Exception as error:
            logger.warning("web api timeout: landed post not checkable error=%s", type(error).__name__)
            raise TimeoutError(f"{api_method} timed out and could not be checked") from error
        for message in reversed(found.get("messages") or []):
            if _same_post(message, args, started - CLOCK_SKEW):
                data = {"ok": True, "channel": channel, "ts": message.get("ts"), "message": message}
                return AsyncSlackResponse(
                    client=self,
                    http_verb="POST",
                    api_url=f"{self.base_url}{api_method}",
                    req_args={},
                    data=data,
                    headers={},
                    status_code=200,
                )
        return None


def _arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in ("params", "data", "json"):
        value = kwargs.get(key)
        if isinstance(value, dict):
            merged.update(value)
    return merged


def _same_post(message: dict[str, Any], args: dict[str, Any], not_before: float) -> bool:
    """A bot message with the same text, in the same place, posted since `not_before`."""
    if not message.get("bot_id") or message.get("text") != args.get("text"):
        return False
    thread_ts, ts = args.get("thread_ts") or None, message.get("ts")
    if thread_ts is not None and (message.get("thread_ts") != thread_ts or ts == thread_ts):
        return False
    if thread_ts is None and message.get("thread_ts") not in (None, ts):
        return False
    try:
        return float(ts or 0) >= not_before
    except ValueError:
        return False


def timeout_safe(client: AsyncWebClient) -> TimeoutSafeWebClient:
    """The same client (token, session, retry handlers, …) with the timeout handling above.

    Bolt builds a plain AsyncWebClient for every request, copying the app's settings but not its class:
    the pre-ack middleware swaps it for this one.
    """
    if isinstance(client, TimeoutSafeWebClient):
        return client
    safe = TimeoutSafeWebClient.__new__(TimeoutSafeWebClient)
    safe.__dict__.update(client.__dict__)
    return safe


def slack_error(error: BaseException) -> str:
    """The Web API's error code of a failed call, for logs: "channel_not_found", or "http_503" when Slack
    (or a proxy) answered with a body that is not JSON (a text/plain 5xx page has no `.get`)."""
    response = getattr(error, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict):
        return str(data.get("error") or "unknown")
    status = getattr(response, "status_code", None)
    return f"http_{status}" if status else type(error).__name__
