"""Who may see and change which tickets.

Privacy-team members (PRIVACY_TEAM user ids, plus the members of its user groups that the Slack side
resolves) and the command-line operator see and change every ticket. Everyone else sees only the
tickets they requested, and may only withdraw them or say they were not a request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.config import Settings

OPERATOR = "operator"  # the actor name for the command line on the server


@dataclass(frozen=True)
class Actor:
    """A person acting on tickets: a Slack user id, and whether they are on the privacy team."""

    user: str
    team: bool = False

    @classmethod
    def operator(cls) -> Actor:
        return cls(OPERATOR, team=True)

    @classmethod
    def system(cls) -> Actor:
        return cls("system", team=True)


@dataclass(frozen=True)
class Access:
    """The privacy team's user ids; builds Actors."""

    team_members: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings, group_members: Iterable[str] = ()) -> Access:
        return cls(frozenset(settings.privacy_team_users) | frozenset(group_members))

    def is_team(self, user: str) -> bool:
        return user in self.team_members

    def actor(self, user: str) -> Actor:
        return Actor(user, team=self.is_team(user))


def can_view(actor: Actor, requester_user: str) -> bool:
    return actor.team or actor.user == requester_user
