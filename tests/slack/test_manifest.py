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
    # follow-ups in the bot's threads, in public and private channels, come as channel messages
    assert {"message.channels", "message.groups"} <= events
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [constants.SLASH_COMMAND]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "im:history", "chat:write", "commands", "reactions:write"} <= scopes
    assert {"channels:history", "groups:history"} <= scopes  # what message.channels / .groups need
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_manifest_grants_the_upload_of_the_monthly_chart_and_hints_every_subcommand() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert "files:write" in manifest["oauth_config"]["scopes"]["bot"]  # files_upload_v2 of the report
    hint = manifest["features"]["slash_commands"][0]["usage_hint"]
    for subcommand in ("companies", "use", "retention", "tickets", "request", "help"):
        assert subcommand in hint


def test_manifest_asks_only_for_the_scopes_the_code_uses() -> None:
    """Each scope is needed by an event the app subscribes to or a Web API method it calls."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    needed = {
        "app_mentions:read": "app_mention",
        "channels:history": "message.channels",
        "groups:history": "message.groups",
        "im:history": "message.im",
        "chat:write": "chat.postMessage / chat.update / chat.postEphemeral",
        "commands": "/privacy and the message shortcut",
        "reactions:write": "the :eyes: while an answer is worked on",
        "users:read": "users.info for the asker's language",
        "usergroups:read": "usergroups.users.list for PRIVACY_TEAM",
        "files:write": "files_upload_v2 of the monthly chart",
    }
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(needed)
