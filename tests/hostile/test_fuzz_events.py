"""Fuzzing POST /slack/events: random bodies, headers, content types, timestamps and signatures.

Whatever arrives, the app never answers 500 and never shows a stack trace; a request that is not
signed with our secret (or is signed too long ago) never reaches a listener: the fake Slack Web API
records no call and the database gets no row. Correctly signed nonsense is answered 2xx/4xx and the
app keeps working afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.db import Database
from bot.pipeline import Engine
from bot.slack.deps import AppDeps
from tests.e2e import signing
from tests.e2e.conftest import SlackDriver, make_settings
from tests.e2e.fake_slack import FakeSlack
from tests.hostile.conftest import TRACE, row_counts

EXAMPLES = 120
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure in CI is a failure here
)

# -- strategies ----------------------------------------------------------------------------------

header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=15,
)
event_types = st.sampled_from(
    ["app_mention", "message", "app_home_opened", "reaction_added", "member_joined_channel", ""]
) | st.text(max_size=20)
request_types = st.sampled_from(
    [
        "event_callback",
        "url_verification",
        "block_actions",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "block_suggestion",
        "app_rate_limited",
    ]
) | st.text(max_size=20)


def _some(keys: list[str], values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts with any subset of `keys` (missing fields) holding values of any type (wrong types)."""
    return st.fixed_dictionaries({}, optional={k: values for k in keys})


events = st.fixed_dictionaries(
    {"type": event_types},
    optional={
        "user": st.sampled_from(["UALICE", "UBOT", ""]) | json_values,
        "text": st.sampled_from(["<@UBOT> hej", "Radera mina uppgifter hos Leep"]) | json_values,
        "channel": st.sampled_from(["CGENERAL", "DALICE"]) | json_values,
        "channel_type": st.sampled_from(["im", "channel"]) | json_values,
        "ts": st.sampled_from(["1710000000.000100", "inf", "nan", "-1", "1e30"]) | json_values,
        "thread_ts": json_values,
        "bot_id": json_values,
        "subtype": json_values,
        "tab": st.sampled_from(["home", "messages"]) | json_values,
        "blocks": json_values,
    },
)
event_callbacks = st.fixed_dictionaries(
    {"type": st.just("event_callback")},
    optional={
        "event": events | json_values,
        "event_id": st.text(max_size=15) | json_values,
        "team_id": st.just("T1") | json_values,
        "api_app_id": json_values,
        "authorizations": json_values,
        "is_ext_shared_channel": json_values,
        "enterprise": json_values,
        "event_time": json_values,
        "challenge": json_values,
    },
)
interactions = st.fixed_dictionaries(
    {"type": request_types},
    optional={
        "user": _some(["id", "username", "team_id"], json_values) | json_values,
        "team": _some(["id", "domain", "enterprise_id"], json_values) | json_values,
        "channel": _some(["id", "name"], json_values) | json_values,
        "container": json_values,
        "message": json_values,
        "trigger_id": json_values,
        "response_url": st.just("http://127.0.0.1:1/nowhere") | json_values,
        "callback_id": st.sampled_from(["log_rights_request", "ticket_close_view"]) | json_values,
        "actions": st.lists(
            _some(["action_id", "value", "block_id", "type"], json_values)
            | st.fixed_dictionaries(
                {
                    "action_id": st.sampled_from(
                        [
                            "ticket_assign",
                            "ticket_close",
                            "ticket_not_a_request",
                            "ticket_offer_yes",
                            "feedback_up",
                            "show_more",
                            "choose_company:leep",
                        ]
                    ),
                    "value": st.text(max_size=40) | json_values,
                }
            ),
            max_size=2,
        )
        | json_values,
        "view": _some(["callback_id", "private_metadata", "state", "id", "hash"], json_values) | json_values,
    },
)
command_forms = st.fixed_dictionaries(
    {"command": st.sampled_from(["/privacy", "/other", ""]) | st.text(max_size=10)},
    optional={
        name: st.text(max_size=40)
        for name in ("text", "user_id", "channel_id", "team_id", "trigger_id", "response_url", "ssl_check")
    },
).map(lambda form: urlencode(form).encode())


