"""Helpers shared by the command-line front ends."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import default_knowledge_dir

if TYPE_CHECKING:
    from bot.pipeline import Engine


def add_knowledge_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        type=Path,
        default=None,
        help="folder of policy files (default: $KNOWLEDGE_DIR, else the bundled knowledge/)",
    )


def knowledge_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "knowledge", None):
        return Path(args.knowledge)
    env = os.environ.get("KNOWLEDGE_DIR", "").strip()
    return Path(env) if env else default_knowledge_dir()


def load_engine(
    args: argparse.Namespace, quiet: bool = False, ranker: str = "learned", embeddings: str = "sync"
) -> Engine:
    from bot.config import parse_cache_dir
    from bot.pipeline import Engine

    directory = knowledge_dir(args)
    # the terminal front ends cache indexes only when asked to (serve caches by default)
    raw_cache = os.environ.get("INDEX_CACHE_DIR", "").strip()
    cache_dir = parse_cache_dir(raw_cache) if raw_cache else None
    engine = Engine.load(directory, cache_dir=cache_dir, embeddings=embeddings, ranker=ranker)
    for error in engine.kb.errors:
        print(f"knowledge: {error}", file=sys.stderr)
    if not engine.kb.policies and not quiet:
        print(f"knowledge: no policy could be loaded from {directory}", file=sys.stderr)
    return engine


def printable(value: object, limit: int | None = None) -> str:
    """A value safe to print on an operator's terminal: control characters (escape sequences typed into
    Slack, carriage returns, bells) shown as ``\\xNN`` instead of acting on the terminal; line breaks as ⏎."""
    text = str(value).replace("\r\n", "\n").replace("\n", " ⏎ ")
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return shown if limit is None else shown[:limit]


def iso_date(raw: str) -> date:
    """An argparse type: a date as YYYY-MM-DD (a clear usage error otherwise)."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {raw!r}") from None
