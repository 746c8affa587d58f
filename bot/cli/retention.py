"""`python -m bot retention SLUG [--json]` and `python -m bot retention --all --csv`: retention rules at a glance."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence

from bot.cli.common import add_knowledge_argument, knowledge_dir
from bot.companies import company_slug
from bot.retrieval.loader import KnowledgeBase, Policy, load_knowledge
from bot.retrieval.retention import RetentionRule, extract_rules
from bot.retrieval.retention_terms import CATEGORY_BY_KEY

QUOTE_WIDTH = 160


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "retention",
        help="how long each company keeps each kind of data (rules found in its policy)",
        description="List the retention rules found in a company's privacy policy, or all companies side by side.",
    )
    parser.add_argument("slug", nargs="?", help="company slug, e.g. acme")
    parser.add_argument("--all", action="store_true", help="every company")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the rules as JSON")
    output.add_argument(
        "--csv", action="store_true", help="with --all: one row per category, one column per company"
    )
    parser.add_argument("--lang", choices=("en", "sv"), default="en", help="language of labels and summaries")
    add_knowledge_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.slug) == bool(args.all):
        print("retention: give one company slug, or --all", file=sys.stderr)
        return 2
    kb = load_knowledge(knowledge_dir(args))
    for error in kb.errors:
        print(f"knowledge: {error}", file=sys.stderr)
    if args.all:
        policies = [kb.policies[slug] for slug in kb.slugs]
    else:
        policy = kb.get(company_slug(args.slug, kb.policies.values()) or args.slug)
        if policy is None:
            print(f"retention: unknown company {args.slug!r} (known: {', '.join(kb.slugs)})", file=sys.stderr)
            return 2
        policies = [policy]
    rules = {p.slug: extract_rules(p) for p in policies}
    if args.csv:
        write_csv(kb, rules, args.lang)
    elif args.json:
        payload: object = (
            {slug: [r.to_json(args.lang) for r in found] for slug, found in rules.items()}
            if args.all
            else [r.to_json(args.lang) for r in rules[policies[0].slug]]
        )
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for policy in policies:
            print_table(policy, rules[policy.slug], args.lang)
    return 0


def write_csv(kb: KnowledgeBase, rules: dict[str, list[RetentionRule]], language: str) -> None:
    """Side by side: one row per category, one column per company; the last row counts the rules."""
    slugs = list(rules)
    categories = [
        key for key in CATEGORY_BY_KEY if any(r.category == key for found in rules.values() for r in found)
    ]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["category", *(kb.policies[s].name for s in slugs)])
    for key in categories:
        cells = [
            "; ".join(dict.fromkeys(r.summary(language) for r in rules[slug] if r.category == key))
            for slug in slugs
        ]
        writer.writerow([CATEGORY_BY_KEY[key].label(language), *cells])
    writer.writerow(["rules" if language == "en" else "regler", *(len(rules[s]) for s in slugs)])


def print_table(policy: Policy, rules: Sequence[RetentionRule], language: str) -> None:
    print(f"{policy.name} ({policy.slug}, policy in {policy.language}): {len(rules)} retention rule(s)")
    if not rules:
        print("  (no retention statements found)")
    width = max((len(r.category_label(language)) for r in rules), default=10)
    for rule in rules:
        period = rule.duration or "-"
        print(
            f"  {rule.category_label(language):<{width}}  {period:<6} {rule.bound:<5}  {rule.summary(language)}"
        )
        print(f"  {'':<{width}}  § {rule.section}")
        quote = " ".join(rule.text.split())
        if len(quote) > QUOTE_WIDTH:
            quote = quote[: QUOTE_WIDTH - 1].rstrip() + "…"
        print(f"  {'':<{width}}  “{quote}”")
    print()
