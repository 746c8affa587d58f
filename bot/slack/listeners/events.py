"""Mentions, direct messages and follow-ups in the bot's threads: answered after the ack (the intake
middleware has understood them)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import threads, tickets
from bot.slack.answering import reply_in_conversation
from bot.slack.conversation import reply_thread_ts
from bot.slack.deps import deps_of
from bot.slack.texts import st
from bot.slack.tickets.notify import post

logger = logging.getLogger(__name__)


async def converse(
    event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    deps = deps_of(context)
    source = context.get("source")
    understanding = context.get("understanding")
    if source is None or understanding is None:
        return  # the twin of a mention, a bot, an edit, a channel message: nothing to answer
    deps.runtime.track_current()
    event_id = str(body.get("event_id"))
    recorded = context.get("recorded")
    thread_ts = reply_thread_ts(event, source)
    if context.get("spooled"):  # kept on disk until the database is back: say so, truthfully
        await post(client, event["channel"], st(understanding.language, "spooled"), thread_ts)
        return
    company, language = understanding.company.slug, understanding.language
    if recorded is not None:
        try:
            await tickets.confirm_request(deps, client, recorded)
            logger.info("event=%s request confirmed created=%s", event_id, recorded.created)
        except Exception:  # the outbox keeps what was not sent: the reconciler delivers it later
            logger.exception("event=%s request confirmation failed", event_id)
    else:
        result = await reply_in_conversation(
            deps,
            client,
            event_id=event_id,
            channel=event["channel"],
            thread_ts=thread_ts,
            message_ts=event.get("ts"),
            understanding=understanding,
            extra_blocks=tickets.request_offer_blocks(understanding, event),
            only_if_asked=source == "thread",
        )
        if result is None:
            return
        company, language = result.company, result.language
    if source in ("mention", "thread") and thread_ts:  # follow-ups there need no @-mention
        await threads.remember(deps, event["channel"], thread_ts, company, language)


def register(app: AsyncApp) -> None:
    app.event("app_mention")(converse)
    app.event("message")(converse)
