"""Injection-looking text (SQL, HTML, Slack control sequences, Markdown, very long names) is stored
exactly as sent and shown literally or defanged in Slack: it never pings a channel, a person or a group.

The ticket tests run on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.db import Database
from bot.pipeline import Engine
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver, make_settings
from tests.e2e.fake_slack import Call, FakeSlack
from tests.e2e.ticket_helpers import TEAM_USER, slack_ts, team_notification, ticket, tickets, to_team

# What a person might type; Slack sends &, <, > escaped and turns @channel / @someone into control
# sequences, so the event text holds both escaped HTML and live-looking sequences.
SQL = "x'); DROP TABLE ticket; -- \" OR 1=1; /* */ \\' ; SELECT pg_sleep(10);"
HTML = "&lt;script&gt;alert('x')&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp;amp;"
SLACK = "<!channel> <!here> <!everyone> <@UEVIL> <!subteam^SEVIL|@admins> <#CEVIL|secret> <https://evil.example|klicka>"
MARKDOWN = "*fet* _kursiv_ ~struken~ `kod` ```block``` > citat\n# rubrik [länk](https://evil.example) :skull:"
NASTY = f"{SQL}\n{HTML}\n{SLACK}\n{MARKDOWN}"
LONG_NAME = ("Anna-Karin " + "Åkesson-Ödmark " * 12)[:190] + "<!channel>"  # as long as a name may be (200)
FORBIDDEN = ("<!channel", "<!here", "<!everyone", "<@UEVIL", "<!subteam^SEVIL", "<#CEVIL", "<https://evil")


def pings(call: Call) -> list[str]:
    """Live control sequences that came from the user's text in what Slack would show for this call."""
    shown = call.text_content()
    return [f for f in FORBIDDEN if f in shown]


def all_pings(fake: FakeSlack) -> list[tuple[str, list[str]]]:
    return [(c.method, p) for c in fake.recorded if (p := pings(c))]


def values(**fields: str | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        "company": {"value": {"type": "static_select", "selected_option": {"value": "leep"}}},
        "rights": {"value": {"type": "multi_static_select", "selected_options": [{"value": "access"}]}},
    }
    for name, value in fields.items():
        out[name] = {"value": {"type": "plain_text_input", "value": value}}
    return out


# -- a database of each kind -----------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'inject.db'}"
        return
    from tests.tickets.conftest import PostgresDatabase, postgres_url

    server = PostgresDatabase(postgres_url())
    yield server.url
    server.close()


@pytest.fixture
async def any_slack(
    any_database: str,
    serve: Callable[[AppDeps], Awaitable[SlackDriver]],
    fake_slack: FakeSlack,
    engine: Engine,
) -> AsyncIterator[SlackDriver]:
    settings = make_settings(fake_slack, any_database)
    database = Database(settings.database_url)
    database.upgrade()
    yield await serve(AppDeps(settings, engine, database))
    database.dispose()


# -- tests -----------------------------------------------------------------------------------------


