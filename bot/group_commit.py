"""Group commit: small writes from many tasks share one transaction and one commit.

A commit waits for the disk (SQLite fsyncs each one), and a burst of rights requests makes thousands of
small writes — an event taken into the inbox, a delivery marked seen, a notice marked sent. Writes that
arrive while a commit runs go into the next one, so a burst costs a few commits, not one per write.

A ``GroupCommit`` applies a batch of items with one function of the session, which may turn the whole
batch into one statement (a multi-row insert); ``GroupCommit.of_works`` takes each item as a function
of the session instead. If the transaction fails, every write in it gets the error (none committed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any, Generic, TypeVar

from sqlmodel import Session

from bot.db import Database

Item = TypeVar("Item")
Result = TypeVar("Result")
T = TypeVar("T")

Apply = Callable[[Session, Sequence[Item]], Sequence[Result]]


class GroupCommit(Generic[Item, Result]):
    def __init__(self, database: Database, executor: Executor, apply: Apply[Item, Result]) -> None:
        self.database = database
        self.executor = executor
        self.apply = apply  # one result per item, in order
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._flusher: asyncio.Future[None] | None = None

    @staticmethod
    def of_works(database: Database, executor: Executor) -> GroupCommit[Callable[[Session], Any], Any]:
        """Each item is a write of its own: a function of the shared session, its result returned."""
        return GroupCommit(database, executor, _each)

    async def write(self, item: Item) -> Result:
        """Apply ``item`` in a transaction shared with the items arriving meanwhile; its result once
        committed."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush())
        return await asyncio.shield(future)

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await loop.run_in_executor(self.executor, self._commit, [i for i, _ in batch])
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    def _commit(self, items: list[Item]) -> Sequence[Result]:
        with self.database.guard(), self.database.session(write=True) as session:
            results = self.apply(session, items)
            session.commit()
        return results


def _each(session: Session, works: Sequence[Callable[[Session], T]]) -> list[T]:
    return [work(session) for work in works]
