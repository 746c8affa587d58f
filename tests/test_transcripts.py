"""The answers to the dev set and our held-out sets are the approved ones (``tests/approved/``): a change
in any answer fails here until it is looked at and approved (``python -m tests.transcripts``)."""

from __future__ import annotations

import pytest

from bot.pipeline import Engine
from tests.transcripts import SETS, path_of, questions, transcript


@pytest.fixture(scope="module")
def engine() -> Engine:
    from tests.transcripts import ROOT

    return Engine.load(ROOT / "knowledge")


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_answer_is_the_approved_one(engine: Engine, name: str) -> None:
    approved = path_of(name).read_text(encoding="utf-8").splitlines()
    current = transcript(engine, questions(SETS[name]))
    changed = [f"- {old}\n+ {new}" for old, new in zip(approved, current, strict=False) if old != new]
    assert len(current) == len(approved), "questions were added or removed: approve the transcripts again"
    assert not changed, (
        f"{len(changed)} answers changed in {name}; review, then approve with `python -m tests.transcripts`:\n"
        + "\n".join(changed[:5])
    )
