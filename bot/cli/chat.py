"""`python -m bot chat`: an interactive terminal chat on the same pipeline as Slack."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from pathlib import Path

from bot import replies
from bot.cli.common import add_knowledge_argument, load_engine
from bot.companies import company_slug
from bot.config import parse_flag
from bot.lang import languages, word_list
from bot.pipeline import Context, Engine

HISTORY_FILE = Path.home() / ".integritetsbot_history"  # only with --history or CHAT_HISTORY=true


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="chat with the bot in the terminal")
    parser.add_argument(
        "--company", metavar="SLUG", help="bind the chat to one company (like a Slack channel)"
    )
    parser.add_argument(
        "--history",
        action="store_true",
        help=f"keep the lines typed in {HISTORY_FILE} (off by default: people paste customer data)",
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
    if interactive and (args.history or parse_flag("CHAT_HISTORY", os.environ.get("CHAT_HISTORY"))):
        _setup_history()
    company = company_slug(args.company, engine.kb.policies.values()) if args.company else None
    if args.company and company is None:
        print(f"unknown company {args.company!r} (known: {', '.join(engine.kb.slugs)})", file=sys.stderr)
        return 2
    print(style("1", "Integritetsbot") + " — ask about a privacy policy in Swedish or English.")
    print(_help(engine, "en"))
    language = "en"
    while True:
        try:
            line = input(style("36", "you> ") if interactive else "")
        except EOFError:  # Ctrl-D
            print()
            return 0
        except KeyboardInterrupt:  # Ctrl-C: the line is dropped, the chat goes on
            print()
            continue
        stripped = line.strip()
        if stripped in ("/quit", "/exit", "/q"):
            return 0
        asked = help_language(stripped)
        if stripped in ("/help", "/?") or asked:
            language = asked or language
            print(style("32", "bot> ") + _help(engine, language).replace("\n", "\n     "))
            print()
            continue
        if stripped.startswith("/use"):
            given = stripped[4:].strip()
            slug = company_slug(given, engine.kb.policies.values()) if given else None
            if given and slug is None:
                print(f"unknown company {given!r} (known: {', '.join(engine.kb.slugs)})")
                continue
            company = slug
            print(f"bound to {company}" if company else "no company bound")
            continue
        try:
            result = engine.handle(line, context=Context(default_language=language, channel_company=company))
        except KeyboardInterrupt:  # Ctrl-C while the answer is worked on: that answer is dropped
            print()
            continue
        language = result.language
        if result.company and not args.company and result.status in ("answered", "no_answer"):
            company = result.company  # a follow-up without a company name is about the same company
        print(style("32", "bot> ") + result.reply.replace("\n", "\n     "))
        print()


def _help(engine: Engine, language: str) -> str:
    names = engine.company_names()
    example = next(iter(names.values()), "Acme")
    listed = ", ".join(f"{name} ({slug})" for slug, name in names.items())
    return replies.t(language, "chat_help", names=listed, example=example)


def help_language(text: str) -> str | None:
    """The language of a question about the bot itself ("help", "vad kan du göra?"), or None for anything
    else (bot/lang/<code>/help_phrases.txt)."""
    words = " ".join(re.findall(r"\w+", text.lower()))
    for code in languages():
        if words and words in word_list(code, "help_phrases"):
            return code
    return None
