"""The database goes away: at start, mid-flight (PostgreSQL cut off), or locked by another writer (SQLite).

What the user and the operator notice: questions keep being answered, a rights request is never lost
(Slack gets a non-2xx and redelivers it; the user is told), it is stored and confirmed exactly once when
the database is back, and /healthz tells the operator what is wrong until then.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import select

from bot.db import Database
from bot.models import Ticket
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack, ServeProcess, TcpProxy, new_process, serve_env

QUESTION = "Hur länge sparar Leep personuppgifter?"
REQUEST = "Jag begär härmed att Leep raderar alla mina personuppgifter."
NOT_RECORDED = "kunde inte registrera"


def tickets_in(url: str) -> list[Ticket]:
    database = Database(url)
    try:
        with database.session() as session:
            return list(session.exec(select(Ticket)).all())
    finally:
        database.dispose()


def confirmations(fake: LiveFakeSlack, channel: str) -> list[str]:
    return [c.text_content() for c in fake.delivered(channel) if "DSAR-" in c.text_content()]


def notices(fake: LiveFakeSlack, channel: str) -> list[str]:
    return [c.text_content() for c in fake.delivered(channel) if NOT_RECORDED in c.text_content()]


async def wait_for_attempt(server: ServeProcess, attempt: int, timeout: float = 10.0) -> None:
    """Until /healthz reports that the process has tried `attempt` times to reach the database."""
    deadline = time.monotonic() + timeout
    while True:
        sent = await server.healthz()
        assert sent.status == 503, sent.body
        found = re.search(r"attempt (\d+)", sent.json()["reason"])
        if found and int(found.group(1)) >= attempt:
            return
        assert time.monotonic() < deadline, f"no attempt {attempt} in {sent.body}"
        await asyncio.sleep(0.1)


async def test_serve_starts_without_its_database_and_recovers_when_it_returns(
    fake_slack: LiveFakeSlack, processes, tmp_path: Path
) -> None:
    volume = tmp_path / "volume"
    volume.write_text("a file where the database's folder should be: the volume is not mounted")
    url = f"sqlite:///{volume / 'bot.db'}"
    server = new_process(processes, serve_env(fake_slack, url), tmp_path)

    health = await server.wait_listening()
    assert health.status == 503
    assert "database" in health.json()["reason"]

    question = signing.mention(QUESTION)
    assert (await server.event(question, event_id="EvQDOWN")).status == 200
    [answer] = await fake_slack.wait_for(
        "chat.postMessage", timeout=10, where=lambda c: c.args.get("thread_ts") == question["ts"]
    )
    assert "Leep" in answer.text_content()

    request = signing.dm(REQUEST)
    first = await server.event(request, event_id="EvRDOWN")
    assert first.status >= 500  # not stored: Slack will deliver it again
    await fake_slack.wait_for("chat.postMessage", where=lambda c: NOT_RECORDED in c.text_content(), timeout=5)

    await wait_for_attempt(server, 3)  # it keeps trying
    volume.unlink()  # the volume is back
    health = await server.wait_healthy(timeout=20)
    assert health.json()["database"] == "ok"

    again = await server.event(request, event_id="EvRDOWN", retry_num=1)
    assert again.status == 200
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "DSAR-" in c.text_content(), timeout=5)
    third = await server.event(request, event_id="EvRDOWN", retry_num=2)
    assert third.status == 200
    await fake_slack.settle()
    [ticket] = tickets_in(url)
    assert ticket.right == "erasure" and ticket.company == "leep"
    assert len(confirmations(fake_slack, request["channel"])) == 1
    assert len(notices(fake_slack, request["channel"])) == 1


async def test_postgres_lost_mid_flight_loses_no_request_and_keeps_answering(
    serve, deps: AppDeps, fake_slack: LiveFakeSlack, pg_url: str
) -> None:
    migrated = Database(pg_url)
    migrated.upgrade()
    migrated.dispose()
    target = make_url(pg_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.up()
    database = Database(proxy.url_for(pg_url))
    driver = await serve(replace(deps, database=database))
    try:
        assert (await driver.healthz()).status == 200
        await proxy.down()  # every connection cut, new ones refused

        health = await driver.healthz()
        assert health.status == 503 and "database" in health.json()["reason"]

        question = signing.mention(QUESTION)
        assert (await driver.event(question, event_id="EvQLOST")).status == 200
        assert (await driver.event(question, event_id="EvQLOST", retry_num=1)).status == 200
        await fake_slack.wait_for(
            "chat.postMessage", where=lambda c: c.args.get("thread_ts") == question["ts"]
        )

        request = signing.dm(REQUEST)
        assert (await driver.event(request, event_id="EvRLOST")).status >= 500
        assert (await driver.event(request, event_id="EvRLOST", retry_num=1)).status >= 500
        await fake_slack.wait_for("chat.postMessage", where=lambda c: NOT_RECORDED in c.text_content())

        await proxy.up()
        assert (await driver.event(request, event_id="EvRLOST", retry_num=2)).status == 200
        await fake_slack.wait_for("chat.postMessage", where=lambda c: "DSAR-" in c.text_content())
        assert (await driver.event(request, event_id="EvRLOST", retry_num=3)).status == 200
        await fake_slack.settle()

        assert (await driver.healthz()).status == 200
        assert len(tickets_in(pg_url)) == 1
        answers = fake_slack.delivered(question["channel"])
        assert len([c for c in answers if c.args.get("thread_ts") == question["ts"]]) == 1
        assert len(confirmations(fake_slack, request["channel"])) == 1
        assert len(notices(fake_slack, request["channel"])) == 1
    finally:
        database.dispose()
        await proxy.down()


async def test_request_held_up_by_a_locked_sqlite_database_is_confirmed_once(
    serve, deps: AppDeps, fake_slack: LiveFakeSlack
) -> None:
    """The write outlives the ack's deadline (another writer holds the lock), so Slack gets a 500; the
    write then completes, and the user still gets exactly one confirmation — redelivery or not."""
    path = deps.database.engine.url.database
    assert path
    driver = await serve(deps)
    blocker = sqlite3.connect(path, isolation_level=None, timeout=1)
    blocker.execute("BEGIN IMMEDIATE")  # another process is writing
    request = signing.dm("Please delete my account and all my personal data at Xledger.")
    try:
        first = await driver.event(request, event_id="EvLOCK")
        assert first.status >= 500  # answered while the write still waits for the lock: Slack redelivers
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "DSAR-" in c.text_content(), timeout=10)

    again = await driver.event(request, event_id="EvLOCK", retry_num=1)
    assert again.status == 200
    await fake_slack.settle()
    assert len(tickets_in(deps.settings.database_url)) == 1
    assert len(confirmations(fake_slack, request["channel"])) == 1
