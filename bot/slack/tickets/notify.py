"""Posting about a ticket: the requester's conversation, the privacy-team notification and its thread."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.models import Ticket
from bot.slack.deps import AppDeps
from bot.slack.tickets import blocks
from bot.slack.tickets.access import directory
from bot.slack.tickets.blocks import TicketCard
from bot.slack.tickets.cards import card_from_ticket
from bot.slack.tickets.texts import mask_personal_numbers, t
from bot.slack.web_api import slack_error
from bot.tickets.deadlines import local_date

log = logging.getLogger(__name__)

QUIET = {"unfurl_links": False, "unfurl_media": False}


def today(deps: AppDeps) -> date:
    return local_date(deps.clock())


def card(deps: AppDeps, ticket: Ticket) -> TicketCard:
    return card_from_ticket(ticket, deps.engine.company_names())


def requester_thread(ticket: Ticket) -> tuple[str, str | None]:
    """Where the requester hears about their ticket: the conversation they asked in, else a DM."""
    if ticket.channel_id and ticket.source == "dm":
        return ticket.channel_id, None
    if ticket.channel_id and ticket.source in ("mention", "thread"):
        return ticket.channel_id, ticket.message_ts
    return ticket.requester_user, None


async def post(
    client: AsyncWebClient, channel: str, text: str, thread_ts: str | None = None, **kw: Any
) -> str | None:
    """chat.postMessage; returns the ts, or None (logged) when Slack refuses."""
    try:
        return await post_or_raise(client, channel, text, thread_ts, **kw) or None
    except SlackApiError as error:
        log.warning("post failed error=%s", slack_error(error))
        return None


async def post_or_raise(
    client: AsyncWebClient, channel: str, text: str, thread_ts: str | None = None, **kw: Any
) -> str:
    """chat.postMessage (personnummer masked); returns the ts. Slack's refusal is raised."""
    response = await client.chat_postMessage(
        channel=channel, text=mask_personal_numbers(text), thread_ts=thread_ts, **QUIET, **kw
    )
    return str(response.get("ts") or "")


async def confirm_to_requester(
    deps: AppDeps, client: AsyncWebClient, ticket: Ticket, channel: str, thread_ts: str | None, **kw: Any
) -> str:
    """The requester's confirmation (reference, next steps, due date); Slack's refusal is raised."""
    c = card(deps, ticket)
    return await post_or_raise(
        client, channel, blocks.confirmation_text(c), thread_ts, blocks=blocks.confirmation_blocks(c), **kw
    )


async def tell_requester(deps: AppDeps, client: AsyncWebClient, ticket: Ticket, text: str) -> None:
    channel, thread_ts = requester_thread(ticket)
    await post(client, channel, text, thread_ts)


async def notify_team(deps: AppDeps, client: AsyncWebClient, ticket: Ticket, channel: str, **kw: Any) -> str:
    """Post the privacy-team notification (tagging the team); Slack's refusal is raised."""
    d = directory(deps)
    mention = blocks.team_mention(sorted(d.users), d.groups)
    c = card(deps, ticket)
    return await post_or_raise(
        client,
        channel,
        blocks.team_text(c, mention),
        blocks=blocks.team_blocks(c, today(deps), deps.settings.due_soon_days, mention),
        **kw,
    )


async def refresh_team(deps: AppDeps, client: AsyncWebClient, ticket: Ticket, change: str | None) -> None:
    """Update the team's notification to the ticket's state and log the change in its thread."""
    if not ticket.team_channel or not ticket.team_message_ts:
        if change and deps.settings.privacy_channel:
            await post(client, deps.settings.privacy_channel, change)
        return
    c = card(deps, ticket)
    try:
        await client.chat_update(
            channel=ticket.team_channel,
            ts=ticket.team_message_ts,
            text=blocks.team_text(c),
            blocks=blocks.team_blocks(c, today(deps), deps.settings.due_soon_days),
        )
    except SlackApiError as error:
        log.warning("team message update failed ref=%s error=%s", ticket.reference, slack_error(error))
    if change:
        await post(client, ticket.team_channel, change, ticket.team_message_ts)


async def whisper(client: AsyncWebClient, channel: str | None, user: str, text: str) -> None:
    """A private note to one person (refusals, errors): ephemeral where possible, else a DM."""
    try:
        if channel:
            await client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
    except SlackApiError as error:
        log.info("ephemeral failed error=%s; sending a DM", slack_error(error))
    await post(client, user, text)


def team_text(key: str, **values: object) -> str:
    from bot.slack.tickets.texts import TEAM_LANGUAGE

    return t(TEAM_LANGUAGE, key, **values)