def sign_bytes(body: bytes, secret: str, timestamp: int) -> tuple[str, str]:
    """Slack's signature over any bytes (tests.e2e.signing.sign needs UTF-8)."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return str(timestamp), "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


structured_bodies = st.one_of(
    event_callbacks.map(_json),
    interactions.map(_json),
    interactions.map(lambda p: urlencode({"payload": json.dumps(p)}).encode()),
    json_values.map(_json),
    command_forms,
    st.text(max_size=200).map(lambda p: urlencode({"payload": p}).encode()),
)
any_bodies = st.one_of(
    structured_bodies,
    st.binary(max_size=600),
    st.text(max_size=300).map(str.encode),
    st.sampled_from([b"{", b"[1,2]", b'"text"', b"payload=", b"payload={", b"\xff\xfe{", b"null", b"{}"]),
)
content_types = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin-1",
            "application/json; charset=no-such-charset",
            "application/octet-stream",
            "",
        ]
    ),
    header_text,
)
timestamps = st.one_of(
    st.none(),
    st.sampled_from(["", "abc", "-1", "0", "1e10", "nan", "9" * 5000, " 1", "1.5"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=301, max_value=10**6).map(lambda ago: str(int(time.time()) - ago)),
    st.integers(min_value=301, max_value=10**6).map(lambda ahead: str(int(time.time()) + ahead)),
    header_text,
)
other_headers = st.dictionaries(
    st.sampled_from(
        ["X-Slack-Retry-Num", "X-Slack-Retry-Reason", "X-Slack-No-Retry", "X-Forwarded-For", "Accept"]
    )
    | st.from_regex(r"X-[A-Za-z]{1,12}", fullmatch=True),
    header_text,
    max_size=3,
)


@st.composite
def badly_signed(draw: st.DrawFn) -> tuple[bytes, dict[str, str]]:
    """A body with headers that are NOT a valid signature of it with our secret right now."""
    body = draw(any_bodies)
    headers = dict(draw(other_headers))
    content_type = draw(content_types)
    if content_type:
        headers["Content-Type"] = content_type
    how = draw(
        st.sampled_from(["none", "random", "wrong_secret", "other_body", "stale", "future", "garbage_ts"])
    )
    now = int(time.time())
    if how == "random":
        headers["X-Slack-Signature"] = draw(
            header_text | st.text("0123456789abcdef", max_size=64).map("v0=".__add__)
        )
        ts = draw(timestamps)
        if ts is not None:
            headers["X-Slack-Request-Timestamp"] = ts
    elif how == "wrong_secret":
        ts, sig = sign_bytes(body, draw(st.text(min_size=1, max_size=20)).replace(signing.SECRET, "x"), now)
        headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
    elif how == "other_body":
        ts, sig = sign_bytes(body + b" ", signing.SECRET, now)
        headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
    elif how in ("stale", "future"):
        shift = draw(st.integers(min_value=301, max_value=10**7))
        ts, sig = sign_bytes(body, signing.SECRET, now - shift if how == "stale" else now + shift)
        headers |= {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
    elif how == "garbage_ts":
        _, sig = sign_bytes(body, signing.SECRET, now)
        ts = draw(timestamps)
        headers["X-Slack-Signature"] = sig
        if ts is not None and ts != str(now):
            headers["X-Slack-Request-Timestamp"] = ts
    return body, headers


# -- fixtures --------------------------------------------------------------------------------------


class Crashes(logging.Handler):
    """Collects what the HTTP server and the event loop report as unhandled (errors escaping a handler)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def crashes() -> Iterator[Crashes]:
    handler = Crashes()
    watched = [logging.getLogger(name) for name in ("aiohttp.server", "aiohttp.web", "asyncio")]
    for logger in watched:
        logger.addHandler(handler)
    yield handler
    for logger in watched:
        logger.removeHandler(handler)


@pytest.fixture
async def quiet_slack(
    serve: Callable[[AppDeps], Awaitable[SlackDriver]], fake_slack: FakeSlack, engine: Engine, tmp_path: Path
) -> AsyncIterator[SlackDriver]:
    """The app with the daily digest off (no PRIVACY_CHANNEL), so any Web API call comes from a request."""
    settings_ = make_settings(fake_slack, f"sqlite:///{tmp_path / 'fuzz.db'}", privacy_channel=None)
    database = Database(settings_.database_url)
    database.upgrade()
    driver = await serve(AppDeps(settings_, engine, database))
    yield driver
    database.dispose()


