"""Retrieval speed on the seed policies: start-up (load + index) and milliseconds per question.

    .venv/bin/python benchmarks/retrieval_speed.py [--knowledge DIR] [--questions FILE] [--repeat N]

Prints the build time; p50/p99 of `Engine.handle` for each distinct question asked once, new to the
process (embedding included), and how many were embedded; then p50/p99 per question for the retriever
alone and the whole pipeline with the questions asked again. Budgets (issue 10): p50 ≤ 20 ms and
p99 ≤ 60 ms per new question, embedding included.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.learn.embeddings import default_embedder  # noqa: E402
from bot.pipeline import Engine  # noqa: E402
from bot.retrieval.loader import load_knowledge  # noqa: E402

DEFAULT_QUESTIONS = ROOT.parent / "shared" / "devset" / "questions.jsonl"
FALLBACK_QUESTIONS = [
    ("how long do you keep my invoices?", "company-003"),
    ("hur länge sparas fakturaunderlag?", "company-003"),
    ("do you use cookies?", "xledger"),
    ("who do you share my data with?", "leep"),
    ("can I get a copy of my data?", "leading-business"),
    ("hur avregistrerar jag mig från nyhetsbrevet?", "leadpilot"),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    kb = load_knowledge(args.knowledge)
    loaded = time.perf_counter()
    engine = Engine(kb)
    engine.retriever.warm()
    built = time.perf_counter()

    if args.questions.is_file():
        rows = [
            json.loads(line)
            for line in args.questions.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        questions = [(r["question"], r.get("company") or r.get("named_company")) for r in rows]
    else:
        questions = FALLBACK_QUESTIONS
    questions = [(q, c) for q, c in questions if c in kb.policies]

    # each distinct question once, as new to the process: what a user's new question costs, embedding
    # included (the intent model's and the ranker's shortcuts skip it when words settle the question)
    embedded = default_embedder()
    before = embedded.computed
    first_ms: list[float] = []
    for question, company in dict.fromkeys(questions):
        t0 = time.perf_counter()
        engine.handle(question, company=company)
        first_ms.append((time.perf_counter() - t0) * 1000)
    new_embeddings = embedded.computed - before

    search_ms: list[float] = []
    pipeline_ms: list[float] = []
    for _ in range(args.repeat):
        for question, company in questions:
            t0 = time.perf_counter()
            engine.retriever.search(question, company, "en", k=5)
            t1 = time.perf_counter()
            engine.handle(question, company=company)
            t2 = time.perf_counter()
            search_ms.append((t1 - t0) * 1000)
            pipeline_ms.append((t2 - t1) * 1000)

    clauses = sum(len(p.clauses) for p in kb.policies.values())
    print(f"knowledge: {len(kb.policies)} companies, {clauses} clauses ({args.knowledge})")
    print(
        f"start-up: load {1000 * (loaded - started):.0f} ms + index {1000 * (built - loaded):.0f} ms "
        f"= {1000 * (built - started):.0f} ms"
    )
    print(f"questions: {len(questions)} x {args.repeat}")
    print(
        f"new questions: {len(first_ms)}, {new_embeddings} embedded; Engine.handle p50 "
        f"{statistics.median(first_ms):6.2f} ms   p99 {percentile(first_ms, 0.99):6.2f} ms"
    )
    print("asked again (embeddings cached):")
    for name, values in (("retriever.search", search_ms), ("Engine.handle", pipeline_ms)):
        print(
            f"{name:<17} p50 {statistics.median(values):6.2f} ms   p99 {percentile(values, 0.99):6.2f} ms   "
            f"mean {statistics.fmean(values):6.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
