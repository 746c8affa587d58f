"""How long recording a rights request takes (open_ticket: duplicate check, reference, insert, audit).

    python benchmarks/tickets_speed.py [--requests 300] [--postgres URL] [--sqlite-dir DIR] [--json]

SQLite runs on a temporary file; PostgreSQL on --postgres or $TEST_POSTGRES_URL when set (a scratch
database is created and dropped). The bar: ≤ 20 ms added per request on SQLite (p99).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.db import Database
from bot.tickets import service

BAR_MS = 20.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def request(number: int) -> service.NewRequest:
    return service.NewRequest(
        company="xledger",
        rights=["erasure"],
        source="dm",
        requester_user=f"U{number % 50:05d}",
        requester_team="T1",
        language="sv",
        text="Jag vill att ni raderar mina personuppgifter.",
        received_at=datetime(2026, 3, 5, 9, tzinfo=UTC) + timedelta(minutes=number),
        dedup_key=f"T1:D{number % 50}:{1772700000 + number}.000100",
    )


def measure(database: Database, requests: int) -> dict[str, float]:
    database.upgrade()
    service.open_ticket(database, request(-1))  # warm the pool and statement caches
    new, duplicate = [], []
    for number in range(requests):
        started = time.perf_counter()
        service.open_ticket(database, request(number))
        new.append((time.perf_counter() - started) * 1000)
    for number in range(0, requests, 3):
        started = time.perf_counter()
        service.open_ticket(database, request(number))
        duplicate.append((time.perf_counter() - started) * 1000)
    return {
        "requests": requests,
        "new_p50_ms": round(statistics.median(new), 2),
        "new_p99_ms": round(percentile(new, 0.99), 2),
        "new_max_ms": round(max(new), 2),
        "duplicate_p50_ms": round(statistics.median(duplicate), 2),
        "duplicate_p99_ms": round(percentile(duplicate, 0.99), 2),
    }


def run_sqlite(requests: int, directory: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            return measure(database, requests)
        finally:
            database.dispose()


def run_postgres(url: str, requests: int) -> dict[str, float]:
    base = make_url(url)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(base.set(database=name).render_as_string(hide_password=False))
    try:
        return measure(database, requests)
    finally:
        database.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"), metavar="URL")
    parser.add_argument(
        "--sqlite-dir", metavar="DIR", help="where the SQLite file goes (default: the temp dir)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = {"sqlite": run_sqlite(args.requests, args.sqlite_dir)}
    if args.postgres:
        results["postgresql"] = run_postgres(args.postgres, args.requests)
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
    else:
        for backend, figures in results.items():
            print(
                f"{backend:<11} new request p50 {figures['new_p50_ms']:6.2f} ms  p99 {figures['new_p99_ms']:6.2f} ms"
                f"  max {figures['new_max_ms']:6.2f} ms | duplicate p50 {figures['duplicate_p50_ms']:5.2f} ms"
                f"  p99 {figures['duplicate_p99_ms']:5.2f} ms  (n={figures['requests']})"
            )
    ok = results["sqlite"]["new_p99_ms"] <= BAR_MS
    print(f"bar ≤ {BAR_MS:.0f} ms per request on SQLite (p99): {'met' if ok else 'NOT met'}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
