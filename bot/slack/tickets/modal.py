"""Agents log requests by hand: the "Log rights request" message shortcut and `/privacy request`.

Both open one modal (company, right(s), data subject, notes), prefilled from the message as far as the
bot understands it. `views.open` is called straight after the ack: a trigger_id lives 3 seconds.
The submission stores the ticket (idempotent on the Slack message, or on the modal for a slash
command) and confirms to the agent in a DM, never only ephemerally.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.pipeline import Context, Understanding
from bot.slack.deps import AppDeps, deps_of, understand
from bot.slack.tickets import blocks, delivery, notify
from bot.slack.tickets.access import actor_for, refuse_logged
from bot.slack.tickets.intake import (
    dedup_key,
    open_request,
    slack_id,
    slack_message_ts,
)
from bot.slack.tickets.texts import TEAM_LANGUAGE, format_date, rights_text, t
from bot.slack.web_api import slack_error
from bot.tickets import service

log = logging.getLogger(__name__)

METADATA_TEXT = 2000  # characters of the message kept in private_metadata (its limit is 3000)


def prefill_from(understanding: Understanding | None, text: str = "") -> blocks.RequestPrefill:
    if understanding is None or understanding.problem:
        return blocks.RequestPrefill(notes=text)
    rights = understanding.intent.ticket_rights()
    subject = understanding.intent.subject()
    contact = subject.get("subject_email") or subject.get("subject_phone") or ""
    return blocks.RequestPrefill(
        company=understanding.company.slug,
        rights=tuple(r for r in rights if r in blocks.MODAL_RIGHTS),
        subject_name=subject.get("subject_name") or "",
        subject_contact=contact,
        notes=text,
    )


def metadata(**values: Any) -> str:
    text = str(values.get("x") or "")
    values["x"] = text[:METADATA_TEXT]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))[:3000]


async def open_request_modal(
    deps: AppDeps, client: AsyncWebClient, trigger_id: str, text: str, meta: dict[str, Any]
) -> None:
    understanding = await understand(deps, text) if text.strip() else None
    meta = {**meta, "l": understanding.language if understanding else meta.get("l", TEAM_LANGUAGE), "x": text}
    view = blocks.request_modal(
        deps.engine.company_names(), prefill_from(understanding, text), metadata(**meta)
    )
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        log.warning("request modal failed error=%s", slack_error(error))


def field_errors(view: dict[str, Any], language: str | None) -> dict[str, str]:
    """Text longer than its ticket column (a forged submission; Slack itself enforces max_length)."""
    errors: dict[str, str] = {}
    for block_id, limit in blocks.REQUEST_FIELD_LIMITS.items():
        value = blocks.view_value(view, block_id)
        if block_id == "subject_contact" and isinstance(value, str) and "@" not in value:
            limit = 64  # a phone number
        if block_id != "notes" and isinstance(value, str) and len(value) > limit:
            errors[block_id] = t(language, "request_too_long", limit=limit)
    return errors


def split_contact(contact: str | None) -> tuple[str | None, str | None]:
    if not contact:
        return None, None
    return (contact, None) if "@" in contact else (None, contact)


async def confirm_logged(
    deps: AppDeps, client: AsyncWebClient, ticket: Any, created: bool, user: str | None = None
) -> None:
    """Tell the agent (in a DM with the undo button) and, for a new ticket, the privacy team.

    A duplicate is reported to whoever logged it again (`user`), naming the ticket only to its requester
    or the privacy team."""
    language = ticket.language
    if not created:
        who = user or ticket.requester_user
        if who == ticket.requester_user or (await actor_for(deps, client, who)).team:
            text = t(language, "request_duplicate", reference=ticket.reference)
        else:
            refuse_logged("request_duplicate", who, None)
            text = t(language, "request_duplicate_other")
        await notify.post(client, who, text)
        return
    await delivery.deliver(deps, client, ticket.reference)


async def on_shortcut(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    await ack()
    message = body.get("message") or {}
    meta = {
        "s": "message_shortcut",
        "c": (body.get("channel") or {}).get("id"),
        "ts": message.get("ts") or body.get("message_ts"),
        "tm": (body.get("team") or {}).get("id"),
        "mu": message.get("user"),
    }
    await open_request_modal(deps, client, body["trigger_id"], str(message.get("text") or ""), meta)


async def on_submit(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    user = body["user"]["id"]
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    if not isinstance(meta, dict):
        meta = {}
    rights = [r for r in blocks.view_value(view, "rights") or [] if r in blocks.MODAL_RIGHTS]
    if not rights:
        await ack(response_action="errors", errors={"rights": t(meta.get("l"), "request_need_right")})
        return
    too_long = field_errors(view, meta.get("l"))
    if too_long:
        await ack(response_action="errors", errors=too_long)
        return
    company = blocks.view_value(view, "company")
    email, phone = split_contact(blocks.view_value(view, "subject_contact"))
    source = meta.get("s") if meta.get("s") in ("message_shortcut", "slash_command", "manual") else "manual"
    # private_metadata comes back from the client: ids that don't look like Slack's are dropped
    team_id = slack_id(meta.get("tm")) or slack_id((body.get("team") or {}).get("id"))
    channel, ts = slack_id(meta.get("c")), slack_message_ts(meta.get("ts"))
    key = dedup_key(team_id, channel, ts) if ts else f"{team_id or '-'}:view:{slack_id(view.get('id'))}"
    if ts and slack_id(meta.get("mu")) != user:
        # someone else's message: a request of its own, so the author keeps the right to confirm, or
        # deny, their own message as a request (their "Yes, open a request" is never refused for it)
        key = f"{key}:by:{user}"
    try:
        ticket, created = await deps.runtime.in_intake(
            lambda: open_request(
                deps,
                team_id=team_id,
                user=user,
                channel=channel,
                ts=ts,
                source=source,
                language=meta.get("l") or TEAM_LANGUAGE,
                company=company if company in deps.engine.kb.policies else None,
                rights=rights,
                text=str(meta.get("x") or ""),
                subject={
                    "subject_name": blocks.view_value(view, "subject_name"),
                    "subject_email": email,
                    "subject_phone": phone,
                },
                notes=blocks.view_value(view, "notes"),
                key=key,
                reply_to=(user, None),  # the one who logged it hears in a DM
            )
        )
    except service.StorageUnavailable:
        await ack(response_action="errors", errors={"rights": t(meta.get("l"), "storage_down")})
        return
    await ack()
    log.info("request logged by hand ref=%s created=%s source=%s", ticket.reference, created, source)
    await confirm_logged(deps, client, ticket, created, user)


def register(app: AsyncApp) -> None:
    app.shortcut(blocks.SHORTCUT)(on_shortcut)
    app.view(blocks.REQUEST_VIEW)(on_submit)


async def request_from_command(
    deps: AppDeps, client: AsyncWebClient, command: dict[str, Any], words: list[str], respond: Any
) -> None:
    """`/privacy request [text]`: a clear request in the text opens a ticket at once; otherwise the modal."""
    text = " ".join(words)
    team_id = command.get("team_id")
    meta = {"s": "slash_command", "c": command.get("channel_id"), "tm": team_id}
    understanding = await understand(deps, text, Context()) if text.strip() else None
    if understanding is None or not understanding.is_rights_request:
        await open_request_modal(deps, client, command["trigger_id"], text, meta)
        return
    user = command.get("user_id", "")
    ticket, created = await deps.runtime.in_intake(
        lambda: open_request(
            deps,
            team_id=team_id,
            user=user,
            channel=None,
            ts=None,
            source="slash_command",
            language=understanding.language,
            company=understanding.company.slug,
            rights=understanding.intent.ticket_rights(),
            text=understanding.text,
            subject=understanding.intent.subject(),
            key=f"{team_id or '-'}:command:{command.get('trigger_id')}",
            matched=understanding.intent.matched,
            reply_to=(user, None),
        )
    )
    language = ticket.language
    c = notify.card(deps, ticket)
    await respond(
        text=t(
            language,
            "request_logged",
            reference=ticket.reference,
            rights=rights_text(language, c.rights),
            company=t(language, "for_company", company=c.company) if c.company else "",
            due=format_date(language, c.due),
        ),
        response_type="ephemeral",
        replace_original=False,
    )
    await confirm_logged(deps, client, ticket, created)
