"""Pure Block Kit builders for the ticket flows: confirmations, team notifications, modals, lists.

Everything here takes plain data (`TicketCard`) and returns Slack JSON; nothing talks to Slack or the
database. Channel notifications carry reference, company, right(s), dates, source and status only:
never message text or contact details.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.models import PAUSE_KINDS, REFUSAL_REASONS
from bot.rights import RIGHTS
from bot.slack.tickets import texts
from bot.slack.tickets.texts import TEAM_LANGUAGE, mask_personal_numbers, t
from bot.tickets.deadlines import is_fast_track

# action ids
NOT_A_REQUEST = "ticket_not_a_request"
OFFER_YES = "ticket_offer_yes"
OFFER_NO = "ticket_offer_no"
ASSIGN = "ticket_assign"
VERIFY = "ticket_verify"
START = "ticket_start"
EXTEND = "ticket_extend"
CLOSE = "ticket_close"
PAUSE = "ticket_pause"
RESUME = "ticket_resume"
TEAM_ACTIONS = (ASSIGN, VERIFY, START, EXTEND, PAUSE, RESUME, CLOSE)

# view callback ids
EXTEND_VIEW = "ticket_extend_view"
PAUSE_VIEW = "ticket_pause_view"
CLOSE_VIEW = "ticket_close_view"
REQUEST_VIEW = "ticket_request_view"

# message shortcut callback id
SHORTCUT = "log_rights_request"

OUTCOMES = ("fulfilled", "partially_fulfilled", "refused")
MODAL_RIGHTS = tuple(r for r in RIGHTS if r != "unspecified")
MAX_LISTED = 40  # a message holds 50 blocks
MAX_VALUE = 2000  # Slack's limit on a button value
SECTION_LIMIT = 3000
# the request modal's text fields: at most what the ticket's columns hold (a phone number at most 64)
REQUEST_FIELD_LIMITS = {"subject_name": 200, "subject_contact": 320, "notes": 2900}


@dataclass(frozen=True)
class TicketCard:
    """What Slack shows about a ticket; built from the stored ticket by `cards.card_from_ticket`."""

    reference: str
    status: str
    rights: tuple[str, ...]
    company: str | None  # display name
    source: str
    language: str
    received_on: date  # Stockholm date of receipt
    due: date  # the date that applies now (extended if extended)
    requester_user: str | None = None
    assignee: str | None = None
    identity_verified: bool = False
    relayed: bool = False
    closed: bool = False
    extended: bool = False
    outcome: str | None = None
    reason: str | None = None
    paused: str | None = None  # what the team waits for while the clock stands still (PAUSE_KINDS)

    @property
    def prompt(self) -> bool:
        """Consent withdrawal / marketing opt-out only: an internal target, not the legal month."""
        return is_fast_track(self.rights)


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def _mrkdwn_section(text: str) -> dict[str, Any]:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": mask_personal_numbers(text)[:SECTION_LIMIT]},
    }


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": _plain(text),
        "action_id": action_id,
        "value": value[:MAX_VALUE],
    }
    if style:
        button["style"] = style
    return button


def _company_suffix(language: str, card: TicketCard) -> str:
    return t(language, "for_company", company=card.company) if card.company else ""


# ---- requester ---------------------------------------------------------------------------------


def confirmation_text(card: TicketCard) -> str:
    """The plain-text fallback and the body of the requester's confirmation."""
    lang = card.language
    lines = [
        t(
            lang,
            "confirm_lead_relayed" if card.relayed else "confirm_lead",
            reference=card.reference,
            rights=texts.rights_text(lang, card.rights),
            company=_company_suffix(lang, card),
        ),
    ]
    due = texts.format_date(lang, card.due)
    if card.prompt:
        lines.append(t(lang, "confirm_next_prompt", due=due))
    else:
        lines.append(
            t(
                lang,
                "confirm_next_relayed" if card.relayed else "confirm_next",
                due=due,
                received=texts.format_date(lang, card.received_on),
            )
        )
    if card.relayed:
        lines.append(t(lang, "confirm_relayed"))
    if not card.company:
        lines.append(t(lang, "confirm_no_company"))
    return "\n".join(lines)


def confirmation_blocks(card: TicketCard) -> list[dict[str, Any]]:
    blocks = [_mrkdwn_section(line) for line in confirmation_text(card).split("\n")]
    if not card.closed:
        blocks.append(
            {
                "type": "actions",
                "block_id": "ticket_requester",
                "elements": [
                    _button(t(card.language, "not_a_request_button"), NOT_A_REQUEST, card.reference)
                ],
            }
        )
    return blocks


