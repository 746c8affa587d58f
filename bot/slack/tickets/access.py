"""Who is on the privacy team: PRIVACY_TEAM user ids plus the members of its user groups.

Group members come from `usergroups.users.list` and are cached for `CACHE_SECONDS` per app (keyed on
the AppDeps instance). If Slack cannot be asked, the last known members are used for at most
`TRUST_STALE_SECONDS` after they were read, then none: someone removed from the group while Slack can't be
asked loses team powers then (a stale membership denies rather than grants). The users named in
PRIVACY_TEAM itself always count.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import AppDeps
from bot.tickets.access import Access, Actor

log = logging.getLogger(__name__)

CACHE_SECONDS = 300.0
TRUST_STALE_SECONDS = 900.0  # how long last known group members count while Slack can't be asked


@dataclass
class TeamDirectory:
    users: frozenset[str]
    groups: tuple[str, ...]
    clock: Callable[[], float] = time.monotonic
    _members: frozenset[str] = frozenset()
    _loaded_at: float | None = None
    _failures: int = field(default=0)

    def access(self) -> Access:
        """Access from what is known now (no Slack call); group members only while recent enough."""
        recent = self._loaded_at is not None and self.clock() - self._loaded_at <= TRUST_STALE_SECONDS
        return Access(self.users | (self._members if recent else frozenset()))

    def stale(self) -> bool:
        return bool(self.groups) and (
            self._loaded_at is None or self.clock() - self._loaded_at > CACHE_SECONDS
        )

    async def refresh(self, client: AsyncWebClient) -> None:
        members: set[str] = set()
        for group in self.groups:
            try:
                response = await client.usergroups_users_list(usergroup=group)
            except (SlackApiError, OSError) as error:
                self._failures += 1
                log.warning("usergroup lookup failed group=%s error=%s", group, type(error).__name__)
                return  # keep the last known members
            members.update(str(u) for u in response.get("users") or [])
        self._members = frozenset(members)
        self._loaded_at = self.clock()

    async def current(self, client: AsyncWebClient | None) -> Access:
        if client is not None and self.stale():
            await self.refresh(client)
        return self.access()


_DIRECTORIES: dict[int, tuple[AppDeps, TeamDirectory]] = {}


def directory(deps: AppDeps) -> TeamDirectory:
    """The team directory of this app (one per AppDeps instance)."""
    entry = _DIRECTORIES.get(id(deps))
    if entry is None or entry[0] is not deps:
        settings = deps.settings
        entry = (deps, TeamDirectory(frozenset(settings.privacy_team_users), settings.privacy_team_groups))
        _DIRECTORIES[id(deps)] = entry
    return entry[1]


async def actor_for(deps: AppDeps, client: AsyncWebClient | None, user: str) -> Actor:
    access = await directory(deps).current(client)
    return access.actor(user)


_REFERENCE = re.compile(r"[A-Z]{2,8}-\d{4}-\d{1,8}")


def refuse_logged(action: str, user: str, reference: str | None) -> None:
    """Record a refused attempt (ids only: a forged value that isn't a ticket reference is not logged)."""
    shown = reference if reference and _REFERENCE.fullmatch(reference) else ("?" if reference else "-")
    log.warning("ticket access refused action=%s user=%s ticket=%s", action, user, shown)
