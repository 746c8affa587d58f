"""The privacy team's month in Slack: the monthly report with its chart, the weekly gaps, App Home."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.gaps import store as gap_store
from bot.slack.tickets import post_digest
from bot.slack.tickets.report import home_team_blocks, post_monthly_report
from bot.tickets import service
from bot.tickets.access import Actor
from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import slack_ts, tickets


def _client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake.api_url)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_the_first_working_day_of_a_month_brings_last_months_report_with_a_chart_once(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    for day in (3, 10, 17):
        moment = datetime(2026, 3, day, 10, tzinfo=UTC)
        await slack.event(signing.dm("Please delete my personal data at Leep.", ts=slack_ts(moment)))
    await fake_slack.wait_for("chat.postMessage", count=6)
    first = sorted(tickets(slack.deps), key=lambda t: t.receipt_date)[0]
    service.close(
        slack.deps.database,
        first.reference,
        Actor.operator(),
        "fulfilled",
        now=datetime(2026, 3, 20, tzinfo=UTC),
    )
    client = _client(fake_slack)

    assert not await post_monthly_report(slack.deps, client, date(2026, 4, 2))  # not the first working day
    assert await post_monthly_report(slack.deps, client, date(2026, 4, 1))
    assert not await post_monthly_report(slack.deps, client, date(2026, 4, 1))  # claimed once, any process

    [asked] = fake_slack.calls("files.getUploadURLExternal")
    assert asked.args["filename"] == "rights-requests-2026-03.png"
    [(file_id, image)] = fake_slack.uploads.items()
    assert png_size(image) == (900, 600) and len(image) > 10_000
    [done] = fake_slack.calls("files.completeUploadExternal")
    assert done.args["channel_id"] == PRIVACY_CHANNEL and file_id in str(done.args["files"])
    comment = str(done.args["initial_comment"])
    assert "Rights requests in March 2026" in comment
    assert "3 received, 2 open, 1 closed" in comment and "closed on time 100%" in comment


async def test_mondays_digest_sums_up_the_questions_the_policies_could_not_answer(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    monday = date(2026, 3, 9)
    for text, topic in (
        ("vem är ert dataskyddsombud?", "dpo"),
        ("DPO name?", "dpo"),
        ("ISO 27001?", "certification"),
    ):
        gap_store.record(
            slack.deps.database,
            kind="no_answer",
            company="leep",
            topic=topic,
            language="sv",
            text=text,
            now=datetime(2026, 3, 6, 12, tzinfo=UTC),
            keep_days=100_000,
        )
    assert await post_digest(slack.deps, _client(fake_slack), monday)
    [digest] = await fake_slack.wait_for("chat.postMessage")
    content = digest.text_content()
    assert "couldn't answer this past week: 3" in content and "leep · dpo: 2" in content
    assert "dataskyddsombud" not in content  # the questions themselves stay in the database
    assert await post_digest(slack.deps, _client(fake_slack), monday + timedelta(days=1))
    [_, tuesday] = await fake_slack.wait_for("chat.postMessage", count=2)
    assert "couldn't answer" not in tuesday.text_content()


def test_app_home_shows_the_team_this_months_figures_and_the_gaps(slack: SlackDriver) -> None:
    gap_store.record(
        slack.deps.database,
        kind="thumbs_down",
        company="xledger",
        topic="retention",
        language="en",
        text="how long are invoices kept?",
        now=datetime.now(UTC),
        keep_days=90,
    )
    built = home_team_blocks(slack.deps, date(2026, 3, 15))
    shown = " ".join(b["text"]["text"] for b in built)
    assert "This month (March 2026)" in shown and "0 received" in shown
    assert "xledger · retention: 1" in shown
