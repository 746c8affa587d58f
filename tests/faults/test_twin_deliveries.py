"""One rights request delivered to two app instances at once (a retry routed to the other process).

In-process stand-ins for two processes: two apps with their own memory, sharing one SQLite file.
The delivery that stores the ticket is not always the first to mark the event seen; the user must still
get exactly one confirmation.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.db import Database
from bot.slack import tickets
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack
from tests.waiting import eventually


async def test_twin_deliveries_of_a_request_make_one_ticket_and_one_confirmation(
    serve, deps: AppDeps, fake_slack: LiveFakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = tickets.record_request

    def slow_after_creating(*args):  # the creating process is the slower one to mark the event seen
        recorded = original(*args)
        if recorded.created:
            time.sleep(0.3)
        return recorded

    monkeypatch.setattr(tickets, "record_request", slow_after_creating)
    other = AppDeps(deps.settings, deps.engine, Database(deps.settings.database_url))
    first, second = await serve(deps), await serve(other)
    request = signing.dm("Please delete my account and all my personal data at Xledger.")
    sent = await asyncio.gather(
        first.event(request, event_id="EvTWINS"), second.event(request, event_id="EvTWINS", retry_num=1)
    )
    assert [s.status for s in sent] == [200, 200]

    def confirmations() -> list[object]:
        return [c for c in fake_slack.delivered(request["channel"]) if "DSAR-" in c.text_content()]

    await eventually(confirmations, "the confirmation")  # however busy the machine
    await fake_slack.settle(quiet=0.5)  # and then no second one
    assert len(confirmations()) == 1
    other.database.dispose()
