"""The privacy team works a ticket from its channel; everyone else is refused and nothing changes."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver
from tests.e2e.fake_slack import Call, FakeSlack
from tests.e2e.ticket_helpers import (
    GROUP_USER,
    OUTSIDER,
    TEAM_USER,
    events,
    in_team_thread,
    slack_ts,
    team_notification,
    ticket,
    tickets,
    to_team,
)

MICRO = itertools.count(1)
REQUEST = "I want you to delete my personal data at Leep."


async def open_one(slack: SlackDriver, fake: FakeSlack, ts: str | None = None) -> tuple[str, Call]:
    fake.usergroups["SPRIV"] = [GROUP_USER]
    await slack.event(signing.dm(REQUEST, ts=ts or slack_ts(datetime.now(UTC), next(MICRO))))
    notice = await team_notification(fake, slack.deps)
    [stored] = tickets(slack.deps)
    return stored.reference, notice


def requester_posts(fake: FakeSlack) -> list[Call]:
    return fake.calls("chat.postMessage", where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID)


async def submit(slack: SlackDriver, callback_id: str, values: dict, reference: str, user: str) -> str:  # type: ignore[type-arg]
    sent = await slack.interact(
        signing.view_submission(callback_id, values, private_metadata=reference, user=user)
    )
    assert sent.status == 200
    return sent.body


def text_value(text: str) -> dict:  # type: ignore[type-arg]
    return {"value": {"type": "plain_text_input", "value": text}}


def option(value: str | None) -> dict:  # type: ignore[type-arg]
    return {"value": {"type": "static_select", "selected_option": {"value": value} if value else None}}


async def test_team_assigns_verifies_starts_extends_and_refuses_with_imy(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    deps: AppDeps = slack.deps
    ref, notice = await open_one(slack, fake_slack)

    await slack.click(notice, "ticket_assign", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for("chat.postMessage", where=in_team_thread)
    assert ticket(deps, ref).assignee == TEAM_USER

    await slack.click(notice, "ticket_verify", user=GROUP_USER, channel=PRIVACY_CHANNEL)  # via the user group
    await fake_slack.wait_for("chat.postMessage", count=2, where=in_team_thread)
    assert ticket(deps, ref).identity_verified_by == GROUP_USER

    await slack.click(notice, "ticket_start", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for("chat.postMessage", count=3, where=in_team_thread)
    assert ticket(deps, ref).status == "in_progress"
    updates = await fake_slack.wait_for("chat.update", count=3, where=to_team)
    assert updates[-1].args["ts"] == notice.ts
    assert "in progress" in updates[-1].text_content() and f"<@{TEAM_USER}>" in updates[-1].text_content()

    await slack.click(notice, "ticket_extend", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "ticket_extend_view"
    first_due = ticket(deps, ref).due_date
    await submit(
        slack, "ticket_extend_view", {"reason": text_value("Many systems to search")}, ref, TEAM_USER
    )
    extended = ticket(deps, ref)
    assert extended.due_date > first_due and extended.extension_reason == "Many systems to search"
    [told] = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID and "more time" in c.text_content(),
    )
    assert "Many systems to search" in told.text_content()

    # a refusal needs a reason code: the modal says so and nothing changes
    await slack.click(notice, "ticket_close", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for("views.open", count=2)
    outcome = {"value": {"type": "radio_buttons", "selected_option": {"value": "refused"}}}
    body = await submit(
        slack, "ticket_close_view", {"outcome": outcome, "reason": option(None)}, ref, TEAM_USER
    )
    assert json.loads(body)["response_action"] == "errors"
    assert ticket(deps, ref).status == "in_progress"

    await submit(
        slack, "ticket_close_view", {"outcome": outcome, "reason": option("excessive")}, ref, TEAM_USER
    )
    closed = ticket(deps, ref)
    assert (closed.status, closed.reason_code, closed.closed_by) == ("refused", "excessive", TEAM_USER)
    [refusal] = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID and "refused" in c.text_content(),
    )
    for needed in ("complain", "Integritetsskyddsmyndigheten", "IMY", "www.imy.se"):
        assert needed in refusal.text_content()
    thread = await fake_slack.wait_for("chat.postMessage", count=5, where=in_team_thread)
    assert "www.imy.se" in thread[-1].text_content()
    assert [e.action for e in events(deps, ref)] == [
        "opened",
        "team_notified",
        "assigned",
        "identity_verified",
        "started",
        "extended",
        "closed",
    ]
    final = (await fake_slack.wait_for("chat.update", count=5, where=to_team))[-1]
    assert final.action_ids() == []  # a closed ticket has no buttons left


async def test_outsider_pressing_team_buttons_with_forged_values_is_refused_and_nothing_changes(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, _notice = await open_one(slack, fake_slack)
    before = len(events(slack.deps, ref))
    actions = (
        "ticket_assign",
        "ticket_start",
        "ticket_close",
        "ticket_extend",
        "ticket_pause",
        "ticket_resume",
    )
    for action_id in actions:
        forged = signing.block_actions(action_id, ref, user=OUTSIDER, channel=signing.CHANNEL_ID)
        assert (await slack.interact(forged)).status == 200
    refusals = await fake_slack.wait_for("chat.postEphemeral", count=len(actions))
    assert all(r.args["user"] == OUTSIDER and "only the privacy team" in r.text_content() for r in refusals)
    outcome = {"value": {"type": "radio_buttons", "selected_option": {"value": "fulfilled"}}}
    body = await submit(slack, "ticket_close_view", {"outcome": outcome}, ref, OUTSIDER)
    assert json.loads(body)["response_action"] == "errors"
    await fake_slack.settle()
    assert fake_slack.calls("views.open") == []
    stored = ticket(slack.deps, ref)
    assert (stored.status, stored.assignee) == ("received", None)
    assert len(events(slack.deps, ref)) == before


async def test_extension_is_refused_after_the_first_month(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=45)
    ref, notice = await open_one(slack, fake_slack, ts=slack_ts(long_ago))
    await slack.click(notice, "ticket_extend", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    [note] = await fake_slack.wait_for("chat.postEphemeral")
    assert "can no longer be extended" in note.text_content()
    await fake_slack.settle()
    assert fake_slack.calls("views.open") == []
    assert ticket(slack.deps, ref).extended_due_date is None
    assert "overdue" in notice.text_content()


async def test_privacy_tickets_shows_the_queue_to_the_team_and_only_own_requests_to_others(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.usergroups["SPRIV"] = [GROUP_USER]
    await slack.event(signing.dm(REQUEST))
    await slack.event(signing.dm("Radera mina uppgifter hos Xledger.", user="UBOB", channel="DBOB"))
    await fake_slack.wait_for("chat.postMessage", count=4)
    refs = sorted(t.reference for t in tickets(slack.deps))

    await slack.command("tickets", user=GROUP_USER)
    [team_view] = await fake_slack.wait_for("webhook")
    assert all(ref in team_view.text_content() for ref in refs)
    assert team_view.args.get("response_type") == "ephemeral"

    await slack.command("tickets open", user="UBOB")
    [bob_view] = (await fake_slack.wait_for("webhook", count=2))[-1:]
    content = bob_view.text_content()
    assert "only the privacy team" in content
    bob_ref = next(t.reference for t in tickets(slack.deps) if t.requester_user == "UBOB")
    assert bob_ref in content and not any(ref in content for ref in refs if ref != bob_ref)

    await slack.command("tickets", user=OUTSIDER)
    [empty] = (await fake_slack.wait_for("webhook", count=3))[-1:]
    assert "No requests" in empty.text_content()
    assert not any(ref in empty.text_content() for ref in refs)


async def test_team_pauses_the_clock_for_a_clarification_and_restarts_it(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    deps: AppDeps = slack.deps
    ref, notice = await open_one(slack, fake_slack)
    first_due = ticket(deps, ref).due_date

    await slack.click(notice, "ticket_pause", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "ticket_pause_view"
    kind = {"value": {"type": "radio_buttons", "selected_option": {"value": "clarification"}}}
    await submit(
        slack, "ticket_pause_view", {"kind": kind, "reason": text_value("Which account?")}, ref, TEAM_USER
    )
    paused = ticket(deps, ref)
    assert (paused.pause_kind, paused.pause_reason) == ("clarification", "Which account?")
    [told] = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID and "paused" in c.text_content(),
    )
    assert "Which account?" in told.text_content()
    [update] = await fake_slack.wait_for("chat.update", where=to_team)
    assert "ticket_resume" in update.action_ids() and "ticket_pause" not in update.action_ids()

    # only the team may restart the clock; the requester is told when it runs again
    await slack.click(update, "ticket_resume", user=OUTSIDER, channel=PRIVACY_CHANNEL)
    [refused] = await fake_slack.wait_for(
        "chat.postEphemeral", where=lambda c: c.args.get("user") == OUTSIDER
    )
    assert "only the privacy team" in refused.text_content() and ticket(deps, ref).paused
    await slack.click(update, "ticket_resume", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.args.get("channel") == signing.DM_CHANNEL_ID and "working on it again" in c.text_content()
        ),
    )
    resumed = ticket(deps, ref)
    assert not resumed.paused and resumed.due_date >= first_due
    assert [e.action for e in events(deps, ref)][-2:] == ["paused", "resumed"]
