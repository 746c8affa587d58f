"""The App Home section about requests: the team's queue for team members, otherwise one's own."""

from __future__ import annotations

from typing import Any

from bot.slack.deps import AppDeps
from bot.slack.tickets import blocks, notify, report
from bot.slack.tickets.access import directory
from bot.slack.tickets.texts import t
from bot.tickets import service
from bot.tickets.access import Actor


def home_blocks(deps: AppDeps, user_id: str, language: str) -> list[dict[str, Any]]:
    """Blocks for the App Home (synchronous: reads the database; group members as last fetched)."""
    actor = directory(deps).access().actor(user_id)
    today = notify.today(deps)
    soon = deps.settings.due_soon_days
    out: list[dict[str, Any]] = [{"type": "divider"}]
    if actor.team:
        queue = service.list_tickets(
            deps.database, actor, status="open", today=today, limit=blocks.MAX_LISTED // 2
        )
        cards = [notify.card(deps, ticket) for ticket in queue]
        out += report.home_team_blocks(deps, today)
        out += blocks.list_blocks(t(language, "home_team_header"), cards, language, today, soon, team=True)
    mine = service.list_tickets(deps.database, Actor(user_id, team=False), limit=10)
    if mine or not actor.team:
        cards = [notify.card(deps, ticket) for ticket in mine]
        out += blocks.list_blocks(t(language, "home_mine_header"), cards, language, today, soon, team=False)
    return out
