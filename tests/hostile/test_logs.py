"""Everything logged during a whole conversation, at DEBUG and from every library (Bolt, the Slack SDK,
aiohttp, SQLAlchemy), holds ids, timings and outcomes: no message text, e-mail address or personal
identity number, and no ticket contents."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.e2e import signing
from tests.e2e.conftest import PRIVACY_CHANNEL, SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import TEAM_USER, slack_ts, team_notification, ticket, tickets

EMAIL = "kalle.anka@example.se"
PERSONNUMMER = "19850101-1234"
QUESTION = "Hur länge sparar Leep mina kvittouppgifter från Ankeborg?"
REQUEST = f"Jag vill att ni raderar mina uppgifter hos Leep. Personnummer {PERSONNUMMER}, e-post {EMAIL}. Ankeborgsgatan 13"
REASON = "Kvastskaftsarkivet måste gås igenom"
NOTE = "Raderat ur Ankeborgssystemet"
SECRETS = (
    "kvittouppgifter",
    "Ankeborg",
    "raderar mina",
    "kalle.anka",
    "example.se",
    PERSONNUMMER,
    "850101-1234",
    "198501011234",
    "8501011234",
    "Kvastskaft",
)


class Everything(logging.Handler):
    """Formats every record (message, arguments, exception text, stack) the way a log file would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + " " + json.dumps(record.__dict__, default=repr))
        self.names.add(record.name)


LIBRARIES = ("slack_bolt", "slack_sdk", "aiohttp", "sqlalchemy", "alembic", "asyncio")


@pytest.fixture
def all_logs() -> Iterator[Everything]:
    """Root at DEBUG (LOG_LEVEL=DEBUG) and every library's own logger at DEBUG too (SQLAlchemy quiets
    itself to WARNING by default): the most an operator could turn on."""
    root = logging.getLogger()
    handler = Everything()
    loggers = [root, *(logging.getLogger(name) for name in LIBRARIES)]
    saved = [logger.level for logger in loggers]
    root.addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    for logger, level in zip(loggers, saved, strict=True):
        logger.setLevel(level)


async def test_a_whole_conversation_logs_no_message_text_email_or_personnummer(
    all_logs: Everything, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.usergroups["SPRIV"] = [TEAM_USER]
    # a question, in a DM and through /privacy
    await slack.event(signing.dm(QUESTION), event_id="EvQUESTION")
    await fake_slack.wait_for("chat.postMessage")
    await slack.command(QUESTION)
    await fake_slack.wait_for("webhook")
    # a rights request with an e-mail address and a personal identity number, delivered twice
    event = signing.dm(REQUEST, ts=slack_ts(datetime.now(UTC)))
    await slack.event(event, event_id="EvREQUEST")
    await slack.event(event, event_id="EvREQUEST", retry_num=1)
    notice = await team_notification(fake_slack, slack.deps)
    [stored] = tickets(slack.deps)
    # a wrongly signed copy, then the team works the ticket
    body = signing.event_body(signing.dm(REQUEST))
    assert (await slack.post(body, signing.signed_headers(body, "wrong-secret"))).status == 401
    for action_id in ("ticket_assign", "ticket_verify", "ticket_start"):
        await slack.click(notice, action_id, user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await slack.click(notice, "ticket_extend", user="UMALLORY")  # refused
    for action_id in ("ticket_assign", "ticket_not_a_request", "ticket_offer_yes"):  # forged values, refused
        forged = signing.block_actions(action_id, f"{EMAIL} {PERSONNUMMER} Ankeborg", user="UMALLORY")
        await slack.interact(forged)
    value = json.dumps({"c": EMAIL, "l": "sv", "q": QUESTION, "ids": [PERSONNUMMER]})
    for action_id in ("answer_feedback_up", "answer_show_more", "answer_choose_company:leep"):
        forged = signing.block_actions(
            action_id, value, user="UMALLORY", response_url=slack.new_response_url()
        )
        await slack.interact(forged)
    await slack.click(notice, "ticket_extend", user=TEAM_USER, channel=PRIVACY_CHANNEL)
    await fake_slack.wait_for("views.open")
    reason = {"reason": {"value": {"type": "plain_text_input", "value": REASON}}}
    await slack.interact(
        signing.view_submission(
            "ticket_extend_view", reason, private_metadata=stored.reference, user=TEAM_USER
        )
    )
    close = {
        "outcome": {"value": {"type": "radio_buttons", "selected_option": {"value": "fulfilled"}}},
        "note": {"value": {"type": "plain_text_input", "value": NOTE}},
    }
    await slack.interact(
        signing.view_submission("ticket_close_view", close, private_metadata=stored.reference, user=TEAM_USER)
    )
    await slack.event(signing.home_opened(TEAM_USER))
    await slack.command("tickets all", user=TEAM_USER)
    await fake_slack.wait_for("views.publish")
    await fake_slack.settle()
    assert ticket(slack.deps, stored.reference).status == "fulfilled"

    logged = "\n".join(all_logs.lines)
    # the capture worked: ids and outcomes from our code and the libraries are there
    assert "EvQUESTION" in logged and stored.reference in logged
    assert any(n.startswith("aiohttp") for n in all_logs.names)
    assert any(n.startswith("sqlalchemy") for n in all_logs.names)
    assert any(n.startswith("bot.slack.bolt") or n.startswith("slack_bolt") for n in all_logs.names)
    leaks = [(s, line[:300]) for s in SECRETS for line in all_logs.lines if s.lower() in line.lower()]
    assert leaks == []
