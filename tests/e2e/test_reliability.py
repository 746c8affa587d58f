"""What Slack demands: fast acks, Web API failures survived, health, limits, storage outages."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot.db import Database
from bot.intent import Intent
from bot.models import SeenEvent
from bot.pipeline import Engine
from bot.slack import inbox_store, tickets
from bot.slack.deps import AppDeps
from bot.slack.inbox import Inbox
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.waiting import eventually

QUESTION = "Hur länge sparar Leep personuppgifter?"
UNREACHABLE_DB = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/nothing?connect_timeout=1"


async def test_ack_does_not_wait_for_the_answer(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine.answer
    gate = threading.Event()  # retrieval held until the test has its ack

    def held_answer(understanding):  # type: ignore[no-untyped-def]
        assert gate.wait(30), "the test never released the answer"
        return original(understanding)

    monkeypatch.setattr(engine, "answer", held_answer)
    try:
        sent = await slack.event(signing.mention(QUESTION))
        assert sent.status == 200  # acked while the answer cannot have been made yet
        assert fake_slack.calls("chat.postMessage") == []
    finally:
        gate.set()
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "leep" in post.text_content().lower()


async def test_other_events_are_acked_while_answers_are_held(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine.answer
    gate = threading.Event()

    def held_answer(understanding):  # type: ignore[no-untyped-def]
        assert gate.wait(30), "the test never released the answers"
        return original(understanding)

    monkeypatch.setattr(engine, "answer", held_answer)
    try:
        sent = await asyncio.gather(*(slack.event(signing.mention(QUESTION)) for _ in range(4)))
        assert all(s.status == 200 for s in sent)  # every ack while every answer is still held
        assert fake_slack.calls("chat.postMessage") == []
    finally:
        gate.set()
    await fake_slack.wait_for("chat.postMessage", count=4)


async def test_one_slow_understanding_does_not_hold_up_other_acks(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Understanding runs off the event loop: while one message is held there, another is acked."""
    original = engine.understand
    gate = threading.Event()

    def held_understand(message, company=None, context=None):  # type: ignore[no-untyped-def]
        if message and "HOLD" in message:
            assert gate.wait(30), "the test never released the held message"
        return original(message, company, context)

    monkeypatch.setattr(engine, "understand", held_understand)
    try:
        held = asyncio.ensure_future(slack.event(signing.mention("HOLD " + QUESTION)))
        other = await slack.event(signing.mention(QUESTION))
        assert other.status == 200 and not held.done()  # acked while the first is still being understood
    finally:
        gate.set()
    assert (await held).status == 200
    await fake_slack.wait_for("chat.postMessage", count=2)


