"""The durable inbox: an event the bot may act on is stored before Slack gets its 200 and acted on
after, so the ack never waits for understanding; rows a dead process left are acted on by another."""

from __future__ import annotations

import threading

import pytest

from bot.pipeline import Engine
from bot.slack import inbox_store
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import kept, tickets
from tests.waiting import eventually

REQUEST = "Please delete all my personal data at Leep."


def _to_requester(call) -> bool:  # type: ignore[no-untyped-def]
    return call.args.get("channel") == signing.DM_CHANNEL_ID


async def test_a_rights_request_is_acked_while_its_understanding_still_waits(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = engine.understand

    def held_up(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(30)  # the intent model is busy (a burst): understanding has not happened yet
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "understand", held_up)
    try:
        sent = await slack.event(signing.dm(REQUEST), event_id="EvHELD")
        assert sent.status == 200
        assert inbox_store.backlog(slack.deps.database) == 1  # stored before the ack, not yet a ticket
        assert tickets(slack.deps) == []
    finally:
        gate.set()
    [confirmation] = await fake_slack.wait_for("chat.postMessage", where=_to_requester)
    [stored] = tickets(slack.deps)
    assert stored.reference in confirmation.text_content()
    await eventually(lambda: inbox_store.backlog(slack.deps.database) == 0, "the inbox emptied")


async def test_a_burst_of_requests_gets_one_ticket_and_one_confirmation_each(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    import asyncio

    users = [f"UBURST{i:02d}" for i in range(20)]
    events = [signing.dm(REQUEST, user=user, channel=f"D{user}") for user in users]
    sent = await asyncio.gather(
        *(slack.event(event, event_id=f"EvBURST{i}") for i, event in enumerate(events))
    )
    assert {s.status for s in sent} == {200}
    assert kept(slack.deps) >= 20  # each stored before its ack
    again = await asyncio.gather(  # Slack delivers some again meanwhile
        *(slack.event(event, event_id=f"EvBURST{i}", retry_num=1) for i, event in enumerate(events[:5]))
    )
    assert {s.status for s in again} == {200}
    await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args["channel"].startswith("DUBURST"), count=20
    )
    await fake_slack.settle()
    confirmed = [
        c.args["channel"]
        for c in fake_slack.calls("chat.postMessage")
        if c.args["channel"].startswith("DUBURST")
    ]
    assert sorted(confirmed) == sorted(f"D{user}" for user in users)  # each requester once
    assert len(tickets(slack.deps)) == 20
    assert inbox_store.backlog(slack.deps.database) == 0


async def test_an_event_a_dead_process_left_in_the_inbox_is_acted_on(
    slack: SlackDriver, fake_slack: FakeSlack, deps: AppDeps
) -> None:
    body = signing.event_body(signing.dm(REQUEST), event_id="EvORPHAN").decode("utf-8")
    long_ago = deps.clock() - 2 * inbox_store.LEASE  # its process took it in, then died
    inbox_store.write(deps.database, [(f"{signing.TEAM_ID}:EvORPHAN", body)], [], "dead-process", long_ago)
    [confirmation] = await fake_slack.wait_for("chat.postMessage", where=_to_requester)
    [stored] = tickets(deps)
    assert stored.reference in confirmation.text_content()
    await eventually(lambda: inbox_store.backlog(deps.database) == 0, "the inbox emptied")


@pytest.mark.parametrize(
    "event",
    [
        signing.channel_message("Hur länge sparar Leep personuppgifter?", mention_bot=False),
        signing.bot_message("Recorded DSAR-2026-0001"),
    ],
    ids=["channel chatter", "a bot's own message"],
)
async def test_messages_not_addressed_to_the_bot_are_never_kept(
    slack: SlackDriver, fake_slack: FakeSlack, event: dict
) -> None:
    assert (await slack.event(event)).status == 200
    assert inbox_store.backlog(slack.deps.database) == 0
    await fake_slack.settle()
    assert fake_slack.calls("chat.postMessage") == []


async def test_an_unsigned_event_is_refused_and_not_kept(slack: SlackDriver) -> None:
    body = signing.event_body(signing.dm(REQUEST))
    sent = await slack.post(body, signing.signed_headers(body, "not-the-secret"))
    assert sent.status == 401
    assert inbox_store.backlog(slack.deps.database) == 0


async def test_healthz_reports_the_events_not_yet_acted_on(
    slack: SlackDriver, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = engine.understand
    monkeypatch.setattr(engine, "understand", lambda *a, **k: (gate.wait(30), original(*a, **k))[1])
    try:
        assert (await slack.healthz()).json()["inbox_backlog"] == 0
        await slack.event(signing.dm(REQUEST))
        assert (await slack.healthz()).json()["inbox_backlog"] == 1
    finally:
        gate.set()
    await eventually(lambda: inbox_store.backlog(slack.deps.database) == 0, "the inbox emptied")
