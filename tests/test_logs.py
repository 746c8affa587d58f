"""Server logs keep a failure's whole traceback, never what its exception says (it may quote a user)."""

from __future__ import annotations

import logging
import sys

from bot.logs import RedactingFormatter

SECRET = "Anna Andersson 19850101-1234 vill bli raderad"


def _logged(exc: BaseException) -> str:
    try:
        raise exc
    except BaseException:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "reply failed", None, None)
        record.exc_info = sys.exc_info()
    return RedactingFormatter("%(levelname)s %(message)s").format(record)


def test_a_traceback_shows_where_and_what_kind_of_failure_but_not_the_message() -> None:
    text = _logged(ValueError(SECRET))
    assert "Traceback (most recent call last):" in text
    assert "test_logs.py" in text and "raise exc" in text  # the frames: file, line and code
    assert "ValueError: <" in text and "characters redacted>" in text
    assert "Anna" not in text and "19850101" not in text


def test_a_chained_cause_is_redacted_too() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:
            raise RuntimeError(f"while handling {SECRET}") from inner
    except RuntimeError as outer:
        text = _logged(outer)
    assert "KeyError" in text and "RuntimeError" in text
    assert "Anna" not in text
