"""What the Slack listeners need, passed in once when the app is built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.db import Database
from bot.pipeline import Engine
from bot.slack.runtime import Runtime


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppDeps:
    settings: Settings
    engine: Engine
    database: Database
    clock: Callable[[], datetime] = field(default=utcnow)
    runtime: Runtime = field(default_factory=Runtime)  # in-flight tasks, worker pools, memory de-dup
