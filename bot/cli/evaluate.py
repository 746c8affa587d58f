"""`python -m bot eval FILE`: score a question set through the whole pipeline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.cli.common import add_knowledge_argument, load_engine
from bot.retrieval.search import RANKERS

ROOT = Path(__file__).resolve().parents[2]
HOLDOUT = ROOT / "tests" / "data" / "holdout.jsonl"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score a question set (dev-set JSON Lines format): hit@k, abstention, rights, language, company",
        description="Run every question of FILE through the bot and print hit@1/hit@3, cross-language "
        "hit@3, abstention, rights-request detection, false tickets, language and company accuracy.",
    )
    parser.add_argument(
        "file", metavar="FILE", type=Path, nargs="?", help="questions, one JSON object a line"
    )
    parser.add_argument(
        "--holdout",
        action="store_true",
        help=f"score the held-out set of the repository ({HOLDOUT.relative_to(ROOT)}) when no FILE is given",
    )
    add_knowledge_argument(parser)
    parser.add_argument("--baseline", action="store_true", help="add plain BM25 on the same clauses")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--ranker",
        choices=RANKERS,
        default="learned",
        help="how clauses are ranked (for the ablation): the learned model (default), the hand-set rules, "
        "the embeddings alone, the rules and the embeddings fused by reciprocal rank, or the learned "
        "model with the question's embedding always computed (no words-only shortcut)",
    )
    parser.add_argument(
        "--no-embeddings", action="store_true", help="rank and answer on words and concepts alone"
    )
    parser.add_argument(
        "--misses", action="store_true", help="list the ids of missed questions on standard error"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.retrieval.evaluation import evaluate, format_table, load_questions

    path = args.file or (HOLDOUT if args.holdout else None)
    if path is None:
        print("eval: give a question FILE or --holdout", file=sys.stderr)
        return 2
    try:
        rows = load_questions(path)
    except (OSError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    engine = load_engine(args, ranker=args.ranker, embeddings="off" if args.no_embeddings else "sync")
    if not engine.kb.policies:
        return 2
    report = evaluate(engine, rows, baseline=args.baseline)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(format_table(report))
    if args.misses:
        for miss in report.misses:
            print(miss, file=sys.stderr)
    return 0
