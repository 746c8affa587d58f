"""Scoring the intent decision on a labelled message set: requests found (with the right), questions
about rights and plain questions taken for requests, and how many were asked about instead."""

from __future__ import annotations

from pathlib import Path

from bot.intent.classify import classify_intent
from bot.intent.training import load_jsonl


def evaluate_file(path: Path) -> tuple[dict[str, object], list[str]]:
    examples = load_jsonl(path)
    counts = {"request": 0, "request_found": 0, "request_right": 0, "request_asked": 0}
    counts |= {"about": 0, "about_ticketed": 0, "about_asked": 0, "plain": 0, "plain_ticketed": 0}
    counts |= {"plain_asked": 0, "relayed_request": 0, "relayed_right": 0}
    misses: list[str] = []
    for e in examples:
        got = classify_intent(e.text, e.language, companies=e.companies)
        ticket = got.kind == "rights_request"
        if e.kind == "rights_request":
            counts["request"] += 1
            counts["request_found"] += ticket
            right_ok = ticket and bool(e.rights) and got.right == e.rights[0]
            counts["request_right"] += right_ok
            counts["request_asked"] += (not ticket) and got.ambiguous
            if e.relayed:
                counts["relayed_request"] += 1
                counts["relayed_right"] += right_ok
            if not right_ok:
                misses.append(f"REQUEST {e.rights} → {got.kind} {got.rights} asked={got.ambiguous}: {e.text}")
        elif e.kind == "about_right":
            counts["about"] += 1
            counts["about_ticketed"] += ticket
            counts["about_asked"] += (not ticket) and got.ambiguous
            if ticket:
                misses.append(f"ABOUT → {got.rights}: {e.text}")
        else:
            counts["plain"] += 1
            counts["plain_ticketed"] += ticket
            counts["plain_asked"] += (not ticket) and got.ambiguous
            if ticket:
                misses.append(f"QUESTION → {got.rights}: {e.text}")

    def rate(n: int, d: int) -> float:
        return round(n / d, 3) if d else 0.0

    figures: dict[str, object] = {
        "messages": len(examples),
        "requests recognised with the right": rate(counts["request_right"], counts["request"]),
        "requests recognised as requests": rate(counts["request_found"], counts["request"]),
        "requests asked about (not ticketed)": rate(counts["request_asked"], counts["request"]),
        "relayed requests with the right": rate(counts["relayed_right"], counts["relayed_request"]),
        "questions about rights taken for requests": rate(counts["about_ticketed"], counts["about"]),
        "questions about rights asked about": rate(counts["about_asked"], counts["about"]),
        "plain questions taken for requests": rate(counts["plain_ticketed"], counts["plain"]),
        "plain questions asked about": rate(counts["plain_asked"], counts["plain"]),
        "counts": counts,
    }
    return figures, misses
