"""Group commit: small writes from many tasks share one transaction and one commit.

A commit waits for the disk (SQLite fsyncs each one), and a burst of rights requests makes thousands of
small writes — a notice marked sent, a delivery marked seen. Writes that arrive while a commit runs go
into the next one, so a burst costs a few commits, not one per write. Each write is a function of the
session; if the transaction fails, every write in it gets the error (none was committed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from sqlmodel import Session

from bot.db import Database

T = TypeVar("T")
Write = Callable[[Session], Any]


class GroupCommit:
    def __init__(self, database: Database, executor: Executor) -> None:
        self.database = database
        self.executor = executor
        self._pending: list[tuple[Write, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Future[None] | None = None

    async def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a transaction shared with the writes arriving meanwhile; its result once
        committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((work, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush())
        return await asyncio.shield(future)

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await loop.run_in_executor(self.executor, self._commit, [w for w, _ in batch])
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    def _commit(self, works: list[Write]) -> list[Any]:
        with self.database.guard(), self.database.session(write=True) as session:
            results = [work(session) for work in works]
            session.commit()
        return results
