"""Helpers for the ticket end-to-end tests: read tickets back, find the bot's posts, take the DB away."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import create_engine

from bot.models import Ticket, TicketEvent
from bot.slack import inbox_store
from bot.slack.deps import AppDeps
from bot.tickets import service
from bot.tickets.access import Actor
from tests.e2e.conftest import PRIVACY_CHANNEL
from tests.e2e.fake_slack import Call, FakeSlack
from tests.waiting import eventually

TEAM_USER = "UPRIV"
GROUP_USER = "UGROUP"  # member of the SPRIV user group (set fake_slack.usergroups)
OUTSIDER = "UMALLORY"


def tickets(deps: AppDeps) -> list[Ticket]:
    return service.list_tickets(deps.database, Actor.operator())


def kept(deps: AppDeps) -> int:
    """Events kept in the inbox (not yet acted on) plus tickets: a rights request is one or the other
    from its ack on (the inbox row goes only once its ticket is stored)."""
    return inbox_store.backlog(deps.database) + len(tickets(deps))


def events(deps: AppDeps, reference: str) -> list[TicketEvent]:
    return service.events(deps.database, reference, Actor.operator())


def ticket(deps: AppDeps, reference: str) -> Ticket:
    return service.get(deps.database, reference, Actor.operator())


def slack_ts(moment: datetime, micro: int = 100) -> str:
    return f"{int(moment.astimezone(UTC).timestamp())}.{micro:06d}"


def to_team(call: Call) -> bool:
    return call.args.get("channel") == PRIVACY_CHANNEL


def in_team_thread(call: Call) -> bool:
    return to_team(call) and bool(call.args.get("thread_ts"))


async def team_notification(fake: FakeSlack, deps: AppDeps) -> Call:
    """The privacy team's notice of a new request, once the app has stored it on the ticket (it does
    so just after posting; a test reading the ticket's audit trail before then would race it)."""
    [post] = await fake.wait_for(
        "chat.postMessage", where=lambda c: to_team(c) and not c.args.get("thread_ts")
    )
    await eventually(
        lambda: any(t.team_message_ts == post.ts for t in tickets(deps)), "the notice stored on its ticket"
    )
    return post


@contextmanager
def database_away(deps: AppDeps) -> Iterator[None]:
    """Point the app's Database at a PostgreSQL port nobody listens on, then put it back."""
    database = deps.database
    saved = (database.engine, database._write_engine)
    dead = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    database.engine, database._write_engine = dead, dead
    try:
        yield
    finally:
        database.engine, database._write_engine = saved
        dead.dispose()
