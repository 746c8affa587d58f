"""The Alembic migration builds exactly the tables the models describe, and can be undone."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from bot import models
from bot.db import Database
from tests.tickets import workers
from tests.tickets.conftest import PostgresDatabase

EXPECTED_TABLES = {
    "ticket",
    "ticket_event",
    "reference_counter",
    "digest_run",
    "seen_event",
    "feedback",
    "channel_binding",
    "question_gap",
    "report_run",
    "bot_thread",
    "notice",
}
HEAD = "0008"  # the newest revision


def _model_tables() -> set[str]:
    assert models
    return set(SQLModel.metadata.tables)


def test_the_migrated_schema_matches_the_models(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == _model_tables() >= EXPECTED_TABLES
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []  # a model changed without a new migration


def test_upgrade_is_repeatable_and_downgrade_removes_the_tables(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'm.db'}")
    database.upgrade()
    database.upgrade()
    assert database.current_revision() == HEAD
    command.downgrade(database.alembic_config(), "base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.upgrade()
    assert set(inspect(database.engine).get_table_names()) >= EXPECTED_TABLES


def _start_apps_together(url: str, count: int = 3) -> list[str | None]:
    return workers.run_together(workers.upgrade, [(url,)] * count)


def test_processes_starting_together_on_a_new_sqlite_file_all_migrate_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert _start_apps_together(url) == [None, None, None]
    assert Database(url).current_revision() == HEAD


@pytest.mark.postgres
def test_processes_starting_together_on_a_new_postgres_database_all_migrate_it(
    postgres_database: PostgresDatabase,
) -> None:
    name = f"fresh_{uuid.uuid4().hex[:10]}"
    with postgres_database.admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_database.url).set(database=name).render_as_string(hide_password=False)
    try:
        assert _start_apps_together(url) == [None, None, None]
        database = Database(url)
        assert database.current_revision() == HEAD
        database.dispose()
    finally:
        with postgres_database.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
