"""End-to-end harness: the REAL app served over real HTTP on loopback, Slack's Web API played by a fake.

Fixtures (function-scoped, each test gets fresh ones):

    fake_slack   a started `FakeSlack` (tests/e2e/fake_slack.py): records calls, injects faults
    e2e_settings Settings: token xoxb-test, signing secret `signing.SECRET`, SLACK_API_URL → the fake,
                 a temp SQLite DB, PRIVACY_CHANNEL=CPRIVACY, PRIVACY_TEAM=UPRIV,SPRIV,
                 CHANNEL_COMPANIES=CXLEDGER=xledger, DIGEST_HOUR=off (no digest on the real clock)
    deps         AppDeps(e2e_settings, the session's Engine, an upgraded Database)
    slack        a `SlackDriver` serving `bot.web.build(deps)`; use it to send signed requests
    serve        async factory: `driver = await serve(deps)` for custom deps (another DB, a slowed engine)

SlackDriver (every method signs the exact bytes it sends and returns `Sent(status, body, elapsed)`):

    await slack.event(signing.mention("hi"), event_id=None, retry_num=None)   → event_callback
    await slack.command("help", user=…, channel=…)     → /privacy, response_url = fake.response_url(…)
    await slack.interact(payload_dict)                 → block_actions / view_submission / shortcuts
    await slack.click(call, action_id, user=…)         → clicks a button of a recorded post or response
    await slack.post(raw_bytes, headers)               → anything (bad signatures, stale timestamps)
    await slack.healthz()

Then assert on the fake: `posts = await fake_slack.wait_for("chat.postMessage")`, `await fake_slack.settle()`.
The app acks before it answers, so always poll (`wait_for`) rather than read `fake_slack.calls` at once.
Scenario example::

    async def test_x(slack, fake_slack):
        sent = await slack.event(signing.mention("How long does Xledger keep data?"))
        assert sent.status == 200
        [post] = await fake_slack.wait_for("chat.postMessage")
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.config import Settings
from bot.db import Database
from bot.pipeline import Engine
from bot.slack.deps import AppDeps
from bot.web import build
from tests.e2e import signing
from tests.e2e.fake_slack import Call, FakeSlack

PRIVACY_CHANNEL = "CPRIVACY"
BOUND_CHANNEL = "CXLEDGER"


@dataclass(frozen=True)
class Sent:
    status: int
    body: str
    elapsed: float  # seconds until the HTTP response (the ack) arrived

    def json(self) -> Any:
        import json

        return json.loads(self.body)


class SlackDriver:
    """Sends Slack-signed requests to the served app, like Slack's servers would."""

    def __init__(
        self, server: TestServer, fake: FakeSlack, deps: AppDeps, secret: str = signing.SECRET
    ) -> None:
        self.server = server
        self.fake = fake
        self.deps = deps
        self.secret = secret
        self.session = aiohttp.ClientSession()
        self._responses = 0

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    async def close(self) -> None:
        await self.session.close()

    async def post(self, body: bytes, headers: dict[str, str], path: str = "/slack/events") -> Sent:
        started = time.perf_counter()
        async with self.session.post(self.url(path), data=body, headers=headers) as response:
            text = await response.text()
            return Sent(response.status, text, time.perf_counter() - started)

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        team_id: str = signing.TEAM_ID,
    ) -> Sent:
        body = signing.event_body(event, event_id=event_id, team_id=team_id)
        return await self.post(body, signing.signed_headers(body, self.secret, retry_num=retry_num))

    def new_response_url(self) -> str:
        self._responses += 1
        return self.fake.response_url(f"r{self._responses}")

    async def command(
        self,
        text: str,
        *,
        user: str = signing.USER_ID,
        channel: str = signing.CHANNEL_ID,
        command: str = "/privacy",
        response_url: str | None = None,
    ) -> Sent:
        body = signing.command_body(
            command, text, response_url=response_url or self.new_response_url(), user=user, channel=channel
        )
        return await self.post(body, signing.signed_headers(body, self.secret))

    async def interact(self, payload: dict[str, Any]) -> Sent:
        body = signing.interaction_body(payload)
        return await self.post(body, signing.signed_headers(body, self.secret))

    async def click(
        self,
        call: Call,
        action_id: str,
        *,
        user: str = signing.USER_ID,
        channel: str | None = None,
    ) -> Sent:
        """Click the button `action_id` on a message the app posted (chat.postMessage) or sent (webhook)."""
        element = call.find_action(action_id)
        assert element is not None, f"no button {action_id} in {call.action_ids()}"
        ephemeral = call.method in ("webhook", "chat.postEphemeral")
        channel = channel or str(call.args.get("channel") or signing.CHANNEL_ID)
        message = call.as_message()
        if not message.get("ts"):
            message["ts"] = signing.new_ts()
        payload = signing.block_actions(
            action_id,
            element.get("value", ""),
            user=user,
            channel=channel,
            message=message,
            response_url=self.new_response_url(),
            container={
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
        )
        return await self.interact(payload)

    async def healthz(self) -> Sent:
        started = time.perf_counter()
        async with self.session.get(self.url("/healthz")) as response:
            return Sent(response.status, await response.text(), time.perf_counter() - started)


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing from the developer's environment leaks in (SLACK_CLIENT_ID/SECRET would switch on OAuth)."""
    import os

    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _quick_inbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inbox tries an event again (and looks for rows left by others) within a fraction of a second,
    not the served app's seconds: a test waits for what it needs, not for a pause."""
    from bot.slack import inbox

    monkeypatch.setattr(inbox, "FIRST_PAUSE", 0.2)
    monkeypatch.setattr(inbox, "SWEEP_SECONDS", 0.25)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


def make_settings(fake: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": signing.SECRET,
        "slack_api_url": fake.api_url,
        "database_url": database_url,
        "channel_companies": {BOUND_CHANNEL: "xledger"},
        "privacy_channel": PRIVACY_CHANNEL,
        "privacy_team_users": ("UPRIV",),
        "privacy_team_groups": ("SPRIV",),
        "digest_hour": None,  # the harness decides when a digest runs (post_digest / run_digest_loop)
        "index_cache_dir": None,  # nothing written into the checkout
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def e2e_settings(fake_slack: FakeSlack, tmp_path: Path) -> Settings:
    return make_settings(fake_slack, f"sqlite:///{tmp_path / 'e2e.db'}")


@pytest.fixture
def deps(e2e_settings: Settings, engine: Engine) -> AppDeps:
    database = Database(e2e_settings.database_url)
    database.upgrade()
    return AppDeps(e2e_settings, engine, database)


@pytest.fixture
async def serve(fake_slack: FakeSlack) -> AsyncIterator[Callable[[AppDeps], Awaitable[SlackDriver]]]:
    started: list[tuple[TestServer, SlackDriver]] = []

    async def start(app_deps: AppDeps) -> SlackDriver:
        server = TestServer(build(app_deps), host="127.0.0.1", port=0)
        await server.start_server()
        # the app asks auth.test at start-up (bot.slack.authorization.prime); tests see only what their
        # own requests cause
        await fake_slack.wait_for("auth.test")
        fake_slack.recorded[:] = [c for c in fake_slack.recorded if c.method != "auth.test"]
        driver = SlackDriver(server, fake_slack, app_deps)
        started.append((server, driver))
        return driver

    yield start
    for server, driver in started:
        await driver.close()
        await server.close()


@pytest.fixture
async def slack(serve: Callable[[AppDeps], Awaitable[SlackDriver]], deps: AppDeps) -> SlackDriver:
    return await serve(deps)
