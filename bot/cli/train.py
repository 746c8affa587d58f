"""`python -m bot train`: rebuild the committed model files from the data in the repository.

`python -m bot eval-intent FILE`: score the intent model on a labelled message set (JSON Lines with
text, lang, kind, rights/right).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("train", help="rebuild the learned model files from the repository's data")
    parser.add_argument("--check", action="store_true", help="rebuild in memory and fail if the files differ")
    parser.add_argument("--only", choices=("intent", "retrieval"), help="rebuild one model (default: both)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that fit the intent model's folds side by side (the same files at any count; "
        "default: one per core)",
    )
    parser.set_defaults(func=run_train)
    evaluate = subparsers.add_parser("eval-intent", help="score question / request / right on a message set")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="one JSON object with the figures")
    evaluate.add_argument("--misses", action="store_true", help="list the misclassified messages")
    evaluate.set_defaults(func=run_eval_intent)


def run_train(args: argparse.Namespace) -> int:
    status = 0
    if args.only in (None, "intent"):
        status |= _train_intent(args.check, max(1, args.jobs))
    if args.only in (None, "retrieval"):
        status |= _train_retrieval(args.check)
    return status


def _train_retrieval(check: bool) -> int:
    import numpy as np

    from bot.retrieval import training
    from bot.retrieval.loader import load_knowledge
    from bot.retrieval.ranker import MODEL_PATH
    from bot.retrieval.vectors import BUNDLED, SUFFIX, VectorStore

    model = training.train()
    print(f"retrieval: {json.dumps(model.about, sort_keys=True)}", file=sys.stderr)
    fresh = model.to_json()
    bundled = VectorStore(training.CACHE / "clause-vectors", bundled=None)
    seeds = load_knowledge(training.ROOT / "knowledge")
    if check:
        same = MODEL_PATH.exists() and MODEL_PATH.read_text("utf-8") == fresh
        print("retrieval model: " + ("unchanged" if same else "DIFFERS from the committed file"))
        for policy in seeds.policies.values():
            shipped, built = VectorStore(None).load(policy), bundled.load(policy)
            equal = (
                shipped is not None
                and built is not None
                and all(
                    np.array_equal(getattr(shipped, part), getattr(built, part))
                    for part in ("whole", "sentences", "owner")
                )
            )
            same = same and equal
        print(
            "retrieval model and bundled vectors: "
            + ("unchanged" if same else "DIFFER from the committed files")
        )
        return 0 if same else 1
    MODEL_PATH.write_text(fresh, encoding="utf-8")
    print(f"wrote {MODEL_PATH}")
    for stale in BUNDLED.glob(f"*{SUFFIX}"):
        stale.unlink()
    for policy in seeds.policies.values():
        vectors = bundled.load(policy)
        assert vectors is not None  # training embedded every seed clause
        bundled.save(policy, vectors, folder=BUNDLED)
    print(f"wrote {BUNDLED} ({len(seeds.policies)} policies)")
    return 0


def _train_intent(check: bool, jobs: int = 1) -> int:
    from bot.intent import training
    from bot.intent.model import MODEL_PATH

    model, report = training.build(jobs=jobs)
    print(f"intent: {report.examples} examples in {len(report.batches)} batches", file=sys.stderr)
    for name, count in sorted(report.batches.items()):
        print(f"  {name}: {count}", file=sys.stderr)
    print(f"  thresholds: ask from {report.low}, request from {report.high}", file=sys.stderr)
    print(f"  out of fold: {json.dumps(report.out_of_fold)}", file=sys.stderr)
    print(f"  requests ticketed, by batch: {json.dumps(report.requests_ticketed_by_batch)}", file=sys.stderr)
    if check:
        fresh = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        same = MODEL_PATH.exists() and MODEL_PATH.read_text("utf-8") == fresh
        print("intent model: " + ("unchanged" if same else "DIFFERS from the committed file"))
        return 0 if same else 1
    training.write(model, MODEL_PATH)
    print(f"wrote {MODEL_PATH}")
    return 0


def run_eval_intent(args: argparse.Namespace) -> int:
    from bot.intent.evaluation import evaluate_file

    figures, misses = evaluate_file(args.file)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    else:
        for key, value in figures.items():
            print(f"{key:<40} {value}")
    if args.misses:
        for line in misses:
            print(line)
    return 0
