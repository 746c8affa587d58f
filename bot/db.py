"""Database engine and sessions (SQLite file by default, PostgreSQL via DATABASE_URL).

Interface other modules rely on: Database(url), .engine, .session(), .ping(), .upgrade().
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine


def _prepare_sqlite_path(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        _prepare_sqlite_path(url)
        self.engine: Engine = create_engine(url, pool_pre_ping=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def upgrade(self) -> None:
        """Bring the schema up to date (placeholder: create_all; Alembic migrations replace it)."""
        import bot.slack.models  # noqa: F401  (register tables)

        SQLModel.metadata.create_all(self.engine)
