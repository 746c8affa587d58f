"""A durable local spool for rights requests the database can't take right now.

When the database is down longer than Slack keeps redelivering, a request would be lost. Instead it is
appended here (one JSON line, written and fsynced before Slack gets its 200) and stored in the database
once it is back; storing is idempotent on the Slack message, so a record replayed twice (two processes,
a crash mid-replay) still makes one ticket.

Each process appends to a file of its own and holds an exclusive lock on it for its life. To replay,
the process moves its file aside (`*.replaying`) and starts a new one; a file nobody holds a lock on —
its process died — is adopted by whichever process replays next. A record leaves the disk only after it
is stored. The files hold the request as the ticket will (text included): the folder is private (0700).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._name = f"spool-{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
        self.path = folder / f"{self._name}.jsonl"
        self._fd = self._open_own()
        self._moved = 0

    def _open_own(self) -> int:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)  # held while this process lives: nobody else replays this file
        return fd

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably (raises OSError when it can't: a full disk, a read-only folder)."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            os.write(self._fd, line)
            os.fsync(self._fd)

    def waiting(self) -> bool:
        """Is anything on disk (cheap: file sizes only)?"""
        return any(path.stat().st_size for path in self._files() if path.exists())

    def backlog(self) -> int:
        """Records on disk waiting to be stored (this process's and any left by others)."""
        return sum(len(_records(path)) for path in self._files())

    def replay(self, store: Callable[[dict[str, Any]], None]) -> int:
        """Store every record on disk with `store`; a file goes only once all its records are stored (a
        failure leaves it, and its records are stored again, idempotently, next time). Returns how many
        records were stored."""
        with self._lock:
            if os.fstat(self._fd).st_size:  # move the file aside; new requests go to a fresh one
                self._moved += 1
                aside = self.folder / f"{self._name}.{self._moved}.replaying"
                os.rename(self.path, aside)
                os.close(self._fd)
                self._fd = self._open_own()
        stored = 0
        for path in self._files():
            if path == self.path:
                continue
            stored += _replay_file(path, store)
        return stored

    def _files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("spool-*") if p.suffix in (".jsonl", ".replaying"))

    def close(self) -> None:
        with self._lock:
            os.close(self._fd)
            if not os.path.getsize(self.path):
                self.path.unlink(missing_ok=True)


def _replay_file(path: Path, store: Callable[[dict[str, Any]], None]) -> int:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:  # another process has just finished it
        return 0
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live process's own file, or another replayer has it
            return 0
        records = _records(path)
        for record in records:
            store(record)
        path.unlink(missing_ok=True)
        if records:
            log.info("spool replayed records=%d", len(records))
        return len(records)
    finally:
        os.close(fd)


def _records(path: Path) -> list[dict[str, Any]]:
    """The file's complete records; a line cut short by a crash mid-write is skipped (logged)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    records = []
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            log.error("spool line unreadable (cut short by a crash?) file=%s bytes=%d", path.name, len(line))
            continue
        if isinstance(record, dict):
            records.append(record)
    return records
