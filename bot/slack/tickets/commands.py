"""`/privacy tickets [open|overdue|mine]` and `/privacy request …`.

The team sees the queue (open by default) ordered by due date with overdue / due-soon markers; anyone
else sees only their own requests. Asking for the team's queue without being on the team is refused
politely and logged (ids only), and the person is shown their own requests instead.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import AppDeps
from bot.slack.tickets import blocks, notify
from bot.slack.tickets.access import actor_for, refuse_logged
from bot.slack.tickets.modal import request_from_command
from bot.slack.tickets.texts import t
from bot.tickets import service

log = logging.getLogger(__name__)

LIST_WORDS = {"tickets": "en", "requests": "en", "ärenden": "sv", "arenden": "sv", "begäranden": "sv"}
REQUEST_WORDS = {"request": "en", "begäran": "sv", "begaran": "sv", "log": "en", "registrera": "sv"}
FILTERS = {
    "open": "open",
    "öppna": "open",
    "oppna": "open",
    "overdue": "overdue",
    "försenade": "overdue",
    "forsenade": "overdue",
    "mine": "mine",
    "mina": "mine",
    "all": "all",
    "alla": "all",
}
TEAM_FILTERS = ("open", "overdue", "all")


async def list_command(
    deps: AppDeps,
    client: AsyncWebClient,
    command: dict[str, Any],
    words: list[str],
    respond: Any,
    language: str,
) -> None:
    user = command.get("user_id", "")
    which = FILTERS.get(words[0].lower(), "") if words else ""
    if words and not which:
        await respond(text=t(language, "list_usage"), response_type="ephemeral", replace_original=False)
        return
    actor = await actor_for(deps, client, user)
    today = notify.today(deps)
    soon = deps.settings.due_soon_days
    prefix: list[dict[str, Any]] = []
    if actor.team:
        which = which or "open"
        tickets = await deps.runtime.in_intake(
            service.queue, deps.database, actor, which, today, blocks.MAX_LISTED + 1
        )
        names = {"open": "list_open", "overdue": "list_overdue", "mine": "list_mine", "all": "list_open"}
        header = t(language, "list_team_header", which=t(language, names[which]), count=len(tickets))
        team = True
    else:
        if which in TEAM_FILTERS:
            refuse_logged(f"list_{which}", user, None)
            prefix = [{"type": "section", "text": {"type": "mrkdwn", "text": t(language, "team_only")}}]
        tickets = await deps.runtime.in_intake(
            service.own_requests, deps.database, actor.user, blocks.MAX_LISTED + 1
        )
        header = t(language, "list_mine_header", count=len(tickets))
        team = False
    cards = [notify.card(deps, ticket) for ticket in tickets]
    built = prefix + blocks.list_blocks(header, cards, language, today, soon, team)
    text = blocks.list_text(header, cards, language, today, soon, team)
    await respond(text=text, blocks=built, response_type="ephemeral", replace_original=False)
    log.info("ticket list user=%s team=%s filter=%s count=%d", user, actor.team, which or "-", len(cards))


async def handle_privacy_subcommand(
    deps: AppDeps, client: AsyncWebClient, command: dict[str, Any], words: list[str], respond: Any
) -> bool:
    """`/privacy tickets …` and `/privacy request …`. Returns False when the words are not a ticket sub-command."""
    if not words:
        return False
    first = words[0].lower()
    if first not in LIST_WORDS and first not in REQUEST_WORDS:
        return False
    language = LIST_WORDS.get(first) or REQUEST_WORDS.get(first) or "en"
    try:
        if first in LIST_WORDS:
            await list_command(deps, client, command, words[1:], respond, language)
        else:
            await request_from_command(deps, client, command, words[1:], respond)
    except service.StorageUnavailable:
        await respond(text=t(language, "storage_down"), response_type="ephemeral", replace_original=False)
    return True
