"""Opening and working tickets, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.db import Database
from bot.tickets import service
from bot.tickets.access import Access, Actor
from bot.tickets.digest import claim_digest, digest
from bot.tickets.service import InvalidTransition, NotAllowed, TicketNotFound
from tests.tickets.conftest import ALICE, BOB, TEAM, request_for

FEB_10 = datetime(2026, 2, 10, 10, tzinfo=UTC)


def test_a_request_opens_a_received_ticket_with_reference_and_due_date(db: Database) -> None:
    received = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
    ticket, created = service.open_ticket(db, request_for(received_at=received, dedup_key="T1:D1:1.0"))
    assert created
    assert ticket.reference == "DSAR-2026-0001"
    assert ticket.status == "received"
    assert ticket.due_date == date(2026, 3, 2)  # one month is Saturday 28 February: the next working day
    assert ticket.calendar_due_date == date(2026, 2, 28)
    assert ticket.received_at == received
    stored = service.get(db, "DSAR-2026-0001", TEAM)
    assert (stored.company, stored.rights, stored.requester_user) == ("xledger", ["erasure"], ALICE.user)
    assert stored.received_at == received and stored.received_at.tzinfo is not None


def test_late_evening_utc_counts_from_the_next_stockholm_day(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 31, 23, 30, tzinfo=UTC)))
    assert ticket.receipt_date == date(2026, 2, 1)
    assert ticket.due_date == date(2026, 3, 2)  # 1 March 2026 is a Sunday


def test_references_count_per_stockholm_year(db: Database) -> None:
    first, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 12, 31, 12, tzinfo=UTC)))
    second, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 12, 31, 13, tzinfo=UTC)))
    new_year, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC)))
    assert [first.reference, second.reference, new_year.reference] == [
        "DSAR-2026-0001",
        "DSAR-2026-0002",
        "DSAR-2027-0001",
    ]


def test_the_same_message_twice_makes_one_ticket(db: Database) -> None:
    first, created_first = service.open_ticket(db, request_for(dedup_key="T1:C1:1700000000.000100"))
    again, created_again = service.open_ticket(db, request_for(dedup_key="T1:C1:1700000000.000100"))
    other, _ = service.open_ticket(db, request_for(dedup_key="T1:C1:1700000000.000200"))
    assert (created_first, created_again) == (True, False)
    assert again.reference == first.reference
    assert other.reference == "DSAR-2026-0002"
    assert len(service.list_tickets(db, TEAM)) == 2
    assert len(service.events(db, first.reference, TEAM)) == 1


def test_manual_tickets_without_a_key_are_never_merged(db: Database) -> None:
    service.open_ticket(db, request_for(source="manual"))
    service.open_ticket(db, request_for(source="manual"))
    assert len(service.list_tickets(db, TEAM)) == 2


def test_marketing_opt_out_gets_the_configured_short_target(db: Database) -> None:
    settings = Settings(marketing_target_days=3)
    ticket, _ = service.open_ticket(db, request_for(rights=("opt_out_marketing",)), settings=settings)
    assert ticket.due_date == date(2026, 3, 9)  # 8 March 2026 is a Sunday
    with pytest.raises(InvalidTransition) as refused:
        service.extend(db, ticket.reference, TEAM, "busy", now=datetime(2026, 3, 6, tzinfo=UTC))
    assert refused.value.code == "fast_track"


def test_several_rights_keep_their_order_and_the_first_is_the_main_one(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(rights=("access", "erasure", "access")))
    assert ticket.right == "access"
    assert ticket.rights == ["access", "erasure"]


def test_a_relayed_request_keeps_the_subject_apart_from_the_requester(db: Database) -> None:
    req = request_for(
        source="message_shortcut", subject_name="Kund Kundsson", subject_email="kund@example.se"
    )
    ticket, _ = service.open_ticket(db, req)
    stored = service.get(db, ticket.reference, TEAM)
    assert stored.requester_user == ALICE.user
    assert (stored.subject_name, stored.subject_email) == ("Kund Kundsson", "kund@example.se")


def test_bad_requests_are_refused_before_storing(db: Database) -> None:
    with pytest.raises(ValueError):
        service.open_ticket(db, request_for(rights=("world_peace",)))
    with pytest.raises(ValueError):
        service.open_ticket(db, request_for(source="carrier_pigeon"))
    assert service.list_tickets(db, TEAM) == []


def test_the_team_works_a_ticket_through_to_fulfilled(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 31, 12, tzinfo=UTC)))
    ref = ticket.reference
    assert service.assign(db, ref, TEAM, TEAM.user).assignee == TEAM.user
    assert service.request_identity(db, ref, TEAM).status == "awaiting_identity"
    verified = service.verify_identity(db, ref, TEAM)
    assert (verified.status, verified.identity_verified_by) == ("in_progress", TEAM.user)
    extended = service.extend(db, ref, TEAM, "many systems", subject_notified_at=FEB_10, now=FEB_10)
    assert (extended.status, extended.due_date, extended.initial_due_date) == (
        "in_progress",
        date(2026, 4, 28),
        date(2026, 3, 2),
    )
    closed = service.close(db, ref, TEAM, "fulfilled", now=datetime(2026, 4, 1, tzinfo=UTC))
    assert closed.status == "fulfilled" and closed.closed_at is not None
    trail = service.events(db, ref, TEAM)
    assert [(e.action, e.from_status, e.to_status) for e in trail] == [
        ("opened", None, "received"),
        ("assigned", "received", "received"),
        ("identity_requested", "received", "awaiting_identity"),
        ("identity_verified", "awaiting_identity", "in_progress"),
        ("extended", "in_progress", "in_progress"),
        ("closed", "in_progress", "fulfilled"),
    ]
    assert trail[4].data["due_date"] == "2026-04-28" and trail[4].actor == TEAM.user
    with pytest.raises(InvalidTransition) as after_close:
        service.start(db, ref, TEAM)
    assert after_close.value.code == "closed"


def test_start_assigns_the_starter_when_nobody_is_assigned(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    started = service.start(db, ticket.reference, TEAM)
    assert (started.status, started.assignee) == ("in_progress", TEAM.user)
    with pytest.raises(InvalidTransition):
        service.start(db, ticket.reference, TEAM)


@pytest.mark.parametrize(
    ("when", "months", "reason", "code"),
    [
        (datetime(2026, 3, 3, 9, tzinfo=UTC), 2, "complex", "first_month_over"),  # the month ended 2 March
        (FEB_10, 3, "complex", "months"),
        (FEB_10, 2, "", "reason_required"),
    ],
)
def test_extensions_outside_the_rules_are_refused(
    db: Database, when: datetime, months: int, reason: str, code: str
) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 31, 12, tzinfo=UTC)))
    with pytest.raises(InvalidTransition) as refused:
        service.extend(db, ticket.reference, TEAM, reason, months=months, now=when)
    assert refused.value.code == code
    assert service.get(db, ticket.reference, TEAM).due_date == date(2026, 3, 2)
    assert [e.action for e in service.events(db, ticket.reference, TEAM)] == ["opened"]


def test_a_ticket_is_extended_only_once(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 31, 12, tzinfo=UTC)))
    service.extend(db, ticket.reference, TEAM, "complex", months=1, now=FEB_10)
    with pytest.raises(InvalidTransition) as again:
        service.extend(db, ticket.reference, TEAM, "still complex", months=1, now=FEB_10)
    assert again.value.code == "already_extended"


def test_a_late_extension_notice_is_recorded_and_flagged(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 31, 12, tzinfo=UTC)))
    service.extend(db, ticket.reference, TEAM, "complex", now=FEB_10)
    late = datetime(2026, 3, 3, 8, tzinfo=UTC)  # the first month ended on Monday 2 March
    updated = service.record_extension_notice(db, ticket.reference, TEAM, late)
    assert updated.extension_notified_at == late
    assert service.events(db, ticket.reference, TEAM)[-1].data["late"] is True


def test_a_refusal_needs_a_known_reason_code(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    with pytest.raises(InvalidTransition):
        service.close(db, ticket.reference, TEAM, "refused")
    with pytest.raises(InvalidTransition):
        service.close(db, ticket.reference, TEAM, "refused", reason="felt like it")
    closed = service.close(db, ticket.reference, TEAM, "refused", reason="legal_retention_obligation")
    assert (closed.status, closed.reason_code) == ("refused", "legal_retention_obligation")


def test_the_requester_may_say_it_was_not_a_request(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(user=ALICE.user))
    closed = service.mark_not_a_request(db, ticket.reference, ALICE)
    assert closed.status == "not_a_request"
    trail = service.events(db, ticket.reference, ALICE)
    assert [e.action for e in trail] == ["opened", "not_a_request"]  # kept in the audit trail


def test_the_requester_may_withdraw_but_not_decide(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(user=ALICE.user))
    with pytest.raises(NotAllowed):
        service.close(db, ticket.reference, ALICE, "fulfilled")
    with pytest.raises(NotAllowed):
        service.start(db, ticket.reference, ALICE)
    assert service.close(db, ticket.reference, ALICE, "withdrawn").status == "withdrawn"


def test_outsiders_can_neither_see_nor_change_other_peoples_tickets(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    alices, _ = service.open_ticket(db, request_for(user=ALICE.user, text_="radera allt om mig"))
    bobs, _ = service.open_ticket(db, request_for(user=BOB.user))
    assert [t.reference for t in service.list_tickets(db, BOB)] == [bobs.reference]
    assert [t.reference for t in service.list_tickets(db, BOB, overdue=True, today=date(2027, 1, 1))] == [
        bobs.reference
    ]
    caplog.set_level(logging.WARNING, logger="bot.tickets.service")
    with pytest.raises(NotAllowed):
        service.get(db, alices.reference, BOB)
    with pytest.raises(NotAllowed):
        service.events(db, alices.reference, BOB)
    with pytest.raises(NotAllowed):
        service.mark_not_a_request(db, alices.reference, BOB)
    with pytest.raises(NotAllowed):
        service.assign(db, alices.reference, BOB, BOB.user)
    assert service.get(db, alices.reference, TEAM).status == "received"
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 4 and all(BOB.user in m and alices.reference in m for m in refusals)
    assert not any("radera" in r.getMessage() for r in caplog.records)


def test_team_membership_comes_from_settings_and_user_groups(db: Database) -> None:
    access = Access.from_settings(Settings(privacy_team_users=("UDPO",)), group_members={"UGROUPIE"})
    ticket, _ = service.open_ticket(db, request_for(user=ALICE.user))
    assert service.get(db, ticket.reference, access.actor("UGROUPIE")).reference == ticket.reference
    assert service.assign(db, ticket.reference, access.actor("UDPO"), "UDPO").assignee == "UDPO"
    with pytest.raises(NotAllowed):
        service.get(db, ticket.reference, access.actor("USTRANGER"))


def test_lists_are_ordered_by_due_date_and_filter(db: Database) -> None:
    late, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 3, 20, tzinfo=UTC)))
    early, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 5, tzinfo=UTC)))
    done, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 1, tzinfo=UTC)))
    service.close(db, done.reference, TEAM, "fulfilled")
    service.assign(db, late.reference, TEAM, TEAM.user)
    refs = lambda tickets: [t.reference for t in tickets]  # noqa: E731
    assert refs(service.list_tickets(db, TEAM)) == [done.reference, early.reference, late.reference]
    assert refs(service.list_tickets(db, TEAM, status="open")) == [early.reference, late.reference]
    assert refs(service.list_tickets(db, TEAM, status="fulfilled")) == [done.reference]
    assert refs(service.list_tickets(db, TEAM, overdue=True, today=date(2026, 3, 1))) == [early.reference]
    assert refs(service.list_tickets(db, TEAM, mine=True)) == [late.reference]


def test_unknown_references_are_reported(db: Database) -> None:
    with pytest.raises(TicketNotFound):
        service.get(db, "DSAR-2026-9999", TEAM)
    with pytest.raises(TicketNotFound):
        service.start(db, "not a reference", TEAM)


def test_references_are_forgiving_about_case_and_padding(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    assert service.get(db, "dsar-2026-1", TEAM).reference == ticket.reference


def test_the_team_notification_is_remembered_for_threading(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    service.set_team_message(db, ticket.reference, "CPRIV", "1700000000.000900")
    stored = service.get(db, ticket.reference, TEAM)
    assert (stored.team_channel, stored.team_message_ts) == ("CPRIV", "1700000000.000900")


def test_the_audit_trail_cannot_be_edited_or_deleted(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    service.start(db, ticket.reference, TEAM)
    for statement in ("UPDATE ticket_event SET actor = 'someone else'", "DELETE FROM ticket_event"):
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    assert [e.actor for e in service.events(db, ticket.reference, TEAM)] == [ALICE.user, TEAM.user]


def test_the_digest_is_claimed_once_a_day(db: Database) -> None:
    assert claim_digest(db, date(2026, 3, 2)) is True
    assert claim_digest(db, date(2026, 3, 2)) is False
    assert claim_digest(db, date(2026, 3, 3)) is True


def test_the_digest_lists_overdue_and_due_soon_open_tickets(db: Database) -> None:
    overdue, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 20, 9, tzinfo=UTC)))
    soon, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 2, 3, 9, tzinfo=UTC)))
    service.open_ticket(db, request_for(received_at=datetime(2026, 2, 25, 9, tzinfo=UTC)))  # far off
    closed, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 1, 10, 9, tzinfo=UTC)))
    service.close(db, closed.reference, TEAM, "fulfilled")
    result = digest(db, date(2026, 3, 1), due_soon_days=5)  # due 20 Feb, 3 Mar, 25 Mar, (10 Feb closed)
    assert [t.reference for t in result.overdue] == [overdue.reference]
    assert [t.reference for t in result.due_soon] == [soon.reference]


def test_operator_actor_sees_everything(db: Database) -> None:
    service.open_ticket(db, request_for(user=ALICE.user))
    service.open_ticket(db, request_for(user=BOB.user))
    assert len(service.list_tickets(db, Actor.operator())) == 2


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day_and_the_calendar_date_is_kept(
    db: Database,
) -> None:
    # received 25 November 2025: one month is juldagen (Thursday), then annandag jul and a weekend
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2025, 11, 25, 10, tzinfo=UTC)))
    assert (ticket.calendar_due_date, ticket.due_date) == (date(2025, 12, 25), date(2025, 12, 29))
    assert service.events(db, ticket.reference, TEAM)[0].data["calendar_due_date"] == "2025-12-25"
    extended = service.extend(db, ticket.reference, TEAM, "complex", now=datetime(2025, 12, 1, tzinfo=UTC))
    assert (extended.calendar_due_date, extended.due_date) == (date(2026, 2, 25), date(2026, 2, 25))


def test_teams_that_close_on_the_eves_get_the_next_working_day_after_them(db: Database) -> None:
    received = datetime(2026, 11, 24, 10, tzinfo=UTC)  # one month: julafton, a Thursday
    plain, _ = service.open_ticket(db, request_for(received_at=received, dedup_key="a"))
    closed_on_eves, _ = service.open_ticket(
        db, request_for(received_at=received, dedup_key="b"), settings=Settings(eves_off=True)
    )
    assert plain.due_date == date(2026, 12, 24)
    assert closed_on_eves.due_date == date(2026, 12, 28)


def test_a_paused_clock_moves_the_due_date_by_the_days_paused_and_off_the_weekend(db: Database) -> None:
    # received 2 March 2026: due Thursday 2 April
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 3, 2, 10, tzinfo=UTC)))
    assert ticket.due_date == date(2026, 4, 2)
    paused = service.pause(
        db,
        ticket.reference,
        TEAM,
        "clarification",
        "which account?",
        now=datetime(2026, 3, 10, 9, tzinfo=UTC),
    )
    assert paused.paused and paused.status == "received"
    # paused for three days; while paused the ticket is never overdue
    assert service.list_tickets(db, TEAM, overdue=True, today=date(2026, 4, 20)) == []
    resumed = service.resume(db, ticket.reference, TEAM, now=datetime(2026, 3, 13, 15, tzinfo=UTC))
    # 2 April + 3 days = Sunday 5 April (påskdagen), then annandag påsk: due Tuesday 7 April
    assert (resumed.calendar_due_date, resumed.due_date, resumed.paused_days) == (
        date(2026, 4, 5),
        date(2026, 4, 7),
        3,
    )
    assert not resumed.paused
    trail = service.events(db, ticket.reference, TEAM)
    assert [e.action for e in trail] == ["opened", "paused", "resumed"]
    assert (trail[1].actor, trail[1].data["reason"], trail[1].data["kind"]) == (
        TEAM.user,
        "which account?",
        "clarification",
    )
    assert trail[2].data == {
        "kind": "clarification",
        "paused_days": 3,
        "from_due_date": "2026-04-02",
        "due_date": "2026-04-07",
    }


def test_waiting_for_identity_pauses_until_the_identity_is_verified(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 3, 2, 10, tzinfo=UTC)))
    paused = service.pause(
        db, ticket.reference, TEAM, "identity", "ID copy asked for", now=datetime(2026, 3, 3, tzinfo=UTC)
    )
    assert (paused.status, paused.pause_kind) == ("awaiting_identity", "identity")
    verified = service.verify_identity(db, ticket.reference, TEAM, now=datetime(2026, 3, 10, 12, tzinfo=UTC))
    assert (verified.status, verified.paused, verified.due_date) == ("in_progress", False, date(2026, 4, 9))
    assert service.events(db, ticket.reference, TEAM)[-1].data["resumed"]["paused_days"] == 7


@pytest.mark.parametrize(
    ("kind", "reason", "code"),
    [("clarification", "  ", "reason_required"), ("identity", "again", "already_paused")],
)
def test_a_pause_needs_a_reason_and_happens_once(db: Database, kind: str, reason: str, code: str) -> None:
    ticket, _ = service.open_ticket(db, request_for())
    service.pause(db, ticket.reference, TEAM, "clarification", "which account?")
    if code == "reason_required":
        service.resume(db, ticket.reference, TEAM)
    with pytest.raises(InvalidTransition) as refused:
        service.pause(db, ticket.reference, TEAM, kind, reason)
    assert refused.value.code == code
    with pytest.raises(NotAllowed):
        service.resume(db, ticket.reference, ALICE)


def test_an_extension_after_a_pause_keeps_the_paused_days(db: Database) -> None:
    ticket, _ = service.open_ticket(db, request_for(received_at=datetime(2026, 3, 2, 10, tzinfo=UTC)))
    service.pause(
        db, ticket.reference, TEAM, "clarification", "which account?", now=datetime(2026, 3, 10, tzinfo=UTC)
    )
    with pytest.raises(InvalidTransition) as refused:
        service.extend(db, ticket.reference, TEAM, "complex", now=datetime(2026, 3, 11, tzinfo=UTC))
    assert refused.value.code == "paused"
    service.resume(db, ticket.reference, TEAM, now=datetime(2026, 3, 20, tzinfo=UTC))  # 10 days
    # the first month now ends on 12 April (Sunday) → Monday 13 April: an extension is still possible then
    extended = service.extend(
        db, ticket.reference, TEAM, "complex", now=datetime(2026, 4, 13, 12, tzinfo=UTC)
    )
    assert (extended.calendar_due_date, extended.due_date) == (date(2026, 6, 12), date(2026, 6, 12))


def test_a_request_with_nul_or_a_lone_surrogate_is_stored_with_a_mark_in_their_place(db: Database) -> None:
    text = "radera allt om mig\x00 tack \ud800!"
    odd = replace(request_for(dedup_key="odd"), text=text, subject_name="Anna\x00 Lund")
    ticket, created = service.open_ticket(db, odd)
    assert created
    stored = service.get(db, ticket.reference, TEAM)
    assert stored.text == "radera allt om mig\ufffd tack \ufffd!"
    assert stored.subject_name == "Anna\ufffd Lund"
