"""A rights request in Slack becomes exactly one ticket, and the requester is told in their language."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import (
    OUTSIDER,
    database_away,
    events,
    kept,
    slack_ts,
    team_notification,
    ticket,
    tickets,
    to_team,
)
from tests.waiting import eventually

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SV_REQUEST = "Hej! Jag vill att ni raderar alla mina personuppgifter hos Xledger."
EN_REQUEST = "Please delete all my personal data at Leep."


def to_requester(call) -> bool:  # type: ignore[no-untyped-def]
    return not to_team(call)


async def test_dm_request_opens_a_ticket_and_replies_with_reference_and_due_date(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    event = signing.dm(SV_REQUEST)
    assert (await slack.event(event)).status == 200
    assert kept(slack.deps) >= 1  # stored before the ack: in the inbox, or already as its ticket
    [stored] = await eventually(lambda: tickets(slack.deps), "the ticket")
    assert stored.source == "dm" and stored.company == "xledger" and stored.rights == ["erasure"]
    assert stored.requester_user == signing.USER_ID and stored.language == "sv"
    assert stored.received_at.timestamp() == float(event["ts"])  # the message time, not now

    [reply] = await fake_slack.wait_for("chat.postMessage", where=to_requester)
    assert reply.args["channel"] == signing.DM_CHANNEL_ID
    content = reply.text_content()
    assert stored.reference in content
    assert "Så här går det till" in content and "senast" in content
    assert reply.find_action("ticket_not_a_request") is not None

    notice = await team_notification(fake_slack, slack.deps)
    shown = notice.text_content()
    assert stored.reference in shown and "Xledger" in shown
    assert "<!subteam^SPRIV>" in shown and "<@UPRIV>" in shown
    assert "raderar" not in shown and "Hej" not in shown  # no message text in the channel
    assert {"ticket_assign", "ticket_close"} <= set(notice.action_ids())
    stored_ts = await eventually(  # stored just after the notice is posted
        lambda: ticket(slack.deps, stored.reference).team_message_ts, "the notice's ts stored on the ticket"
    )
    assert stored_ts == notice.ts


async def test_a_31_january_receipt_in_stockholm_is_due_on_the_first_working_day_after_28_february(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    late_evening = datetime(2026, 1, 31, 23, 30, tzinfo=STOCKHOLM)  # 22:30 UTC, still the 31st in Stockholm
    event = signing.mention(EN_REQUEST, ts=slack_ts(late_evening))
    await slack.event(event)
    [reply] = await fake_slack.wait_for("chat.postMessage", where=to_requester)
    assert reply.args["thread_ts"] == event["ts"]
    content = reply.text_content()
    # one month is Saturday 28 February 2026: the period ends on Monday 2 March
    assert "2 March 2026" in content and "31 January 2026" in content
    [stored] = tickets(slack.deps)
    assert stored.due_date.isoformat() == "2026-03-02"
    assert stored.calendar_due_date is not None and stored.calendar_due_date.isoformat() == "2026-02-28"


async def test_a_retried_or_doubled_delivery_makes_one_ticket_and_one_reply(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    event = signing.dm(EN_REQUEST)
    first = await slack.event(event, event_id="Ev-same")
    retry = await slack.event(event, event_id="Ev-same", retry_num=1)
    twin = await slack.event(event, event_id="Ev-other-process")  # same message, another delivery id
    assert (first.status, retry.status, twin.status) == (200, 200, 200)
    await fake_slack.wait_for("chat.postMessage", count=2)
    await fake_slack.settle()
    assert len(tickets(slack.deps)) == 1
    assert len(fake_slack.calls("chat.postMessage", where=to_requester)) == 1
    assert len(fake_slack.calls("chat.postMessage", where=to_team)) == 1


async def test_that_wasnt_a_request_closes_it_and_keeps_the_audit_trail(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.event(signing.dm(EN_REQUEST))
    [reply] = await fake_slack.wait_for("chat.postMessage", where=to_requester)
    await team_notification(fake_slack, slack.deps)
    [stored] = tickets(slack.deps)

    # someone else pressing the requester's button is refused and nothing changes
    await slack.click(reply, "ticket_not_a_request", user=OUTSIDER)
    [refusal] = await fake_slack.wait_for("chat.postEphemeral")
    assert (
        refusal.args["user"] == OUTSIDER and "only the person who made the request" in refusal.text_content()
    )
    assert ticket(slack.deps, stored.reference).status == "received"

    assert (await slack.click(reply, "ticket_not_a_request")).status == 200
    [update, *_] = await fake_slack.wait_for(
        "chat.update", where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID
    )
    assert "not a request" in update.text_content()
    assert "ticket_not_a_request" not in update.action_ids()
    closed = ticket(slack.deps, stored.reference)
    assert closed.status == "not_a_request"
    trail = events(slack.deps, stored.reference)
    assert trail[0].action == "opened"
    assert trail[-1].action == "not_a_request" and trail[-1].actor == signing.USER_ID
    assert trail[-1].from_status == "received" and trail[-1].to_status == "not_a_request"
    # the team's notification follows, and the change is logged in its thread
    await fake_slack.wait_for("chat.update", where=to_team)
    [logged] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: to_team(c) and bool(c.args.get("thread_ts"))
    )
    assert "not a request" in logged.text_content()


async def test_database_away_answers_500_and_tells_the_user_then_redelivery_stores_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    event = signing.dm(SV_REQUEST)
    with database_away(slack.deps):
        sent = await slack.event(event, event_id="Ev-db-down")
        assert sent.status == 500
        [told] = await fake_slack.wait_for("chat.postMessage")
        assert "registrera" in told.text_content()
    assert tickets(slack.deps) == []

    assert (await slack.event(event, event_id="Ev-db-down", retry_num=1)).status == 200
    assert (await slack.event(event, event_id="Ev-db-down", retry_num=2)).status == 200
    [stored] = await eventually(lambda: tickets(slack.deps), "the ticket")
    replies = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: to_requester(c) and stored.reference in c.text_content()
    )
    await fake_slack.settle()
    assert len(replies) == 1
    assert stored.received_at.timestamp() == float(event["ts"])


async def test_a_personnummer_in_a_request_never_reaches_a_post(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.event(signing.dm("Radera mina uppgifter hos Leep, mitt personnummer är 19850101-1234."))
    await fake_slack.wait_for("chat.postMessage", count=2)
    await fake_slack.settle()
    for call in fake_slack.calls():
        assert "19850101-1234" not in call.raw.decode("utf-8", "replace")
        assert "850101-1234" not in call.text_content()


async def test_a_database_away_longer_than_slacks_retries_loses_no_request(
    serve, deps, fake_slack: FakeSlack, tmp_path
) -> None:
    """With a spool, the request is kept on disk and acknowledged; the user is told the truth; once the
    database is back the ticket is stored (received when the message was sent) and confirmed once."""
    spooling = replace(deps, settings=replace(deps.settings, spool_dir=tmp_path / "spool"))
    slack = await serve(spooling)
    event = signing.dm(SV_REQUEST)
    with database_away(spooling):
        assert (await slack.event(event, event_id="Ev-spool")).status == 200  # no redelivery needed
        [told] = await fake_slack.wait_for("chat.postMessage")
        assert "sparat" in told.text_content() and "DSAR-" not in told.text_content()
        assert (await slack.healthz()).json()["spooled_requests"] == 1
        assert (await slack.event(event, event_id="Ev-spool", retry_num=1)).status == 200  # Slack retried
    replies = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: to_requester(c) and "DSAR-" in c.text_content()
    )
    [stored] = tickets(spooling)
    assert stored.reference in replies[0].text_content()
    assert stored.received_at.timestamp() == float(event["ts"])  # the message time, not the replay's
    assert stored.rights == ["erasure"] and stored.company == "xledger"
    await team_notification(fake_slack, spooling)
    assert (await slack.event(event, event_id="Ev-spool", retry_num=2)).status == 200
    await fake_slack.settle()
    assert len(tickets(spooling)) == 1
    assert len([c for c in fake_slack.calls("chat.postMessage") if "DSAR-" in c.text_content()]) == 2
    assert (await slack.healthz()).json()["spooled_requests"] == 0
