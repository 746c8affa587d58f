"""`python -m bot <command>`: one sub-command module per front end or tool."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# command modules, each with register(subparsers) that sets `func` on its parser
COMMAND_MODULES = (
    "bot.cli.ask",
    "bot.cli.chat",
    "bot.cli.evaluate",
    "bot.cli.knowledge",
    "bot.cli.serve",
    "bot.cli.tickets",
    "bot.cli.database",
    "bot.cli.retention",
    "bot.cli.train",
    "bot.cli.deadline",
    "bot.cli.gaps",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Integritetsbot: answers privacy-policy questions and logs data-subject requests.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one clear line, no stack trace
        from bot.config import ConfigError

        if isinstance(exc, ConfigError):
            print(f"configuration error: {exc}", file=sys.stderr)
            return 2
        raise
