"""After the ack: confirm a stored request to the requester and tell the team; the requester's buttons.

Also the "Do you want to open a request?" offer appended to answers of ambiguous messages (and the
"Open a request" button under answers about a right), and what its buttons do.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.pipeline import Understanding
from bot.slack.conversation import reply_thread_ts
from bot.slack.deps import AppDeps, deps_of
from bot.slack.tickets import blocks, delivery, notify
from bot.slack.tickets.access import actor_for, refuse_logged
from bot.slack.tickets.intake import (
    Recorded,
    dedup_key,
    open_request,
    slack_id,
    slack_message_ts,
)
from bot.slack.tickets.texts import TEAM_LANGUAGE, t
from bot.slack.web_api import slack_error
from bot.tickets import service

log = logging.getLogger(__name__)

OFFER_BLOCK_IDS = ("ticket_offer", "ticket_offer_text")


async def confirm_request(deps: AppDeps, client: AsyncWebClient, recorded: Recorded) -> None:
    """Tell the requester (reference, next steps, due date) and notify the privacy team, once: the
    ticket's outbox, whichever delivery stored it (a redelivery finds nothing left to send)."""
    await delivery.deliver(deps, client, recorded.reference)


def request_offer_blocks(understanding: Understanding, event: dict[str, Any]) -> list[dict[str, Any]]:
    """Buttons to append to an answer: "Do you want to open a request?" for an ambiguous message, or
    "Open a request" under a question about a right. Empty when neither applies (or it is a request)."""
    intent = understanding.intent
    if understanding.problem or understanding.is_rights_request:
        return []
    if not (intent.ambiguous or intent.about_right):
        return []
    source = "dm" if event.get("channel_type") == "im" else "mention"
    value = blocks.offer_value(
        {
            "c": event.get("channel"),
            "ts": event.get("ts"),
            "th": reply_thread_ts(event, source),
            "u": event.get("user"),
            "tm": event.get("team"),
            "s": source,
            "l": understanding.language,
            "co": understanding.company.slug,
            "r": list(understanding.intent.ticket_rights()),
            "x": understanding.text,
        }
    )
    return blocks.offer_blocks(understanding.language, value, about_right=not intent.ambiguous)


def _without_offer(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in message.get("blocks") or [] if b.get("block_id") not in OFFER_BLOCK_IDS]


async def _drop_offer(client: AsyncWebClient, body: dict[str, Any], note: str | None = None) -> None:
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    if not channel or not message.get("ts"):
        return
    kept = _without_offer(message)
    if note:
        kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    try:
        await client.chat_update(
            channel=channel, ts=message["ts"], text=message.get("text") or note or " ", blocks=kept
        )
    except SlackApiError as error:
        log.info("offer update failed error=%s", slack_error(error))


async def on_not_a_request(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    await ack()
    user = body["user"]["id"]
    reference = str(body["actions"][0].get("value") or "")
    channel = (body.get("channel") or {}).get("id")
    actor = await actor_for(deps, client, user)
    try:
        ticket = await deps.runtime.in_intake(
            lambda: service.mark_not_a_request(deps.database, reference, actor, now=deps.clock())
        )
    except service.NotAllowed:
        refuse_logged("not_a_request", user, reference)
        await notify.whisper(client, channel, user, t(TEAM_LANGUAGE, "not_yours"))
        return
    except (service.TicketNotFound, service.InvalidTransition, service.StorageUnavailable) as error:
        await notify.whisper(client, channel, user, _problem_text(error, reference))
        return
    c = notify.card(deps, ticket)
    done = blocks.requester_update_text(c, "not_a_request")
    message = body.get("message") or {}
    if channel and message.get("ts"):
        kept = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
        kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": done}]})
        try:
            await client.chat_update(channel=channel, ts=message["ts"], text=done, blocks=kept)
        except SlackApiError as error:
            log.info("confirmation update failed error=%s", slack_error(error))
    else:
        await notify.tell_requester(deps, client, ticket, done)
    await notify.refresh_team(
        deps,
        client,
        ticket,
        notify.team_text("log_not_a_request", actor=user, reference=ticket.reference),
    )


async def on_offer_yes(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    await ack()
    user = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id")
    try:
        offer = json.loads(body["actions"][0].get("value") or "{}")
    except ValueError:
        offer = {}
    # the value can be forged: it must name the clicker and the conversation the button is in
    if (
        not isinstance(offer, dict)
        or offer.get("u") != user
        or not slack_id(offer.get("c"))
        or (channel and offer.get("c") != channel)
    ):
        refuse_logged("offer_yes", user, None)
        await notify.whisper(client, channel, user, t(TEAM_LANGUAGE, "not_yours"))
        return
    language = offer.get("l") or "sv"
    company = offer.get("co") if offer.get("co") in deps.engine.kb.policies else None
    team_id = slack_id(offer.get("tm")) or slack_id((body.get("team") or {}).get("id"))
    message_ts = slack_message_ts(offer.get("ts"))
    try:
        ticket, created = await deps.runtime.in_intake(
            lambda: open_request(
                deps,
                team_id=team_id,
                user=user,
                channel=offer["c"],
                ts=message_ts,
                source=offer.get("s") if offer.get("s") in ("dm", "mention") else "dm",
                language=language,
                company=company,
                rights=[r for r in offer.get("r") or [] if isinstance(r, str)] or ["unspecified"],
                text=str(offer.get("x") or ""),
                key=dedup_key(team_id, offer["c"], message_ts),
                reply_to=(offer["c"], slack_message_ts(offer.get("th"))),
            )
        )
    except service.StorageUnavailable:
        await notify.whisper(client, channel, user, t(language, "storage_down"))
        return
    except ValueError:
        refuse_logged("offer_yes", user, None)
        await notify.whisper(client, channel, user, t(language, "not_found"))
        return
    if not created and ticket.requester_user != user:  # someone else's request: say nothing of it
        refuse_logged("offer_yes", user, None)
        await notify.whisper(client, channel, user, t(language, "not_yours"))
        return
    await _drop_offer(client, body)
    if not created:
        await notify.whisper(
            client, channel, user, t(language, "request_duplicate", reference=ticket.reference)
        )
        return
    await delivery.deliver(deps, client, ticket.reference)


async def on_offer_no(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
) -> None:
    await ack()
    language = str(body["actions"][0].get("value") or "en")
    await _drop_offer(client, body, t(language, "offer_declined"))


def register(app: AsyncApp) -> None:
    app.action(blocks.NOT_A_REQUEST)(on_not_a_request)
    app.action(blocks.OFFER_YES)(on_offer_yes)
    app.action(blocks.OFFER_NO)(on_offer_no)


def _problem_text(error: Exception, reference: str) -> str:
    if isinstance(error, service.StorageUnavailable):
        return t(TEAM_LANGUAGE, "storage_down")
    if isinstance(error, service.TicketNotFound):
        return t(TEAM_LANGUAGE, "not_found")
    if isinstance(error, service.InvalidTransition):
        if error.code == "closed":
            return t(TEAM_LANGUAGE, "already_closed", reference=reference)
        if error.code == "first_month_over":
            return t(
                TEAM_LANGUAGE, "cant_change", reference=reference, reason=t(TEAM_LANGUAGE, "extend_too_late")
            )
        return t(TEAM_LANGUAGE, "cant_change", reference=reference, reason=error.code.replace("_", " "))
    return t(TEAM_LANGUAGE, "not_found")
