"""Slack request signing and request-body builders for end-to-end tests.

Signing (what Slack does, `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`)::

    body = event_body(mention("hi"))                       # bytes, JSON
    headers = signed_headers(body, SECRET)                 # X-Slack-Signature, X-Slack-Request-Timestamp
    headers = signed_headers(body, SECRET, timestamp=time.time() - 400)   # stale → 401
    headers = signed_headers(body, SECRET, retry_num=1)    # X-Slack-Retry-Num / -Reason

Builders return the exact bytes to send (sign those same bytes; editing after signing → 401):

    event_body(event, event_id=…, team_id="T1")             event_callback (JSON)
    url_verification_body("challenge")                       url_verification (JSON)
    command_body("/privacy", "help", response_url=…)         slash command (form)
    interaction_body(payload)                                block_actions / view_submission /
                                                             message_action … (form, `payload=`)
    block_actions(action_id, value, …), view_submission(callback_id, values, …),
    message_action(callback_id, message, …)                  payload dicts for interaction_body

Event dicts: mention(text, …), dm(text, …), channel_message(text, …) (the twin of a mention),
thread_reply(text, thread_ts, …) (a reply in a thread, no @-mention), bot_message(text), home_opened(user).
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "e2e-signing-secret"
TEAM_ID = "T1"
BOT_USER_ID = "UBOT"
USER_ID = "UALICE"
CHANNEL_ID = "CGENERAL"
DM_CHANNEL_ID = "DALICE"

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def new_ts() -> str:
    n = _next()
    return f"{1710000000 + n}.{n:06d}"


def new_event_id() -> str:
    return f"Ev{_next():010d}"


# -- signing -------------------------------------------------------------------------------------


def sign(body: bytes | str, secret: str = SECRET, timestamp: float | int | None = None) -> tuple[str, str]:
    """(timestamp, signature) for this exact body."""
    ts = str(int(time.time() if timestamp is None else timestamp))
    raw = body.decode("utf-8") if isinstance(body, bytes) else body
    return ts, SignatureVerifier(secret).generate_signature(timestamp=ts, body=raw)


def signed_headers(
    body: bytes | str,
    secret: str = SECRET,
    *,
    timestamp: float | int | None = None,
    content_type: str | None = None,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
) -> dict[str, str]:
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    ts, signature = sign(raw, secret, timestamp)
    if content_type is None:
        content_type = "application/json" if raw[:1] == b"{" else "application/x-www-form-urlencoded"
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason
    return headers


# -- events --------------------------------------------------------------------------------------


def event_body(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = "A1",
) -> bytes:
    body = {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(body).encode("utf-8")


def url_verification_body(challenge: str = "challenge-123") -> bytes:
    return json.dumps(
        {"token": "legacy-verification-token", "challenge": challenge, "type": "url_verification"}
    ).encode("utf-8")


def mention(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts or new_ts(),
        "channel": channel,
        "event_ts": ts or new_ts(),
        "team": TEAM_ID,
    }
    event["event_ts"] = event["ts"]
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def channel_message(
    text: str,
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    ts: str | None = None,
    mention_bot: bool = True,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """A `message` event in a channel (with `mention_bot`, the twin Slack sends for an app_mention;
    with `thread_ts`, a reply in that thread)."""
    ts = ts or new_ts()
    event: dict[str, Any] = {
        "type": "message",
        "channel_type": "channel",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}" if mention_bot else text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def thread_reply(text: str, thread_ts: str, **kw: Any) -> dict[str, Any]:
    """A person's reply in a channel thread, without an @-mention of the bot."""
    return channel_message(text, mention_bot=False, thread_ts=thread_ts, **kw)


def dm(
    text: str, *, user: str = USER_ID, channel: str = DM_CHANNEL_ID, ts: str | None = None
) -> dict[str, Any]:
    ts = ts or new_ts()
    return {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": TEAM_ID,
    }


def bot_message(
    text: str, *, channel: str = DM_CHANNEL_ID, bot_id: str = "BBOT", user: str = BOT_USER_ID
) -> dict[str, Any]:
    event = dm(text, channel=channel, user=user)
    event["bot_id"] = bot_id
    return event


def home_opened(user: str = USER_ID) -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": DM_CHANNEL_ID,
        "tab": "home",
        "event_ts": new_ts(),
    }


# -- slash commands and interactivity ------------------------------------------------------------


def command_body(
    command: str,
    text: str,
    *,
    response_url: str,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    team_id: str = TEAM_ID,
) -> bytes:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": team_id,
            "team_domain": "t1",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": f"{_next()}.1.trigger",
        }
    ).encode("utf-8")


def interaction_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode("utf-8")


def block_actions(
    action_id: str,
    value: str = "",
    *,
    block_id: str = "b1",
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    message: dict[str, Any] | None = None,
    response_url: str | None = None,
    container: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button click. Pass the bot's posted message (ts, thread_ts, blocks) as `message` when it matters."""
    message = message or {"type": "message", "ts": new_ts(), "text": "", "user": BOT_USER_ID}
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "t1"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": "A1",
        "token": "legacy-verification-token",
        "container": container
        or {"type": "message", "message_ts": message.get("ts"), "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{_next()}.1.trigger",
        "channel": {"id": channel, "name": "general"},
        "message": message,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "action_ts": new_ts(),
            }
        ],
    }
    if response_url:
        payload["response_url"] = response_url
    return payload


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    private_metadata: str = "",
    user: str = USER_ID,
) -> dict[str, Any]:
    """`values` is Slack's state shape: {block_id: {action_id: {"type": …, "value": …}}}."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "t1"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": "A1",
        "token": "legacy-verification-token",
        "trigger_id": f"{_next()}.1.trigger",
        "view": {
            "id": f"V{_next()}",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": "h1",
        },
        "response_urls": [],
    }


def message_action(
    callback_id: str,
    message: dict[str, Any],
    *,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    response_url: str = "",
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "team": {"id": TEAM_ID, "domain": "t1"},
        "user": {"id": user, "name": user.lower()},
        "channel": {"id": channel, "name": "general"},
        "message": message,
        "message_ts": message.get("ts"),
        "trigger_id": f"{_next()}.1.trigger",
        "response_url": response_url,
        "token": "legacy-verification-token",
    }
