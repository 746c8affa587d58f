"""Slack side of rights requests (tickets). Hooks the rest of the Slack app calls.

Placeholder: the ticket flows replace these bodies, keeping the signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.pipeline import Understanding
from bot.slack.deps import AppDeps


@dataclass(frozen=True)
class Recorded:
    """A rights request stored in the database before the Slack event is acknowledged."""

    reference: str
    created: bool  # False when this delivery was a duplicate of a stored request


def register(app: AsyncApp, deps: AppDeps) -> None:
    """Register the ticket listeners: buttons, the message shortcut, modals."""


def record_request(
    deps: AppDeps, event: dict[str, Any], team_id: str | None, understanding: Understanding, source: str
) -> Recorded:
    """Store the request (idempotent on the Slack message). Raises StorageUnavailable if the DB is down."""
    raise NotImplementedError


async def confirm_request(
    deps: AppDeps,
    client: AsyncWebClient,
    event: dict[str, Any],
    recorded: Recorded,
    understanding: Understanding,
) -> None:
    """After the ack: tell the requester (reference, next steps, due date) and notify the privacy team."""


async def handle_privacy_subcommand(
    deps: AppDeps, client: AsyncWebClient, command: dict[str, Any], words: list[str], respond: Any
) -> bool:
    """`/privacy tickets …` and `/privacy request …`. Returns False when the words are not a ticket sub-command."""
    return False


def home_blocks(deps: AppDeps, user_id: str, language: str) -> list[dict[str, Any]]:
    """App Home section: the user's own requests (the team's queue for privacy-team members)."""
    return []
