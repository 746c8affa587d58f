"""Tickets as plain rows for the command line, CSV/JSON export and the Data Rights Protocol status.

Rows carry no message text and no contact details of the data subject (only whether one was given).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from bot.models import Ticket, TicketEvent
from bot.tickets.deadlines import days_left

# Data Rights Protocol v1.0 statuses: open / in_progress / fulfilled / denied / revoked (/ expired)
DRP_STATUS = {
    "received": "open",
    "awaiting_identity": "in_progress",  # DRP reason need_user_verification
    "in_progress": "in_progress",
    "fulfilled": "fulfilled",
    "partially_fulfilled": "fulfilled",  # what could be done was done; the rest is in processing details
    "refused": "denied",
    "not_a_request": "revoked",  # the message was not a request after all: withdrawn, not decided
    "withdrawn": "revoked",
}
# our refusal reason codes → DRP denial reasons
DRP_REASON = {
    "insuf_verification": "insuf_verification",
    "no_match": "no_match",
    "claim_not_covered": "claim_not_covered",
    "outside_jurisdiction": "outside_jurisdiction",
    "suspected_fraud": "suspected_fraud",
    "excessive": "too_many_requests",
    "manifestly_unfounded": "other",
    "legal_retention_obligation": "claim_not_covered",
    "other": "other",
}

EXPORT_FIELDS = (
    "reference",
    "company",
    "right",
    "rights",
    "status",
    "drp_status",
    "drp_reason",
    "source",
    "language",
    "requester",
    "requester_team",
    "relayed",
    "received_at",
    "receipt_date",
    "initial_due_date",
    "due_date",
    "calendar_due_date",
    "extended",
    "extension_months",
    "extension_notified_at",
    "identity_requested_at",
    "identity_verified_at",
    "assignee",
    "outcome",
    "reason_code",
    "closed_at",
)


def drp_status(status: str) -> str:
    return DRP_STATUS.get(status, "open")


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def summary(ticket: Ticket, today: date | None = None) -> dict[str, Any]:
    """The `tickets list --json` object."""
    row: dict[str, Any] = {
        "reference": ticket.reference,
        "company": ticket.company,
        "right": ticket.right,
        "rights": list(ticket.rights),
        "status": ticket.status,
        "received_at": _iso(ticket.received_at),
        "due_date": ticket.due_date.isoformat(),
        "calendar_due_date": _iso(ticket.calendar_due_date),
        "requester": ticket.requester_user,
        "assignee": ticket.assignee,
        "source": ticket.source,
        "language": ticket.language,
        "extended": ticket.extended,
    }
    if today is not None and ticket.is_open:
        row["days_left"] = days_left(ticket.due_date, today)
    return row


def export_row(ticket: Ticket) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "company": ticket.company,
        "right": ticket.right,
        "rights": list(ticket.rights),
        "status": ticket.status,
        "drp_status": drp_status(ticket.status),
        "drp_reason": DRP_REASON.get(ticket.reason_code or "") if ticket.status == "refused" else None,
        "source": ticket.source,
        "language": ticket.language,
        "requester": ticket.requester_user,
        "requester_team": ticket.requester_team,
        "relayed": bool(ticket.subject_name or ticket.subject_email or ticket.subject_phone),
        "received_at": _iso(ticket.received_at),
        "receipt_date": _iso(ticket.receipt_date),
        "initial_due_date": _iso(ticket.initial_due_date),
        "due_date": _iso(ticket.due_date),
        "calendar_due_date": _iso(ticket.calendar_due_date),
        "extended": ticket.extended,
        "extension_months": ticket.extension_months,
        "extension_notified_at": _iso(ticket.extension_notified_at),
        "identity_requested_at": _iso(ticket.identity_requested_at),
        "identity_verified_at": _iso(ticket.identity_verified_at),
        "assignee": ticket.assignee,
        "outcome": ticket.outcome,
        "reason_code": ticket.reason_code,
        "closed_at": _iso(ticket.closed_at),
    }


def event_row(event: TicketEvent) -> dict[str, Any]:
    return {
        "at": _iso(event.at),
        "actor": event.actor,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "data": event.data,
    }


def write_json(tickets: Iterable[Ticket], stream: IO[str]) -> None:
    json.dump([export_row(t) for t in tickets], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_csv(tickets: Iterable[Ticket], stream: IO[str]) -> None:
    writer = csv.DictWriter(stream, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for ticket in tickets:
        row = export_row(ticket)
        row["rights"] = ";".join(row["rights"])
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
