"""Replays and floods: a signed request older (or newer) than five minutes is refused whatever its kind;
an oversized body is refused with 413 before the server has read it."""

from __future__ import annotations

import asyncio
import json
import math
import time
from urllib.parse import urlencode

import pytest

from bot.web import MAX_BODY_BYTES
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.ticket_helpers import tickets
from tests.hostile.conftest import row_counts

REQUEST = "Please delete all my personal data at Leep."


def bodies(fake: FakeSlack) -> dict[str, bytes]:
    """One signed-able request of every kind Slack sends us."""
    return {
        "event": signing.event_body(signing.dm(REQUEST)),
        "command": signing.command_body("/privacy", "tickets", response_url=fake.response_url("replay")),
        "button": signing.interaction_body(signing.block_actions("ticket_assign", "DSAR-2026-0001")),
        "view": signing.interaction_body(
            signing.view_submission(
                "ticket_request_view",
                {
                    "rights": {
                        "value": {"type": "multi_static_select", "selected_options": [{"value": "access"}]}
                    }
                },
            )
        ),
        "shortcut": signing.interaction_body(
            signing.message_action("log_rights_request", {"type": "message", "ts": "1.2", "text": REQUEST})
        ),
    }


@pytest.mark.parametrize("kind", ["event", "command", "button", "view", "shortcut"])
@pytest.mark.parametrize("seconds", [-301, 305, -3600, 86_400 * 365])
async def test_a_correctly_signed_request_outside_five_minutes_is_refused(
    slack: SlackDriver, fake_slack: FakeSlack, kind: str, seconds: int
) -> None:
    """`-301` is a capture replayed five minutes and a second later; positive values are from the future.

    Slack's timestamps are whole seconds, and the clock moves on between signing and checking: a past
    timestamp only grows older, but a future one drifts back towards the window. So the future one is
    rounded up, and `305` leaves the check a few seconds on a busy machine (`301` failed once in CI)."""
    body = bodies(fake_slack)[kind]
    before = row_counts(slack.deps)
    now = time.time()
    timestamp = math.ceil(now + seconds) if seconds > 0 else math.floor(now + seconds)
    sent = await slack.post(body, signing.signed_headers(body, timestamp=timestamp))
    assert sent.status == 401
    await fake_slack.settle(quiet=0.2)
    assert fake_slack.recorded == []
    assert row_counts(slack.deps) == before


async def test_a_capture_replayed_within_five_minutes_changes_nothing_twice(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    body = signing.event_body(signing.dm(REQUEST))
    headers = signing.signed_headers(body, timestamp=time.time() - 240)  # captured four minutes ago
    first = await slack.post(body, headers)
    [_, _] = await fake_slack.wait_for("chat.postMessage", count=2)  # the requester and the team
    again = [await slack.post(body, headers) for _ in range(3)]
    assert first.status == 200 and all(s.status == 200 for s in again)
    await fake_slack.settle()
    assert len(tickets(slack.deps)) == 1
    assert len(fake_slack.calls("chat.postMessage")) == 2


async def _raw_request(port: int, head: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    await writer.drain()
    return reader, writer


def _status(line: bytes) -> int:
    return int(line.split()[1])


async def test_an_announced_oversized_body_is_refused_before_it_is_sent(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    """Content-Length says 50 MB; only 1 kB ever arrives. The 413 comes at once, not after a read timeout."""
    port = slack.server.port
    assert port is not None
    announced = 50 * 1024 * 1024
    head = (
        (
            f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {announced}\r\n\r\n"
        ).encode()
        + b"{"
        + b" " * 1023
    )
    reader, writer = await _raw_request(port, head)
    try:  # the rest of the announced body never comes: an answer at all means it was refused unread
        status_line = await asyncio.wait_for(reader.readline(), timeout=20)
    finally:
        writer.close()
    assert _status(status_line) == 413
    await fake_slack.settle(quiet=0.2)
    assert fake_slack.recorded == []


async def test_a_chunked_flood_is_cut_off_near_the_limit(slack: SlackDriver, fake_slack: FakeSlack) -> None:
    """No Content-Length: the body streams in chunks. The server answers 413 once it has seen about
    MAX_BODY_BYTES, long before the 32 MB the client would send."""
    port = slack.server.port
    assert port is not None
    body = signing.event_body(signing.dm("x"))
    ts, signature = signing.sign(body)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {signature}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    reader, writer = await _raw_request(port, head)
    chunk = b"x" * 65_536
    total = 32 * 1024 * 1024
    sent = 0
    response = asyncio.ensure_future(reader.readline())
    try:
        while sent < total and not response.done():
            writer.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            try:
                await asyncio.wait_for(writer.drain(), timeout=2)
            except (ConnectionError, TimeoutError):
                break
            sent += len(chunk)
        status_line = await asyncio.wait_for(response, timeout=5)
    finally:
        response.cancel()
        writer.close()
    assert _status(status_line) == 413
    assert sent < total // 4, f"the server read {sent} bytes before refusing"
    assert sent >= MAX_BODY_BYTES // 2  # it did read up to about the limit, not refuse everything
    await fake_slack.settle(quiet=0.2)
    assert fake_slack.recorded == []


async def test_a_signed_request_just_over_the_limit_is_refused_and_one_just_under_is_served(
    slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    filler = "x" * (MAX_BODY_BYTES - 1200)
    under = signing.event_body(signing.dm("How long does Leep keep personal data? " + filler))
    assert len(under) < MAX_BODY_BYTES
    over = json.dumps({"payload": filler + "y" * 2000}).encode()
    refused = await slack.post(over, signing.signed_headers(over))
    form = urlencode({"payload": json.dumps({"type": "block_actions", "x": filler + "z" * 2000})}).encode()
    refused_form = await slack.post(form, signing.signed_headers(form))
    served = await slack.post(under, signing.signed_headers(under))
    assert (refused.status, refused_form.status, served.status) == (413, 413, 200)
    [answer] = await fake_slack.wait_for("chat.postMessage")
    assert "Leep" in answer.text_content()
