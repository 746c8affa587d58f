"""Black box, real `python -m bot serve` processes: a rights request is stored and acknowledged, but Slack
fails every confirmation; the process is killed (kill -9) with both confirmations still owed. The next
process, Slack working again, announces the request to the requester and the privacy team, once each."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import select

from bot.db import Database
from bot.models import Notice
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack, ServeProcess, new_process, serve_env
from tests.waiting import eventually

REQUEST = "Hej! Jag vill att ni raderar alla mina personuppgifter hos Leep."
PRIVACY_CHANNEL = "CPRIVACY"
REFERENCE = re.compile(r"DSAR-\d{4}-\d{4}")
AFTER_RESTART = 60.0  # the reconciler's first round comes 15–25 s after start-up


def _tried_notices(url: str) -> list[Notice]:
    """The outbox rows once every one has been tried and failed (pending again, attempts made)."""
    database = Database(url)
    try:
        with database.session() as session:
            notices = list(session.exec(select(Notice)))
    finally:
        database.dispose()
    done = len(notices) == 2 and all(n.state == "pending" and n.attempts >= 1 for n in notices)
    return notices if done else []


async def test_confirmations_owed_when_the_process_dies_are_sent_once_by_the_next_one(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = serve_env(fake_slack, url, PRIVACY_CHANNEL=PRIVACY_CHANNEL)
    fake_slack.inject("chat.postMessage", status=500, times=10_000)  # Slack down for the first process
    first = new_process(processes, env, tmp_path)
    await first.wait_listening()
    await first.wait_healthy()
    request = signing.dm(REQUEST)
    assert (await first.event(request, event_id="EvOUTBOXCRASH")).status == 200  # stored, then acked
    await eventually(lambda: _tried_notices(url), "both confirmations tried and failed")
    assert first.process is not None
    first.process.kill()  # kill -9: nothing runs on the way out
    first.process.wait(10)
    assert fake_slack.delivered() == []

    fake_slack.faults.clear()  # Slack is back
    second = new_process(processes, env, tmp_path)
    await second.wait_listening()
    await second.wait_healthy()

    def confirmed() -> list[object]:
        return [c for c in fake_slack.delivered(request["channel"]) if REFERENCE.search(c.text_content())]

    await eventually(confirmed, "the requester's confirmation", timeout=AFTER_RESTART)
    await eventually(
        lambda: fake_slack.delivered(PRIVACY_CHANNEL), "the privacy team's notice", timeout=AFTER_RESTART
    )
    await eventually(lambda: not (_tried_notices(url) or _pending(url)), "the outbox emptied")
    await fake_slack.settle()
    assert len(confirmed()) == 1
    assert len(fake_slack.delivered(PRIVACY_CHANNEL)) == 1


def _pending(url: str) -> bool:
    database = Database(url)
    try:
        with database.session() as session:
            return any(n.state != "sent" for n in session.exec(select(Notice)))
    finally:
        database.dispose()
