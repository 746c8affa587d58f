"""Turning a Slack message into a stored request (runs before the ack, in a worker thread).

The dedup key is the Slack message itself (team + channel + message ts), so a retried delivery, a
second process, or a later "yes, open a request" for the same message all land on one ticket.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.models import Ticket
from bot.pipeline import Understanding
from bot.slack.conversation import event_text, reply_thread_ts
from bot.slack.deps import AppDeps
from bot.tickets import service

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """A rights request stored in the database before the Slack event is acknowledged."""

    reference: str
    created: bool  # False when this delivery was a duplicate of a stored request


def dedup_key(team_id: str | None, channel: str | None, ts: str | None) -> str | None:
    if not channel or not ts:
        return None
    return f"{team_id or '-'}:{channel}:{ts}"


def ts_to_datetime(ts: str | None, fallback: datetime) -> datetime:
    """Slack's `ts` ("1706742000.000100", seconds since the epoch, UTC) as an aware datetime."""
    try:
        return datetime.fromtimestamp(float(ts or ""), UTC)
    except (ValueError, OverflowError, OSError):  # "nan", "inf", "1e30": not a Slack ts
        return fallback


_SLACK_ID = re.compile(r"[A-Z0-9]{2,24}")
_SLACK_TS = re.compile(r"\d{9,11}\.\d{6}")


def slack_id(value: object) -> str | None:
    """A channel / team / user id from a payload Slack does not sign the contents of (button values,
    private_metadata): kept only if it looks like one, so a forged value can't overflow a column."""
    return value if isinstance(value, str) and _SLACK_ID.fullmatch(value) else None


def slack_message_ts(value: object) -> str | None:
    """A message ts from a forgeable payload, kept only if it looks like one ("1706742000.000100")."""
    return value if isinstance(value, str) and _SLACK_TS.fullmatch(value) else None


def open_request(
    deps: AppDeps,
    *,
    team_id: str | None,
    user: str,
    channel: str | None,
    ts: str | None,
    source: str,
    language: str,
    company: str | None,
    rights: Sequence[str],
    text: str,
    subject: dict[str, str | None] | None = None,
    notes: str | None = None,
    key: str | None = None,
    matched: Sequence[str] = (),
    reply_to: tuple[str, str | None] | None = None,
) -> tuple[Ticket, bool]:
    """Store one request; `received_at` is the message's ts (or now when there is no message).

    With the ticket, in one transaction, go the confirmations it is owed (``bot.tickets.outbox``): to the
    requester at `reply_to` (conversation, thread), and to PRIVACY_CHANNEL when one is set."""
    notices: list[tuple[str, str, str | None]] = []
    if reply_to is not None:
        notices.append(("requester", reply_to[0], reply_to[1]))
    if deps.settings.privacy_channel:
        notices.append(("team", deps.settings.privacy_channel, None))
    request = service.NewRequest(
        company=company,
        rights=list(rights),
        source=source,
        requester_user=user,
        requester_team=team_id,
        language=language if language in ("sv", "en") else "sv",
        text=text,
        received_at=ts_to_datetime(ts, deps.clock()),
        dedup_key=key if key is not None else dedup_key(team_id, channel, ts),
        notes=notes,
        channel_id=channel,
        message_ts=ts,
        extra={"matched": list(matched)} if matched else {},
        notices=notices,
        **(subject or {}),
    )
    return service.open_ticket(deps.database, request, settings=deps.settings, now=deps.clock())


def request_record(
    event: dict[str, Any], team_id: str | None, understanding: Understanding, source: str
) -> dict[str, Any]:
    """Everything `open_request` needs to store this message's request, as plain JSON-ready values (what
    the spool keeps when the database is away)."""
    return {
        "team_id": team_id or event.get("team"),
        "user": str(event.get("user") or ""),
        "channel": event.get("channel"),
        "ts": event.get("ts"),
        "source": source,
        "language": understanding.language,
        "company": understanding.company.slug,
        "rights": list(understanding.intent.ticket_rights()),
        "text": event_text(event) or understanding.text,  # the message exactly as Slack delivered it
        "subject": understanding.intent.subject(),
        "matched": list(understanding.intent.matched),
        "reply_to": [str(event.get("channel") or ""), reply_thread_ts(event, source)],  # type: ignore[arg-type]
    }


def store_record(deps: AppDeps, record: dict[str, Any]) -> Recorded:
    """Store a request record (idempotent on the Slack message). Raises StorageUnavailable if the DB is down."""
    fields = dict(record)
    reply_to = fields.pop("reply_to", None)
    ticket, created = open_request(deps, **fields, reply_to=(reply_to[0], reply_to[1]) if reply_to else None)
    log.info("request recorded ref=%s created=%s source=%s", ticket.reference, created, fields.get("source"))
    return Recorded(ticket.reference, created)


def record_request(
    deps: AppDeps, event: dict[str, Any], team_id: str | None, understanding: Understanding, source: str
) -> Recorded:
    """Store the request (idempotent on the Slack message). Raises StorageUnavailable if the DB is down."""
    return store_record(deps, request_record(event, team_id, understanding, source))
