"""Buttons on answers: show more, 👍/👎, ask the privacy team, choose a company, share in channel."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, constants, store
from bot.slack.answering import answer_text, company_names, message_of, note_gap
from bot.slack.deps import AppDeps, deps_of
from bot.slack.texts import st

logger = logging.getLogger(__name__)


def _logged(deps: AppDeps, slug: object) -> str | None:
    """A company slug from a button value as it may be logged: a known slug, else "?" (values can be forged)."""
    if not slug:
        return None
    return slug if isinstance(slug, str) and slug in deps.engine.kb.policies else "?"


def _where(body: dict[str, Any]) -> tuple[str | None, str | None, str | None, bool]:
    """(channel, message ts, thread ts, is_ephemeral) of the message holding the clicked button."""
    container = body.get("container") or {}
    message = message_of(body)
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    ts = message.get("ts") or container.get("message_ts")
    thread_ts = message.get("thread_ts") or container.get("thread_ts")
    return channel, ts, thread_ts, bool(container.get("is_ephemeral"))


async def _begin(
    ack: AsyncAck, context: AsyncBoltContext, action: dict[str, Any]
) -> tuple[AppDeps, dict[str, Any]]:
    """What every button listener does first: acknowledge, count itself in for a clean shutdown, and read
    the button's value (which can be forged: each listener checks what it uses)."""
    await ack()
    deps = deps_of(context)
    deps.runtime.track_current()
    return deps, blocks.decode_value(action.get("value"))


async def _tell(client: AsyncWebClient, respond: AsyncRespond, body: dict[str, Any], text: str) -> None:
    """A note only the clicking user sees."""
    channel, ts, thread_ts, ephemeral = _where(body)
    user = (body.get("user") or {}).get("id")
    if ephemeral or not channel or not user:
        await respond(text=text, response_type="ephemeral", replace_original=False)
        return
    await client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts or ts)


async def show_more(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    deps, value = await _begin(ack, context, action)
    slug = str(value.get("c") or "")
    language = str(value.get("l") or "en")
    hits = deps.engine.hits(slug, [str(i) for i in value.get("ids") or []])
    message = blocks.more_message(hits, company_names(deps).get(slug, slug), language)
    channel, ts, thread_ts, ephemeral = _where(body)
    try:
        if ephemeral or not channel:
            await respond(**message.kwargs(), response_type="ephemeral", replace_original=False)
        else:
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts or ts, **message.kwargs())
        logger.info("action=show_more company=%s clauses=%d", _logged(deps, slug), len(hits))
    except Exception as exc:
        logger.error("action=show_more failed error=%s", type(exc).__name__, exc_info=True)


