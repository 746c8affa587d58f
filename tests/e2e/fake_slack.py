"""A fake Slack Web API for end-to-end tests: an in-process aiohttp server on a free loopback port.

It records every call (method, path, headers, arguments from the query string, form or JSON body)
and answers like Slack would for the methods the bot uses:

    auth.test                      user UBOT, bot BBOT, team T1
    chat.postMessage / postEphemeral / update / delete / getPermalink   (distinct ``ts`` per post)
    reactions.add / remove, views.open / publish / update
    users.info (``fake.users``), usergroups.users.list (``fake.usergroups``),
    conversations.replies (``fake.threads`` and the app's own replies), conversations.history (the app's
    own top-level posts, with their metadata), anything else → ``{"ok": true}``
    POST /webhook/<name>           a ``response_url`` (recorded as method "webhook")

Usage (the ``fake_slack`` fixture in ``tests/e2e/conftest.py`` starts and stops one per test)::

    fake = FakeSlack(); await fake.start()
    fake.api_url                  # "http://127.0.0.1:PORT/api/": give it to AsyncWebClient(base_url=…)
    fake.response_url("cmd1")     # a response_url that lands here
    fake.inject("chat.postMessage", status=429, retry_after=1)   # next call gets a 429 (then normal)
    fake.inject("chat.postMessage", status=500, times=2)
    fake.inject("chat.postMessage", ok_false="channel_not_found")
    fake.inject("views.open", delay=2.0)                           # slow reply
    posts = await fake.wait_for("chat.postMessage", count=1)      # polls with a deadline
    await fake.settle()                                            # wait until no call for 0.3 s
    fake.calls("reactions.add")                                    # recorded so far
    posts[0].args["thread_ts"], posts[0].blocks, posts[0].text_content()
    await fake.stop()

Faults are consumed in order, one per matching call; ``times`` repeats a fault.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"
JSON_FIELDS = ("blocks", "view", "attachments", "metadata")


@dataclass(frozen=True)
class Call:
    """One request the app sent to the fake."""

    method: str  # "chat.postMessage", …, or "webhook" for response_url posts
    path: str
    headers: dict[str, str]
    args: dict[str, Any]  # query + form/JSON body; JSON-looking form fields (blocks, view) decoded
    raw: bytes
    at: float  # time.monotonic() when received
    status: int = 200  # what the fake answered
    response: dict[str, Any] | None = None  # the JSON the fake answered (e.g. the posted message's ts)

    @property
    def ts(self) -> str | None:
        """The ts Slack gave the posted message (chat.postMessage / postEphemeral)."""
        response = self.response or {}
        return response.get("ts") or response.get("message_ts")

    def as_message(self) -> dict[str, Any]:
        """The posted message as it would appear in an interaction payload's `message`."""
        message: dict[str, Any] = {
            "type": "message",
            "ts": self.ts or self.args.get("ts"),
            "user": BOT_USER_ID,
        }
        message["bot_id"] = BOT_ID
        for key in ("text", "blocks", "thread_ts"):
            if key in self.args:
                message[key] = self.args[key]
        return message

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.args.get("blocks")
        if blocks is None and isinstance(self.args.get("view"), dict):
            blocks = self.args["view"].get("blocks")
        return list(blocks or [])

    def text_content(self) -> str:
        """All human-readable text of the call: `text` plus every text inside the blocks."""
        parts: list[str] = [str(self.args.get("text") or "")]
        parts.extend(_texts(self.blocks))
        return "\n".join(p for p in parts if p)

    def action_ids(self) -> list[str]:
        return [a for a in _walk_key(self.blocks, "action_id") if isinstance(a, str)]

    def find_action(self, action_id: str) -> dict[str, Any] | None:
        """The block element with this action_id (first match), e.g. to click it."""
        for element in _walk_dicts(self.blocks):
            if element.get("action_id") == action_id:
                return element
        return None


@dataclass
class Fault:
    status: int = 200
    retry_after: int | None = None
    ok_false: str | None = None
    delay: float = 0.0
    times: int = 1


