"""The threads the bot answered in: remembered with company and language, forgotten when quiet (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import Database
from bot.slack import store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_thread_is_found_while_active_and_forgotten_after_a_quiet_month(db: Database) -> None:
    store.remember_thread(db, "C1", "1700000000.000100", "leep", "sv", T0)
    found = store.bot_thread(db, "C1", "1700000000.000100", since=T0 - timedelta(days=30))
    assert found is not None and (found.company, found.language) == ("leep", "sv")
    assert store.bot_thread(db, "C1", "1700000000.000999", since=T0 - timedelta(days=30)) is None
    assert store.bot_thread(db, "C2", "1700000000.000100", since=T0 - timedelta(days=30)) is None
    later = T0 + timedelta(days=31)
    assert store.bot_thread(db, "C1", "1700000000.000100", since=later - timedelta(days=30)) is None
    assert store.forget_threads_before(db, later - timedelta(days=30)) == 1


def test_a_reply_without_a_company_keeps_the_threads_company(db: Database) -> None:
    store.remember_thread(db, "C1", "1.1", "xledger", "en", T0)
    store.remember_thread(db, "C1", "1.1", None, "sv", T0 + timedelta(days=20))
    found = store.bot_thread(db, "C1", "1.1", since=T0 + timedelta(days=1))  # refreshed by the reply
    assert found is not None and (found.company, found.language) == ("xledger", "sv")
