"""A team button whose change the ticket service refuses tells the clicker and logs the refusal by the
button's name, whatever kind of callable makes the change (a bound setting included)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import pytest

from bot.slack.tickets import blocks, team
from bot.tickets import service


class _Runtime:
    async def in_intake(self, work: Any, *args: Any) -> Any:
        return work(*args)


class _Deps:
    runtime = _Runtime()
    database = None

    @staticmethod
    def clock() -> None:
        return None


class _Client:
    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []

    async def chat_postEphemeral(self, **kwargs: Any) -> None:
        self.notes.append(kwargs)


def _refuse(db: Any, reference: str, actor: Any, *, now: Any, eves_off: bool) -> None:
    raise service.NotAllowed("no longer in the team")


async def test_a_refused_change_is_told_and_logged_by_the_button(caplog: pytest.LogCaptureFixture) -> None:
    client = _Client()
    body = {"user": {"id": "U1"}, "channel": {"id": "C1"}}
    change = partial(_refuse, eves_off=True)
    with caplog.at_level(logging.WARNING):
        got = await team._apply(_Deps(), client, body, blocks.VERIFY, "DSAR-2026-0001", change, "actor")  # type: ignore[arg-type]
    assert got is None
    assert [n["user"] for n in client.notes] == ["U1"]
    assert f"action={blocks.VERIFY}" in caplog.text and "ticket=DSAR-2026-0001" in caplog.text
