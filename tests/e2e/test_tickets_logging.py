"""Agents log requests by hand (message shortcut, /privacy request); offers; the daily digest."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.pipeline import Engine
from bot.slack.tickets import post_digest, request_offer_blocks, run_digest_loop
from bot.tickets.deadlines import STOCKHOLM
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import slack_ts, tickets, to_team

AGENT = "UAGENT"
CUSTOMER_MESSAGE = "Kunden Kalle Anka vill att Leep raderar alla hans uppgifter, kalle@example.se"


def state(values: dict) -> dict:  # type: ignore[type-arg]
    return {block: {"value": value} for block, value in values.items()}


async def test_message_shortcut_opens_a_prefilled_modal_and_submission_opens_a_ticket(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    message = {
        "type": "message",
        "user": "UCUSTOMERDESK",
        "ts": slack_ts(datetime(2026, 1, 31, 9, tzinfo=UTC)),
        "text": CUSTOMER_MESSAGE,
    }
    sent = await slack.interact(signing.message_action("log_rights_request", message, user=AGENT))
    assert sent.status == 200
    [opened] = await fake_slack.wait_for("views.open")
    view = opened.args["view"]
    by_id = {b.get("block_id"): b for b in view["blocks"]}
    assert by_id["company"]["element"]["initial_option"]["value"] == "leep"
    assert "erasure" in [o["value"] for o in by_id["rights"]["element"]["initial_options"]]

    values = state(
        {
            "company": {"type": "static_select", "selected_option": {"value": "leep"}},
            "rights": {"type": "multi_static_select", "selected_options": [{"value": "erasure"}]},
            "subject_name": {"type": "plain_text_input", "value": "Kalle Anka"},
            "subject_contact": {"type": "plain_text_input", "value": "kalle@example.se"},
            "notes": {"type": "plain_text_input", "value": None},
        }
    )
    submission = signing.view_submission(
        "ticket_request_view", values, private_metadata=view["private_metadata"], user=AGENT
    )
    assert (await slack.interact(submission)).status == 200
    [stored] = tickets(slack.deps)
    assert (stored.source, stored.company, stored.rights) == ("message_shortcut", "leep", ["erasure"])
    assert (stored.subject_name, stored.subject_email, stored.requester_user) == (
        "Kalle Anka",
        "kalle@example.se",
        AGENT,
    )
    # received when the customer's message was posted; one month is a Saturday, so due Monday 2 March
    assert stored.due_date == date(2026, 3, 2)

    [confirmation] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args.get("channel") == AGENT
    )
    assert stored.reference in confirmation.text_content()
    [notice] = await fake_slack.wait_for("chat.postMessage", where=to_team)
    assert "kalle" not in notice.raw.decode().lower()

    # logging the same message again does not make a second ticket
    await slack.interact(submission | {"view": submission["view"] | {"id": "V-other"}})
    await fake_slack.wait_for("chat.postMessage", count=2, where=lambda c: c.args.get("channel") == AGENT)
    assert len(tickets(slack.deps)) == 1


async def test_privacy_request_without_text_opens_the_modal_and_with_a_clear_request_opens_a_ticket(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.command("request", user=AGENT)
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "ticket_request_view"

    await slack.command("request Please delete my personal data at Xledger", user="UCAROL")
    [answer] = await fake_slack.wait_for("webhook")
    [stored] = tickets(slack.deps)
    assert stored.source == "slash_command" and stored.requester_user == "UCAROL"
    assert stored.reference in answer.text_content()
    [dm] = await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "UCAROL")
    assert stored.reference in dm.text_content()  # not only ephemeral


async def test_offer_yes_opens_the_request_for_the_original_message(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine
) -> None:
    event = signing.dm("Can Leep delete my data?", ts=slack_ts(datetime(2026, 1, 31, 12, tzinfo=UTC)))
    understanding = engine.understand(event["text"])
    offer = request_offer_blocks(understanding, event)
    assert offer, understanding.intent
    message = {"type": "message", "ts": "1800000000.000001", "text": "answer", "blocks": offer}
    answer_post = signing.block_actions(
        "ticket_offer_yes",
        offer[-1]["elements"][0]["value"],
        user="UMALLORY",
        channel=signing.DM_CHANNEL_ID,
        message=message,
    )
    await slack.interact(answer_post)  # not the person who asked
    await fake_slack.wait_for("chat.postEphemeral")
    assert tickets(slack.deps) == []

    answer_post["user"]["id"] = signing.USER_ID
    await slack.interact(answer_post)
    [reply] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID
    )
    [stored] = tickets(slack.deps)
    assert stored.received_at.timestamp() == float(event["ts"])
    assert stored.due_date == date(2026, 3, 2) and stored.reference in reply.text_content()
    [update] = await fake_slack.wait_for("chat.update")
    assert "ticket_offer_yes" not in update.action_ids()


async def test_daily_digest_lists_overdue_and_due_soon_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    today = date(2026, 3, 10)
    for days_ago in (40, 27, 5):  # overdue, due in 3 days, due in a month
        moment = datetime(2026, 3, 10, 10, tzinfo=UTC) - timedelta(days=days_ago)
        await slack.event(signing.dm("Please delete my personal data at Leep.", ts=slack_ts(moment)))
    await fake_slack.wait_for("chat.postMessage", count=6)
    by_due = sorted(tickets(slack.deps), key=lambda t: t.due_date)
    assert await post_digest(slack.deps, _client(fake_slack), today)
    assert not await post_digest(slack.deps, _client(fake_slack), today)  # claimed already (another process)
    [digest] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: to_team(c) and "digest" in c.text_content().lower()
    )
    content = digest.text_content()
    assert "1 overdue, 1 due soon" in content
    assert by_due[0].reference in content and by_due[1].reference in content
    assert by_due[2].reference not in content


async def test_digest_loop_posts_once_a_day_from_the_digest_hour_on_the_injected_clock(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Three days on a fake clock, from 06:00 Stockholm on a Monday: one digest a day, never before 08:00."""
    now = [datetime(2026, 12, 7, 6, 0, tzinfo=STOCKHOLM)]
    end = now[0] + timedelta(days=3)
    posted_at: list[datetime] = []
    deps = replace(slack.deps, settings=replace(slack.deps.settings, digest_hour=8), clock=lambda: now[0])
    seen = 0

    async def sleep(seconds: float) -> None:
        nonlocal seen
        digests = fake_slack.calls("chat.postMessage", where=lambda c: "digest" in c.text_content().lower())
        posted_at.extend([now[0]] * (len(digests) - seen))
        seen = len(digests)
        now[0] += timedelta(seconds=seconds)
        if now[0] >= end:
            raise asyncio.CancelledError

    with contextlib.suppress(asyncio.CancelledError):
        await run_digest_loop(deps, _client(fake_slack), sleep=sleep)
    local = [moment.astimezone(STOCKHOLM) for moment in posted_at]
    assert [m.date() for m in local] == [date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 9)]
    assert all(m.hour == 8 for m in local)


