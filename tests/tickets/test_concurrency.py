"""Several OS processes receive the same Slack messages at once: one ticket each, unique references."""

from __future__ import annotations

import random

from bot.db import Database
from bot.tickets import service
from tests.tickets.conftest import TEAM
from tests.tickets.workers import deliver, run_together

PROCESSES = 3
MESSAGES = 12


def test_concurrent_deliveries_from_several_processes_make_one_ticket_per_message(db: Database) -> None:
    keys = [f"T1:C1:17000000{i:02d}.000100" for i in range(MESSAGES)]
    orders = []
    for seed in range(PROCESSES):
        order = keys[:]
        random.Random(seed).shuffle(order)
        orders.append((db.url, order))
    outcomes = run_together(deliver, orders)
    assert all(isinstance(outcome, list) for outcome in outcomes), outcomes

    by_key: dict[str, set[str]] = {}
    created = [key for outcome in outcomes for key, _ref, was_created in outcome if was_created]
    for outcome in outcomes:
        for key, reference, _ in outcome:
            by_key.setdefault(key, set()).add(reference)
    assert sorted(created) == sorted(keys)  # each message created exactly once
    assert all(len(refs) == 1 for refs in by_key.values())  # every process got the same reference
    stored = service.list_tickets(db, TEAM)
    assert len(stored) == MESSAGES
    assert sorted(t.reference for t in stored) == [f"DSAR-2026-{n:04d}" for n in range(1, MESSAGES + 1)]
