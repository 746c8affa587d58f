"""Database engine and sessions (SQLite file by default, PostgreSQL via DATABASE_URL), migrations runner.

Interface other modules rely on: Database(url), .engine, .session(), .ping(), .upgrade(),
StorageUnavailable and Database.guard() (turns "the database cannot be reached" into StorageUnavailable).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 727_114_001  # pg_advisory_lock key: one process migrates at a time
SQLITE_BUSY_TIMEOUT_S = 15
WRITE_OPTION = "integritetsbot_write"
_UPGRADE_LOCK = threading.Lock()  # Alembic's context/op proxies are module globals: one upgrade per process


class StorageUnavailable(RuntimeError):
    """The database cannot be reached or is busy; the caller should not treat the work as done."""


class _NoRows(logging.Filter):
    """SQLAlchemy's DEBUG echo logs every fetched row (ticket text, e-mail addresses): drop those records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Row %r"


_ENGINE_LOG = logging.getLogger("sqlalchemy.engine.Engine")
if not any(isinstance(f, _NoRows) for f in _ENGINE_LOG.filters):
    _ENGINE_LOG.addFilter(_NoRows())


def _prepare_sqlite_path(url: str) -> bool:
    """Create the SQLite file's folder; False when it can't be (a missing volume): connecting fails later."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("sqlite folder unavailable error=%s", type(error).__name__)
            return False
    return True


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers (CLI, App Home) never block the writer
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Write sessions take SQLite's write lock up front, so they queue instead of failing mid-way."""
    immediate = connection.get_execution_options().get(WRITE_OPTION)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_unavailable(error: BaseException) -> bool:
    """Errors that mean 'try again later' rather than a bug: connection lost/refused, locked, timed out."""
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError):
        return True
    return isinstance(error, exc.DBAPIError) and bool(error.connection_invalidated)


class Database:
    def __init__(self, url: str, *, sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT_S) -> None:
        self.url = url
        _prepare_sqlite_path(url)
        backend = make_url(url).get_backend_name()
        self.backend = backend
        # hide_parameters: SQL logs and error messages never carry values (message text, e-mail addresses)
        kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
        if backend == "sqlite":
            kwargs["connect_args"] = {"timeout": sqlite_busy_timeout}
        elif backend == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
        self.engine: Engine = create_engine(url, **kwargs)
        if backend == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        # SQLite lets one writer in at a time, and a writer turned away sleeps in growing steps (its
        # busy handler) even when the lock is free again by then: this process's writers queue here
        # instead, each let in the moment the one before is done
        self._sqlite_writers = threading.RLock() if backend == "sqlite" else None

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """An ORM session. `write=True`: on SQLite the transaction starts with the write lock taken
        (and this process's other writers wait their turn)."""
        engine = self._write_engine if write else self.engine
        with self._writer_turn(write), Session(engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _writer_turn(self, write: bool) -> Iterator[None]:
        if write and self._sqlite_writers is not None:
            with self._sqlite_writers:
                yield
        else:
            yield

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Re-raise connection-level failures as StorageUnavailable (logged without statement text)."""
        try:
            yield
        except StorageUnavailable:
            raise
        except exc.SQLAlchemyError as error:
            if not is_unavailable(error):
                raise
            log.warning("database unavailable: backend=%s error=%s", self.backend, type(error).__name__)
            raise StorageUnavailable(f"the {self.backend} database is unavailable") from error

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def can_write(self) -> bool:
        """A real write and its removal (a row in seen_event, committed, then deleted): False when the
        database can be read but not written (a full disk, a read-only file, a replica)."""
        key = f"healthz:{uuid.uuid4().hex}"
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    text("INSERT INTO seen_event (key, seen_at) VALUES (:key, :at)"),
                    {"key": key, "at": _now()},
                )
            with self.engine.begin() as conn:
                conn.execute(text("DELETE FROM seen_event WHERE key = :key"), {"key": key})
            return True
        except Exception:
            log.warning("database write check failed", exc_info=True)
            return False

    def alembic_config(self) -> Any:
        """Alembic Config built in code: the package's migrations folder and this database's URL."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    @contextmanager
    def _sqlite_migration_lock(self) -> Iterator[None]:
        """Processes starting together on one SQLite file migrate one after the other."""
        database = make_url(self.url).database
        if self.backend != "sqlite" or not database or database == ":memory:":
            yield
            return
        import fcntl

        with open(f"{database}.migrate.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def upgrade(self, revision: str = "head") -> None:
        """Run the Alembic migrations up to `revision` (creates the SQLite file on first start).

        Safe to call from several processes at start: PostgreSQL takes an advisory lock, SQLite a file lock.
        Raises StorageUnavailable when the database (or the SQLite file's folder) can't be reached, so a
        caller can retry later.
        """
        if not _prepare_sqlite_path(self.url):
            raise StorageUnavailable(f"the {self.backend} database file's folder cannot be created")
        try:
            self._upgrade(revision)
        except OSError as error:  # the SQLite lock file next to an unreachable database
            log.warning("database unavailable: backend=%s error=%s", self.backend, type(error).__name__)
            raise StorageUnavailable(f"the {self.backend} database is unavailable") from error

    def _upgrade(self, revision: str) -> None:
        from alembic import command

        config = self.alembic_config()
        with _UPGRADE_LOCK, self.guard(), self._sqlite_migration_lock(), self.engine.connect() as connection:
            if self.backend == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                connection.commit()
            finally:
                if self.backend == "postgresql":
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    connection.commit()

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.guard(), self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        self.engine.dispose()


def storable(text: str) -> str:
    """Text every database can store: no NUL (PostgreSQL refuses it) and no lone UTF-16 surrogate (not
    valid UTF-8 anywhere), each replaced by U+FFFD. A request is stored with a mark where they were,
    never refused for them."""
    if not text:
        return text
    return "".join("\ufffd" if ch == "\x00" or "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _now() -> Any:
    from bot.clock import utcnow

    return utcnow().replace(tzinfo=None)
