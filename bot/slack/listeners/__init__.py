"""Bolt listeners, one module per kind of Slack request: module-level functions that find the app's
dependencies in the request's context (``bot.slack.deps.deps_of``), wired here."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, events, home


def register_all(app: AsyncApp) -> None:
    events.register(app)
    commands.register(app)
    actions.register(app)
    home.register(app)
