"""`python -m bot ask`: answer one question, or JSON Lines from stdin with --json."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import add_knowledge_argument, load_engine
from bot.companies import company_slug


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask", help="answer a question from the policies (never writes to the database)"
    )
    parser.add_argument(
        "question", nargs="?", help="the question; with --json and no question, read JSON Lines"
    )
    parser.add_argument("--company", metavar="SLUG", help="the company the question is about")
    parser.add_argument(
        "--json", action="store_true", help="print JSON (one object per line for stdin input)"
    )
    add_knowledge_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    if not engine.kb.policies:
        return 2  # load_engine said why
    if args.company:
        slug = company_slug(args.company, engine.kb.policies.values())
        if slug is None:
            known = ", ".join(engine.kb.slugs) or "none"
            print(f"unknown company {args.company!r} (known: {known})", file=sys.stderr)
            return 2
        args.company = slug
    if args.question is not None:
        result = engine.handle(args.question, company=args.company)
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            print(result.reply)
        return 0
    if not args.json:
        print("give a QUESTION, or use --json to read JSON Lines from stdin", file=sys.stderr)
        return 2
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not an object")
            question = item.get("question")
            company = item.get("company") or args.company
            if company is not None and not isinstance(company, str):
                raise ValueError("company must be a string")
            if question is not None and not isinstance(question, str):
                question = str(question)
        except (ValueError, json.JSONDecodeError) as exc:
            # still one object with the usual keys, so the output stays line-for-line with the input
            reply = engine.handle(None).to_json()
            print(json.dumps({**reply, "error": f"line {number}: {exc}"}, ensure_ascii=False), flush=True)
            continue
        if company is not None and company not in engine.kb.policies:
            company = company_slug(company, engine.kb.policies.values())  # any case; unknown: from the text
        result = engine.handle(question, company=company)
        print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
    return 0
