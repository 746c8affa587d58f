"""Who the bot is (auth.test), resolved at start-up with retries; an event that arrives while Slack can't
say is answered 503 so that Slack delivers it again — never 200 with nothing stored.

Bolt's single-workspace authorization calls auth.test on the first request and, when that fails, answers
200 "please install this app": Slack then never redelivers, and a rights request in that event was lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.authorization.async_single_team_authorization import AsyncSingleTeamAuthorization
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5  # told to Slack with the 503
PRIME_DELAYS = (0.5, 1, 2, 4, 8, 15, 30, 60)  # start-up retries of auth.test, then on the first event


class RedeliveredAuthorization(AsyncSingleTeamAuthorization):
    """Bolt's single-workspace authorization, except that a failed auth.test answers 503."""

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse:
        known = self.auth_test_result is not None
        try:
            response = await super().async_process(req=req, resp=resp, next=next)
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            if known:
                raise
            return _unavailable(type(error).__name__)
        if not known and self.auth_test_result is None:  # Bolt gave up on auth.test: say "again later"
            return _unavailable("auth_test_failed")
        return response

    async def prime(self, call: Callable[[], Awaitable[object]]) -> bool:
        """Ask auth.test now, with retries, so that the first event does not wait for it."""
        for delay in (0, *PRIME_DELAYS):
            if self.auth_test_result is not None:
                return True
            await asyncio.sleep(delay)
            try:
                self.auth_test_result = await call()  # type: ignore[assignment]
                logger.info("slack identity resolved")
                return True
            except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as error:
                logger.warning("auth.test failed error=%s: retrying", type(error).__name__)
        return False


def _unavailable(why: str) -> BoltResponse:
    logger.warning("slack identity unknown (%s): 503 so that Slack delivers the event again", why)
    return BoltResponse(status=503, body="", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def install(app: AsyncApp) -> RedeliveredAuthorization:
    """Put the redelivering authorization in place of Bolt's own single-workspace one."""
    for position, middleware in enumerate(app._async_middleware_list):
        if isinstance(middleware, AsyncSingleTeamAuthorization):
            replacement = RedeliveredAuthorization(
                base_logger=middleware.logger,
                user_facing_authorize_error_message=middleware.user_facing_authorize_error_message,
            )
            app._async_middleware_list[position] = replacement
            return replacement
    raise RuntimeError("Bolt's single-workspace authorization was not found")


async def prime(app: AsyncApp) -> bool:
    """At start-up: resolve the bot's identity with retries (events meanwhile get 503, then redelivery)."""
    for middleware in app._async_middleware_list:
        if isinstance(middleware, RedeliveredAuthorization):
            return await middleware.prime(app.client.auth_test)
    return False
