"""/privacy over real HTTP: acked at once, answered through the response_url."""

from __future__ import annotations

from sqlmodel import select

from bot.models import ChannelBinding
from tests.e2e import signing
from tests.e2e.conftest import BOUND_CHANNEL, SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import TEAM_USER


async def test_help_is_acked_fast_then_sent_ephemerally(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    sent = await slack.command("help")
    assert sent.status == 200 and sent.body == ""  # acked at once, with nothing in the ack
    [reply] = await fake_slack.wait_for("webhook")
    assert reply.args["response_type"] == "ephemeral"
    assert "/privacy companies" in reply.text_content()


async def test_help_follows_the_users_swedish_locale(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    fake_slack.users["USVEN"] = {"id": "USVEN", "locale": "sv-SE", "tz": "Europe/Stockholm"}
    await slack.command("help", user="USVEN")
    await slack.command("hjälp")
    replies = await fake_slack.wait_for("webhook", count=2)
    assert all("företagen jag känner till" in r.text_content() for r in replies)


async def test_companies_lists_every_company(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    await slack.command("companies")
    [reply] = await fake_slack.wait_for("webhook")
    content = reply.text_content()
    for slug in ("leading-business", "leadpilot", "leep", "company-003", "xledger"):
        assert f"`{slug}`" in content


async def test_use_binds_the_channel_for_later_questions(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    await slack.command("use leep", channel="CNEW")
    [reply] = await fake_slack.wait_for("webhook")
    assert "Leep" in reply.text_content()
    with slack.deps.database.session() as session:
        [binding] = session.exec(select(ChannelBinding)).all()
    assert (binding.channel_id, binding.company, binding.set_by) == ("CNEW", "leep", signing.USER_ID)

    await slack.event(signing.mention("Hur länge sparas personuppgifter?", channel="CNEW"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "Leeps integritetspolicy" in post.text_content()


async def test_channel_bound_in_the_environment_needs_no_company_name(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.event(signing.mention("Hur länge sparas personuppgifter?", channel="CXLEDGER"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "Xledger" in post.text_content()
    assert "answer_choose_company:leep" not in post.action_ids()


async def test_use_with_an_unknown_company_says_which_exist(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.command("use acme")
    [reply] = await fake_slack.wait_for("webhook")
    assert "acme" in reply.text_content() and "Xledger" in reply.text_content()
    with slack.deps.database.session() as session:
        assert session.exec(select(ChannelBinding)).all() == []


async def test_question_is_answered_privately_and_can_be_shared(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    sent = await slack.command("Hur länge sparar Leep personuppgifter?")
    assert sent.status == 200 and sent.body == ""
    [reply] = await fake_slack.wait_for("webhook")
    assert reply.args["response_type"] == "ephemeral"
    assert "answer_share_in_channel" in reply.action_ids()
    assert fake_slack.calls("chat.postMessage") == []

    await slack.click(reply, "answer_share_in_channel")
    [shared] = await fake_slack.wait_for("chat.postMessage")
    assert shared.args["channel"] == signing.CHANNEL_ID
    content = shared.text_content()
    assert f"<@{signing.USER_ID}>" in content and "Leeps integritetspolicy" in content
    deleted = await fake_slack.wait_for("webhook", count=2)
    assert deleted[-1].args.get("delete_original") is True


async def test_retention_answers_for_a_company(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    await slack.command("retention xledger")
    [reply] = await fake_slack.wait_for("webhook")
    assert "Xledger" in reply.text_content()


async def test_a_channel_bound_in_the_settings_is_rebound_only_by_the_privacy_team(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    await slack.command("use leep", channel=BOUND_CHANNEL)  # anyone
    [refused] = await fake_slack.wait_for("webhook")
    assert "only the privacy team" in refused.text_content()
    with slack.deps.database.session() as session:
        assert session.exec(select(ChannelBinding)).all() == []
    await slack.event(signing.mention("Hur länge sparas personuppgifter?", channel=BOUND_CHANNEL))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "Xledger" in post.text_content()  # still the company of the settings

    await slack.command("use leep", channel=BOUND_CHANNEL, user=TEAM_USER)  # the team may
    [_, bound] = await fake_slack.wait_for("webhook", count=2)
    assert "Leep" in bound.text_content()
