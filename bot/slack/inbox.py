"""The durable inbox: an event is stored before Slack gets its 200, and understood and acted on after.

Understanding a message (the intent model's sentence embedding) costs tens of milliseconds; at hundreds
of rights requests a second the ack can't wait for it, and Slack gives up after 3 seconds. So the HTTP
edge takes each verified Events API delivery the bot may act on (a DM, a mention, a reply in a thread),
writes its signed body as a row (``bot.slack.inbox_store``; one writer that group-commits what arrives
while the previous commit runs) and answers 200 once the row is committed — ahead of Bolt, whose
authorization may still be waiting for Slack. Workers then hand each row to Bolt exactly as Slack sent
it (signed afresh: a row may wait longer than a signature is valid), where the pre-ack intake
(``bot.slack.intake``) understands it and stores a rights request's ticket, and delete the row once Bolt
has acted. A row Bolt could not act on (the database away without a spool, Slack's identity unknown) is
put back and tried again with a growing pause.

Nothing is lost to a crash: a row's lease runs out when its process dies, and another process (or the
next one) claims it. Acting on a row twice is harmless: the seen-event row and the ticket's unique key
make the second time a duplicate. When the inbox can't be written (the database away, too slow) the
delivery goes through Bolt as before, whose intake then falls back to the local spool or a 500.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Literal

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.group_commit import GroupCommit
from bot.slack import dedup, inbox_store
from bot.slack.conversation import conversation_source, follow_up_thread
from bot.slack.deps import AppDeps
from bot.slack.inbox_store import Taken

logger = logging.getLogger(__name__)

WRITE_TIMEOUT = 2.5  # seconds: an inbox slower than this is passed by (Slack waits 3 s for the ack)
PASS_BY_SECONDS = 5.0  # after a failed write, events go Bolt's own path for this long before trying again
WORKERS = 8  # events acted on at once (their understanding shares the understand pool's threads)
SWEEP_SECONDS = 5.0  # how often leases are renewed and rows left by others (or put back) are claimed
FIRST_PAUSE, LONGEST_PAUSE = 5.0, 600.0  # seconds before a row Bolt could not act on is tried again
STORAGE_FAILED = "inbox_storage_failed"  # context flag: the database just failed the inbox's write
INBOX_ROW = "inbox_row"  # context: the inbox row an event handed to Bolt comes from (acked already)
BURST_WORKERS = 2  # events acted on at once while deliveries keep arriving: the acks come first
BURST_QUIET = 0.2  # seconds without a delivery after which a burst is over

TakeOutcome = Literal["taken", "passed", "failed"]
_LIVE_HERE: set[str] = set()  # the owners of this process's inboxes (tests run several in one process)


class Inbox:
    """One process's inbox: its writer, its workers and the rows it holds."""

    def __init__(
        self,
        deps: AppDeps,
        bolt_app: AsyncApp,
        *,
        lease: timedelta | None = None,
    ) -> None:
        self.deps = deps
        self.bolt_app = bolt_app
        self.lease = lease or inbox_store.LEASE
        secret = deps.settings.slack_signing_secret
        self._verifier = SignatureVerifier(secret) if secret else None
        self.owner = owner_name(socket.gethostname(), os.getpid(), secrets.token_hex(4))
        _LIVE_HERE.add(self.owner)
        self.queue: asyncio.Queue[Taken] = asyncio.Queue()
        self.held: set[int] = set()  # rows queued or being worked on by this process
        self.running = False
        self._pass_by_until = 0.0
        self._last_delivery = 0.0  # monotonic time of the last event taken in
        self._acting = 0  # events being handed to Bolt right now
        # the one writer, on its own thread: what arrives while a commit runs goes into the next one
        take_in = functools.partial(inbox_store.take_in, owner=self.owner, lease=self.lease)
        self._taker = GroupCommit(deps.database, deps.runtime.inbox_pool, take_in)
        self._finisher = GroupCommit(deps.database, deps.runtime.inbox_pool, inbox_store.finish)

    # --- before the ack -------------------------------------------------------------------------------

    def wanted(self, raw: bytes, headers: Mapping[str, str]) -> tuple[str, str] | None:
        """``(delivery key, body)`` of a verified event the bot may act on; None for anything else (a
        slash command, a button, an unsigned or malformed request, channel chatter: Bolt's own path)."""
        if self._verifier is None or not raw.startswith(b"{"):
            return None
        if not self._verifier.is_valid(
            raw, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
        ):
            return None  # Bolt refuses it (401) on its own path
        try:
            body = raw.decode("utf-8")
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(payload, dict) or payload.get("type") != "event_callback" or "\x00" in body:
            return None
        event, event_id = payload.get("event"), payload.get("event_id")
        if not isinstance(event, dict) or not isinstance(event_id, str) or not event_id:
            return None
        if conversation_source(event, None) is None and follow_up_thread(event, None) is None:
            return None  # not addressed to the bot: not stored
        team = payload.get("team_id") if isinstance(payload.get("team_id"), str) else None
        return dedup.delivery_key(team, event_id), body

    async def take(self, raw: bytes, headers: Mapping[str, str]) -> TakeOutcome:
        """Store the delivery before its ack: "taken" when it is in the inbox (answer 200 now); "passed"
        when Bolt takes it on its own path (not an event the inbox keeps, or the inbox is passed by for a
        while after a failure); "failed" when the write failed just now (Bolt's path, which then need
        not wait on the database a second time)."""
        if not self.running or not self.deps.runtime.database.ready or time.monotonic() < self._pass_by_until:
            return "passed"
        wanted = self.wanted(raw, headers)
        if wanted is None:
            return "passed"
        key, body = wanted
        self._last_delivery = time.monotonic()
        future = asyncio.ensure_future(self._taker.write((key, body, self.deps.clock())))
        try:
            row_id = await asyncio.wait_for(asyncio.shield(future), WRITE_TIMEOUT)
        except Exception as exc:  # the database failed or is too slow: Bolt's path, spool included
            self._pass_by_until = time.monotonic() + PASS_BY_SECONDS
            logger.warning("inbox write failed error=%s: events go straight to Bolt", type(exc).__name__)
            # a write that completes after all is acted on too (twice is harmless: the ticket is unique)
            future.add_done_callback(lambda done: self._late(done, key, body))
            return "failed"
        self._hold(row_id, key, body)
        return "taken"

    def _hold(self, row_id: int | None, key: str, body: str) -> None:
        if row_id is None:  # a redelivery (to this process or another) of an event already taken in
            logger.info("event=%s duplicate (inbox)", key.rsplit(":", 1)[-1])
            return
        self.held.add(row_id)
        self.queue.put_nowait(Taken(row_id, key, body))

    def _late(self, done: asyncio.Future[int | None], key: str, body: str) -> None:
        if not done.cancelled() and done.exception() is None:
            self._hold(done.result(), key, body)

    # --- after the ack --------------------------------------------------------------------------------

    async def run(self) -> None:
        """The workers and the sweeper, until cancelled (at shutdown)."""
        self.running = True
        workers = [asyncio.ensure_future(self._work()) for _ in range(WORKERS)]
        try:
            await self._sweep_forever()
        finally:
            self.running = False
            for worker in workers:
                worker.cancel()

    async def _work(self) -> None:
        while True:
            taken = await self.queue.get()
            try:
                await self._make_way()
                self._acting += 1
                try:
                    await self._act(taken)
                finally:
                    self._acting -= 1
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.error("inbox row=%d not acted on", taken.id, exc_info=True)
                await self._put_back(taken)
            finally:
                self.queue.task_done()

    async def _make_way(self) -> None:
        """While deliveries keep arriving, act on at most BURST_WORKERS events at once: the event loop
        and the database are needed for the acks first (Slack waits only 3 seconds for one)."""
        while self._acting >= BURST_WORKERS and time.monotonic() - self._last_delivery < BURST_QUIET:
            await asyncio.sleep(BURST_QUIET / 4)

    async def settle(self, timeout: float) -> bool:
        """At shutdown: stop taking events in, and act on those taken (up to ``timeout`` seconds); True
        when none is left."""
        self.running = False
        if not self.held:
            return True
        try:
            await asyncio.wait_for(self.queue.join(), timeout)
        except TimeoutError:
            logger.warning("shutdown: %d inbox events left for the next process", len(self.held))
            return False
        return True

    async def _act(self, taken: Taken) -> None:
        """Hand the event to Bolt as Slack sent it; done when Bolt acked it, put back when it couldn't."""
        response = await self.bolt_app.async_dispatch(self._request(taken))
        if response.status >= 500:
            logger.warning("inbox row=%d status=%d: tried again later", taken.id, response.status)
            await self._put_back(taken)
            return
        self._finish(taken.id)

    def _request(self, taken: Taken) -> AsyncBoltRequest:
        stamp = str(int(time.time()))
        assert self._verifier is not None
        headers = {
            "content-type": "application/json",
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": self._verifier.generate_signature(timestamp=stamp, body=taken.body) or "",
        }
        return AsyncBoltRequest(body=taken.body, headers=headers, context={INBOX_ROW: taken.id})

    def _finish(self, row_id: int) -> None:
        self.held.discard(row_id)
        self.deps.runtime.spawn(self._delete(row_id))

    async def _delete(self, row_id: int) -> None:
        try:
            await self._finisher.write(row_id)
        except Exception as exc:  # the row's lease runs out; acted on again, it is a duplicate then
            logger.warning("inbox row=%d not deleted error=%s", row_id, type(exc).__name__)

    async def _put_back(self, taken: Taken) -> None:
        pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** min(taken.attempts, 10))
        self.held.discard(taken.id)
        try:
            await self.deps.runtime.in_intake(
                inbox_store.put_back,
                self.deps.database,
                self.owner,
                taken.id,
                self.deps.clock() + timedelta(seconds=pause),
            )
        except Exception as exc:  # the lease runs out by itself; the row is claimed again then
            logger.warning("inbox row=%d not put back error=%s", taken.id, type(exc).__name__)

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning("inbox sweep failed error=%s", type(exc).__name__, exc_info=True)
            await asyncio.sleep(SWEEP_SECONDS)

    async def sweep(self) -> int:
        """Renew the leases this process holds and claim rows nobody holds; returns how many it claimed."""
        runtime, database = self.deps.runtime, self.deps.database
        if not runtime.database.ready:
            return 0
        now = self.deps.clock()
        held = sorted(self.held)
        if held:
            await runtime.in_intake(inbox_store.renew, database, self.owner, held, now, self.lease)
        holders = await runtime.in_intake(inbox_store.holders, database, now)
        dead = [holder for holder in holders if died_here(holder, self.owner)]
        claimed = await runtime.in_intake(
            inbox_store.claim_due, database, self.owner, now, self.lease, 100, dead
        )
        for taken in claimed:
            if taken.id in self.held:
                continue
            logger.info("inbox: claimed row=%d attempt=%d", taken.id, taken.attempts)
            self.held.add(taken.id)
            self.queue.put_nowait(taken)
        return len(claimed)

    async def release(self) -> None:
        """At shutdown: give back the rows not yet acted on, so that the next process takes them at once."""
        held: Sequence[int] = sorted(self.held)
        now = self.deps.clock()
        for row_id in held:
            try:
                await self.deps.runtime.in_intake(
                    inbox_store.put_back, self.deps.database, self.owner, row_id, now
                )
            except Exception as exc:
                logger.warning("inbox rows not given back error=%s", type(exc).__name__)
                return


def owner_name(host: str, pid: int, token: str) -> str:
    """Who holds a row: this host, this process, and a token that tells a restarted process (which may
    get the same pid, as PID 1 in a container does) from the one before it."""
    return f"{host[:40]}-{pid}-{token}"


def died_here(holder: str, me: str) -> bool:
    """Is ``holder`` a process on this host that is no longer running (so its rows need not wait for
    their lease to run out)? Another host's processes are never judged: their leases decide."""
    host, pid_text = _host_and_pid(holder)
    if host != _host_and_pid(me)[0] or holder in _LIVE_HERE or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # this pid, another token: the process this one replaced
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it runs, as another user
    return False


def _host_and_pid(owner: str) -> tuple[str, str]:
    host_and_pid = owner.rpartition("-")[0]  # without the token
    host, _, pid = host_and_pid.rpartition("-")
    return host, pid


def from_inbox(context: Any) -> bool:
    """Was this event handed to Bolt by the inbox (so Slack has had its ack already)?"""
    return context.get(INBOX_ROW) is not None


def storage_failed(context: Any) -> bool:
    """Did the inbox just fail to write this delivery (Bolt's intake then need not try the database)?"""
    return bool(context.get(STORAGE_FAILED))
