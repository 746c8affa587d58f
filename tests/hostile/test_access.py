"""Nobody outside the privacy team reads or changes another person's ticket, by any route: buttons with
forged values, forged modal submissions, slash command arguments, the App Home."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import Call, FakeSlack
from tests.e2e.ticket_helpers import (
    GROUP_USER,
    OUTSIDER,
    TEAM_USER,
    events,
    slack_ts,
    team_notification,
    ticket,
    tickets,
    to_team,
)
from tests.hostile.conftest import row_counts
from tests.waiting import eventually

VICTIM, VICTIM_DM = signing.USER_ID, signing.DM_CHANNEL_ID
OUTSIDER_DM = "DMALLORY"
TEAM_ACTIONS = ("ticket_assign", "ticket_verify", "ticket_start", "ticket_extend", "ticket_close")


async def victims_ticket(slack: SlackDriver, fake: FakeSlack) -> tuple[str, dict[str, object], Call]:
    """The victim's request (by DM, received now) and the team's notification of it."""
    fake.usergroups["SPRIV"] = [GROUP_USER]
    event = signing.dm("Please delete all my personal data at Leep.", ts=slack_ts(datetime.now(UTC)))
    await slack.event(event)
    notice = await team_notification(fake, slack.deps)
    [stored] = tickets(slack.deps)
    await eventually(  # the notification's ts is stored just after it is posted
        lambda: ticket(slack.deps, stored.reference).team_message_ts, "the notice's ts stored on the ticket"
    )
    return stored.reference, event, notice


async def outsiders_ticket(slack: SlackDriver, fake: FakeSlack) -> str:
    await slack.event(
        signing.dm(
            "Radera mina uppgifter hos Xledger.",
            user=OUTSIDER,
            channel=OUTSIDER_DM,
            ts=slack_ts(datetime.now(UTC), 7),
        )
    )
    await fake.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == OUTSIDER_DM)
    return next(t.reference for t in tickets(slack.deps) if t.requester_user == OUTSIDER)


def state(deps: AppDeps, reference: str) -> tuple[object, ...]:
    stored = ticket(deps, reference)
    return (
        stored.status,
        stored.assignee,
        stored.identity_verified_at,
        stored.due_date,
        stored.closed_at,
        len(events(deps, reference)),
    )


def seen_by(fake: FakeSlack, user: str, channel: str | None = None) -> str:
    """Everything the app showed this user: responses to their commands/clicks, ephemerals, DMs, Home.
    (Modals are left out: they only hold what the user typed, prefilled.)"""
    shown: list[str] = []
    for call in fake.recorded:
        to_user = (
            call.method == "webhook"
            or (call.method == "chat.postEphemeral" and call.args.get("user") == user)
            or (call.method == "chat.postMessage" and call.args.get("channel") in (user, channel))
            or (call.method == "views.publish" and call.args.get("user_id") == user)
        )
        if to_user:
            shown.append(call.text_content() + json.dumps(call.args.get("view") or {}))
    return "\n".join(shown)


async def test_forged_team_and_requester_buttons_change_nothing(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, _, _ = await victims_ticket(slack, fake_slack)
    before = state(slack.deps, ref)
    fake_slack.recorded.clear()
    for action_id in (*TEAM_ACTIONS, "ticket_not_a_request"):
        forged = signing.block_actions(action_id, ref, user=OUTSIDER, channel=signing.CHANNEL_ID)
        assert (await slack.interact(forged)).status == 200
    refusals = await fake_slack.wait_for("chat.postEphemeral", count=6)
    await fake_slack.settle()
    assert {r.args["user"] for r in refusals} == {OUTSIDER}
    assert all("only" in r.text_content() for r in refusals)
    assert fake_slack.calls("views.open") == [] and fake_slack.calls("chat.update") == []
    assert fake_slack.calls("chat.postMessage") == []
    assert state(slack.deps, ref) == before


async def test_the_requester_cannot_work_their_own_ticket_with_team_buttons(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Pressing "identity verified" on your own request would skip the team's check."""
    ref, _, notice = await victims_ticket(slack, fake_slack)
    before = state(slack.deps, ref)
    for action_id in TEAM_ACTIONS:
        assert (await slack.click(notice, action_id, user=VICTIM)).status == 200
    await fake_slack.wait_for("chat.postEphemeral", count=len(TEAM_ACTIONS))
    await fake_slack.settle()
    assert fake_slack.calls("views.open") == []
    assert state(slack.deps, ref) == before


