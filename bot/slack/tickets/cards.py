"""Stored ticket → what Slack shows about it (`TicketCard`)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.models import CLOSED_STATUSES, Ticket
from bot.slack.tickets.blocks import TicketCard


def card_from_ticket(ticket: Ticket, company_names: Mapping[str, str]) -> TicketCard:
    rights = tuple(ticket.rights or ([ticket.right] if ticket.right else []))
    company = company_names.get(ticket.company, ticket.company) if ticket.company else None
    return TicketCard(
        reference=ticket.reference,
        status=ticket.status,
        rights=rights,
        company=company,
        source=ticket.source,
        language=ticket.language,
        received_on=ticket.receipt_date,
        due=ticket.due_date,
        requester_user=ticket.requester_user,
        assignee=ticket.assignee,
        identity_verified=ticket.identity_verified_at is not None,
        relayed=bool(ticket.subject_name or ticket.subject_email or ticket.subject_phone),
        closed=ticket.status in CLOSED_STATUSES,
        extended=ticket.extended_due_date is not None,
        outcome=ticket.outcome or (ticket.status if ticket.status in CLOSED_STATUSES else None),
        reason=ticket.reason_code,
        paused=ticket.pause_kind if ticket.paused_at is not None else None,
    )
