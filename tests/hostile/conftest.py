"""Hostile-input tests: the e2e harness (real app over loopback HTTP, fake Slack Web API) plus helpers.

The e2e fixtures (`fake_slack`, `e2e_settings`, `deps`, `slack`, `serve`) are re-exported from
tests/e2e/conftest.py; read its docstring for the driver API.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import inspect, text

from bot.slack.deps import AppDeps
from tests.e2e.conftest import (  # noqa: F401  (pytest fixtures)
    _no_slack_env,
    deps,
    e2e_settings,
    fake_slack,
    serve,
    slack,
)
from tests.e2e.fake_slack import Call

# What a leaked stack trace or exception looks like in a response body
TRACE = re.compile(
    r"Traceback|File \"|line \d+, in|\b\w+(Error|Exception)\b|slack_bolt|aiohttp\.|sqlalchemy|site-packages",
)
# Slack control sequences that would ping people: mass mentions, user, group and channel links
PING = re.compile(r"<!(channel|here|everyone)\b|<!subteam\^|<@[UW][A-Z0-9]+|<#C[A-Z0-9]+")


def row_counts(app_deps: AppDeps) -> dict[str, int]:
    """Rows per table (the bookkeeping aside: Alembic's version, and seen_event, where every delivery and
    button press is noted by id so that a second delivery is not acted on)."""
    engine = app_deps.database.engine
    names = sorted(set(inspect(engine).get_table_names()) - {"alembic_version", "seen_event"})
    with engine.connect() as conn:
        return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in names}


def pings(call: Call, allowed: tuple[str, ...] = ()) -> list[str]:
    """Control sequences in everything the call would show (its text and blocks), minus the bot's own tags."""
    content = call.text_content() + "\n" + json.dumps(call.args, ensure_ascii=False)
    found = [m.group(0) for m in PING.finditer(content)]
    return [f for f in found if not any(f.startswith(a) for a in allowed)]
