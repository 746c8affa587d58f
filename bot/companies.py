"""Which company is a message about? (placeholder; fuzzy resolution replaces it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.retrieval.loader import Policy


@dataclass(frozen=True)
class CompanyMatch:
    slug: str | None
    candidates: tuple[str, ...] = ()
    how: str = "none"  # "explicit" | "binding" | "text" | "only" | "none"


def resolve_company(
    text: str, policies: Iterable[Policy], explicit: str | None = None, binding: str | None = None
) -> CompanyMatch:
    policies = list(policies)
    slugs = {p.slug for p in policies}
    if explicit and explicit in slugs:
        return CompanyMatch(explicit, how="explicit")
    lowered = text.lower()
    for p in policies:
        if p.name.lower() in lowered or any(a.lower() in lowered for a in p.aliases):
            return CompanyMatch(p.slug, how="text")
    if binding and binding in slugs:
        return CompanyMatch(binding, how="binding")
    if len(policies) == 1:
        return CompanyMatch(policies[0].slug, how="only")
    return CompanyMatch(None, tuple(sorted(slugs)))
