"""The outbox: a new ticket's confirmations are stored with it, claimed by one deliverer at a time, tried
again after a failure or a crash, and never once sent is anything claimed again (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import Database
from bot.tickets import outbox, service
from tests.tickets.conftest import request_for

NOW = datetime(2026, 3, 5, 9, 15, tzinfo=UTC)
OWED = (("requester", "D1", None), ("team", "CPRIVACY", None))


def _open(db: Database, key: str = "T1:D1:1.1") -> str:
    ticket, _ = service.open_ticket(db, request_for(dedup_key=key, notices=OWED), now=NOW)
    return ticket.reference


def test_a_new_ticket_owes_its_confirmations_and_a_duplicate_adds_none(db: Database) -> None:
    reference = _open(db)
    _open(db)  # the same message delivered again
    claimed = outbox.claim_for_ticket(db, reference, NOW)
    assert [(c.notice.kind, c.notice.channel, c.retry) for c in claimed] == [
        ("requester", "D1", False),
        ("team", "CPRIVACY", False),
    ]
    assert all(c.ticket.reference == reference for c in claimed)


def test_a_claimed_notice_is_nobody_elses_until_its_lease_runs_out(db: Database) -> None:
    reference = _open(db)
    [first, _] = outbox.claim_for_ticket(db, reference, NOW)
    assert first.notice.id is not None
    assert outbox.claim(db, first.notice.id, NOW) is False  # another process, at the same moment
    assert outbox.claim_due(db, NOW + timedelta(seconds=30)) == []
    # the deliverer died mid-post: after the lease the notice is taken again, as a retry
    later = NOW + outbox.LEASE + timedelta(seconds=1)
    retried = outbox.claim_due(db, later)
    assert [(c.notice.kind, c.retry) for c in retried] == [("requester", True), ("team", True)]


def test_a_failed_post_is_tried_again_after_a_pause_and_a_sent_one_never(db: Database) -> None:
    reference = _open(db)
    [requester, team] = outbox.claim_for_ticket(db, reference, NOW)
    assert requester.notice.id is not None and team.notice.id is not None
    outbox.failed(db, requester.notice.id, requester.notice.attempts, "internal_error", NOW)
    outbox.sent(db, team.notice.id, "1700000000.000200", NOW)
    assert outbox.claim_due(db, NOW + timedelta(seconds=5)) == []  # pausing after the failure
    [again] = outbox.claim_due(db, NOW + outbox.FIRST_PAUSE)
    assert again.notice.kind == "requester" and again.notice.attempts == 2
    outbox.sent(db, again.notice.id or 0, "1700000000.000300", NOW)
    assert outbox.claim_due(db, NOW + timedelta(days=30)) == []
    assert outbox.backlog(db, NOW + timedelta(days=30)) == 0


def test_what_is_still_owed_after_a_minute_is_the_backlog(db: Database) -> None:
    _open(db, "T1:D1:1.1")
    _open(db, "T1:D1:2.2")
    assert outbox.backlog(db, NOW) == 0  # just stored: being delivered
    assert outbox.backlog(db, NOW + timedelta(minutes=2)) == 4


def test_the_pause_grows_with_each_failure_up_to_ten_minutes(db: Database) -> None:
    reference = _open(db)
    [requester, team] = outbox.claim_for_ticket(db, reference, NOW)
    notice_id = requester.notice.id or 0
    outbox.sent(db, team.notice.id or 0, "1700000000.000200", NOW)
    outbox.failed(db, notice_id, 12, "internal_error", NOW)  # the twelfth attempt failed
    assert outbox.claim_due(db, NOW + outbox.LONGEST_PAUSE - timedelta(seconds=1)) == []
    assert [c.notice.id for c in outbox.claim_due(db, NOW + outbox.LONGEST_PAUSE)] == [notice_id]


def test_tickets_from_before_the_outbox_are_never_announced_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    database.upgrade("0006")
    service.open_ticket(database, request_for(dedup_key="T1:D1:9.9"), now=NOW)  # confirmed the old way
    database.upgrade()
    assert outbox.claim_due(database, NOW + timedelta(days=1)) == []
    database.dispose()
