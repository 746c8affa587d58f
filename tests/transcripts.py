"""Per-question transcripts of what the bot answers (``ask --json``, condensed), approved into
``tests/approved/``: any change in an answer shows up in review as a changed line, and is approved
deliberately:

    .venv/bin/python -m tests.transcripts          # write the current answers as the approved ones
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.pipeline import Engine

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "approved"
# the dev set and our own held-out sets, all on the bundled policies
SETS = {
    "devset": ROOT / "data" / "retrieval" / "devset" / "questions.jsonl",
    **{p.stem: p for p in sorted((ROOT / "tests" / "data").glob("holdout*.jsonl"))},
}
SHOWN = 3  # clauses per answer kept in a transcript
EXCERPT = 80  # characters of each clause


def questions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def transcript(engine: Engine, rows: Iterable[dict[str, Any]]) -> list[str]:
    """One JSON line per question: what was understood and which clauses were quoted (or none)."""
    lines = []
    for row in rows:
        result = engine.handle(row["question"], company=row.get("company"))
        record = {
            "id": row.get("id"),
            "question": row["question"],
            "language": result.language,
            "company": result.company,
            "status": result.status,
            "right": result.right,
            "direct_answer": result.direct_answer,
            "quoted": [f"{h.section} | {h.text[:EXCERPT]}" for h in result.hits[:SHOWN]]
            if result.answered
            else [],
        }
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return lines


def path_of(name: str) -> Path:
    return FOLDER / f"{name}.jsonl"


def approve(engine: Engine, names: Iterable[str] = SETS) -> list[Path]:
    """Write the current answers as the approved transcripts."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        target = path_of(name)
        target.write_text("\n".join(transcript(engine, questions(SETS[name]))) + "\n", encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for written in approve(Engine.load(ROOT / "knowledge")):
        print(f"approved {written.relative_to(ROOT)}")
