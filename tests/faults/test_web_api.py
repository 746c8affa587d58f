"""Slack's Web API misbehaves: rate limits, server errors, calls that hang. The answer arrives once."""

from __future__ import annotations

import pytest

from bot.slack import app as slack_app
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack

QUESTION = "How long does Xledger keep personal data?"


def answers_in_thread(fake: LiveFakeSlack, event: dict) -> list:
    return [c for c in fake.delivered(event["channel"]) if c.args.get("thread_ts") == event["ts"]]


async def test_repeated_rate_limits_are_waited_out_and_the_answer_posted_once(
    slack, fake_slack: LiveFakeSlack
) -> None:
    fake_slack.inject("chat.postMessage", status=429, retry_after=1, times=2)
    event = signing.mention(QUESTION)
    assert (await slack.event(event)).status == 200
    calls = await fake_slack.wait_for("chat.postMessage", count=3, timeout=8)
    assert [c.status for c in calls] == [429, 429, 200]
    assert calls[1].at - calls[0].at >= 0.9 and calls[2].at - calls[1].at >= 0.9  # Retry-After honoured
    await fake_slack.settle()
    [answer] = answers_in_thread(fake_slack, event)
    assert "Xledger" in answer.text_content()


@pytest.mark.parametrize("status", [500, 503])
async def test_a_server_error_is_retried_and_the_answer_posted_once(
    slack, fake_slack: LiveFakeSlack, status: int
) -> None:
    fake_slack.inject("chat.postMessage", status=status)
    event = signing.mention(QUESTION)
    await slack.event(event)
    calls = await fake_slack.wait_for("chat.postMessage", count=2, timeout=6)
    assert [c.status for c in calls] == [status, 200]
    await fake_slack.settle()
    [answer] = answers_in_thread(fake_slack, event)
    assert "Sorry" not in answer.text_content()


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """Web API calls time out after 1 s instead of 15 s, so a hanging Slack is quick to test."""
    monkeypatch.setattr(slack_app, "WEB_API_TIMEOUT", 1.0)
    return 1.0


async def test_a_post_that_times_out_but_landed_is_not_posted_again(
    short_timeout: float, serve, deps: AppDeps, fake_slack: LiveFakeSlack
) -> None:
    driver = await serve(deps)
    fake_slack.inject("chat.postMessage", delay=short_timeout + 1.0)  # Slack posts it, but answers too late
    event = signing.mention(QUESTION)
    assert (await driver.event(event)).status == 200
    await fake_slack.wait_for("conversations.replies", timeout=8)  # it looked before posting again
    await fake_slack.settle(quiet=1.0, timeout=10)
    [answer] = answers_in_thread(fake_slack, event)
    assert "Xledger" in answer.text_content()
    assert len(fake_slack.calls("chat.postMessage")) == 1


async def test_a_post_that_times_out_and_failed_is_posted_again_after_a_pause(
    short_timeout: float, serve, deps: AppDeps, fake_slack: LiveFakeSlack
) -> None:
    driver = await serve(deps)
    fake_slack.inject("chat.postMessage", status=502, delay=short_timeout + 0.5)  # hangs, then fails
    event = signing.dm(QUESTION)
    assert (await driver.event(event)).status == 200
    calls = await fake_slack.wait_for("chat.postMessage", count=2, timeout=8)
    assert calls[1].at - calls[0].at >= short_timeout  # not hammered
    await fake_slack.settle(quiet=1.0, timeout=10)
    delivered = fake_slack.delivered(event["channel"])
    assert len(delivered) == 1 and "Xledger" in delivered[0].text_content()


async def test_after_a_storm_of_faults_the_app_still_answers(slack, fake_slack: LiveFakeSlack) -> None:
    fake_slack.inject("chat.postMessage", status=500, times=2)
    fake_slack.inject("reactions.add", status=429, retry_after=1, times=5)
    fake_slack.inject("users.info", status=503, times=5)
    for _ in range(3):
        assert (await slack.event(signing.mention(QUESTION))).status == 200
    await fake_slack.settle(quiet=0.5, timeout=10)
    fake_slack.reset()
    event = signing.mention(QUESTION)
    await slack.event(event)
    [answer] = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.args.get("thread_ts") == event["ts"]
    )
    assert "Xledger" in answer.text_content()
    assert (await slack.healthz()).status == 200
