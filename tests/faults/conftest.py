"""Fault tests: the bot in a broken world (database gone, Slack failing, bad files, SIGTERM, two processes).

Builds on the e2e harness (tests/e2e/conftest.py: `slack`, `serve`, `deps`, signed requests) and adds:

    fake_slack      a `LiveFakeSlack`: the e2e fake, whose conversations.history/replies show what the app
                    posted (so a post that timed out can be looked up) and whose `ts` are real times
    ServeProcess    `python -m bot serve` as a real subprocess on a free loopback port
    TcpProxy        a loopback TCP proxy in front of PostgreSQL that can refuse and cut connections
    pg_url          a fresh, empty PostgreSQL database for one test (TEST_POSTGRES_URL; skipped when
                    unset unless REQUIRE_POSTGRES=1), dropped afterwards
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.e2e import signing
from tests.e2e.conftest import (  # noqa: F401  (fixtures used by the fault tests)
    Sent,
    _no_slack_env,
    deps,
    e2e_settings,
    serve,
    slack,
)
from tests.e2e.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"


# -- a fake Slack whose history shows the app's posts ------------------------------------------------


@dataclass
class LiveFakeSlack(FakeSlack):
    """Like FakeSlack, with real-time message ts (the app looks for its posts since a moment in time)."""

    def _next_ts(self) -> str:
        n = next(self._ts)  # type: ignore[call-overload]
        return f"{int(time.time())}.{n:06d}"

    def delivered(self, channel: str | None = None) -> list[Any]:
        """chat.postMessage calls that reached the fake and were answered ok (i.e. really posted)."""
        return self.calls(
            "chat.postMessage",
            where=lambda c: c.response is not None and (channel is None or c.args.get("channel") == channel),
        )


@pytest.fixture
async def fake_slack() -> AsyncIterator[LiveFakeSlack]:
    fake = await LiveFakeSlack().start()
    yield fake
    await fake.stop()


# -- `python -m bot serve` as a subprocess --------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_env(fake: FakeSlack, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": signing.SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "KNOWLEDGE_DIR": str(KNOWLEDGE),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        "DIGEST_HOUR": "off",  # no digest on the real clock unless a test asks for one
        "INDEX_CACHE_DIR": "off",  # nothing written into the checkout
        "SPOOL_DIR": "off",  # a test that wants the spool gives its own folder
    }
    # a clock moved by faketime (LD_PRELOAD + FAKETIME*) reaches the child too, or its signatures look stale
    env.update({k: v for k, v in os.environ.items() if k == "LD_PRELOAD" or k.startswith("FAKETIME")})
    env.update(extra)
    return env


@dataclass
class ServeProcess:
    """One `python -m bot serve` on 127.0.0.1:`port`, its stderr in `log_path`."""

    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    session: aiohttp.ClientSession | None = None

    def start(self) -> ServeProcess:
        log = open(self.log_path, "wb")  # noqa: SIM115  (closed with the process)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def _session(self) -> aiohttp.ClientSession:
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        return self.session

    async def wait_listening(self, timeout: float = 20.0) -> Sent:
        """Poll /healthz until the server answers at all (200 or 503); fails if the process died."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited {self.process.returncode}:\n{self.log()}")
            with contextlib.suppress(aiohttp.ClientConnectionError):
                return await self.healthz()
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not listen within {timeout}s:\n{self.log()}")
            await asyncio.sleep(0.1)

    async def wait_healthy(self, timeout: float = 15.0) -> Sent:
        deadline = time.monotonic() + timeout
        while True:
            sent = await self.healthz()
            if sent.status == 200:
                return sent
            if time.monotonic() > deadline:
                raise AssertionError(f"/healthz still {sent.status} {sent.body}:\n{self.log()}")
            await asyncio.sleep(0.1)

    async def healthz(self) -> Sent:
        session = await self._session()
        started = time.perf_counter()
        async with session.get(f"{self.url}/healthz") as response:
            return Sent(response.status, await response.text(), time.perf_counter() - started)

    async def event(self, event: dict[str, Any], *, event_id: str, retry_num: int | None = None) -> Sent:
        body = signing.event_body(event, event_id=event_id)
        session = await self._session()
        started = time.perf_counter()
        async with session.post(
            f"{self.url}/slack/events",
            data=body,
            headers=signing.signed_headers(body, retry_num=retry_num),
        ) as response:
            return Sent(response.status, await response.text(), time.perf_counter() - started)

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    async def wait_exit(self, timeout: float = 15.0) -> int:
        assert self.process is not None
        return await asyncio.to_thread(self.process.wait, timeout)

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            await asyncio.to_thread(self.process.wait, 10)


@pytest.fixture
async def processes(tmp_path: Path) -> AsyncIterator[list[ServeProcess]]:
    """Append ServeProcess objects here; each is stopped (killed if still running) after the test."""
    started: list[ServeProcess] = []
    yield started
    for process in started:
        await process.close()


def new_process(processes: list[ServeProcess], env: dict[str, str], tmp_path: Path) -> ServeProcess:
    process = ServeProcess(env, tmp_path / f"serve-{len(processes)}.log")
    processes.append(process)
    return process.start()


# -- a TCP proxy that can take PostgreSQL away ------------------------------------------------------


class TcpProxy:
    """127.0.0.1:port → target. `down()` closes the listener and cuts every open connection (the
    database 'goes away'); `up()` listens again on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def down(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update({client_writer, upstream_writer})

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                writer.transport.abort()
                self._writers.discard(writer)

        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))

    def url_for(self, database_url: str) -> str:
        return (
            make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        )


# -- PostgreSQL ----------------------------------------------------------------------------------


def postgres_base_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip('TEST_POSTGRES_URL not set (eval "$(bash scripts/test-postgres.sh)")')
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty (not migrated) PostgreSQL database for this test; dropped afterwards."""
    base = make_url(postgres_base_url())
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"faults_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
