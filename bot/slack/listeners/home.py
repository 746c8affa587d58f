"""App Home: what the bot can do, the companies it knows, and the user's own requests."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, tickets
from bot.slack.answering import policy_summary, user_language
from bot.slack.deps import deps_of

logger = logging.getLogger(__name__)


async def home_opened(event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    deps.runtime.track_current()
    user_id = event.get("user", "")
    language = await user_language(deps, client, user_id)
    try:
        await tickets.refresh_team_members(deps, client)  # user-group members of PRIVACY_TEAM
        extra = await asyncio.to_thread(tickets.home_blocks, deps, user_id, language)
    except Exception as exc:
        logger.warning("home: ticket section failed error=%s", type(exc).__name__, exc_info=True)
        extra = []
    view = blocks.home_view(language, policy_summary(deps), extra)
    try:
        await client.views_publish(user_id=user_id, view=view)
        logger.info("home published blocks=%d", len(view["blocks"]))
    except Exception as exc:
        logger.error("home publish failed error=%s", type(exc).__name__, exc_info=True)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(home_opened)
