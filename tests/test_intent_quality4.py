"""Floors for the question-vs-request classifier on a fourth independent check set.

``tests/data/intent_holdout4.jsonl`` (126 messages, half Swedish, half English) was written without
looking at the dev set or the earlier check sets, in other styles again: rights words mentioned in
passing while asking something else ("we got a deletion request…", "vad betyder registerutdrag?"),
managers asking about process, customers quoting the policy back, requests for someone else's data
(a question at most), parents asking for a child's data, requests with deadlines or threats, and
messages mixing Swedish and English. Run ``python -m tests.test_intent_quality4`` for figures and
misses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.intent import RIGHTS
from tests.test_intent_quality import Figures, load_rows, measure

HOLDOUT4 = Path(__file__).parent / "data" / "intent_holdout4.jsonl"


@pytest.fixture(scope="module")
def figures() -> Figures:
    return measure(load_rows(HOLDOUT4))


def test_the_fourth_set_covers_every_kind_every_right_and_both_languages() -> None:
    rows = load_rows(HOLDOUT4)
    assert {(r.kind, r.lang) for r in rows} == {
        (k, lang) for k in ("rights_request", "about_right", "question") for lang in ("sv", "en")
    }
    rights = {r.right for r in rows if r.kind == "rights_request"}
    assert rights >= set(RIGHTS) - {"unspecified"}
    assert len(rows) >= 100


def test_rights_requests_are_detected_with_the_right_type(figures: Figures) -> None:
    assert figures.detection >= 0.90, "\n".join(figures.misses)


def test_questions_about_a_right_rarely_open_a_ticket(figures: Figures) -> None:
    assert figures.about_right_ticketed <= 1, "\n".join(figures.misses)


def test_plain_questions_never_open_a_ticket(figures: Figures) -> None:
    assert figures.plain_ticketed == 0, "\n".join(figures.misses)


def test_plain_questions_rarely_ask_whether_to_open_a_request(figures: Figures) -> None:
    assert figures.plain_ambiguous <= 2, "\n".join(figures.misses)


if __name__ == "__main__":
    result = measure(load_rows(HOLDOUT4))
    print(
        f"requests detected with the right: {result.detected_with_right}/{result.requests}"
        f" = {result.detection:.2f}"
    )
    print(f"about_right taken for a request:  {result.about_right_ticketed}/{result.about_right}")
    print(f"plain taken for a request:        {result.plain_ticketed}/{result.plain}")
    print(f"plain asked 'open a request?':    {result.plain_ambiguous}/{result.plain}")
    print("\n".join(result.misses))