def assert_clean(status: int, body: str) -> None:
    assert status < 500, (status, body[:300])
    assert not TRACE.search(body), body[:300]


# -- tests -----------------------------------------------------------------------------------------


@FUZZ
@given(request=badly_signed())
@example(request=(b"ssl_check=1&token=x", {"Content-Type": "application/x-www-form-urlencoded"}))
@example(request=(b'{"type":"url_verification","challenge":"c"}', {"Content-Type": "application/json"}))
async def test_unsigned_or_wrongly_signed_requests_are_refused_and_reach_no_listener(
    quiet_slack: SlackDriver, fake_slack: FakeSlack, crashes: Crashes, request: tuple[bytes, dict[str, str]]
) -> None:
    body, headers = request
    before = row_counts(quiet_slack.deps)
    sent = await quiet_slack.post(body, headers)
    assert_clean(sent.status, sent.body)
    if sent.status == 200:  # Slack's unsigned SSL check ("ssl_check=1") gets an empty 200, nothing else
        assert "ssl_check=1" in body.decode("utf-8", "replace") and sent.body == "", body[:200]
    else:
        assert sent.status in (400, 401, 413), (sent.status, sent.body[:200])
    assert fake_slack.recorded == []
    assert row_counts(quiet_slack.deps) == before
    assert [r.getMessage() for r in crashes.records] == []


@FUZZ
@given(body=structured_bodies, content_type=st.none() | content_types, retry=st.none() | st.integers(0, 5))
async def test_signed_malformed_bodies_get_2xx_or_4xx_and_never_crash(
    quiet_slack: SlackDriver, crashes: Crashes, body: bytes, content_type: str | None, retry: int | None
) -> None:
    headers = signing.signed_headers(body, content_type=content_type or None, retry_num=retry)
    sent = await quiet_slack.post(body, headers)
    assert_clean(sent.status, sent.body)
    assert [r.getMessage() for r in crashes.records] == []


async def test_after_a_storm_of_nonsense_the_app_still_answers(
    quiet_slack: SlackDriver, fake_slack: FakeSlack, crashes: Crashes
) -> None:
    storm = [
        _json({"type": "event_callback", "event_id": "EvX1", "event": "not an object"}),
        _json({"type": "event_callback", "event_id": "EvX2", "event": {"type": "app_mention", "text": 5}}),
        _json(
            {"type": "event_callback", "event_id": "EvX3", "event": {"type": "message", "channel_type": "im"}}
        ),
        _json({"type": "event_callback", "event_id": ["x"], "team_id": {"id": 1}, "event": {}}),
        _json({"type": "event_callback", "authorizations": 5, "event": {"type": "message"}}),
        _json({"type": "block_actions", "actions": [{"action_id": "ticket_assign"}]}),
        _json({"type": "view_submission", "view": {"callback_id": "ticket_close_view"}}),
        urlencode({"payload": json.dumps({"type": "view_submission", "view": "x", "user": 1})}).encode(),
        urlencode(
            {"payload": json.dumps({"type": "shortcut", "callback_id": "log_rights_request"})}
        ).encode(),
        urlencode({"command": "/privacy", "text": "tickets all"}).encode(),
        urlencode({"payload": "{not json"}).encode(),
        b"[1, 2, 3]",
        b"{",
        b'{"a":' * 5000 + b"1" + b"}" * 5000,  # nested past the parser's recursion limit
        urlencode({"payload": "[" * 5000 + "]" * 5000}).encode(),
    ]
    for body in storm:
        sent = await quiet_slack.post(body, signing.signed_headers(body))
        assert_clean(sent.status, sent.body)
    await fake_slack.settle()
    fake_slack.recorded.clear()

    sent = await quiet_slack.event(signing.mention("How long does Leep keep personal data?"))
    assert sent.status == 200
    [answer] = await fake_slack.wait_for("chat.postMessage")
    assert "Leep" in answer.text_content()
    assert [r.getMessage() for r in crashes.records] == []
