"""Events API over real HTTP: verification, threads, DMs, duplicates, bots, signatures."""

from __future__ import annotations

import time

from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack


async def test_url_verification_echoes_the_challenge(slack: SlackDriver) -> None:
    body = signing.url_verification_body("abc123")
    sent = await slack.post(body, signing.signed_headers(body))
    assert sent.status == 200
    assert sent.json() == {"challenge": "abc123"}


async def test_mention_gets_one_answer_in_its_thread(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    event = signing.mention("Hur länge sparar Leep personuppgifter?")
    sent = await slack.event(event)
    assert sent.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.args["channel"] == signing.CHANNEL_ID
    assert post.args["thread_ts"] == event["ts"]
    assert post.args["unfurl_links"] is False
    assert "Leep" in post.text_content()
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_mention_inside_a_thread_is_answered_in_that_thread(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    event = signing.mention("How long does Leep keep personal data?", thread_ts="1700000000.000100")
    await slack.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000100"


async def test_swedish_dm_gets_a_swedish_answer_in_the_dm(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    event = signing.dm("Hur länge sparar Leep mina personuppgifter?")
    assert (await slack.event(event)).status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.args["channel"] == signing.DM_CHANNEL_ID
    assert "thread_ts" not in post.args
    content = post.text_content()
    assert "Det här står i Leeps integritetspolicy" in content
    assert "Fråga integritetsteamet" in content


async def test_slow_answer_shows_eyes_while_working_removed_after(
    slack: SlackDriver, fake_slack: FakeSlack, engine, monkeypatch
) -> None:
    original = engine.answer

    def slow_answer(understanding):
        time.sleep(0.8)
        return original(understanding)

    monkeypatch.setattr(engine, "answer", slow_answer)
    event = signing.dm("Hur länge sparar Leep mina personuppgifter?")
    await slack.event(event)
    [removed] = await fake_slack.wait_for("reactions.remove")
    [added] = fake_slack.calls("reactions.add")
    [post] = fake_slack.calls("chat.postMessage")
    assert added.args["name"] == removed.args["name"] == "eyes"
    assert added.args["timestamp"] == event["ts"]
    assert added.at <= post.at <= removed.at


async def test_quick_answer_needs_no_progress_reaction(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    await slack.event(signing.dm("Hur länge sparar Leep mina personuppgifter?"))
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    assert fake_slack.calls("reactions.add") == []


async def test_retried_delivery_is_answered_once(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    event = signing.mention("How long does Leep keep personal data?")
    first = await slack.event(event, event_id="EvRETRY1")
    again = await slack.event(event, event_id="EvRETRY1", retry_num=1)
    third = await slack.event(event, event_id="EvRETRY1", retry_num=2)
    assert (first.status, again.status, third.status) == (200, 200, 200)
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_duplicate_is_dropped_across_processes(serve, deps, fake_slack: FakeSlack, engine) -> None:
    """Two app instances sharing one database: the second delivery of an event is not answered."""
    from bot.db import Database
    from bot.slack.deps import AppDeps

    first = await serve(deps)
    second = await serve(AppDeps(deps.settings, engine, Database(deps.settings.database_url)))
    event = signing.mention("How long does Leep keep personal data?")
    await first.event(event, event_id="EvTWOPROC")
    await second.event(event, event_id="EvTWOPROC", retry_num=1)
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_mention_and_its_twin_message_get_one_reply(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    ts = signing.new_ts()
    mention = signing.mention("How long does Leep keep personal data?", ts=ts)
    twin = signing.channel_message("How long does Leep keep personal data?", ts=ts)
    assert (await slack.event(twin)).status == 200
    assert (await slack.event(mention)).status == 200
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_own_and_other_bots_messages_and_edits_are_ignored(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    own = signing.bot_message("Hur länge sparar Leep personuppgifter?")
    other = signing.bot_message("Hur länge sparar Leep personuppgifter?", bot_id="BOTHER", user="UOTHERBOT")
    edited = signing.dm("Hur länge sparar Leep personuppgifter?")
    edited["subtype"] = "message_changed"
    deleted = signing.dm("")
    deleted["subtype"] = "message_deleted"
    for event in (own, other, edited, deleted):
        assert (await slack.event(event)).status == 200
    await fake_slack.settle(quiet=0.4)
    assert fake_slack.calls("chat.postMessage") == []
    assert fake_slack.calls("reactions.add") == []


async def test_bad_signature_is_refused_and_nothing_happens(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    body = signing.event_body(signing.mention("How long does Leep keep personal data?"))
    wrong_secret = await slack.post(body, signing.signed_headers(body, "not-the-secret"))
    headers = signing.signed_headers(body)
    edited = await slack.post(body.replace(b"Leep", b"Xledger"), headers)
    unsigned = await slack.post(body, {"Content-Type": "application/json"})
    assert (wrong_secret.status, edited.status, unsigned.status) == (401, 401, 401)
    await fake_slack.settle()
    assert fake_slack.calls("chat.postMessage") == []


async def test_stale_timestamp_is_refused(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    body = signing.event_body(signing.mention("How long does Leep keep personal data?"))
    stale = await slack.post(body, signing.signed_headers(body, timestamp=time.time() - 6 * 60))
    assert stale.status == 401
    await fake_slack.settle()
    assert fake_slack.calls("chat.postMessage") == []


async def test_slack_sdk_test_vector_is_refused_with_the_real_clock(slack: SlackDriver) -> None:
    """The published example is correctly signed but from 2018: only a fixed clock would accept it."""
    from slack_sdk.signature import SignatureVerifier

    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert SignatureVerifier(secret).generate_signature(timestamp="1531420618", body=body) == expected
    assert signing.sign(body, secret, 1531420618) == ("1531420618", expected)
    sent = await slack.post(
        body.encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": "1531420618",
            "X-Slack-Signature": expected,
        },
    )
    assert sent.status == 401


async def test_unhandled_event_type_answers_200(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    event = {"type": "channel_rename", "channel": {"id": "C1", "name": "renamed", "created": 1}}
    sent = await slack.event(event)
    assert sent.status == 200
    await fake_slack.settle()
    assert fake_slack.calls("chat.postMessage") == []


async def test_forty_thousand_character_message_gets_one_reply(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    text = "How long does Leep keep personal data? " + "blah " * 8000
    assert len(text) >= 40_000
    sent = await slack.event(signing.dm(text))
    assert sent.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert len(post.args["text"]) <= 3000
    assert len(post.blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in post.blocks)
    await fake_slack.settle()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_app_home_shows_what_the_bot_does_and_the_companies(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    assert (await slack.event(signing.home_opened("UALICE"))).status == 200
    [publish] = await fake_slack.wait_for("views.publish")
    assert publish.args["user_id"] == "UALICE"
    content = publish.text_content()
    for name in ("Xledger", "Leep", "LeadPilot", "Leading Business"):
        assert name in content


async def test_logs_carry_ids_and_outcomes_never_message_text(
    slack: SlackDriver, fake_slack: FakeSlack, caplog
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    secret_words = "Hur länge sparar Leep personnummer 19790101-1234 för anna@example.com?"
    event = signing.mention(secret_words)
    await slack.event(event, event_id="EvLOGS")
    body = signing.event_body(signing.dm(secret_words))
    await slack.post(body, signing.signed_headers(body, "wrong-secret"))
    await fake_slack.wait_for("chat.postMessage")
    await fake_slack.settle()
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("slack_sdk"))
    assert "EvLOGS" in logged
    for fragment in ("sparar", "19790101", "anna@example.com"):
        assert fragment not in logged