async def test_a_team_button_from_a_group_member_is_refused_when_slack_cannot_confirm_the_group(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, _, notice = await victims_ticket(slack, fake_slack)
    before = state(slack.deps, ref)
    fake_slack.usergroups["SPRIV"] = [GROUP_USER]
    fake_slack.inject("usergroups.users.list", ok_false="missing_scope", times=5)
    await slack.click(notice, "ticket_verify", user=GROUP_USER)
    [refusal] = await fake_slack.wait_for("chat.postEphemeral")
    assert refusal.args["user"] == GROUP_USER
    assert state(slack.deps, ref) == before  # a failure to ask Slack never widens access


async def test_forged_modal_submissions_change_nothing(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    ref, _, _ = await victims_ticket(slack, fake_slack)
    before = state(slack.deps, ref)
    outcome = {"value": {"type": "radio_buttons", "selected_option": {"value": "fulfilled"}}}
    reason = {"value": {"type": "plain_text_input", "value": "forged"}}
    for callback_id, values in (
        ("ticket_close_view", {"outcome": outcome}),
        ("ticket_extend_view", {"reason": reason}),
    ):
        submission = signing.view_submission(callback_id, values, private_metadata=ref, user=OUTSIDER)
        sent = await slack.interact(submission)
        assert sent.status == 200 and json.loads(sent.body)["response_action"] == "errors"
        assert ref not in sent.body
    await fake_slack.settle()
    assert state(slack.deps, ref) == before
    assert fake_slack.calls("chat.postMessage", where=lambda c: c.args.get("channel") == VICTIM_DM)[1:] == []


async def test_a_forged_offer_for_someone_elses_message_reveals_and_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """The outsider puts their own id in an offer value but the victim's message (channel, ts)."""
    ref, event, _ = await victims_ticket(slack, fake_slack)
    await fake_slack.settle()
    fake_slack.recorded.clear()
    rows = row_counts(slack.deps)
    offer = {
        "c": VICTIM_DM,
        "ts": event["ts"],
        "u": OUTSIDER,
        "tm": "T1",
        "s": "dm",
        "l": "en",
        "r": ["access"],
        "x": "x",
    }
    for channel in (signing.CHANNEL_ID, VICTIM_DM):
        click = signing.block_actions("ticket_offer_yes", json.dumps(offer), user=OUTSIDER, channel=channel)
        assert (await slack.interact(click)).status == 200
    await fake_slack.wait_for("chat.postEphemeral", count=2)
    await fake_slack.settle()
    assert ref not in seen_by(fake_slack, OUTSIDER, OUTSIDER_DM)
    assert fake_slack.calls("chat.postMessage", where=lambda c: c.args.get("channel") == VICTIM_DM) == []
    assert row_counts(slack.deps) == rows


async def test_a_forged_request_modal_for_someone_elses_message_reveals_and_changes_nothing(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, event, _ = await victims_ticket(slack, fake_slack)
    await fake_slack.settle()
    fake_slack.recorded.clear()
    before = state(slack.deps, ref)
    meta = {"s": "message_shortcut", "c": VICTIM_DM, "ts": event["ts"], "tm": "T1", "l": "en", "x": "x"}
    values = {"rights": {"value": {"type": "multi_static_select", "selected_options": [{"value": "access"}]}}}
    submission = signing.view_submission(
        "ticket_request_view", values, private_metadata=json.dumps(meta), user=OUTSIDER
    )
    sent = await slack.interact(submission)
    assert sent.status == 200 and ref not in sent.body
    await fake_slack.settle()
    assert ref not in seen_by(fake_slack, OUTSIDER, OUTSIDER_DM)
    assert (
        fake_slack.calls("chat.postMessage", where=lambda c: c.args.get("channel") in (VICTIM, VICTIM_DM))
        == []
    )
    assert state(slack.deps, ref) == before
    # logging someone else's message opens a request of the logger's own (as an agent relaying a customer
    # does); it never merges into, reveals or changes the author's
    [own] = [t for t in tickets(slack.deps) if t.reference != ref]
    assert own.requester_user == OUTSIDER


async def test_slash_command_arguments_never_show_another_persons_ticket(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, _, _ = await victims_ticket(slack, fake_slack)
    own = await outsiders_ticket(slack, fake_slack)
    await fake_slack.settle()
    fake_slack.recorded.clear()
    before = state(slack.deps, ref)
    attempts = [
        "tickets all",
        "tickets open",
        "tickets overdue",
        "tickets mine",
        f"tickets show {ref}",
        f"tickets {ref}",
        "ärenden alla",
        "requests all",
        f"request {ref}",
        f"{ref}",
        f"status {ref}",
        f"show {ref}",
        f"close {ref}",
    ]
    for text in attempts:
        assert (await slack.command(text, user=OUTSIDER)).status == 200
    await fake_slack.wait_for("webhook", count=len(attempts) - 1)
    await fake_slack.settle()
    shown = seen_by(fake_slack, OUTSIDER, OUTSIDER_DM)
    assert own in shown  # the lists work: the outsider sees their own request
    assert ref not in shown
    assert {c.args["view"]["callback_id"] for c in fake_slack.calls("views.open")} <= {"ticket_request_view"}
    assert all(ref not in c.text_content() for c in fake_slack.calls("chat.postMessage", where=to_team))
    assert state(slack.deps, ref) == before


async def test_app_home_shows_a_non_team_user_only_their_own_tickets(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    ref, _, _ = await victims_ticket(slack, fake_slack)
    own = await outsiders_ticket(slack, fake_slack)
    for user in (OUTSIDER, VICTIM, TEAM_USER):
        await slack.event(signing.home_opened(user))
    homes = {c.args["user_id"]: c.text_content() for c in await fake_slack.wait_for("views.publish", count=3)}
    assert own in homes[OUTSIDER] and ref not in homes[OUTSIDER]
    assert ref in homes[VICTIM] and own not in homes[VICTIM]
    assert ref in homes[TEAM_USER] and own in homes[TEAM_USER]
