"""Process-local state of the Slack edge: in-flight work (drained on shutdown) and the memory de-dup."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session

from bot.db import Database
from bot.group_commit import GroupCommit

logger = logging.getLogger(__name__)

T = TypeVar("T")


class MemorySeen:
    """A bounded TTL set of delivery keys: the fallback when the database can't be reached."""

    def __init__(self, ttl_seconds: float = 3600.0, max_size: int = 50_000) -> None:
        self.ttl = ttl_seconds
        self.max_size = max_size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def __contains__(self, key: str) -> bool:
        at = self._seen.get(key)
        return at is not None and time.monotonic() - at < self.ttl

    def add(self, key: str) -> bool:
        """Remember `key`; False if it was already there (a duplicate)."""
        if key in self:
            return False
        self._seen[key] = time.monotonic()
        self._seen.move_to_end(key)
        while len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return True

    def discard(self, key: str) -> None:
        self._seen.pop(key, None)


@dataclass
class DatabaseStatus:
    """Whether the database is migrated and usable, as far as this process knows.

    Ready by default; `serve` marks it not ready when the migrations could not run at start, and a
    background task (`bot.web.keep_database_ready`) retries with backoff until they do.
    """

    ready: bool = True
    problem: str | None = None
    attempts: int = 0

    def failed(self, problem: str) -> None:
        self.ready = False
        self.problem = problem
        self.attempts += 1

    def recovered(self) -> None:
        self.ready = True
        self.problem = None


@dataclass
class Runtime:
    """Shared by the listeners of one process."""

    memory_seen: MemorySeen = field(default_factory=MemorySeen)
    # pre-ack database work (de-dup, recording requests) never waits behind slow answers
    intake_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=4, thread_name_prefix="intake")
    )
    # the inbox's one writer (``bot.slack.inbox``): the ack never waits behind the work done after acks
    inbox_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbox")
    )
    # retrieval runs here, two at a time: CPU-bound work must not starve the event loop that acks
    answer_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="answer")
    )
    # understanding a message (the intent's sentence embedding takes milliseconds) off the event loop
    understand_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="understand")
    )
    # answers worked on at once (retrieval + posting); more wait their turn after the ack
    answer_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(8))
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    binding_cache: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    threads: dict[tuple[str, str], Any] = field(default_factory=dict)  # bot.slack.threads' memory copy
    user_languages: dict[str, str] = field(default_factory=dict)
    apologised: MemorySeen = field(default_factory=lambda: MemorySeen(ttl_seconds=900, max_size=5000))
    database: DatabaseStatus = field(default_factory=DatabaseStatus)
    spool: Any = None  # bot.tickets.spool.Spool, opened by the serving app when SPOOL_DIR allows
    _writes: GroupCommit[Callable[[Session], Any], Any] | None = None

    def writes(self, database: Database) -> GroupCommit[Callable[[Session], Any], Any]:
        """Small writes after the ack (a notice marked sent) committed together (``bot.group_commit``)."""
        if self._writes is None or self._writes.database is not database:
            self._writes = GroupCommit.of_works(database, self.intake_pool)
        return self._writes

    async def in_intake(self, func: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.intake_pool, func, *args)

    async def in_understand(self, func: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.understand_pool, func, *args)

    async def in_answer(self, func: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.answer_pool, func, *args)

    def track_current(self) -> None:
        """Count the running task as in-flight work that shutdown waits for."""
        task = asyncio.current_task()
        if task is not None and task not in self.tasks:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    def spawn(self, coro: Awaitable[Any], name: str = "background") -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def drain(self, timeout: float = 25.0) -> int:
        """Wait for in-flight answers to finish (up to `timeout`); returns how many were still running."""
        current = asyncio.current_task()
        pending = {t for t in self.tasks if t is not current and not t.done()}
        if not pending:
            return 0
        logger.info("draining in-flight work", extra={"tasks": len(pending)})
        _, still = await asyncio.wait(pending, timeout=timeout)
        for task in still:
            task.cancel()
        return len(still)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None
        self.intake_pool.shutdown(wait=False, cancel_futures=True)
        self.inbox_pool.shutdown(wait=False, cancel_futures=True)
        self.answer_pool.shutdown(wait=False, cancel_futures=True)
