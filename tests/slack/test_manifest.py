"""The app manifest declares what the code listens to."""

from __future__ import annotations

import json
from pathlib import Path

from bot.slack import constants

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.json"


def test_manifest_subscribes_to_what_the_app_answers() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "app_home_opened"} <= events
    assert "message.channels" not in events  # mentions come as app_mention; channel chatter is not ours
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [constants.SLASH_COMMAND]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "chat:write", "commands", "reactions:write"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_manifest_grants_the_upload_of_the_monthly_chart_and_hints_every_subcommand() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert "files:write" in manifest["oauth_config"]["scopes"]["bot"]  # files_upload_v2 of the report
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    for subcommand in ("companies", "use", "retention", "tickets", "request", "help"):
        assert subcommand in hint
