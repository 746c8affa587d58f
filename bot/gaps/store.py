"""Record, list and expire the questions the policies couldn't answer (synchronous database work)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, delete, select

from bot.db import Database, storable
from bot.models import GAP_KINDS, QuestionGap, as_utc

MAX_TEXT = 500  # characters of a question kept
EXAMPLES = 5  # questions shown per company and topic


def record(
    database: Database,
    *,
    kind: str,
    company: str | None,
    topic: str | None,
    language: str,
    text: str,
    now: datetime,
    keep_days: int,
) -> None:
    """Store one gap (nothing when ``keep_days`` is 0) and delete the ones past their time."""
    if kind not in GAP_KINDS:
        raise ValueError(f"unknown gap kind {kind!r}")
    if keep_days <= 0:
        return
    with database.session(write=True) as session:
        session.add(
            QuestionGap(
                company=company,
                topic=topic,
                language=language,
                kind=kind,
                text=storable(text.strip()[:MAX_TEXT]),
                at=as_utc(now),
            )
        )
        session.commit()
    expire(database, now, keep_days)


def expire(database: Database, now: datetime, keep_days: int) -> int:
    """Delete the gaps older than ``keep_days`` (all of them when it is 0). Returns how many."""
    cutoff = as_utc(now) - timedelta(days=max(keep_days, 0))
    with database.session(write=True) as session:
        result = session.exec(delete(QuestionGap).where(col(QuestionGap.at) < cutoff))  # type: ignore[call-overload]
        session.commit()
        return int(result.rowcount or 0)


def grouped(database: Database, since: datetime | None = None) -> list[dict[str, Any]]:
    """The gaps by company and topic, most frequent first: counts by kind and the latest questions."""
    query = select(QuestionGap).order_by(col(QuestionGap.at).desc(), col(QuestionGap.id).desc())
    if since is not None:
        query = query.where(col(QuestionGap.at) >= as_utc(since))
    with database.session() as session:
        rows = list(session.exec(query))
    groups: dict[tuple[str, str], list[QuestionGap]] = {}
    for row in rows:
        groups.setdefault((row.company or "", row.topic or ""), []).append(row)
    out = []
    for (company, topic), members in groups.items():
        kinds = Counter(m.kind for m in members)
        out.append(
            {
                "company": company or None,
                "topic": topic or None,
                "count": len(members),
                "no_answer": kinds["no_answer"],
                "thumbs_down": kinds["thumbs_down"],
                "latest": members[0].at.isoformat(),
                "examples": [m.text for m in members[:EXAMPLES]],
            }
        )
    return sorted(out, key=lambda g: (-g["count"], g["company"] or "", g["topic"] or ""))
