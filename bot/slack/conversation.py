"""Which Slack events are conversations the bot answers, and where the reply goes (pure)."""

from __future__ import annotations

from typing import Any, Literal

Source = Literal["mention", "dm"]


def conversation_source(event: dict[str, Any], bot_user_id: str | None) -> Source | None:
    """'mention' for an @-mention in a channel, 'dm' for a direct message, None for everything else.

    Ignored: the bot's own and other bots' messages, edits/deletions and other subtypes, and the twin
    `message` event Slack sends alongside an `app_mention` in a channel (only the mention is answered).
    """
    if event.get("subtype") or event.get("bot_id") or event.get("bot_profile"):
        return None
    user = event.get("user")
    if not user or (bot_user_id and user == bot_user_id):
        return None
    kind = event.get("type")
    if kind == "app_mention":
        return "mention"
    if kind == "message" and event.get("channel_type") == "im":
        return "dm"
    return None


def reply_thread_ts(event: dict[str, Any], source: Source) -> str | None:
    """Mentions are answered in their thread (started at the mention); DMs in place, or in their thread."""
    if source == "mention":
        return event.get("thread_ts") or event.get("ts")
    return event.get("thread_ts")


def event_text(event: dict[str, Any]) -> str:
    text = event.get("text")
    return text if isinstance(text, str) else ""
