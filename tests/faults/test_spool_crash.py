"""Black box, real `python -m bot serve` processes: a rights request taken while the database is away is
kept in the spool; the process is killed (kill -9); a new process, with the database back, stores it
once and announces it to the requester and the privacy team."""

from __future__ import annotations

import re
from pathlib import Path

from bot.db import Database
from bot.tickets import service
from bot.tickets.access import Actor
from tests.e2e import signing
from tests.faults.conftest import LiveFakeSlack, ServeProcess, new_process, serve_env

REQUEST = "Hej! Jag vill att ni raderar alla mina personuppgifter hos Leep."
PRIVACY_CHANNEL = "CPRIVACY"
REFERENCE = re.compile(r"DSAR-\d{4}-\d{4}")


async def test_a_request_spooled_before_a_crash_is_stored_and_announced_by_the_next_process(
    fake_slack: LiveFakeSlack, processes: list[ServeProcess], tmp_path: Path
) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")  # the database can't be created under it
    spool = str(tmp_path / "spool")
    away = serve_env(
        fake_slack,
        f"sqlite:///{tmp_path / 'not-a-folder' / 'bot.db'}",
        SPOOL_DIR=spool,
        PRIVACY_CHANNEL=PRIVACY_CHANNEL,
    )
    first = new_process(processes, away, tmp_path)
    assert (await first.wait_listening()).status == 503  # no database
    request = signing.dm(REQUEST)
    assert (await first.event(request, event_id="EvSPOOLCRASH")).status == 200
    [told] = await fake_slack.wait_for("chat.postMessage")
    assert "sparat" in told.text_content() and not REFERENCE.search(told.text_content())
    assert (await first.healthz()).json()["spooled_requests"] == 1
    assert first.process is not None
    first.process.kill()  # kill -9: nothing runs on the way out
    first.process.wait(10)

    url = f"sqlite:///{tmp_path / 'bot.db'}"  # the database is back
    second = new_process(
        processes, serve_env(fake_slack, url, SPOOL_DIR=spool, PRIVACY_CHANNEL=PRIVACY_CHANNEL), tmp_path
    )
    await second.wait_listening()
    confirmed = await fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.args.get("channel") == request["channel"] and bool(REFERENCE.search(c.text_content()))
        ),
    )
    await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == PRIVACY_CHANNEL)
    database = Database(url)
    try:
        [ticket] = service.list_tickets(database, Actor.operator())
    finally:
        database.dispose()
    assert ticket.reference in confirmed[0].text_content()
    assert ticket.right == "erasure" and ticket.company == "leep"
    assert ticket.received_at.timestamp() == float(request["ts"])
    assert (await second.healthz()).json()["spooled_requests"] == 0
    await fake_slack.settle()
    assert (
        len([c for c in fake_slack.delivered(request["channel"]) if REFERENCE.search(c.text_content())]) == 1
    )
