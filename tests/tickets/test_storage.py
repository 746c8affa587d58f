"""When the database is away, nothing is reported as stored; when it is back, the request is stored once."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.db import Database, StorageUnavailable
from bot.tickets import service
from bot.tickets.digest import claim_digest
from tests.tickets.conftest import TEAM, request_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_closed_port_raises_storage_unavailable() -> None:
    database = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere")
    assert database.ping() is False
    with pytest.raises(StorageUnavailable):
        service.open_ticket(database, request_for(dedup_key="T1:C1:1.1"))
    with pytest.raises(StorageUnavailable):
        service.list_tickets(database, TEAM)
    with pytest.raises(StorageUnavailable):
        service.start(database, "DSAR-2026-0001", TEAM)
    with pytest.raises(StorageUnavailable):
        database.upgrade()


def test_a_locked_sqlite_file_raises_storage_unavailable_then_stores_once(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    Database(f"sqlite:///{path}").upgrade()
    database = Database(f"sqlite:///{path}", sqlite_busy_timeout=0.2)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StorageUnavailable):
        service.open_ticket(database, request_for(dedup_key="T1:D1:2.2"))
    blocker.execute("ROLLBACK")
    blocker.close()
    _, created = service.open_ticket(database, request_for(dedup_key="T1:D1:2.2"))
    _, created_again = service.open_ticket(database, request_for(dedup_key="T1:D1:2.2"))
    assert (created, created_again) == (True, False)
    assert len(service.list_tickets(database, TEAM)) == 1


class TcpProxy:
    """A loopback TCP relay we can switch off (dropping live connections) and on again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
            if self._listener is not None:
                sockets.append(self._listener)
                self._listener = None
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied(pg_db: Database) -> Iterator[tuple[Database, TcpProxy]]:
    url = make_url(pg_db.url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    database = Database(url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    yield database, proxy
    proxy.stop()
    database.dispose()


@pytest.mark.postgres
def test_postgres_going_away_and_back_stores_the_request_once(proxied: tuple[Database, TcpProxy]) -> None:
    database, proxy = proxied
    service.open_ticket(database, request_for(dedup_key="T1:C1:0.1"))  # a pooled connection exists
    proxy.stop()
    with pytest.raises(StorageUnavailable):
        service.open_ticket(database, request_for(dedup_key="T1:C1:9.9"))
    with pytest.raises(StorageUnavailable):
        claim_digest(database, request_for().received_at.date())
    proxy.start()  # Slack redelivers the same message
    ticket, created = service.open_ticket(database, request_for(dedup_key="T1:C1:9.9"))
    again, created_again = service.open_ticket(database, request_for(dedup_key="T1:C1:9.9"))
    assert (created, created_again) == (True, False)
    assert again.reference == ticket.reference == "DSAR-2026-0002"
    assert len(service.list_tickets(database, TEAM)) == 2
