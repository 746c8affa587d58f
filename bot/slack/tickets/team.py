"""The privacy team's buttons on a notification, and the extend / close modals behind them.

Every press checks that the presser is on the team (values can be forged): others are refused politely,
the attempt is logged with ids only, and nothing changes. Each change updates the notification and is
posted in its thread; the requester hears about extensions and the outcome in their own language.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.models import PAUSE_KINDS, Ticket
from bot.slack.blocks import neutralise
from bot.slack.deps import AppDeps, deps_of
from bot.slack.tickets import blocks, notify
from bot.slack.tickets.access import actor_for, refuse_logged
from bot.slack.tickets.confirm import _problem_text
from bot.slack.tickets.texts import (
    TEAM_LANGUAGE,
    format_date,
    mask_personal_numbers,
    outcome_name,
    reason_name,
    t,
)
from bot.slack.web_api import slack_error
from bot.tickets import deadlines, service
from bot.tickets.access import Actor

log = logging.getLogger(__name__)


async def _team_actor(
    deps: AppDeps, client: AsyncWebClient, body: dict[str, Any], action: str, reference: str
) -> Actor | None:
    user = body["user"]["id"]
    actor = await actor_for(deps, client, user)
    if actor.team:
        return actor
    refuse_logged(action, user, reference)
    channel = (body.get("channel") or {}).get("id")
    await notify.whisper(client, channel, user, t(TEAM_LANGUAGE, "team_only"))
    return None


async def _submitting_team_actor(
    deps: AppDeps, client: AsyncWebClient, ack: AsyncAck, body: dict[str, Any], action: str, field: str
) -> Actor | None:
    """The team member submitting a modal, or None after refusing anyone else (an error on ``field``)."""
    user = body["user"]["id"]
    actor = await actor_for(deps, client, user)
    if actor.team:
        return actor
    refuse_logged(action, user, (body.get("view") or {}).get("private_metadata") or "")
    await ack(response_action="errors", errors={field: t(TEAM_LANGUAGE, "team_only")})
    return None


async def _announce(
    deps: AppDeps, client: AsyncWebClient, ticket: Ticket, change: str, event: str, reason: str | None = None
) -> None:
    """The team's card and thread show the change; the requester is told in their language."""
    await notify.refresh_team(deps, client, ticket, change)
    await notify.tell_requester(
        deps, client, ticket, blocks.requester_update_text(notify.card(deps, ticket), event, reason)
    )


async def _apply(
    deps: AppDeps,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: str,
    reference: str,
    change: Any,
    *args: Any,
) -> Ticket | None:
    """``change(database, reference, *args, now=…)`` for a team button (``action``, as refusals are
    logged), or None after telling the clicker why not."""
    user = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id")
    try:
        return await deps.runtime.in_intake(lambda: change(deps.database, reference, *args, now=deps.clock()))
    except service.NotAllowed:
        refuse_logged(action, user, reference)
        await notify.whisper(client, channel, user, t(TEAM_LANGUAGE, "team_only"))
    except (service.TicketNotFound, service.InvalidTransition, service.StorageUnavailable) as error:
        await notify.whisper(client, channel, user, _problem_text(error, reference))
    return None


def extension_refusal(ticket: Ticket, today: Any, eves_off: bool = False) -> str | None:
    """Why the extend modal should not even open (closed, already extended, first month over…)."""
    if not ticket.is_open:
        return "closed"
    return deadlines.extension_problem(
        ticket.receipt_date,
        today,
        2,
        "reason",
        ticket.rights,
        already_extended=ticket.extended,
        eves_off=eves_off,
    )


TOLD_REQUESTER = {blocks.START: "status", blocks.RESUME: "resumed"}  # button → requester update


LOG_KEYS = {  # the one-click team actions and how the card's thread records them
    blocks.ASSIGN: "log_assigned",
    blocks.VERIFY: "log_verified",
    blocks.START: "log_started",
    blocks.RESUME: "log_resumed",
}


def _change(action_id: str, actor: Actor, eves_off: bool) -> tuple[Any, tuple[Any, ...]]:
    """The service call a one-click team action makes, and its arguments after the reference."""
    if action_id == blocks.ASSIGN:
        return service.assign, (actor, actor.user)
    if action_id == blocks.VERIFY:
        return partial(service.verify_identity, eves_off=eves_off), (actor,)
    if action_id == blocks.RESUME:
        return partial(service.resume, eves_off=eves_off), (actor,)
    return service.start, (actor,)


async def on_simple(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
) -> None:
    deps = deps_of(context)
    await ack()
    reference = str(action.get("value") or "")
    actor = await _team_actor(deps, client, body, action["action_id"], reference)
    if actor is None:
        return
    change, args = _change(action["action_id"], actor, deps.settings.eves_off)
    ticket = await _apply(deps, client, body, action["action_id"], reference, change, *args)
    if ticket is None:
        return
    due = format_date(TEAM_LANGUAGE, ticket.due_date)
    text = notify.team_text(
        LOG_KEYS[action["action_id"]], actor=actor.user, reference=ticket.reference, due=due
    )
    told = TOLD_REQUESTER.get(action["action_id"])  # starting and resuming are news to the requester
    if told is None:
        await notify.refresh_team(deps, client, ticket, text)
    else:
        await _announce(deps, client, ticket, text, told)


