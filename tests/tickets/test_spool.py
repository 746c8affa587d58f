"""The local spool keeps rights requests while the database is away: durable, stored once, never dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.tickets.spool import Spool


def _record(n: int) -> dict[str, Any]:
    return {"ts": f"1700000000.00000{n}", "text": f"radera mina uppgifter {n}", "rights": ["erasure"]}


def test_requests_wait_on_disk_until_stored_then_leave_it(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append(_record(1))
    spool.append(_record(2))
    assert spool.backlog() == 2 and spool.waiting()
    stored: list[dict[str, Any]] = []
    assert spool.replay(stored.append) == 2
    assert stored == [_record(1), _record(2)]
    assert spool.backlog() == 0 and not spool.waiting()
    spool.append(_record(3))  # the spool goes on working after a replay
    assert spool.replay(stored.append) == 1 and stored[-1] == _record(3)
    spool.close()


def test_a_failed_store_leaves_every_record_for_the_next_replay(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append(_record(1))
    spool.append(_record(2))

    def database_away(record: dict[str, Any]) -> None:
        raise ConnectionError("database away")

    with pytest.raises(ConnectionError):
        spool.replay(database_away)
    spool.append(_record(3))  # arrives meanwhile
    assert spool.backlog() == 3
    stored: list[dict[str, Any]] = []
    assert spool.replay(stored.append) == 3
    assert sorted(r["ts"] for r in stored) == [_record(n)["ts"] for n in (1, 2, 3)]
    spool.close()


def test_a_live_processs_spool_is_left_alone_and_a_dead_ones_adopted(tmp_path: Path) -> None:
    other = Spool(tmp_path)  # another process, alive: it holds its file's lock
    other.append(_record(1))
    mine = Spool(tmp_path)
    stored: list[dict[str, Any]] = []
    assert mine.replay(stored.append) == 0 and other.backlog() == 1
    # a process that died left its file (no lock held on it any more) and a line cut short mid-write
    (tmp_path / "spool-host-999-dead.jsonl").write_bytes(
        b'{"ts":"1700000000.000009","text":"x","rights":["access"]}\n{"ts":"17000'
    )
    assert mine.replay(stored.append) == 1
    assert [r["ts"] for r in stored] == ["1700000000.000009"]
    assert not (tmp_path / "spool-host-999-dead.jsonl").exists()
    other.close()
    mine.close()


def test_the_spool_folder_is_private(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.append(_record(1))
    assert (tmp_path / "spool").stat().st_mode & 0o077 == 0
    assert spool.path.stat().st_mode & 0o077 == 0
    spool.close()
