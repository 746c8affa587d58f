"""After the ack: run retrieval off the event loop, post the reply, and apologise if Slack says no."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.gaps import store as gap_store
from bot.pipeline import Context, Result, Understanding
from bot.slack import blocks, constants
from bot.slack.conversation import asks_something
from bot.slack.deps import AppDeps, understand
from bot.slack.texts import st
from bot.slack.web_api import slack_error

logger = logging.getLogger(__name__)

PROGRESS_AFTER = 0.5  # seconds: an answer not ready by then gets the :eyes: reaction until it is posted


def company_names(deps: AppDeps) -> dict[str, str]:
    return deps.engine.company_names()


def policy_summary(deps: AppDeps) -> dict[str, tuple[str, str]]:
    return {slug: (p.name, p.language) for slug, p in deps.engine.kb.policies.items()}


async def answer(deps: AppDeps, understanding: Understanding) -> Result:
    """Retrieval for an understood message, in the answer worker pool (never on the event loop)."""
    return await deps.runtime.in_answer(deps.engine.answer, understanding)


async def answer_text(
    deps: AppDeps,
    text: str,
    *,
    company: str | None = None,
    channel_company: str | None = None,
    language: str = "en",
) -> tuple[Understanding, Result]:
    understanding = await understand(
        deps, text, Context(default_language=language, channel_company=channel_company), company
    )
    return understanding, await answer(deps, understanding)


async def reply_in_conversation(
    deps: AppDeps,
    client: AsyncWebClient,
    *,
    event_id: str,
    channel: str,
    thread_ts: str | None,
    message_ts: str | None,
    understanding: Understanding,
    extra_blocks: list[dict[str, Any]] | None = None,
    only_if_asked: bool = False,
) -> Result | None:
    """Answer a DM, mention or follow-up: the Block Kit reply, :eyes: while a slow answer is being worked
    on, an apology if posting fails. Returns the result posted (None when nothing was). With
    `only_if_asked` (a follow-up nobody addressed to the bot), a message that asks nothing gets no reply. At most `runtime.answer_slots` answers are worked on at once, so a burst of
    events never crowds out the acks on the event loop."""
    started = time.perf_counter()
    reacted = False
    status = "error"
    posted: Result | None = None
    async with deps.runtime.answer_slots:
        work = asyncio.ensure_future(answer(deps, understanding))
        try:
            done, _ = await asyncio.wait({work}, timeout=PROGRESS_AFTER)
            if not done and message_ts:
                reacted = await _react(client, "add", channel, message_ts)
            result = await work
            status = result.status
            if only_if_asked and not asks_something(understanding.text, understanding.intent, result.topic):
                logger.info("event=%s follow-up asks nothing: no reply", event_id)
                return None
            message = blocks.reply_for(result, company_names(deps), question=understanding.text)
            if extra_blocks:  # e.g. "Do you want to open a request?" under an ambiguous message
                message = blocks.Message(message.text, blocks.cap_blocks([*message.blocks, *extra_blocks]))
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message.kwargs())
            posted = result
            if result.status == "no_answer":
                await note_gap(deps, "no_answer", result.company, result.topic, result.language, result.text)
            logger.info(
                "event=%s replied status=%s company=%s hits=%d ms=%.0f",
                event_id,
                result.status,
                result.company,
                len(result.hits),
                (time.perf_counter() - started) * 1000,
            )
        except Exception as exc:
            logger.error(
                "event=%s reply failed status=%s error=%s%s",
                event_id,
                status,
                type(exc).__name__,
                _api_error(exc),
                exc_info=True,
            )
            await apologise(client, channel, thread_ts, understanding.language)
        finally:
            if reacted and message_ts:
                await _react(client, "remove", channel, message_ts)
    return posted


async def note_gap(
    deps: AppDeps, kind: str, company: str | None, topic: str | None, language: str, text: str
) -> None:
    """Keep a question the policy couldn't answer for the privacy team's list (``python -m bot gaps``);
    a failure is logged, never shown to the person asking."""
    keep_days = deps.settings.gaps_keep_days
    if keep_days <= 0:
        return
    try:
        await deps.runtime.in_intake(
            lambda: gap_store.record(
                deps.database,
                kind=kind,
                company=company,
                topic=topic,
                language=language,
                text=text,
                now=deps.clock(),
                keep_days=keep_days,
            )
        )
    except Exception:
        logger.exception("gap not recorded kind=%s company=%s", kind, company)


async def apologise(client: AsyncWebClient, channel: str, thread_ts: str | None, language: str) -> None:
    try:
        await client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=st(language, "apology"),
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception as exc:
        logger.error("apology failed error=%s%s", type(exc).__name__, _api_error(exc), exc_info=True)


async def _react(client: AsyncWebClient, how: str, channel: str, ts: str) -> bool:
    try:
        if how == "add":
            await client.reactions_add(channel=channel, timestamp=ts, name=constants.EYES)
        else:
            await client.reactions_remove(channel=channel, timestamp=ts, name=constants.EYES)
        return True
    except Exception as exc:  # progress is a nicety: never let it block the answer
        logger.info("reaction %s failed error=%s%s", how, type(exc).__name__, _api_error(exc))
        return False


def _api_error(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return f" slack_error={slack_error(exc)} http={getattr(exc.response, 'status_code', None)}"
    return ""


async def user_language(deps: AppDeps, client: AsyncWebClient, user_id: str | None) -> str:
    """The user's Slack locale as sv/en (cached per process); English when unknown."""
    if not user_id:
        return "en"
    cache = deps.runtime.user_languages
    if user_id in cache:
        return cache[user_id]
    language = "en"
    try:
        response = await client.users_info(user=user_id, include_locale=True)
        locale = str((response.get("user") or {}).get("locale") or "")
        language = "sv" if locale.lower().startswith("sv") else "en"
    except Exception as exc:
        logger.info("users.info failed error=%s%s", type(exc).__name__, _api_error(exc))
        return language
    if len(cache) > 10_000:
        cache.clear()
    cache[user_id] = language
    return language


def message_of(payload: dict[str, Any]) -> dict[str, Any]:
    message = payload.get("message")
    return message if isinstance(message, dict) else {}
