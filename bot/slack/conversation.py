"""Which Slack events are conversations the bot answers, and where the reply goes (pure)."""

from __future__ import annotations

import re
from typing import Any, Literal

from bot.intent import Intent

Source = Literal["mention", "dm", "thread"]

_ADDRESSED = re.compile(r"<(@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+|!here|!channel|!everyone)[|>]")


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


def follow_up_thread(event: dict[str, Any], bot_user_id: str | None) -> str | None:
    """The thread a channel message replies in, when it may be a follow-up to the bot (no @-mention needed):
    a person's plain reply in a thread, not addressed to anyone (a mention of someone else, a user group,
    @here) and not mentioning the bot (that comes as an `app_mention`). Whether the bot answered in that
    thread is the caller's look-up."""
    if event.get("type") != "message" or event.get("channel_type") not in ("channel", "group"):
        return None
    if (
        event.get("subtype") not in (None, "thread_broadcast")
        or event.get("bot_id")
        or event.get("bot_profile")
    ):
        return None
    user = event.get("user")
    thread_ts = event.get("thread_ts")
    if not user or (bot_user_id and user == bot_user_id) or not isinstance(thread_ts, str):
        return None
    if thread_ts == event.get("ts") or _ADDRESSED.search(event_text(event)):
        return None
    return thread_ts


def asks_something(text: str, intent: Intent, topic: str | None) -> bool:
    """Whether a reply in the bot's thread, not addressed to it, asks the bot anything: a question mark, a
    topic the policies speak of, or anything about a right. "tack!", "ok 👍", "perfekt, då vet jag" don't,
    and get no answer (nobody wants "the policy says nothing about that" under a thank-you)."""
    if "?" in text or topic is not None:
        return True
    return intent.kind != "question" or intent.ambiguous or intent.about_right is not None


def reply_thread_ts(event: dict[str, Any], source: Source) -> str | None:
    """Mentions are answered in their thread (started at the mention), follow-ups in theirs; DMs in
    place, or in their thread."""
    if source in ("mention", "thread"):
        return event.get("thread_ts") or event.get("ts")
    return event.get("thread_ts")


def event_text(event: dict[str, Any]) -> str:
    text = event.get("text")
    return text if isinstance(text, str) else ""
