"""Floors for the question-vs-request classifier on an independent, hand-written set.

``tests/data/intent_holdout.jsonl`` was written without looking at the dev set: rights requests
(own and relayed by an agent, polite and Swenglish forms, two rights in one message), questions
ABOUT a right ("can I…", "kostar det…", hypotheticals) and plain questions, some using "delete",
"update", "ändra", "ta bort" in other senses. Run ``python -m tests.test_intent_quality`` to print
the figures and the misses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.intent import Intent, classify_intent
from bot.text.language import detect_language
from bot.text.normalise import normalise

HOLDOUT = Path(__file__).parent / "data" / "intent_holdout.jsonl"


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    kind: str
    right: str | None


@dataclass(frozen=True)
class Figures:
    requests: int
    detected_with_right: int
    about_right: int
    about_right_ticketed: int
    plain: int
    plain_ticketed: int
    plain_ambiguous: int
    misses: tuple[str, ...]

    @property
    def detection(self) -> float:
        return self.detected_with_right / self.requests


def load_rows(path: Path = HOLDOUT) -> list[Row]:
    with path.open(encoding="utf-8") as handle:
        return [Row(**json.loads(line)) for line in handle if line.strip()]


def classify(text: str) -> Intent:
    """As the pipeline does it: normalise, detect the language, classify."""
    clean = normalise(text).text
    return classify_intent(clean, detect_language(clean))


def measure(rows: list[Row]) -> Figures:
    counts = {"req": 0, "hit": 0, "about": 0, "about_t": 0, "plain": 0, "plain_t": 0, "plain_a": 0}
    misses: list[str] = []
    for row in rows:
        intent = classify(row.text)
        ticket = intent.kind == "rights_request"
        if row.kind == "rights_request":
            counts["req"] += 1
            if ticket and intent.right == row.right:
                counts["hit"] += 1
            else:
                got = intent.right if ticket else ("ambiguous" if intent.ambiguous else "question")
                misses.append(f"request {row.right} -> {got}: {row.text}")
        elif row.kind == "about_right":
            counts["about"] += 1
            if ticket:
                counts["about_t"] += 1
                misses.append(f"about_right -> ticket {intent.right}: {row.text}")
        else:
            counts["plain"] += 1
            if ticket:
                counts["plain_t"] += 1
                misses.append(f"question -> ticket {intent.right}: {row.text}")
            elif intent.ambiguous:
                counts["plain_a"] += 1
                misses.append(f"question -> ambiguous: {row.text}")
    return Figures(
        counts["req"],
        counts["hit"],
        counts["about"],
        counts["about_t"],
        counts["plain"],
        counts["plain_t"],
        counts["plain_a"],
        tuple(misses),
    )


@pytest.fixture(scope="module")
def figures() -> Figures:
    return measure(load_rows())


def test_the_holdout_set_covers_every_kind_and_both_languages() -> None:
    rows = load_rows()
    kinds = {(r.kind, r.lang) for r in rows}
    assert kinds == {
        (k, lang) for k in ("rights_request", "about_right", "question") for lang in ("sv", "en")
    }
    assert len(rows) >= 100


def test_rights_requests_are_detected_with_the_right_type(figures: Figures) -> None:
    assert figures.detection >= 0.95, "\n".join(figures.misses)


def test_questions_about_a_right_rarely_open_a_ticket(figures: Figures) -> None:
    assert figures.about_right_ticketed <= 1, "\n".join(figures.misses)


def test_plain_questions_never_open_a_ticket(figures: Figures) -> None:
    assert figures.plain_ticketed == 0, "\n".join(figures.misses)


def test_plain_questions_rarely_ask_whether_to_open_a_request(figures: Figures) -> None:
    assert figures.plain_ambiguous <= 1, "\n".join(figures.misses)


if __name__ == "__main__":
    result = measure(load_rows())
    print(
        f"requests detected with the right: {result.detected_with_right}/{result.requests} = {result.detection:.2f}"
    )
    print(f"about_right taken for a request:  {result.about_right_ticketed}/{result.about_right}")
    print(f"plain taken for a request:        {result.plain_ticketed}/{result.plain}")
    print(f"plain asked 'open a request?':    {result.plain_ambiguous}/{result.plain}")
    print("\n".join(result.misses))
