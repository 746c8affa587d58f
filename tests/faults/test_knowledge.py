"""A broken or half-written knowledge file at start-up: the other companies keep working, and the
operator is told which file is wrong, and where."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.serve import _build_deps
from bot.config import Settings
from tests.e2e import signing
from tests.faults.conftest import KNOWLEDGE, LiveFakeSlack


def broken_knowledge(folder: Path) -> Path:
    shutil.copytree(KNOWLEDGE, folder)
    # an upload cut off in the middle of its front matter
    (folder / "halfwritten.txt").write_text("---\nname: Halvskrivet AB\naliases: Halv", encoding="utf-8")
    # a file whose fifth line is not UTF-8 (a copy from a Windows-1252 editor)
    (folder / "garbled.md").write_bytes(
        "---\nname: Trasig AB\n---\nVi värnar om din integritet.\n".encode()
        + b"Vi sparar uppgifter i \xe5r.\n"
    )
    # a binary file saved with a policy's name
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder


async def test_broken_files_are_named_and_the_other_companies_keep_working(
    serve, e2e_settings: Settings, fake_slack: LiveFakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = broken_knowledge(tmp_path / "knowledge")
    settings = replace(e2e_settings, knowledge_dir=folder)
    with caplog.at_level(logging.WARNING, logger="bot.serve"):
        deps = _build_deps(settings)
    assert deps is not None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"{folder / 'halfwritten.txt'}:1:" in logged
    assert f"{folder / 'garbled.md'}:5:" in logged and "UTF-8" in logged
    assert f"{folder / 'image.txt'}:1:" in logged
    assert sorted(deps.engine.kb.policies) == [
        "company-003",
        "leading-business",
        "leadpilot",
        "leep",
        "xledger",
    ]

    driver = await serve(deps)
    health = await driver.healthz()
    assert health.status == 200 and health.json()["companies"] == 5
    for question, company in (
        ("Hur länge sparar Xledger personuppgifter?", "Xledger"),
        ("Does Leading Business share my data with third parties?", "Leading Business"),
    ):
        event = signing.mention(question)
        await driver.event(event)
        [answer] = await fake_slack.wait_for(
            "chat.postMessage", where=lambda c, ts=event["ts"]: c.args.get("thread_ts") == ts
        )
        assert company in answer.text_content()


def test_a_knowledge_folder_with_nothing_usable_stops_serve_with_a_clear_message(
    e2e_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "empty-knowledge"
    folder.mkdir()
    (folder / "halfwritten.txt").write_text("---\nname: Halvskrivet AB\n", encoding="utf-8")
    assert _build_deps(replace(e2e_settings, knowledge_dir=folder)) is None
    assert str(folder) in capsys.readouterr().err
