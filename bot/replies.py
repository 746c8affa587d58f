"""The replies every front end gives, from the message catalogue (``bot/messages.py``). Plain text; Slack builds
blocks on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from bot import messages, rights

if TYPE_CHECKING:
    from bot.intent import Intent


class _HitLike(Protocol):
    section: str
    text: str
    notes: tuple[str, ...]


def genitive(language: str, name: str) -> str:
    """A company name as owner in Swedish: "Lumos", but "Acme Fintech Services" (a name ending in s, x
    or z takes no genitive s). Templates write ``{company_s}``."""
    if language == "sv" and name[-1:].lower() in ("s", "x", "z"):
        return name
    return name + "s" if language == "sv" else name


def with_genitive(language: str, values: dict[str, str]) -> dict[str, str]:
    if "company" in values and "company_s" not in values:
        values = {**values, "company_s": genitive(language, values["company"])}
    return values


def t(language: str, key: str, **values: str) -> str:
    table = messages.section(language, "replies")
    return table[key].format(**with_genitive(language, values))


def bad_input(language: str, problem: str) -> str:
    return t(language, problem if problem in ("empty", "binary", "markup_only", "too_long") else "empty")


def also_named(language: str, company: str, others: Sequence[str]) -> str:
    """The note under an answer to a question that named several companies: which were left out."""
    joined = (" och " if language == "sv" else " and ").join(
        [", ".join(others[:-1]), others[-1]] if len(others) > 1 else list(others)
    )
    them = (
        ("det" if len(others) == 1 else "dem") if language == "sv" else ("it" if len(others) == 1 else "them")
    )
    return t(language, "also_named", others=joined, company=company, them=them)


def which_company(language: str, names: Mapping[str, str]) -> str:
    return t(language, "which_company", names=", ".join(names.values()))


def no_answer(language: str, company: str) -> str:
    return t(language, "no_answer", company=company)


def policy_language_note(language: str, policy_language: str) -> str:
    if language == "en" and policy_language == "sv":
        return t(language, "swedish_policy")
    if language == "sv" and policy_language == "en":
        return t(language, "english_policy")
    return ""


def answer(
    language: str,
    company: str,
    policy_language: str,
    hits: Sequence[_HitLike],
    direct: str | None = None,
    shown: int = 2,
) -> str:
    lines: list[str] = []
    if direct:
        lines.append(direct)
    lines.append(t(language, "answer_lead", company=company))
    note = policy_language_note(language, policy_language)
    if note:
        lines.append(note)
    imy = False
    for hit in hits[:shown]:
        lines.append("")
        if hit.section:
            lines.append(f"{t(language, 'section')}: {hit.section}")
        lines.extend("> " + line for line in hit.text.split("\n"))
        imy = imy or "imy" in hit.notes
    if imy:
        lines.append("")
        lines.append(t(language, "imy"))
    return "\n".join(lines)


def rights_request_received(language: str, intent: Intent, company: str | None) -> str:
    suffix = t(language, "for_company", company=company) if company else ""
    return t(language, "request", right=rights.name(language, intent.right), company=suffix)
