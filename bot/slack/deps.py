"""What the Slack listeners need, passed in once when the app is built and put into every request's
Bolt context by a middleware (``provide``), so listeners are plain module-level functions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncBoltContext

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


CONTEXT_KEY = "deps"


def provide(deps: AppDeps) -> Callable[..., Awaitable[Any]]:
    """The middleware that puts ``deps`` into each request's context (``deps_of`` reads it back)."""

    async def put_deps(context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]) -> Any:
        context[CONTEXT_KEY] = deps
        return await next()

    return put_deps


def deps_of(context: AsyncBoltContext) -> AppDeps:
    """The app's dependencies, as ``provide`` put them into the request's context."""
    found: AppDeps = context[CONTEXT_KEY]
    return found
