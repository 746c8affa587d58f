"""Waiting for what a test needs instead of for a number of seconds: poll until true, fail at a deadline.

The deadline is generous on purpose: on a busy machine the app is slower, never wrong, and a test only
pays the deadline when it fails.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEADLINE = 20.0


async def eventually(check: Callable[[], T], what: str, timeout: float = DEADLINE) -> T:
    """``check()``'s first truthy result; AssertionError naming ``what`` if none comes by the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        await asyncio.sleep(0.02)
