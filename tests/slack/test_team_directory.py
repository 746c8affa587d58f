"""Team powers from a user group: a membership Slack can no longer confirm stops counting."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.tickets.access import CACHE_SECONDS, TRUST_STALE_SECONDS, TeamDirectory


class Groups:
    """usergroups.users.list that answers, then fails."""

    def __init__(self, members: list[str]) -> None:
        self.members = members
        self.failing = False

    async def usergroups_users_list(self, usergroup: str) -> dict[str, Any]:
        if self.failing:
            raise SlackApiError("down", {"ok": False, "error": "fatal_error"})
        return {"ok": True, "users": self.members}


async def test_a_group_member_loses_team_powers_when_slack_cannot_confirm_for_too_long() -> None:
    now = [0.0]
    directory = TeamDirectory(frozenset({"UNAMED"}), ("SPRIV",), clock=lambda: now[0])
    slack = Groups(["UGROUPIE"])
    assert (await directory.current(slack)).actor("UGROUPIE").team  # type: ignore[arg-type]
    slack.failing = True  # removed from the group now, but Slack can't be asked
    now[0] = CACHE_SECONDS + 1
    assert (await directory.current(slack)).actor("UGROUPIE").team  # type: ignore[arg-type]  # recent enough
    now[0] = TRUST_STALE_SECONDS + 1
    access = await directory.current(slack)  # type: ignore[arg-type]
    assert not access.actor("UGROUPIE").team  # denied rather than granted
    assert access.actor("UNAMED").team  # PRIVACY_TEAM's own user ids always count
