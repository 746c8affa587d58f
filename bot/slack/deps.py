"""What the Slack listeners need, passed in once when the app is built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import utcnow
from bot.config import Settings
from bot.db import Database
from bot.pipeline import Context, Engine, Understanding
from bot.slack.runtime import Runtime


@dataclass
class AppDeps:
    settings: Settings
    engine: Engine
    database: Database
    clock: Callable[[], datetime] = field(default=utcnow)
    runtime: Runtime = field(default_factory=Runtime)  # in-flight tasks, worker pools, memory de-dup


async def understand(
    deps: AppDeps, text: str, context: Context | None = None, company: str | None = None
) -> Understanding:
    """The pipeline's first half (normalise, language, company, intent), run off the event loop so
    that acks never wait behind the intent's sentence embedding."""
    return await deps.runtime.in_understand(deps.engine.understand, text, company, context)
