"""Logging for the server: tracebacks in full, but never what an exception says.

An exception's message can carry what a user wrote (a parse error quoting the input, a Slack error
echoing the posted text), and logs must not. ``RedactingFormatter`` prints every frame of a traceback
(file, line, function, the line of code) and each exception's type, chained causes included, with the
message replaced by its length.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:
        _, value, _ = ei
        if value is None:
            return ""
        lines = traceback.TracebackException.from_exception(value).format()
        return "".join(_redacted(line) for line in lines).rstrip("\n")


def _redacted(line: str) -> str:
    """A traceback line as is, except an exception's own line: its type, and how long the message was."""
    if line.startswith((" ", "Traceback", "\n", "During handling", "The above exception")):
        return line
    kind, sep, message = line.partition(":")
    if not sep:
        return line
    return f"{kind}: <{len(message.strip())} characters redacted>\n"


def configure(level: str) -> None:
    """The server's logging: one line per record on standard error, tracebacks redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=getattr(logging, level, logging.INFO), handlers=[handler])
