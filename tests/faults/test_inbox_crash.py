"""Black box, real `python -m bot serve` processes: a rights request is acked from the inbox, and the
process is killed (kill -9) while it still works on it (Slack slow to say who the bot is). The next
process on the host takes the dead process's row at once, without waiting for its lease to run out,
and the requester gets one confirmation."""

from __future__ import annotations

import re
from pathlib import Path

from bot.db import Database
from bot.slack import inbox_store
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack, ServeProcess, new_process, serve_env
from tests.waiting import eventually

REQUEST = "Hej! Jag vill att ni raderar alla mina personuppgifter hos Leep."
REFERENCE = re.compile(r"DSAR-\d{4}-\d{4}")
BEFORE_THE_LEASE_RUNS_OUT = 45.0  # seconds; the lease is 60 s


def _backlog(url: str) -> int:
    database = Database(url)
    try:
        return inbox_store.backlog(database)
    finally:
        database.dispose()


async def test_an_event_acked_by_a_process_killed_while_acting_on_it_is_acted_on_by_the_next(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = serve_env(fake_slack, url)
    fake_slack.inject("auth.test", delay=120.0, times=10_000)  # the first process can't learn who it is
    first = new_process(processes, env, tmp_path)
    await first.wait_listening()
    await first.wait_healthy()
    request = signing.dm(REQUEST)
    assert (await first.event(request, event_id="EvINBOXCRASH")).status == 200  # kept, then acked
    assert _backlog(url) == 1
    assert first.process is not None
    first.process.kill()  # kill -9 while its worker waits for Slack
    first.process.wait(10)
    assert fake_slack.delivered() == []
    assert _backlog(url) == 1

    fake_slack.faults.clear()  # Slack answers again
    second = new_process(processes, env, tmp_path)
    await second.wait_listening()

    def confirmed() -> list[object]:
        return [c for c in fake_slack.delivered(request["channel"]) if REFERENCE.search(c.text_content())]

    await eventually(confirmed, "the requester's confirmation", timeout=BEFORE_THE_LEASE_RUNS_OUT)
    await eventually(lambda: _backlog(url) == 0, "the inbox emptied")
    await fake_slack.settle()
    assert len(confirmed()) == 1