def requester_update_text(card: TicketCard, event: str, reason: str | None = None) -> str:
    """What the requester is told when the team changes the ticket (in the requester's language)."""
    lang = card.language
    ref = card.reference
    if event == "extended":
        return t(
            lang,
            "update_extended",
            reference=ref,
            due=texts.format_date(lang, card.due),
            reason=mask_personal_numbers(reason or ""),
        )
    if event == "closed":
        if card.outcome == "refused":
            why = texts.reason_name(lang, card.reason or "other")
            return t(lang, "update_refused", reference=ref, reason=why) + "\n" + t(lang, "imy")
        return t(
            lang,
            "update_closed",
            reference=ref,
            outcome=texts.outcome_name(lang, card.outcome or "fulfilled"),
        )
    if event == "not_a_request":
        return t(lang, "not_a_request_done", reference=ref)
    if event == "paused":
        return t(
            lang,
            f"update_paused_{card.paused or 'clarification'}",
            reference=ref,
            reason=mask_personal_numbers(reason or ""),
        )
    if event == "resumed":
        return t(lang, "update_resumed", reference=ref, due=texts.format_date(lang, card.due))
    return t(lang, "update_status", reference=ref, status=texts.status_name(lang, card.status))


# ---- offers ------------------------------------------------------------------------------------


def offer_value(payload: Mapping[str, Any]) -> str:
    """Encode what a "yes, open a request" needs; the message text is cut so the value fits."""
    data = dict(payload)
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if len(encoded) > MAX_VALUE:
        overflow = len(encoded) - MAX_VALUE + 10
        data["x"] = str(data.get("x", ""))[: max(0, len(str(data.get("x", ""))) - overflow)]
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return encoded


def offer_blocks(language: str, value: str, about_right: bool) -> list[dict[str, Any]]:
    if about_right:
        return [
            _mrkdwn_section(t(language, "offer_about_right")),
            {
                "type": "actions",
                "block_id": "ticket_offer",
                "elements": [_button(t(language, "offer_open"), OFFER_YES, value, "primary")],
            },
        ]
    return [
        _mrkdwn_section(t(language, "offer_question")),
        {
            "type": "actions",
            "block_id": "ticket_offer",
            "elements": [
                _button(t(language, "offer_yes"), OFFER_YES, value, "primary"),
                _button(t(language, "offer_no"), OFFER_NO, language),
            ],
        },
    ]


# ---- privacy team ------------------------------------------------------------------------------


def team_mention(users: Sequence[str], groups: Sequence[str]) -> str:
    tags = [f"<!subteam^{g}>" for g in groups] + [f"<@{u}>" for u in users]
    return (" ".join(tags) + " ") if tags else ""


def team_fields(card: TicketCard, today: date, soon_days: int) -> list[dict[str, Any]]:
    lang = TEAM_LANGUAGE
    due = f"{texts.format_date(lang, card.due)} ({texts.due_marker(lang, card.due, today, soon_days)})"
    if card.closed:
        due = texts.format_date(lang, card.due)
    status = texts.status_name(lang, card.status)
    if card.identity_verified and not card.closed:
        status += " · " + t(lang, "btn_verify").lower()
    fields = [
        (t(lang, "team_company"), card.company or t(lang, "team_no_company")),
        (t(lang, "team_rights"), texts.rights_text(lang, card.rights)),
        (t(lang, "team_received"), texts.format_date(lang, card.received_on)),
        (t(lang, "team_due"), due),
        (t(lang, "team_source"), texts.source_name(lang, card.source)),
        (t(lang, "team_status"), status),
        (t(lang, "team_assignee"), f"<@{card.assignee}>" if card.assignee else t(lang, "team_unassigned")),
    ]
    return [{"type": "mrkdwn", "text": f"*{name}*\n{value}"} for name, value in fields]


def team_text(card: TicketCard, mention: str = "") -> str:
    return t(TEAM_LANGUAGE, "team_new", mention=mention, reference=card.reference)


