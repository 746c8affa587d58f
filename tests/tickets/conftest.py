"""Ticket tests run against SQLite (a temporary file) and PostgreSQL (TEST_POSTGRES_URL).

PostgreSQL: one migrated database per session (dropped at the end), emptied before each test. Without TEST_POSTGRES_URL the PostgreSQL
cases skip, unless REQUIRE_POSTGRES=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from bot.db import Database
from bot.tickets.access import Actor
from bot.tickets.service import NewRequest

TEAM = Actor("UTEAM", team=True)
ALICE = Actor("UALICE")
BOB = Actor("UBOB")


def postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "").strip()
    if not url:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
        pytest.skip('TEST_POSTGRES_URL not set (eval "$(bash scripts/test-postgres.sh)")')
    return url


class PostgresDatabase:
    """One throw-away database on the test server for the session, emptied before each test."""

    def __init__(self, url: str) -> None:
        base = make_url(url)
        self.admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.name = f"tickets_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = base.set(database=self.name).render_as_string(hide_password=False)
        database = Database(self.url)
        database.upgrade()
        self.tables = sorted(set(inspect(database.engine).get_table_names()) - {"alembic_version"})
        database.dispose()

    def empty(self) -> None:
        """Remove every row; the audit trail's append-only triggers are bypassed for this connection only."""
        engine = create_engine(self.url, poolclass=NullPool)
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text(f"TRUNCATE {', '.join(self.tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase]:
    server = PostgresDatabase(postgres_url())
    yield server
    server.close()


@pytest.fixture
def pg_db(postgres_database: PostgresDatabase) -> Iterator[Database]:
    postgres_database.empty()
    database = Database(postgres_database.url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'tickets.db'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """A migrated, empty database: each test runs once on SQLite and once on PostgreSQL."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)


def request_for(
    user: str = ALICE.user,
    *,
    rights: tuple[str, ...] = ("erasure",),
    received_at: datetime | None = None,
    dedup_key: str | None = None,
    company: str | None = "xledger",
    source: str = "dm",
    text_: str = "request text kept in the ticket",
    **extra: object,
) -> NewRequest:
    return NewRequest(
        company=company,
        rights=rights,
        source=source,
        requester_user=user,
        requester_team="T1",
        language="sv",
        text=text_,
        received_at=received_at or datetime(2026, 3, 5, 9, 15, tzinfo=UTC),
        dedup_key=dedup_key,
        **extra,  # type: ignore[arg-type]
    )