async def feedback(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    deps, value = await _begin(ack, context, action)
    helpful = action.get("action_id") == constants.FEEDBACK_UP
    channel, ts, _, _ = _where(body)
    user = (body.get("user") or {}).get("id") or ""
    try:
        await deps.runtime.in_intake(
            lambda: store.save_feedback(
                deps.database,
                team_id=(body.get("team") or {}).get("id"),
                user_id=user,
                channel_id=channel,
                message_ts=ts,
                company=value.get("c") or None,
                clause_ids=[str(i) for i in value.get("ids") or []],
                helpful=helpful,
                now=deps.clock(),
            )
        )
        logger.info("action=feedback helpful=%s company=%s", helpful, _logged(deps, value.get("c")))
        if not helpful and value.get("q"):
            await note_gap(
                deps,
                "thumbs_down",
                value.get("c") or None,
                value.get("t") or None,
                str(value.get("l") or "en"),
                str(value.get("q")),
            )
    except Exception as exc:
        logger.error("action=feedback store failed error=%s", type(exc).__name__, exc_info=True)
    language = str(value.get("l") or "en")
    try:
        await _tell(client, respond, body, st(language, "thanks_up" if helpful else "thanks_down"))
    except Exception as exc:
        logger.info("action=feedback thanks failed error=%s", type(exc).__name__)


async def ask_team(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    deps, value = await _begin(ack, context, action)
    language = str(value.get("l") or "en")
    user = (body.get("user") or {}).get("id") or ""
    settings = deps.settings
    if not settings.privacy_channel:
        await _tell(client, respond, body, st(language, "team_missing"))
        logger.warning("action=ask_team no PRIVACY_CHANNEL configured")
        return
    channel, ts, thread_ts, ephemeral = _where(body)
    permalink = None
    if channel and (thread_ts or ts) and not ephemeral:
        try:
            link = await client.chat_getPermalink(channel=channel, message_ts=thread_ts or ts)
            permalink = link.get("permalink")
        except Exception as exc:
            logger.info("action=ask_team permalink failed error=%s", type(exc).__name__)
    slug = str(value.get("c") or "")
    message = blocks.privacy_team_message(
        language,
        user,
        str(value.get("q") or ""),
        company_names(deps).get(slug),
        settings.privacy_team_users,
        settings.privacy_team_groups,
        permalink,
    )
    try:
        await client.chat_postMessage(channel=settings.privacy_channel, **message.kwargs())
        await _tell(client, respond, body, st(language, "team_told", channel=settings.privacy_channel))
        logger.info("action=ask_team forwarded company=%s", _logged(deps, slug))
    except Exception as exc:
        logger.error("action=ask_team failed error=%s", type(exc).__name__, exc_info=True)
        await _tell(client, respond, body, st(language, "apology"))


async def choose_company(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    deps, value = await _begin(ack, context, action)
    slug = str(value.get("c") or "")
    language = str(value.get("l") or "en")
    question = str(value.get("q") or "")
    channel, ts, _, ephemeral = _where(body)
    try:
        understanding, result = await answer_text(deps, question, company=slug, language=language)
        message = blocks.reply_for(result, company_names(deps), question=understanding.text, share=ephemeral)
        if ephemeral or not channel or not ts:
            await respond(**message.kwargs(), response_type="ephemeral", replace_original=True)
        else:
            await client.chat_update(channel=channel, ts=ts, **message.kwargs())
        logger.info("action=choose_company company=%s status=%s", _logged(deps, slug), result.status)
    except Exception as exc:
        logger.error("action=choose_company failed error=%s", type(exc).__name__, exc_info=True)
        await _tell(client, respond, body, st(language, "apology"))


async def share(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
    respond: AsyncRespond,
) -> None:
    deps, value = await _begin(ack, context, action)
    slug = str(value.get("c") or "") or None
    language = str(value.get("l") or "en")
    question = str(value.get("q") or "")
    channel, _, _, _ = _where(body)
    user = (body.get("user") or {}).get("id") or ""
    try:
        understanding, result = await answer_text(deps, question, company=slug, language=language)
        message = blocks.reply_for(result, company_names(deps), question=understanding.text)
        lead = [
            blocks.context(st(result.language, "shared_by", user=user)),
            blocks.section(blocks.quote(blocks.truncate(understanding.text, constants.MAX_TEXT - 10))),
        ]
        shared = blocks.Message(message.text, blocks.cap_blocks([*lead, *message.blocks]))
        if not channel:
            raise ValueError("no channel to share in")
        await client.chat_postMessage(channel=channel, **shared.kwargs())
        await respond(delete_original=True)
        logger.info("action=share company=%s status=%s", _logged(deps, slug), result.status)
    except Exception as exc:
        logger.error("action=share failed error=%s", type(exc).__name__, exc_info=True)
        await respond(text=st(language, "apology"), response_type="ephemeral", replace_original=False)


def register(app: AsyncApp) -> None:
    app.action(constants.SHOW_MORE)(show_more)
    app.action(constants.FEEDBACK_UP)(feedback)
    app.action(constants.FEEDBACK_DOWN)(feedback)
    app.action(constants.ASK_TEAM)(ask_team)
    app.action(re.compile("^" + re.escape(constants.CHOOSE_COMPANY) + ":"))(choose_company)
    app.action(constants.SHARE)(share)