async def open_modal(
    deps: AppDeps,
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    build: Any,
    check_extension: bool,
) -> None:
    await ack()
    reference = str(body["actions"][0].get("value") or "")
    actor = await _team_actor(deps, client, body, body["actions"][0]["action_id"], reference)
    if actor is None:
        return
    channel = (body.get("channel") or {}).get("id")
    try:
        ticket = await deps.runtime.in_intake(service.get, deps.database, reference, actor)
    except (service.TicketNotFound, service.NotAllowed, service.StorageUnavailable) as error:
        await notify.whisper(client, channel, actor.user, _problem_text(error, reference))
        return
    problem = (
        extension_refusal(ticket, notify.today(deps), deps.settings.eves_off)
        if check_extension
        else (None if ticket.is_open else "closed")
    )
    if problem:
        await notify.whisper(
            client,
            channel,
            actor.user,
            _problem_text(service.InvalidTransition(problem), ticket.reference),
        )
        return
    try:
        await client.views_open(
            trigger_id=body["trigger_id"], view=build(notify.card(deps, ticket), ticket.reference)
        )
    except SlackApiError as error:
        log.warning("views.open failed error=%s", slack_error(error))


# the team's buttons that open a modal: its builder, and whether an extension must still be possible
MODALS = {
    blocks.EXTEND: (blocks.extend_modal, True),
    blocks.CLOSE: (blocks.close_modal, False),
    blocks.PAUSE: (blocks.pause_modal, False),
}


async def on_modal_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    build, check_extension = MODALS[action["action_id"]]
    await open_modal(deps_of(context), ack, body, client, build, check_extension)


async def on_pause_submit(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    reference = view.get("private_metadata") or ""
    user = body["user"]["id"]
    actor = await _submitting_team_actor(deps, client, ack, body, "pause", "reason")
    if actor is None:
        return
    kind = blocks.view_value(view, "kind") or ""
    reason = mask_personal_numbers(blocks.view_value(view, "reason") or "")
    if kind not in PAUSE_KINDS:
        await ack(response_action="errors", errors={"kind": t(TEAM_LANGUAGE, "pause_kind")})
        return
    try:
        ticket = await deps.runtime.in_intake(
            lambda: service.pause(deps.database, reference, actor, kind, reason, now=deps.clock())
        )
    except (service.TicketNotFound, service.InvalidTransition, service.StorageUnavailable) as error:
        await ack(response_action="errors", errors={"reason": _problem_text(error, reference)})
        return
    await ack()
    shown = neutralise(reason)
    kind_name = t(TEAM_LANGUAGE, f"pause_kind_{kind}").lower()
    change = notify.team_text(
        "log_paused", actor=user, reference=ticket.reference, kind=kind_name, reason=shown
    )
    await _announce(deps, client, ticket, change, "paused", shown)


async def on_extend_submit(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    reference = view.get("private_metadata") or ""
    user = body["user"]["id"]
    actor = await _submitting_team_actor(deps, client, ack, body, "extend", "reason")
    if actor is None:
        return
    reason = mask_personal_numbers(blocks.view_value(view, "reason") or "")
    try:
        current = await deps.runtime.in_intake(service.get, deps.database, reference, actor)
        told = (
            None if (current.subject_name or current.subject_email or current.subject_phone) else deps.clock()
        )
        ticket = await deps.runtime.in_intake(
            lambda: service.extend(
                deps.database,
                reference,
                actor,
                reason,
                2,
                told,
                now=deps.clock(),
                eves_off=deps.settings.eves_off,
            )
        )
    except (service.TicketNotFound, service.InvalidTransition, service.StorageUnavailable) as error:
        await ack(response_action="errors", errors={"reason": _problem_text(error, reference)})
        return
    await ack()
    due = format_date(TEAM_LANGUAGE, ticket.due_date)
    shown = neutralise(reason)  # stored as typed; shown without live <!channel>, <@U…> or links
    change = notify.team_text("log_extended", actor=user, reference=ticket.reference, due=due, reason=shown)
    await _announce(deps, client, ticket, change, "extended", shown)


async def on_close_submit(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps = deps_of(context)
    reference = view.get("private_metadata") or ""
    user = body["user"]["id"]
    actor = await _submitting_team_actor(deps, client, ack, body, "close", "outcome")
    if actor is None:
        return
    outcome = blocks.view_value(view, "outcome") or ""
    reason = blocks.view_value(view, "reason")
    note = blocks.view_value(view, "note")
    if outcome == "refused" and not reason:
        await ack(response_action="errors", errors={"reason": t(TEAM_LANGUAGE, "close_need_reason")})
        return
    try:
        ticket = await deps.runtime.in_intake(
            lambda: service.close(deps.database, reference, actor, outcome, reason, note, now=deps.clock())
        )
    except (service.TicketNotFound, service.InvalidTransition, service.StorageUnavailable) as error:
        await ack(response_action="errors", errors={"outcome": _problem_text(error, reference)})
        return
    await ack()
    if outcome == "refused":
        change = (
            notify.team_text(
                "log_refused",
                actor=user,
                reference=ticket.reference,
                reason=reason_name(TEAM_LANGUAGE, reason or "other"),
            )
            + "\n"
            + notify.team_text("log_imy")
        )
    else:
        change = notify.team_text(
            "log_closed",
            actor=user,
            reference=ticket.reference,
            outcome=outcome_name(TEAM_LANGUAGE, outcome),
        )
    await _announce(deps, client, ticket, change, "closed")


def register(app: AsyncApp) -> None:
    for action_id in LOG_KEYS:
        app.action(action_id)(on_simple)
    for action_id in MODALS:
        app.action(action_id)(on_modal_button)
    app.view(blocks.PAUSE_VIEW)(on_pause_submit)
    app.view(blocks.EXTEND_VIEW)(on_extend_submit)
    app.view(blocks.CLOSE_VIEW)(on_close_submit)