async def test_no_digest_loop_when_the_digest_is_off(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    async def sleep(seconds: float) -> None:
        raise AssertionError("the loop should not run")

    assert slack.deps.settings.digest_hour is None  # the harness's default
    await run_digest_loop(slack.deps, _client(fake_slack), sleep=sleep)
    assert fake_slack.calls("chat.postMessage") == []


def _client(fake: FakeSlack):  # type: ignore[no-untyped-def]
    from slack_sdk.web.async_client import AsyncWebClient

    return AsyncWebClient(token="xoxb-test", base_url=fake.api_url)


async def test_app_home_shows_own_requests_and_the_team_queue_to_the_team(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.event(signing.dm("Please delete my personal data at Leep."))
    await fake_slack.wait_for("chat.postMessage", count=2)
    [stored] = tickets(slack.deps)
    await slack.event(signing.home_opened(signing.USER_ID))
    [mine] = await fake_slack.wait_for("views.publish")
    assert stored.reference in mine.text_content()
    await slack.event(signing.home_opened("UOTHER"))
    [_, other] = await fake_slack.wait_for("views.publish", count=2)
    assert stored.reference not in other.text_content()
    await slack.event(signing.home_opened("UPRIV"))
    [*_, team] = await fake_slack.wait_for("views.publish", count=3)
    assert stored.reference in team.text_content() and "queue" in team.text_content()


async def test_someone_elses_shortcut_on_a_message_never_takes_it_from_its_author(
    slack: SlackDriver, fake_slack: FakeSlack, engine: Engine
) -> None:
    event = signing.dm("Can Leep delete my data?", ts=slack_ts(datetime(2026, 1, 31, 12, tzinfo=UTC)))
    offer = request_offer_blocks(engine.understand(event["text"]), event)
    assert offer
    # another user logs the author's message through the shortcut, and calls it "not a request"
    message = {"type": "message", "user": signing.USER_ID, "ts": event["ts"], "text": event["text"]}
    await slack.interact(
        signing.message_action("log_rights_request", message, user="UMALLORY", channel=signing.DM_CHANNEL_ID)
    )
    [opened] = await fake_slack.wait_for("views.open")
    values = state({"rights": {"type": "multi_static_select", "selected_options": [{"value": "erasure"}]}})
    submission = signing.view_submission(
        "ticket_request_view",
        values,
        private_metadata=opened.args["view"]["private_metadata"],
        user="UMALLORY",
    )
    await slack.interact(submission)
    [theirs] = tickets(slack.deps)
    assert theirs.requester_user == "UMALLORY"
    # the author's own "Yes, open a request" still opens the author's request
    answer = {"type": "message", "ts": "1800000000.000001", "text": "answer", "blocks": offer}
    yes = signing.block_actions(
        "ticket_offer_yes",
        offer[-1]["elements"][0]["value"],
        user=signing.USER_ID,
        channel=signing.DM_CHANNEL_ID,
        message=answer,
    )
    await slack.interact(yes)
    await fake_slack.wait_for("chat.update")
    mine = [t for t in tickets(slack.deps) if t.requester_user == signing.USER_ID]
    assert len(mine) == 1 and mine[0].reference != theirs.reference
