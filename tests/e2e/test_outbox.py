"""A stored rights request is announced — to the requester and the privacy team — exactly once, even when
Slack refuses at first, a process dies mid-post, or another process picks the work up."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import col, select, update

from bot.models import Notice, Ticket
from bot.slack.tickets import delivery
from bot.slack.tickets.intake import open_request
from bot.tickets import outbox
from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import tickets, to_team
from tests.waiting import eventually

REQUEST = "Hej! Jag vill att ni raderar alla mina personuppgifter hos Xledger."


@pytest.fixture(autouse=True)
def reconciler_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own reconciler waits an hour before its first round: the tests run the rounds
    themselves, however slow the machine."""
    monkeypatch.setattr(delivery, "RECONCILE_SECONDS", 3600.0)


def _client(fake_slack: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_url)


def _notices(deps) -> list[Notice]:  # type: ignore[no-untyped-def]
    with deps.database.session() as session:
        return list(session.exec(select(Notice).order_by(col(Notice.id))).all())


def _later(deps, by: timedelta) -> None:  # type: ignore[no-untyped-def]
    start = deps.clock()
    deps.clock = lambda: start + by


async def test_confirmations_slack_refused_are_delivered_later_once_each(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.inject("chat.postMessage", ok_false="internal_error", times=2)
    assert (await slack.event(signing.dm(REQUEST))).status == 200
    await fake_slack.wait_for("chat.postMessage", count=2)  # both refused
    [stored] = tickets(slack.deps)
    await eventually(lambda: all(n.error for n in _notices(slack.deps)), "the refusals noted")
    assert {n.state for n in _notices(slack.deps)} == {"pending"}

    _later(slack.deps, timedelta(minutes=1))
    assert (await slack.healthz()).json()["confirmations_owed"] == 2  # the operator sees them owed
    assert await delivery.reconcile(slack.deps, _client(fake_slack)) == 2
    assert await delivery.reconcile(slack.deps, _client(fake_slack)) == 0  # nothing left
    assert (await slack.healthz()).json()["confirmations_owed"] == 0
    answered = [c for c in fake_slack.calls("chat.postMessage") if c.response]
    [to_requester] = [c for c in answered if c.args["channel"] == signing.DM_CHANNEL_ID]
    [team] = [c for c in answered if to_team(c)]
    assert stored.reference in to_requester.text_content() and stored.reference in team.text_content()
    assert all(n.state == "sent" and n.slack_ts for n in _notices(slack.deps))
    assert team.args["channel"] == PRIVACY_CHANNEL


async def test_another_process_delivers_what_the_first_could_not(
    serve, deps, fake_slack: FakeSlack, engine
) -> None:
    from bot.db import Database
    from bot.slack.deps import AppDeps

    first = await serve(deps)
    fake_slack.inject("chat.postMessage", ok_false="internal_error", times=2)
    await first.event(signing.dm(REQUEST))
    await fake_slack.wait_for("chat.postMessage", count=2)
    await eventually(lambda: all(n.error for n in _notices(deps)), "the refusals noted")
    second = AppDeps(deps.settings, engine, Database(deps.settings.database_url))
    _later(second, timedelta(minutes=1))
    assert await delivery.reconcile(second, _client(fake_slack)) == 2
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.response]) == 2


async def test_a_post_that_landed_before_its_process_died_is_not_posted_again(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    assert (await slack.event(signing.dm(REQUEST))).status == 200
    await fake_slack.wait_for("chat.postMessage", count=2)
    await eventually(lambda: all(n.state == "sent" for n in _notices(slack.deps)), "both notices sent")
    posted = {n.kind: n.slack_ts for n in _notices(slack.deps)}
    with slack.deps.database.session(write=True) as session:  # as if the process died before noting it
        session.exec(update(Notice).values(state="sending", slack_ts=None, lease_until=slack.deps.clock()))
        session.exec(update(Ticket).values(team_channel=None, team_message_ts=None))
        session.commit()

    _later(slack.deps, timedelta(minutes=5))
    assert await delivery.reconcile(slack.deps, _client(fake_slack)) == 2
    assert len(fake_slack.calls("chat.postMessage")) == 2  # found in the conversation, not posted again
    assert fake_slack.calls("conversations.history")
    assert {n.kind: n.slack_ts for n in _notices(slack.deps)} == posted
    [stored] = tickets(slack.deps)
    assert stored.team_message_ts == posted["team"]  # later status changes still go to its thread


async def test_a_post_that_never_landed_before_its_process_died_is_posted_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    deps = slack.deps
    ticket, created = open_request(  # stored and claimed, then the process died before posting
        deps,
        team_id="T1",
        user=signing.USER_ID,
        channel=signing.DM_CHANNEL_ID,
        ts=signing.new_ts(),
        source="dm",
        language="sv",
        company="xledger",
        rights=["erasure"],
        text=REQUEST,
        reply_to=(signing.DM_CHANNEL_ID, None),
    )
    assert created and outbox.claim_for_ticket(deps.database, ticket.reference, deps.clock())
    _later(deps, outbox.LEASE + timedelta(seconds=1))
    assert await delivery.reconcile(deps, _client(fake_slack)) == 2
    assert await delivery.reconcile(deps, _client(fake_slack)) == 0
    posts = fake_slack.calls("chat.postMessage")
    assert sorted(c.args["channel"] for c in posts) == sorted([signing.DM_CHANNEL_ID, PRIVACY_CHANNEL])
    assert all(ticket.reference in c.text_content() for c in posts)


async def test_the_reconcilers_loop_delivers_after_each_pause(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.inject("chat.postMessage", ok_false="internal_error", times=2)
    await slack.event(signing.dm(REQUEST))
    await fake_slack.wait_for("chat.postMessage", count=2)
    await eventually(lambda: all(n.error for n in _notices(slack.deps)), "the refusals noted")
    _later(slack.deps, timedelta(minutes=1))
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:  # one round done: stop the loop
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await delivery.run_reconciler(slack.deps, _client(fake_slack), sleep=pause)
    assert all(n.state == "sent" for n in _notices(slack.deps))
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.response]) == 2