async def test_rate_limited_post_is_retried_after_retry_after(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.inject("chat.postMessage", status=429, retry_after=1)
    await slack.event(signing.mention(QUESTION))
    calls = await fake_slack.wait_for("chat.postMessage", count=2, timeout=6)
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 0.9
    assert calls[0].args == calls[1].args  # the same answer, posted once
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage", where=lambda c: c.status == 200)) == 1


async def test_server_error_ends_in_an_apology_not_a_crash(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", status=500, times=2)  # the post and its one retry
    event = signing.mention(QUESTION)
    await slack.event(event)
    calls = await fake_slack.wait_for("chat.postMessage", count=3, timeout=6)
    assert [c.status for c in calls] == [500, 500, 200]
    assert "Förlåt" in calls[2].args["text"]
    assert calls[2].args["thread_ts"] == event["ts"]

    fake_slack.reset()  # and the app keeps answering
    await slack.event(signing.mention(QUESTION))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "Leeps integritetspolicy" in post.text_content()


async def test_ok_false_ends_in_an_apology(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.inject("chat.postMessage", ok_false="invalid_blocks")
    await slack.event(signing.dm("How long does Leep keep personal data?"))
    calls = await fake_slack.wait_for("chat.postMessage", count=2)
    assert "Sorry" in calls[1].args["text"]


async def test_failing_reactions_do_not_block_the_answer(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine.answer

    def slow_answer(understanding):
        time.sleep(0.7)
        return original(understanding)

    monkeypatch.setattr(engine, "answer", slow_answer)
    fake_slack.inject("reactions.add", ok_false="missing_scope")
    await slack.event(signing.mention(QUESTION))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.status == 200
    assert len(fake_slack.calls("reactions.add")) == 1
    await fake_slack.settle()
    assert fake_slack.calls("reactions.remove") == []


async def test_oversized_request_is_refused_with_413(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    body = signing.event_body(signing.dm("x" * (2 * 1024 * 1024)))
    sent = await slack.post(body, signing.signed_headers(body))
    assert sent.status == 413
    await fake_slack.settle()
    assert fake_slack.calls("chat.postMessage") == []


async def test_healthz_is_200_when_ready(slack: SlackDriver) -> None:
    sent = await slack.healthz()
    assert sent.status == 200
    assert sent.json()["companies"] == 5


async def test_healthz_is_503_naming_the_database_when_unreachable(serve, deps: AppDeps) -> None:
    driver = await serve(replace(deps, database=Database(UNREACHABLE_DB)))
    sent = await driver.healthz()
    assert sent.status == 503
    assert "database" in sent.json()["reason"]


async def test_healthz_is_503_when_the_database_can_be_read_but_not_written(
    serve, deps: AppDeps, e2e_settings
) -> None:
    # the migrated file opened read-only: reads work, every write fails, as on a full disk
    path = e2e_settings.database_url.removeprefix("sqlite:///")
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    driver = await serve(replace(deps, database=read_only))
    sent = await driver.healthz()
    assert sent.status == 503
    assert sent.json()["database"] == "not writable" and "not writable" in sent.json()["reason"]


async def test_questions_are_answered_when_the_database_is_down(
    serve, deps: AppDeps, fake_slack: FakeSlack
) -> None:
    driver = await serve(replace(deps, database=Database(UNREACHABLE_DB)))
    event = signing.mention(QUESTION)
    assert (await driver.event(event, event_id="EvNODB")).status == 200
    assert (await driver.event(event, event_id="EvNODB", retry_num=1)).status == 200
    await fake_slack.wait_for("chat.postMessage", timeout=8)
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1  # memory de-dup as the fallback


def _as_rights_request(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for the intent classifier (another module): every message is an erasure request."""
    original = engine.understand

    def understand(*args, **kwargs):
        u = original(*args, **kwargs)
        return replace(u, intent=Intent(kind="rights_request", right="erasure", rights=("erasure",)))

    monkeypatch.setattr(engine, "understand", understand)


async def test_rights_request_whose_ticket_cannot_be_stored_yet_is_acked_kept_and_recorded_once(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The event is in the inbox before the ack; storing its ticket fails at first (a locked database):
    the user is told, the inbox tries again by itself, and the ticket is stored and confirmed once, also
    when Slack delivers the event again."""
    _as_rights_request(engine, monkeypatch)
    stored: list[str] = []
    confirmed: list[str] = []

    def failing_record(deps, event, team_id, understanding, source):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    def record(deps, event, team_id, understanding, source):
        stored.append(event["ts"])
        return tickets.Recorded(reference="DSR-1", created=len(stored) == 1)

    async def confirm(deps, client, recorded):
        confirmed.append(recorded.reference)
        await client.chat_postMessage(channel=signing.DM_CHANNEL_ID, text=f"Recorded {recorded.reference}")

    monkeypatch.setattr(tickets, "record_request", failing_record)
    monkeypatch.setattr(tickets, "confirm_request", confirm)
    event = signing.dm("Please delete all my data at Leep")
    first = await slack.event(event, event_id="EvDSAR")
    assert first.status == 200
    assert inbox_store.backlog(slack.deps.database) == 1  # kept before the ack
    [notice] = await fake_slack.wait_for("chat.postMessage")
    assert "couldn't record" in notice.args["text"]
    assert "resend" in notice.args["text"]  # nothing for the user to do

    monkeypatch.setattr(tickets, "record_request", record)
    await fake_slack.wait_for("chat.postMessage", count=2)
    assert confirmed == ["DSR-1"] and stored == [event["ts"]]
    await eventually(lambda: inbox_store.backlog(slack.deps.database) == 0, "the inbox emptied")
    again = await slack.event(event, event_id="EvDSAR", retry_num=1)
    assert again.status == 200
    await fake_slack.settle()
    assert confirmed == ["DSR-1"] and len(fake_slack.calls("chat.postMessage")) == 2


async def test_seen_events_older_than_a_day_are_purged(deps: AppDeps) -> None:
    from datetime import timedelta

    from bot.slack import dedup

    now = deps.clock()
    assert dedup.mark_seen(deps.database, "T1:old", now - timedelta(days=2))
    assert dedup.mark_seen(deps.database, "T1:new", now)
    assert not dedup.mark_seen(deps.database, "T1:new", now)
    assert dedup.purge_older_than(deps.database, now - dedup.SEEN_TTL) == 1
    with deps.database.session() as session:
        keys = [row[0] for row in session.exec(text("SELECT key FROM seen_event")).all()]
    assert keys == ["T1:new"]


async def test_an_event_while_slack_cannot_say_who_the_bot_is_is_kept_and_acted_on_once_it_can(
    serve, deps: AppDeps, fake_slack: FakeSlack
) -> None:
    fake_slack.inject("auth.test", ok_false="fatal_error", times=10_000)  # from the very start
    driver = await serve(deps)
    event = signing.dm("Please delete all my personal data at Leep.")
    kept = await driver.event(event, event_id="EvAUTH")
    assert kept.status == 200  # stored in the inbox, ahead of Bolt's authorization
    assert inbox_store.backlog(deps.database) == 1
    await asyncio.sleep(0.5)
    assert fake_slack.calls("chat.postMessage") == []  # not acted on while the bot doesn't know who it is

    fake_slack.faults.clear()  # Slack answers again
    [confirmation] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID
    )
    assert "DSAR-" in confirmation.text_content()


async def test_an_event_while_slack_cannot_say_who_the_bot_is_and_the_inbox_is_away_gets_503(
    serve, deps: AppDeps, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bolt's own path (the inbox passed by): never 200 with nothing stored, so Slack delivers it again."""
    fake_slack.inject("auth.test", ok_false="fatal_error", times=10_000)
    driver = await serve(deps)
    monkeypatch.setattr(Inbox, "take", _passed_by)
    event = signing.dm("Please delete all my personal data at Leep.")
    refused = await driver.event(event, event_id="EvAUTH")
    assert refused.status == 503
    with deps.database.session() as session:
        assert session.exec(select(func.count()).select_from(SeenEvent)).one() == 0

    fake_slack.faults.clear()  # Slack answers again
    stored = await driver.event(event, event_id="EvAUTH", retry_num=1)
    assert stored.status == 200
    [confirmation] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID
    )
    assert "DSAR-" in confirmation.text_content()


async def _passed_by(self: Inbox, raw: bytes, headers: object) -> str:
    return "passed"


async def test_a_request_stored_just_as_the_deadline_passes_is_still_confirmed(
    slack: SlackDriver, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write finishes exactly at RECORD_TIMEOUT: the user got 500, the ticket exists, and it must be
    confirmed (a redelivery only finds it). Bolt's own path: the inbox is passed by."""
    from bot.slack import intake

    monkeypatch.setattr(Inbox, "take", _passed_by)
    original = asyncio.wait_for
    calls = {"n": 0}

    async def finished_at_the_deadline(awaitable, timeout):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 1:
            return await original(awaitable, timeout)
        await awaitable  # the write completes…
        raise TimeoutError  # …but the deadline has passed

    monkeypatch.setattr(intake.asyncio, "wait_for", finished_at_the_deadline)
    event = signing.dm("Please delete all my personal data at Leep.")
    assert (await slack.event(event, event_id="EvRACE")).status == 500
    posts = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID and "DSAR-" in c.text_content(),
    )
    assert len(posts) == 1