def team_blocks(card: TicketCard, today: date, soon_days: int, mention: str = "") -> list[dict[str, Any]]:
    """The privacy channel's notification: minimal data, and the team's buttons while the ticket is open."""
    lang = TEAM_LANGUAGE
    blocks: list[dict[str, Any]] = [
        _mrkdwn_section(
            f"{texts.due_emoji(card.due, today, soon_days) if not card.closed else ':white_check_mark:'} "
            + team_text(card, mention)
        ),
        {"type": "section", "fields": team_fields(card, today, soon_days)},
    ]
    if card.relayed:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(lang, "team_relayed")}]})
    if not card.closed:
        ref = card.reference
        buttons = []
        if not card.assignee:
            buttons.append(_button(t(lang, "btn_assign"), ASSIGN, ref))
        if not card.identity_verified:
            buttons.append(_button(t(lang, "btn_verify"), VERIFY, ref))
        if card.status in ("received", "awaiting_identity"):
            buttons.append(_button(t(lang, "btn_start"), START, ref, "primary"))
        if card.paused:
            buttons.append(_button(t(lang, "btn_resume"), RESUME, ref, "primary"))
        else:
            if not card.extended:
                buttons.append(_button(t(lang, "btn_extend"), EXTEND, ref))
            if not card.prompt:
                buttons.append(_button(t(lang, "btn_pause"), PAUSE, ref))
        buttons.append(_button(t(lang, "btn_close"), CLOSE, ref, "danger"))
        blocks.append({"type": "actions", "block_id": f"ticket_team:{ref}", "elements": buttons})
    return blocks


# ---- modals ------------------------------------------------------------------------------------


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def _modal(
    title: str, submit: str, callback_id: str, metadata: str, blocks: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title[:24]),
        "submit": _plain(submit),
        "close": _plain(t(TEAM_LANGUAGE, "cancel")),
        "private_metadata": metadata[:3000],
        "blocks": blocks,
    }


def _text_area(block_id: str, label: str, optional: bool = False) -> dict[str, Any]:
    """A multiline text input of up to 1,000 characters (a reason, a note)."""
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 1000},
    }
    if optional:
        block["optional"] = True
    return block


def extend_modal(card: TicketCard, metadata: str) -> dict[str, Any]:
    lang = TEAM_LANGUAGE
    return _modal(
        t(lang, "extend_title"),
        t(lang, "extend_submit"),
        EXTEND_VIEW,
        metadata,
        [
            _mrkdwn_section(
                t(lang, "extend_intro", reference=card.reference, due=texts.format_date(lang, card.due))
            ),
            _text_area("reason", t(lang, "extend_reason")),
        ],
    )


def pause_modal(card: TicketCard, metadata: str) -> dict[str, Any]:
    """Stop the clock: what the team waits for, and why (the requester is told)."""
    lang = TEAM_LANGUAGE
    kinds = [_option(t(lang, f"pause_kind_{kind}"), kind) for kind in PAUSE_KINDS]
    return _modal(
        t(lang, "pause_title"),
        t(lang, "pause_submit"),
        PAUSE_VIEW,
        metadata,
        [
            _mrkdwn_section(
                t(lang, "pause_intro", reference=card.reference, due=texts.format_date(lang, card.due))
            ),
            {
                "type": "input",
                "block_id": "kind",
                "label": _plain(t(lang, "pause_kind")),
                "element": {"type": "radio_buttons", "action_id": "value", "options": kinds},
            },
            _text_area("reason", t(lang, "pause_reason")),
        ],
    )


def close_modal(card: TicketCard, metadata: str) -> dict[str, Any]:
    lang = TEAM_LANGUAGE
    return _modal(
        t(lang, "close_title"),
        t(lang, "close_submit"),
        CLOSE_VIEW,
        metadata,
        [
            _mrkdwn_section(f"*{card.reference}* · {texts.rights_text(lang, card.rights)}"),
            {
                "type": "input",
                "block_id": "outcome",
                "label": _plain(t(lang, "close_outcome")),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": [_option(texts.outcome_name(lang, o), o) for o in OUTCOMES],
                },
            },
            {
                "type": "input",
                "block_id": "reason",
                "optional": True,
                "label": _plain(t(lang, "close_reason")),
                "element": {
                    "type": "static_select",
                    "action_id": "value",
                    "options": [_option(texts.reason_name(lang, r), r) for r in REFUSAL_REASONS],
                },
            },
            _text_area("note", t(lang, "close_note"), optional=True),
        ],
    )


@dataclass(frozen=True)
class RequestPrefill:
    company: str | None = None
    rights: tuple[str, ...] = ()
    subject_name: str = ""
    subject_contact: str = ""
    notes: str = ""


