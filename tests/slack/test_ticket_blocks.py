"""What people see about tickets in Slack: confirmations, team notifications, modals, lists."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.models import Ticket
from bot.slack.tickets import blocks, texts
from bot.slack.tickets.blocks import RequestPrefill, TicketCard
from bot.slack.tickets.cards import card_from_ticket


def card(**changes: object) -> TicketCard:
    values: dict[str, object] = {
        "reference": "DSAR-2026-0007",
        "status": "received",
        "rights": ("erasure",),
        "company": "Xledger",
        "source": "dm",
        "language": "sv",
        "received_on": date(2026, 1, 31),
        "due": date(2026, 2, 28),
        "requester_user": "UALICE",
    }
    values.update(changes)
    return TicketCard(**values)  # type: ignore[arg-type]


def all_text(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False)


def test_swedish_confirmation_gives_reference_due_date_and_an_undo_button() -> None:
    built = blocks.confirmation_blocks(card())
    shown = all_text(built)
    assert "DSAR-2026-0007" in shown
    assert "28 februari 2026" in shown
    assert "31 januari 2026" in shown
    assert "radering" in shown
    buttons = [e for b in built if b["type"] == "actions" for e in b["elements"]]
    assert [b["action_id"] for b in buttons] == [blocks.NOT_A_REQUEST]
    assert buttons[0]["value"] == "DSAR-2026-0007"
    assert buttons[0]["text"]["text"] == "Det var ingen begäran"


def test_english_confirmation_for_a_marketing_opt_out_promises_prompt_action_not_a_month() -> None:
    text = blocks.confirmation_text(
        card(
            language="en", rights=("opt_out_marketing",), due=date(2026, 2, 7), received_on=date(2026, 1, 31)
        )
    )
    assert "without delay" in text
    assert "7 February 2026" in text
    assert "one month" not in text


def test_a_relayed_request_is_confirmed_as_the_customers_not_the_agents_own() -> None:
    own = blocks.confirmation_text(card(language="en", rights=("access",)))
    relayed = blocks.confirmation_text(card(language="en", rights=("access",), relayed=True))
    assert "your request" in own and "confirm your identity" in own
    assert "your" not in relayed and "the person's identity" in relayed
    swedish = blocks.confirmation_text(card(rights=("access",), relayed=True))
    assert "din begäran" not in swedish and "dig" not in swedish.split()
    assert "personens identitet" in swedish


def test_confirmation_without_company_says_the_team_will_triage() -> None:
    text = blocks.confirmation_text(card(language="en", company=None))
    assert "work out which company" in text


def test_team_notification_has_no_message_text_contact_details_or_personnummer() -> None:
    ticket = Ticket(
        reference="DSAR-2026-0042",
        year=2026,
        number=42,
        company="xledger",
        right="erasure",
        rights=["erasure", "access"],
        source="dm",
        requester_user="UALICE",
        subject_name="Kalle Anka",
        subject_email="kalle@example.se",
        subject_phone="070-123 45 67",
        language="sv",
        text="Radera allt om Kalle Anka 19850101-1234, kalle@example.se",
        received_at=datetime(2026, 1, 31, 10, 0, tzinfo=UTC),
        receipt_date=date(2026, 1, 31),
        initial_due_date=date(2026, 2, 28),
        due_date=date(2026, 2, 28),
    )
    c = card_from_ticket(ticket, {"xledger": "Xledger"})
    built = blocks.team_blocks(c, date(2026, 2, 1), 5, blocks.team_mention(["UPRIV"], ["SPRIV"]))
    shown = all_text(built)
    for secret in ("Kalle", "kalle@example.se", "1234", "070", "Radera allt"):
        assert secret not in shown
    assert "DSAR-2026-0042" in shown and "Xledger" in shown
    assert "28 February 2026" in shown
    assert "<!subteam^SPRIV>" in shown and "<@UPRIV>" in shown
    assert "on behalf of a data subject" in shown
    actions = [e["action_id"] for b in built if b["type"] == "actions" for e in b["elements"]]
    assert actions == [blocks.ASSIGN, blocks.VERIFY, blocks.START, blocks.EXTEND, blocks.PAUSE, blocks.CLOSE]


def test_team_buttons_follow_the_ticket_and_vanish_when_closed() -> None:
    working = blocks.team_blocks(
        card(status="in_progress", assignee="UBOB", identity_verified=True, extended=True),
        date(2026, 2, 1),
        5,
    )
    actions = [e["action_id"] for b in working if b["type"] == "actions" for e in b["elements"]]
    assert actions == [blocks.PAUSE, blocks.CLOSE]
    assert "<@UBOB>" in all_text(working)
    paused = blocks.team_blocks(
        card(status="in_progress", assignee="UBOB", identity_verified=True, paused="clarification"),
        date(2026, 2, 1),
        5,
    )
    actions = [e["action_id"] for b in paused if b["type"] == "actions" for e in b["elements"]]
    assert actions == [blocks.RESUME, blocks.CLOSE]  # no extension or second pause while the clock stands
    closed = blocks.team_blocks(card(status="refused", closed=True), date(2026, 2, 1), 5)
    assert not [b for b in closed if b["type"] == "actions"]


def test_overdue_and_due_soon_are_marked() -> None:
    today = date(2026, 3, 3)
    assert "overdue by 3 day(s)" in blocks.ticket_line(card(), "en", today, 5, team=True)
    assert ":red_circle:" in blocks.ticket_line(card(), "en", today, 5, team=True)
    soon = blocks.ticket_line(card(), "sv", date(2026, 2, 25), 5, team=False)
    assert "om 3 dag(ar)" in soon and ":large_orange_circle:" in soon
    later = blocks.ticket_line(card(), "en", date(2026, 2, 1), 5, team=False)
    assert "27 days left" in later


def test_a_refusal_tells_the_requester_about_imy_in_their_language() -> None:
    for language, expected in (("sv", "klaga"), ("en", "complain")):
        text = blocks.requester_update_text(
            card(language=language, status="refused", closed=True, outcome="refused", reason="excessive"),
            "closed",
        )
        assert expected in text
        assert "Integritetsskyddsmyndigheten" in text and "IMY" in text and "www.imy.se" in text
    fulfilled = blocks.requester_update_text(card(language="en", closed=True, outcome="fulfilled"), "closed")
    assert "imy" not in fulfilled.lower()


def test_extension_update_shows_new_date_and_masks_personnummer_in_the_reason() -> None:
    text = blocks.requester_update_text(
        card(language="en", due=date(2026, 4, 28), extended=True), "extended", "many records for 850101-1234"
    )
    assert "28 April 2026" in text
    assert "850101-1234" not in text and "[personnummer]" in text


def test_personnummer_is_masked_in_its_common_forms_but_dates_and_amounts_are_not() -> None:
    for number in ("19850101-1234", "850101-1234", "198501011234", "8501011234", "121212+1212"):
        assert texts.mask_personal_numbers(f"pnr {number}.") == "pnr [personnummer]."
    for harmless in ("2026-01-31", "12345 kr", "DSAR-2026-0042", "ticket 42"):
        assert texts.mask_personal_numbers(harmless) == harmless


def test_request_modal_is_prefilled_from_the_message() -> None:
    view = blocks.request_modal(
        {"xledger": "Xledger", "leep": "Leep AB"},
        RequestPrefill(
            company="leep", rights=("access", "erasure"), notes="Kund 19850101-1234 vill ha ut allt"
        ),
        "meta",
    )
    assert view["callback_id"] == blocks.REQUEST_VIEW
    by_id = {b["block_id"]: b for b in view["blocks"]}
    assert by_id["company"]["element"]["initial_option"]["value"] == "leep"
    assert [o["value"] for o in by_id["rights"]["element"]["initial_options"]] == ["access", "erasure"]
    assert "19850101-1234" not in by_id["notes"]["element"]["initial_value"]
    assert len(view["title"]["text"]) <= 24


def test_close_modal_offers_outcomes_and_refusal_reasons() -> None:
    view = blocks.close_modal(card(), json.dumps({"ref": "DSAR-2026-0007"}))
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert [o["value"] for o in by_id["outcome"]["element"]["options"]] == list(blocks.OUTCOMES)
    assert "manifestly_unfounded" in [o["value"] for o in by_id["reason"]["element"]["options"]]


def test_submitted_values_are_read_from_view_state() -> None:
    view = {
        "state": {
            "values": {
                "company": {"value": {"type": "static_select", "selected_option": {"value": "leep"}}},
                "rights": {
                    "value": {"type": "multi_static_select", "selected_options": [{"value": "access"}]}
                },
                "notes": {"value": {"type": "plain_text_input", "value": "  hej  "}},
                "reason": {"value": {"type": "static_select", "selected_option": None}},
            }
        }
    }
    assert blocks.view_value(view, "company") == "leep"
    assert blocks.view_value(view, "rights") == ["access"]
    assert blocks.view_value(view, "notes") == "hej"
    assert blocks.view_value(view, "reason") is None
    assert blocks.view_value(view, "missing") is None


def test_offer_buttons_fit_slack_limits_even_for_long_messages() -> None:
    value = blocks.offer_value({"c": "C1", "ts": "1.2", "x": "ord " * 2000})
    assert len(value) <= blocks.MAX_VALUE
    assert json.loads(value)["ts"] == "1.2"
    ambiguous = blocks.offer_blocks("sv", value, about_right=False)
    assert "Vill du göra en begäran?" in all_text(ambiguous)
    assert [e["action_id"] for e in ambiguous[1]["elements"]] == [blocks.OFFER_YES, blocks.OFFER_NO]
    about = blocks.offer_blocks("en", value, about_right=True)
    assert [e["action_id"] for e in about[1]["elements"]] == [blocks.OFFER_YES]


def test_long_lists_are_cut_to_fit_a_message() -> None:
    cards = [card(reference=f"DSAR-2026-{n:04d}") for n in range(1, 80)]
    built = blocks.list_blocks("Queue", cards, "en", date(2026, 2, 1), 5, team=True)
    assert len(built) <= 50
    assert "and 39 more" in all_text(built)
    assert "No requests" in all_text(blocks.list_blocks("Queue", [], "en", date(2026, 2, 1), 5, team=True))
