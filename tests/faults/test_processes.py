"""Real `python -m bot serve` processes: SIGTERM finishes in-flight answers; two processes behind a load
balancer sharing one PostgreSQL answer each event once, make one ticket per request, keep ticket
references unique, and post the daily digest once."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from sqlmodel import select

from bot.db import Database
from bot.models import Ticket
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack, ServeProcess, new_process, serve_env

QUESTION = "Hur länge sparar Leadpilot personuppgifter?"
PRIVACY_CHANNEL = "CPRIVACY"
DIGEST = re.compile(r"Daily digest|Daglig sammanfattning")
DIGEST_DAY = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2} \w+ \d{4}")


def in_thread(fake: LiveFakeSlack, event: dict) -> list:
    return [c for c in fake.delivered(event["channel"]) if c.args.get("thread_ts") == event["ts"]]


async def test_sigterm_lets_the_answer_in_flight_finish_then_exits_0(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path
) -> None:
    server = new_process(processes, serve_env(fake_slack, f"sqlite:///{tmp_path / 'bot.db'}"), tmp_path)
    assert (await server.wait_listening()).status == 200
    fake_slack.inject("chat.postMessage", delay=1.5)  # Slack is slow to take the answer
    event = signing.mention(QUESTION)
    assert (await server.event(event, event_id="EvTERM")).status == 200

    server.terminate()  # straight after the ack: the answer has not been posted yet
    terminated = time.monotonic()
    assert await server.wait_exit(timeout=20) == 0
    assert time.monotonic() - terminated >= 1.0  # it waited for the answer

    [answer] = in_thread(fake_slack, event)
    assert "leadpilot" in answer.text_content().lower()
    log = server.log()
    assert "event=EvTERM replied" in log
    assert "cancelled" not in log and "Traceback" not in log


async def test_start_up_logs_are_a_few_lines_of_ours_at_info(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path
) -> None:
    server = new_process(processes, serve_env(fake_slack, f"sqlite:///{tmp_path / 'bot.db'}"), tmp_path)
    await server.wait_listening()
    await server.wait_healthy()
    log = server.log()
    assert "database ready backend=sqlite revision=" in log and "serving HTTP" in log
    assert "alembic" not in log  # no plugin or per-revision lines
    assert "will be unused" not in log  # no Bolt note about the token it was also given
    assert len([line for line in log.splitlines() if " INFO " in line]) <= 6


async def start_pair(
    fake: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path, url: str
) -> list[ServeProcess]:
    env = serve_env(fake, url, PRIVACY_CHANNEL=PRIVACY_CHANNEL, PRIVACY_TEAM="UPRIV", DIGEST_HOUR="0")
    pair = [new_process(processes, env, tmp_path), new_process(processes, env, tmp_path)]
    for server in pair:
        await server.wait_listening()
        await server.wait_healthy()
    return pair


async def test_two_processes_on_one_postgres_behave_as_one_bot(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path, pg_url: str
) -> None:
    a, b = await start_pair(fake_slack, processes, tmp_path, pg_url)  # both migrate at once, too

    # the digest is due at start in both processes: posted once
    await fake_slack.wait_for("chat.postMessage", where=lambda c: bool(DIGEST.search(c.text_content())))

    # the same delivery reaching both (a retry routed to the other process): answered once
    question = signing.mention(QUESTION)
    sent = await asyncio.gather(
        a.event(question, event_id="EvTWIN"), b.event(question, event_id="EvTWIN", retry_num=1)
    )
    assert [s.status for s in sent] == [200, 200]

    # the same rights request reaching both: one ticket, one confirmation
    request = signing.dm("I request a copy of the personal data Leadpilot holds about me.")
    sent = await asyncio.gather(
        a.event(request, event_id="EvTWINR"), b.event(request, event_id="EvTWINR", retry_num=1)
    )
    assert [s.status for s in sent] == [200, 200]

    # many different requests spread over both at once: each gets its own reference
    requests = [signing.dm("Jag begär härmed att Leep raderar alla mina personuppgifter.") for _ in range(12)]
    sent = await asyncio.gather(
        *((a, b)[i % 2].event(r, event_id=f"EvMANY{i}") for i, r in enumerate(requests))
    )
    assert all(s.status == 200 for s in sent), [s.status for s in sent]

    await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: "DSAR-" in c.text_content(), count=13, timeout=15
    )
    await fake_slack.settle(quiet=0.5, timeout=15)

    assert len(in_thread(fake_slack, question)) == 1
    assert "event=EvTWIN duplicate" in a.log() + b.log()  # one of them saw the other's delivery
    database = Database(pg_url)
    with database.session() as session:
        tickets = list(session.exec(select(Ticket)).all())
    database.dispose()
    assert len(tickets) == 13
    assert len({t.reference for t in tickets}) == 13
    assert sorted(t.number for t in tickets) == list(range(1, 14))  # no gaps, no doubles
    confirmations = [c for c in fake_slack.delivered(request["channel"]) if "DSAR-" in c.text_content()]
    assert len(confirmations) == 13  # one per request, the twin request included
    team = [c for c in fake_slack.delivered(PRIVACY_CHANNEL) if "DSAR-" in c.text_content()]
    assert len(team) == 13
    digests = [c for c in fake_slack.delivered(PRIVACY_CHANNEL) if DIGEST.search(c.text_content())]
    days = [DIGEST_DAY.search(c.text_content()).group(0) for c in digests]  # type: ignore[union-attr]
    assert len(days) == len(set(days)) >= 1  # one per day (a run across midnight sees two days)

    for server in (a, b):
        server.terminate()
    assert [await a.wait_exit(), await b.wait_exit()] == [0, 0]