def request_modal(
    companies: Mapping[str, str], prefill: RequestPrefill, metadata: str, language: str = TEAM_LANGUAGE
) -> dict[str, Any]:
    """The agent's "Log rights request" modal: company, right(s), data subject, notes."""
    company_options = [_option(name, slug) for slug, name in companies.items()][:100]
    company_element: dict[str, Any] = {
        "type": "static_select",
        "action_id": "value",
        "options": company_options,
    }
    if prefill.company in companies:
        company_element["initial_option"] = _option(companies[prefill.company], prefill.company)
    right_options = [_option(texts.rights_text(language, (r,)), r) for r in MODAL_RIGHTS]
    rights_element: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": "value",
        "options": right_options,
    }
    initial = [o for o in right_options if o["value"] in prefill.rights]
    if initial:
        rights_element["initial_options"] = initial

    def text_input(block_id: str, label: str, initial_value: str, multiline: bool = False) -> dict[str, Any]:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
        limit = REQUEST_FIELD_LIMITS.get(block_id, 2900)
        element["max_length"] = limit
        if initial_value:
            element["initial_value"] = mask_personal_numbers(initial_value)[:limit]
        return {
            "type": "input",
            "block_id": block_id,
            "optional": True,
            "label": _plain(label),
            "element": element,
        }

    return _modal(
        t(language, "request_title"),
        t(language, "request_submit"),
        REQUEST_VIEW,
        metadata,
        [
            {
                "type": "input",
                "block_id": "company",
                "optional": True,
                "label": _plain(t(language, "request_company")),
                "element": company_element,
            },
            {
                "type": "input",
                "block_id": "rights",
                "label": _plain(t(language, "request_rights")),
                "element": rights_element,
            },
            text_input("subject_name", t(language, "request_subject_name"), prefill.subject_name),
            text_input("subject_contact", t(language, "request_subject_contact"), prefill.subject_contact),
            text_input("notes", t(language, "request_notes"), prefill.notes, multiline=True),
        ],
    )


def view_value(view: Mapping[str, Any], block_id: str) -> Any:
    """The submitted value of an input block (text, selected option value, or list of values)."""
    state = view.get("state", {}).get("values", {}).get(block_id, {}).get("value", {})
    if "selected_options" in state:
        return [o["value"] for o in state.get("selected_options") or []]
    if "selected_option" in state:
        option = state.get("selected_option")
        return option["value"] if option else None
    value = state.get("value")
    return value.strip() if isinstance(value, str) else value


# ---- lists -------------------------------------------------------------------------------------


def ticket_line(card: TicketCard, language: str, today: date, soon_days: int, team: bool) -> str:
    parts = [f"*{card.reference}*"]
    if card.company:
        parts.append(card.company)
    parts.append(texts.rights_text(language, card.rights))
    parts.append(texts.status_name(language, card.status))
    if card.closed:
        emoji = ":white_check_mark:"
        parts.append(texts.format_date(language, card.due))
    else:
        emoji = texts.due_emoji(card.due, today, soon_days)
        parts.append(
            f"{texts.format_date(language, card.due)} ({texts.due_marker(language, card.due, today, soon_days)})"
        )
    if team and card.assignee:
        parts.append(f"<@{card.assignee}>")
    return f"{emoji} " + " · ".join(parts)


def list_blocks(
    header: str, cards: Sequence[TicketCard], language: str, today: date, soon_days: int, team: bool
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_mrkdwn_section(f"*{header}*")]
    if not cards:
        blocks.append(_mrkdwn_section(t(language, "list_empty")))
        return blocks
    shown = cards[:MAX_LISTED]
    for card in shown:
        blocks.append(_mrkdwn_section(ticket_line(card, language, today, soon_days, team)))
    if len(cards) > len(shown):
        blocks.append(_mrkdwn_section(t(language, "more", count=len(cards) - len(shown))))
    return blocks


def list_text(
    header: str, cards: Sequence[TicketCard], language: str, today: date, soon_days: int, team: bool
) -> str:
    lines = [header]
    lines += [ticket_line(c, language, today, soon_days, team) for c in cards[:MAX_LISTED]] or [
        t(language, "list_empty")
    ]
    return mask_personal_numbers("\n".join(lines))


def digest_blocks(
    day: date, overdue: Sequence[TicketCard], soon: Sequence[TicketCard], soon_days: int
) -> tuple[str, list[dict[str, Any]]]:
    lang = TEAM_LANGUAGE
    when = texts.format_date(lang, day)
    if not overdue and not soon:
        text = t(lang, "digest_none", day=when)
        return text, [_mrkdwn_section(text)]
    text = t(lang, "digest_header", day=when, overdue=len(overdue), soon=len(soon))
    blocks = [_mrkdwn_section(f"*{text}*")]
    for title, cards in ((t(lang, "digest_overdue"), overdue), (t(lang, "digest_soon"), soon)):
        if cards:
            blocks.extend(list_blocks(title, cards, lang, day, soon_days, team=True)[: MAX_LISTED // 2])
    return text, blocks
