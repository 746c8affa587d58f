"""`python -m bot chat`: an interactive terminal chat on the same pipeline as Slack."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from bot.cli.common import add_knowledge_argument, load_engine
from bot.companies import company_slug
from bot.pipeline import Context

HISTORY_FILE = Path.home() / ".integritetsbot_history"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="chat with the bot in the terminal")
    parser.add_argument(
        "--company", metavar="SLUG", help="bind the chat to one company (like a Slack channel)"
    )
    add_knowledge_argument(parser)
    parser.set_defaults(func=run)


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


def _setup_history() -> None:
    try:
        import atexit
        import readline

        if HISTORY_FILE.exists():
            readline.read_history_file(HISTORY_FILE)
        readline.set_history_length(1000)
        atexit.register(lambda: _save_history(readline))
    except (ImportError, OSError):
        pass


def _save_history(readline_module: object) -> None:
    with contextlib.suppress(OSError):
        readline_module.write_history_file(HISTORY_FILE)  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> int:
    engine = load_engine(args)
    if not engine.kb.policies:
        return 2  # load_engine said why: nothing to answer from
    interactive = sys.stdin.isatty()
    style = _Style(sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    if interactive:
        _setup_history()
    names = ", ".join(f"{name} ({slug})" for slug, name in engine.company_names().items())
    print(
        style("1", "Integritetsbot") + " — ask about a privacy policy in Swedish or English. /quit to leave."
    )
    print(f"Companies: {names}")
    company = company_slug(args.company, engine.kb.policies.values()) if args.company else None
    if args.company and company is None:
        print(f"unknown company {args.company!r} (known: {', '.join(engine.kb.slugs)})", file=sys.stderr)
        return 2
    language = "en"
    while True:
        try:
            line = input(style("36", "you> ") if interactive else "")
        except EOFError:
            print()
            return 0
        stripped = line.strip()
        if stripped in ("/quit", "/exit", "/q"):
            return 0
        if stripped.startswith("/use"):
            given = stripped[4:].strip()
            slug = company_slug(given, engine.kb.policies.values()) if given else None
            if given and slug is None:
                print(f"unknown company {given!r} (known: {', '.join(engine.kb.slugs)})")
                continue
            company = slug
            print(f"bound to {company}" if company else "no company bound")
            continue
        result = engine.handle(line, context=Context(default_language=language, channel_company=company))
        language = result.language
        print(style("32", "bot> ") + result.reply.replace("\n", "\n     "))
        print()