@dataclass
class FakeSlack:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id → users.info "user"
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # S… → member ids
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # thread ts → messages
    recorded: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id → bytes sent to its upload URL
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = 0
    _runner: web.AppRunner | None = None
    _ts: Iterable[int] = field(default_factory=lambda: itertools.count(1))
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)  # ends the slow replies' waits

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._handle_api)
        app.router.add_get("/api/{method}", self._handle_api)
        app.router.add_post("/webhook/{name}", self._handle_webhook)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def _slow(self, delay: float) -> None:
        """A slow reply: wait `delay` seconds, or until the fake stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def stop(self) -> None:
        self._stopping.set()  # a slow reply still waiting is answered now, not after its delay
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}/webhook/{name}"

    # -- fault injection -------------------------------------------------------------------------

    def inject(
        self,
        method: str,
        *,
        status: int = 200,
        retry_after: int | None = None,
        ok_false: str | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail (429 gets `Retry-After`, default 1 s) or be slow."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self.faults.setdefault(method, []).append(Fault(status, retry_after, ok_false, delay, times))

    def _take_fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    # -- queries ---------------------------------------------------------------------------------

    def calls(self, method: str | None = None, where: Callable[[Call], bool] | None = None) -> list[Call]:
        return [
            c for c in self.recorded if (method is None or c.method == method) and (where is None or where(c))
        ]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 20.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Poll until at least `count` matching calls arrived; AssertionError with a summary at the deadline."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(method, where)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"expected {count} × {method} within {timeout}s, got {len(found)}; "
                    f"recorded: {self.summary()}"
                )
            await asyncio.sleep(0.02)

    async def settle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until no new call has arrived for `quiet` seconds (to assert that nothing more happens)."""
        deadline = time.monotonic() + timeout
        seen = len(self.recorded)
        last_change = time.monotonic()
        while time.monotonic() < deadline:
            await asyncio.sleep(0.03)
            if len(self.recorded) != seen:
                seen = len(self.recorded)
                last_change = time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return

    def summary(self) -> list[str]:
        return [f"{c.method}[{c.status}]" for c in self.recorded]

    def reset(self) -> None:
        self.recorded.clear()
        self.faults.clear()

    # -- handlers --------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.read()
        args = _parse_args(request, raw)
        fault = self._take_fault(method)
        status = fault.status if fault else 200
        answer = self._answer(method, args) if status == 200 and not (fault and fault.ok_false) else None
        self.recorded.append(
            Call(method, request.path, dict(request.headers), args, raw, time.monotonic(), status, answer)
        )
        if fault and fault.delay:
            await self._slow(fault.delay)
        if fault and fault.status == 429:
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(fault.retry_after or 1)},
            )
        if fault and fault.status >= 500:
            return web.Response(status=fault.status, text="internal error")
        if fault and fault.ok_false:
            return web.json_response({"ok": False, "error": fault.ok_false})
        return web.json_response(answer)

    async def _handle_upload(self, request: web.Request) -> web.Response:
        """The upload URL of files.getUploadURLExternal: the file's bytes, kept by file id."""
        raw = await request.read()
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = raw
        self.recorded.append(
            Call("upload", request.path, dict(request.headers), {"file_id": file_id}, raw, time.monotonic())
        )
        return web.Response(text=f"OK - {len(raw)}")

    async def _handle_webhook(self, request: web.Request) -> web.Response:
        raw = await request.read()
        args = _parse_args(request, raw)
        fault = self._take_fault("webhook")
        status = fault.status if fault else 200
        self.recorded.append(
            Call("webhook", request.path, dict(request.headers), args, raw, time.monotonic(), status)
        )
        if fault and fault.delay:
            await self._slow(fault.delay)
        return web.Response(status=status, text="ok" if status == 200 else "error")

    def _posted(self, channel: str) -> list[dict[str, Any]]:
        """The messages the app posted (successfully) to this channel, oldest first, metadata included."""
        return [
            c.response["message"]
            for c in self.recorded
            if c.method == "chat.postMessage" and c.response and c.response.get("channel") == channel
        ]

    def _next_ts(self) -> str:
        n = next(self._ts)  # type: ignore[call-overload]
        return f"{1700000000 + n}.{n:06d}"

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel") or "C0"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://t1.slack.com/",
                "team": "Team One",
                "user": "integritetsbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts}
            message.update({k: args[k] for k in ("text", "blocks", "thread_ts", "metadata") if k in args})
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": args.get("ts"), "text": args.get("text", "")}
        if method == "chat.delete":
            return {"ok": True, "channel": channel, "ts": args.get("ts")}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", "0.0")).replace(".", "")
            return {
                "ok": True,
                "channel": channel,
                "permalink": f"https://t1.slack.com/archives/{channel}/p{ts}",
            }
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = args.get("view") if isinstance(args.get("view"), dict) else {}
            return {"ok": True, "view": {"id": "V" + self._next_ts().replace(".", ""), **view}}
        if method == "users.info":
            user_id = str(args.get("user", ""))
            user = self.users.get(user_id) or {
                "id": user_id,
                "name": user_id.lower(),
                "real_name": f"User {user_id}",
                "tz": "Europe/Stockholm",
                "locale": "en-US",
                "is_bot": False,
                "profile": {"display_name": user_id.lower(), "real_name": f"User {user_id}"},
            }
            return {"ok": True, "user": user}
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.usergroups.get(str(args.get("usergroup", "")), [])}
        if method == "files.getUploadURLExternal":
            file_id = "F" + self._next_ts().replace(".", "")
            return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            listed = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in listed]}
        if method == "conversations.replies":  # ``threads`` given by the test, then the app's own posts
            thread = str(args.get("ts", ""))
            posted = [m for m in self._posted(channel) if thread in (m.get("thread_ts"), m.get("ts"))]
            return {"ok": True, "messages": [*self.threads.get(thread, []), *posted], "has_more": False}
        if method == "conversations.history":  # the app's own top-level posts, newest first
            posted = [m for m in self._posted(channel) if not m.get("thread_ts")]
            return {"ok": True, "messages": posted[::-1], "has_more": False}
        return {"ok": True}


def _parse_args(request: web.Request, raw: bytes) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    content_type = request.headers.get("Content-Type", "")
    if raw:
        if "json" in content_type:
            try:
                body = json.loads(raw)
                if isinstance(body, dict):
                    args.update(body)
            except ValueError:
                args["_unparsed"] = raw.decode("utf-8", "replace")
        else:
            args.update(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    for key in JSON_FIELDS:
        value = args.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


def _walk_dicts(node: Any) -> Iterable[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_dicts(item)


def _walk_key(node: Any, key: str) -> Iterable[Any]:
    for d in _walk_dicts(node):
        if key in d:
            yield d[key]


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for d in _walk_dicts(blocks):
        if d.get("type") in ("mrkdwn", "plain_text") and isinstance(d.get("text"), str):
            out.append(d["text"])
    return out
