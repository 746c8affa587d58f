"""Slack side of rights requests (tickets). Hooks the rest of the Slack app calls.

record_request        before the ack: store the request (idempotent on the Slack message)
request_record / store_record   the same in two steps (what the spool keeps while the database is away)
confirm_request       after the ack: confirm to the requester, notify the privacy team
request_offer_blocks  "Do you want to open a request?" / "Open a request" buttons for an answer
handle_privacy_subcommand   `/privacy tickets …`, `/privacy request …`
home_blocks           App Home section (own requests, or the team's queue)
refresh_team_members  fetch PRIVACY_TEAM user-group members (cached; call before home_blocks)
run_digest_loop / post_digest   the daily digest in PRIVACY_CHANNEL
register              buttons, the message shortcut, modals
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import AppDeps
from bot.slack.tickets import confirm, modal, team
from bot.slack.tickets.access import directory
from bot.slack.tickets.commands import handle_privacy_subcommand
from bot.slack.tickets.confirm import confirm_request, request_offer_blocks
from bot.slack.tickets.digest import post_digest, run_digest_loop
from bot.slack.tickets.home import home_blocks
from bot.slack.tickets.intake import Recorded, record_request, request_record, store_record

__all__ = [
    "Recorded",
    "confirm_request",
    "handle_privacy_subcommand",
    "home_blocks",
    "post_digest",
    "record_request",
    "refresh_team_members",
    "register",
    "request_offer_blocks",
    "request_record",
    "run_digest_loop",
    "store_record",
]


def register(app: AsyncApp) -> None:
    """Register the ticket listeners: buttons, the message shortcut, modals."""
    confirm.register(app)
    team.register(app)
    modal.register(app)


async def refresh_team_members(deps: AppDeps, client: AsyncWebClient) -> None:
    """Make sure the privacy team's user-group members are known (cached for a few minutes)."""
    await directory(deps).current(client)
