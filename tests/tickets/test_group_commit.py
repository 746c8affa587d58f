"""Group commit: writes that arrive together share one commit, each gets its own result, and a failed
transaction fails every write in it (none committed)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from bot.db import Database
from bot.group_commit import GroupCommit

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def _insert(key: str):  # type: ignore[no-untyped-def]
    def work(session: Session) -> str:
        session.exec(text("INSERT INTO seen_event (key, seen_at) VALUES (:k, :at)").bindparams(k=key, at=NOW))  # type: ignore[call-overload]
        return key

    return work


def _keys(db: Database) -> list[str]:
    with db.session() as session:
        return sorted(row[0] for row in session.exec(text("SELECT key FROM seen_event")))  # type: ignore[call-overload]


async def test_writes_arriving_together_share_a_few_commits(db: Database) -> None:
    commits: list[int] = []
    event.listen(db.engine, "commit", lambda _conn: commits.append(1))
    with ThreadPoolExecutor(1) as executor:
        group = GroupCommit.of_works(db, executor)
        results = await asyncio.gather(*(group.write(_insert(f"k{i:02d}")) for i in range(40)))
    assert results == [f"k{i:02d}" for i in range(40)]
    assert _keys(db) == results
    assert 1 <= len(commits) <= 3  # the first write alone, then the rest together


async def test_a_failed_transaction_fails_each_write_in_it_and_stores_none(db: Database) -> None:
    with ThreadPoolExecutor(1) as executor:
        group = GroupCommit.of_works(db, executor)
        await group.write(_insert("taken"))
        outcomes = await asyncio.gather(
            group.write(_insert("first")), group.write(_insert("taken")), return_exceptions=True
        )
        assert all(isinstance(outcome, Exception) for outcome in outcomes)  # a duplicate key broke it
        assert _keys(db) == ["taken"]
        assert await group.write(_insert("later")) == "later"  # the next transaction is fine
    assert _keys(db) == ["later", "taken"]


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    return sqlite_db
