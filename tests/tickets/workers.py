"""Code run in child processes by the concurrency test (kept light: spawned children import it)."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.db import Database
from bot.tickets import service


def deliver(url: str, keys: list[str], barrier: Any, results: Any) -> None:
    """One app process: handle every delivery it got, as fast as it can. Reports a list, or the error."""
    database = Database(url)
    received = datetime(2026, 5, 4, 8, tzinfo=UTC)
    outcome = []
    try:
        barrier.wait(timeout=30)
        for key in keys:
            request = service.NewRequest(
                company="leep",
                rights=["access"],
                source="dm",
                requester_user="UCONC",
                requester_team="T1",
                language="sv",
                text="",
                received_at=received,
                dedup_key=key,
            )
            ticket, created = service.open_ticket(database, request)
            outcome.append((key, ticket.reference, created))
        results.put(outcome)
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")
    finally:
        database.dispose()


def upgrade(url: str, barrier: Any, results: Any) -> None:
    """One app process starting up: migrate the database, report the error if any."""
    database = Database(url)
    barrier.wait(timeout=30)
    try:
        database.upgrade()
        results.put(None)
    except Exception as error:
        results.put(f"{type(error).__name__}: {error}")
    finally:
        database.dispose()


def run_together(target: Callable[..., None], argument_lists: list[tuple[Any, ...]]) -> list[Any]:
    """Start one spawned process per argument list, released together by a barrier; collect results.

    Each target is called as target(*arguments, barrier, results) and puts one result. Processes that
    have not finished in time are terminated, so a broken child fails the test instead of hanging it.
    """
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(len(argument_lists)), context.Queue()
    processes = [context.Process(target=target, args=(*args, barrier, results)) for args in argument_lists]
    for process in processes:
        process.start()
    outcomes: list[Any] = []
    try:
        for _ in processes:
            outcomes.append(results.get(timeout=90))
    except queue.Empty:
        raise AssertionError(f"only {len(outcomes)} of {len(processes)} processes reported") from None
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
    return outcomes