async def test_a_rights_request_full_of_injection_is_stored_as_sent_and_pings_nobody(
    any_slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    text = f"Please delete all my personal data at Leep.\n{NASTY}"
    event = signing.dm(text)
    assert (await any_slack.event(event)).status == 200
    await team_notification(fake_slack, any_slack.deps)
    await fake_slack.settle()
    [stored] = tickets(any_slack.deps)
    assert stored.text == text  # the message exactly as Slack delivered it
    assert (stored.company, stored.rights) == ("leep", ["erasure"])
    assert len(tickets(any_slack.deps)) == 1  # and the ticket table is still there
    assert all_pings(fake_slack) == []


async def test_a_logged_request_keeps_every_field_literally_on_both_databases(
    any_slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    contact = "x'); DROP TABLE ticket;--@example.com"
    notes = f"{NASTY}\n" + "lång anteckning " * 300
    submission = signing.view_submission(
        "ticket_request_view",
        values(subject_name=LONG_NAME, subject_contact=contact, notes=notes),
        private_metadata=json.dumps({"s": "manual", "l": "en", "x": SLACK}),
        user="UAGENT",
    )
    sent = await any_slack.interact(submission)
    assert sent.status == 200, sent.body
    [stored] = tickets(any_slack.deps)
    assert (stored.subject_name, stored.subject_email, stored.notes) == (LONG_NAME, contact, notes.strip())
    assert stored.text == SLACK
    await fake_slack.wait_for("chat.postMessage", where=to_team)
    await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "UAGENT")
    await fake_slack.settle()
    assert all_pings(fake_slack) == []
    for call in fake_slack.recorded:  # the subject's details stay out of Slack altogether
        assert "Åkesson" not in call.text_content() and "DROP TABLE" not in call.text_content()


async def test_a_name_or_contact_longer_than_a_ticket_holds_is_sent_back_to_the_modal(
    any_slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Slack's modal stops at the limit; a forged submission past it gets a field error, not a 500."""
    for fields in (
        {"subject_name": LONG_NAME + "x"},
        {"subject_contact": "a" * 400 + "@example.com"},
        {"subject_contact": "+46 " + "7" * 80},
    ):
        submission = signing.view_submission(
            "ticket_request_view", values(**fields), private_metadata="{}", user="UAGENT"
        )
        sent = await any_slack.interact(submission)
        assert sent.status == 200
        answer = json.loads(sent.body)
        assert answer["response_action"] == "errors" and set(answer["errors"]) == set(fields)
    assert tickets(any_slack.deps) == []


async def test_a_question_full_of_injection_is_answered_and_echoed_defanged(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    question = f"How long does Leep keep personal data? {SLACK} {HTML} {MARKDOWN}"
    assert (await slack.command(question)).status == 200
    [answer] = await fake_slack.wait_for("webhook")
    assert "Leep" in answer.text_content()
    # sharing the private answer repeats the question in the channel; asking the team forwards it
    await slack.click(answer, "answer_share_in_channel")
    [shared] = await fake_slack.wait_for("chat.postMessage", where=lambda c: not to_team(c))
    assert "How long does Leep keep personal data" in shared.text_content()
    await slack.click(answer, "answer_ask_privacy_team")
    [forwarded] = await fake_slack.wait_for("chat.postMessage", where=to_team)
    assert "How long does Leep keep personal data" in forwarded.text_content()
    await fake_slack.settle()
    assert all_pings(fake_slack) == []


async def test_forged_button_values_with_control_sequences_ping_nobody(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Anyone can send any value with a button click: what the bot repeats from it is defanged."""
    forged = {"c": "leep", "l": "en", "q": f"How long does Leep keep data? {SLACK}", "ids": [SLACK]}
    for action_id in ("answer_ask_privacy_team", "answer_share_in_channel", "answer_choose_company:leep"):
        payload = signing.block_actions(action_id, json.dumps(forged), response_url=slack.new_response_url())
        assert (await slack.interact(payload)).status == 200
    payload = signing.block_actions(
        "answer_show_more", json.dumps(forged), response_url=slack.new_response_url()
    )
    await slack.interact(payload)
    payload = signing.block_actions("ticket_offer_no", SLACK, response_url=slack.new_response_url())
    await slack.interact(payload)
    await fake_slack.wait_for("chat.postMessage", count=2)
    await fake_slack.settle()
    assert fake_slack.recorded
    assert all_pings(fake_slack) == []


async def test_slash_command_arguments_with_control_sequences_ping_nobody(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    for text in (f"use {SLACK}", f"retention {SLACK}", f"tickets {SLACK}", f"companies {SLACK}", SLACK):
        assert (await slack.command(text)).status == 200
    await fake_slack.wait_for("webhook", count=5)
    await fake_slack.settle()
    assert all_pings(fake_slack) == []


async def test_the_teams_extension_reason_is_stored_literally_and_shown_defanged(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.event(
        signing.dm("Please delete all my personal data at Leep.", ts=slack_ts(datetime.now(UTC)))
    )
    notice = await team_notification(fake_slack, slack.deps)
    [stored] = tickets(slack.deps)
    reason = f"Many systems {SLACK} {HTML} {SQL}"
    await slack.click(notice, "ticket_extend", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for("views.open")
    submission = signing.view_submission(
        "ticket_extend_view",
        {"reason": {"value": {"type": "plain_text_input", "value": reason}}},
        private_metadata=stored.reference,
        user=TEAM_USER,
    )
    assert (await slack.interact(submission)).status == 200
    assert ticket(slack.deps, stored.reference).extension_reason == reason
    told = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args.get("channel") == signing.DM_CHANNEL_ID and "Many systems" in c.text_content(),
    )
    thread = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: to_team(c) and "Many systems" in c.text_content()
    )
    await fake_slack.settle()
    assert told and thread
    assert all_pings(fake_slack) == []
