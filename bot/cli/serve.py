"""Placeholder: this command is being built."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="(not built yet)")
    parser.set_defaults(func=lambda args: print("not built yet") or 2)
