"""Bolt listeners, one module per kind of Slack request."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import AppDeps
from bot.slack.listeners import actions, commands, events, home


def register_all(app: AsyncApp, deps: AppDeps) -> None:
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    home.register(app, deps)
