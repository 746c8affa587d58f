"""Follow-ups in a thread the bot answered in need no new @-mention; everything else in channels is ignored."""

from __future__ import annotations

from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import tickets, to_team


def _to_requester(call) -> bool:  # type: ignore[no-untyped-def]
    return call.args.get("channel") == signing.CHANNEL_ID


async def _answered_mention(slack: SlackDriver, fake_slack: FakeSlack, text: str) -> str:
    """Mention the bot and wait for its answer; returns the thread's ts."""
    mention = signing.mention(text)
    assert (await slack.event(mention)).status == 200
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    fake_slack.recorded.clear()
    return str(mention["ts"])


async def test_reply_in_the_bots_thread_is_answered_for_the_same_company_and_language(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    thread = await _answered_mention(slack, fake_slack, "Hur länge sparar Leep personuppgifter?")
    assert (await slack.event(signing.thread_reply("och cookies?", thread))).status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.args["channel"] == signing.CHANNEL_ID
    assert post.args["thread_ts"] == thread
    content = post.text_content()
    assert "Leeps integritetspolicy" in content  # the same company, in Swedish
    assert "cookie" in content.lower()
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_a_second_follow_up_is_answered_too(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    thread = await _answered_mention(slack, fake_slack, "How long does Xledger keep customer data?")
    await slack.event(signing.thread_reply("and cookies?", thread))
    await fake_slack.wait_for("chat.postMessage")
    await slack.event(signing.thread_reply("who do they share data with?", thread))
    posts = await fake_slack.wait_for("chat.postMessage", count=2)
    assert all(p.args["thread_ts"] == thread for p in posts)
    assert "Xledger" in posts[1].text_content()


async def test_messages_outside_the_bots_threads_are_ignored(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    thread = await _answered_mention(slack, fake_slack, "How long does Leep keep personal data?")
    other_thread = signing.new_ts()
    ignored = [
        signing.channel_message("How long does Leep keep personal data?", mention_bot=False),  # top level
        signing.thread_reply("How long does Leep keep personal data?", other_thread),  # someone else's thread
        signing.thread_reply("<@UBOB> kan du kolla det här?", thread),  # addressed to a colleague
        signing.thread_reply("<!here> what do we answer the customer?", thread),
    ]
    for event in ignored:
        assert (await slack.event(event)).status == 200
    await fake_slack.settle(quiet=0.4)
    assert fake_slack.calls("chat.postMessage") == []
    assert fake_slack.calls("reactions.add") == []


async def test_a_thank_you_in_the_bots_thread_gets_no_reply_but_a_question_does(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    thread = await _answered_mention(slack, fake_slack, "Hur länge sparar Leep personuppgifter?")
    for chatter in ("tack!", "ok thanks", "perfekt, då vet jag", ":+1:"):
        assert (await slack.event(signing.thread_reply(chatter, thread))).status == 200
    await slack.event(signing.thread_reply("och cookies", thread))  # terse, but it asks about a topic
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "cookie" in post.text_content().lower()
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_a_retried_follow_up_is_answered_once(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    thread = await _answered_mention(slack, fake_slack, "How long does Leep keep personal data?")
    reply = signing.thread_reply("and cookies?", thread)
    first = await slack.event(reply, event_id="EvFOLLOW1")
    again = await slack.event(reply, event_id="EvFOLLOW1", retry_num=1)
    assert (first.status, again.status) == (200, 200)
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_another_process_knows_the_thread(serve, deps, fake_slack: FakeSlack, engine) -> None:
    """The thread is remembered in the database: a follow-up delivered to a second instance is answered."""
    from bot.db import Database
    from bot.slack.deps import AppDeps

    first = await serve(deps)
    second = await serve(AppDeps(deps.settings, engine, Database(deps.settings.database_url)))
    thread = await _answered_mention(first, fake_slack, "Hur länge sparar Leep personuppgifter?")
    await second.event(signing.thread_reply("och cookies?", thread))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == thread
    assert "Leeps integritetspolicy" in post.text_content()


async def test_a_rights_request_in_the_bots_thread_opens_a_ticket_for_that_company(
    slack: SlackDriver, fake_slack: FakeSlack, deps
) -> None:
    thread = await _answered_mention(slack, fake_slack, "Hur länge sparar Leep personuppgifter?")
    reply = signing.thread_reply("Okej, då vill jag att ni raderar alla mina uppgifter.", thread)
    assert (await slack.event(reply)).status == 200
    [confirmation] = await fake_slack.wait_for("chat.postMessage", where=_to_requester)
    [ticket] = tickets(deps)
    assert ticket.company == "leep" and ticket.right == "erasure" and ticket.source == "thread"
    assert confirmation.args["thread_ts"] == thread
    assert ticket.reference in confirmation.text_content()
    await fake_slack.wait_for("chat.postMessage", where=to_team)
