"""`python -m bot check-knowledge`: validate the knowledge folder and summarise each company."""

from __future__ import annotations

import argparse
import json

from bot.cli.common import add_knowledge_argument, knowledge_dir
from bot.retrieval.loader import load_knowledge


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check-knowledge", help="validate the knowledge folder")
    add_knowledge_argument(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory = knowledge_dir(args)
    kb = load_knowledge(directory)
    rows = [
        {
            "company": p.slug,
            "name": p.name,
            "language": p.language,
            "clauses": len(p.clauses),
            "sections": len(p.sections),
            "file": p.path.name,
        }
        for p in kb.policies.values()
    ]
    if args.json:
        print(
            json.dumps(
                {"companies": rows, "errors": [str(e) for e in kb.errors]}, ensure_ascii=False, indent=2
            )
        )
    else:
        print(f"knowledge folder: {directory}")
        print(f"{'company':<22} {'lang':<4} {'clauses':>7} {'sections':>8}  name")
        for row in rows:
            print(
                f"{row['company']:<22} {row['language']:<4} {row['clauses']:>7} {row['sections']:>8}  {row['name']}"
            )
        for error in kb.errors:
            print(f"ERROR {error}")
        print(f"{len(rows)} companies loaded, {len(kb.errors)} file(s) with errors")
    return 1 if kb.errors or not kb.policies else 0
