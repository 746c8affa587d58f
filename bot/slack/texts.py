"""Slack-only user-facing strings (button labels, help, notices): the ``slack`` section of the message
catalogue (``bot/messages.py``). The sentences shared with other front ends are in its ``replies`` section.
"""

from __future__ import annotations

from bot import messages
from bot.replies import with_genitive


def st(language: str, key: str, **values: str) -> str:
    """A Slack string in `language` (sv/en; anything else falls back to English)."""
    return messages.section(language, "slack")[key].format(**with_genitive(language, values))


def keys(language: str) -> set[str]:
    return set(messages.section(language, "slack"))
