"""The ticket flows' sentences in Slack: the ``tickets`` sections of the message catalogue (``bot/messages.py``).

Requesters are answered in their own language; the privacy team's channel, buttons and modals use
TEAM_LANGUAGE. Personal identity numbers are masked by `mask_personal_numbers` wherever text is shown.
"""

from __future__ import annotations

import re
from datetime import date

from bot import messages, rights

TEAM_LANGUAGE = "en"
LANGUAGES = ("sv", "en")

# 19850101-1234, 850101-1234, 198501011234, 8501011234, 850101+1234 (and samordningsnummer, day + 60).
_PERSONNUMMER = re.compile(r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])\d{2}[-+]?\d{4}(?![\d-])")


def lang(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def t(language: str | None, key: str, **values: object) -> str:
    return messages.section(lang(language), "tickets")[key].format(**values)


def mask_personal_numbers(text: str) -> str:
    """Replace Swedish personal identity numbers with a mask that keeps nothing of them."""
    return _PERSONNUMMER.sub("[personnummer]", text)


def format_date(language: str | None, day: date) -> str:
    month = messages.months(lang(language))[day.month - 1]
    return f"{day.day} {month} {day.year}"


def rights_text(language: str | None, ids: tuple[str, ...] | list[str]) -> str:
    names = [rights.name(lang(language), r) for r in (ids or ("unspecified",))]
    return ", ".join(names)


def status_name(language: str | None, status: str) -> str:
    return messages.section(lang(language), "ticket_status").get(status, status.replace("_", " "))


def source_name(language: str | None, source: str) -> str:
    return messages.section(lang(language), "ticket_source").get(source, source.replace("_", " "))


def outcome_name(language: str | None, outcome: str) -> str:
    return messages.section(lang(language), "ticket_outcome").get(outcome, outcome.replace("_", " "))


def reason_name(language: str | None, reason: str) -> str:
    return messages.section(lang(language), "ticket_reason").get(reason, reason.replace("_", " "))


def due_marker(language: str | None, due: date, today: date, soon_days: int) -> str:
    """'overdue by 3 day(s)' / 'due today' / 'due in 2 day(s)' / '12 days left'."""
    days = (due - today).days
    if days < 0:
        return t(language, "overdue", days=-days)
    if days == 0:
        return t(language, "due_today")
    if days <= soon_days:
        return t(language, "due_soon", days=days)
    return t(language, "due_in", days=days)


def due_emoji(due: date, today: date, soon_days: int) -> str:
    days = (due - today).days
    if days < 0:
        return ":red_circle:"
    if days <= soon_days:
        return ":large_orange_circle:"
    return ":white_circle:"
