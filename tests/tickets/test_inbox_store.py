"""The inbox's rows on SQLite and PostgreSQL: a redelivery is not a second row, a row is worked on by
one process at a time, and a row whose process died (or that was put back) is claimed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import Database
from bot.slack import inbox_store

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
LEASE = inbox_store.LEASE


def test_an_event_is_kept_once_and_deleted_when_done(db: Database) -> None:
    ids = inbox_store.write(db, [("T1:Ev1", '{"a": 1}'), ("T1:Ev2", '{"b": 2}')], [], "A", NOW)
    assert sorted(ids) == ["T1:Ev1", "T1:Ev2"]
    again = inbox_store.write(db, [("T1:Ev1", '{"a": 1}')], [], "B", NOW)  # Slack delivers it again
    assert again == {}
    assert inbox_store.backlog(db) == 2
    inbox_store.write(db, [], [ids["T1:Ev1"]], "A", NOW)
    assert inbox_store.backlog(db) == 1


def test_a_held_row_is_not_claimed_until_its_lease_runs_out(db: Database) -> None:
    [row_id] = inbox_store.write(db, [("T1:Ev1", "{}")], [], "A", NOW).values()
    assert inbox_store.claim_due(db, "B", NOW + LEASE / 2) == []  # A works on it
    inbox_store.renew(db, "A", [row_id], NOW + LEASE / 2)
    assert inbox_store.claim_due(db, "B", NOW + LEASE) == []  # renewed: A still works on it
    [taken] = inbox_store.claim_due(db, "B", NOW + 2 * LEASE)  # A died
    assert (taken.id, taken.key, taken.body, taken.attempts) == (row_id, "T1:Ev1", "{}", 1)
    assert inbox_store.claim_due(db, "C", NOW + 2 * LEASE) == []  # B has it now
    inbox_store.renew(db, "A", [row_id], NOW + 2 * LEASE)  # A's late renewal doesn't take it back
    assert inbox_store.claim_due(db, "C", NOW + 3 * LEASE + timedelta(seconds=1)) != []


def test_a_row_put_back_is_claimed_from_its_retry_time_by_anyone(db: Database) -> None:
    [row_id] = inbox_store.write(db, [("T1:Ev1", "{}")], [], "A", NOW).values()
    inbox_store.put_back(db, "A", row_id, NOW + timedelta(seconds=10))
    assert inbox_store.claim_due(db, "A", NOW + timedelta(seconds=5)) == []
    [taken] = inbox_store.claim_due(db, "B", NOW + timedelta(seconds=11))
    assert taken.id == row_id


def test_rows_are_claimed_oldest_first_and_each_by_one_claimer(db: Database) -> None:
    ids = inbox_store.write(db, [(f"T1:Ev{i}", "{}") for i in range(5)], [], "dead", NOW)
    later = NOW + 2 * LEASE
    first = inbox_store.claim_due(db, "A", later, limit=3)
    second = inbox_store.claim_due(db, "B", later)
    assert [t.key for t in first] == ["T1:Ev0", "T1:Ev1", "T1:Ev2"]
    assert {t.id for t in first} | {t.id for t in second} == set(ids.values())
    assert not {t.id for t in first} & {t.id for t in second}


def test_rows_of_a_process_that_died_on_this_host_are_claimed_before_their_lease_runs_out(
    db: Database,
) -> None:
    import os
    import socket
    import subprocess
    import sys

    from bot.slack.inbox import died_here, owner_name

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    host = socket.gethostname()
    me = owner_name(host, os.getpid(), "live")
    gone = owner_name(host, int(ended.stdout), "aaaa")
    replaced = owner_name(host, os.getpid(), "bbbb")  # the process before this one, with the same pid
    elsewhere = owner_name("another-host", int(ended.stdout), "cccc")
    running = owner_name(host, os.getppid(), "dddd")
    assert died_here(gone, me) and died_here(replaced, me)
    assert not died_here(elsewhere, me)  # another host's processes: their leases decide
    assert not died_here(running, me)

    ids = inbox_store.write(db, [("T1:Ev1", "{}")], [], gone, NOW)
    ids |= inbox_store.write(db, [("T1:Ev2", "{}")], [], elsewhere, NOW)
    assert inbox_store.holders(db, NOW) == sorted([gone, elsewhere])
    [taken] = inbox_store.claim_due(db, me, NOW, dead=[gone])
    assert taken.id == ids["T1:Ev1"]
