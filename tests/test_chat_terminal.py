"""The terminal chat driven through a real pseudo-terminal: prompt, answers, follow-ups, help, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROMPT = b"you> "
SAFETY_NET = 120.0  # seconds: only so that a broken chat cannot hang the suite; nothing here is timed


class Terminal:
    def __init__(self, home: Path) -> None:
        env = {**os.environ, "HOME": str(home), "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "TERM": "dumb"}
        env.pop("CHAT_HISTORY", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the chat, with the pseudo-terminal as its controlling terminal
            os.chdir(ROOT)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a shell starts it (test workers ignore it)
            os.execve(sys.executable, [sys.executable, "-m", "bot", "chat"], env)
        self.seen = b""

    def read_until(self, marker: bytes, patience: float = SAFETY_NET) -> str:
        """Everything printed up to and including the next `marker`."""
        deadline = time.monotonic() + patience
        while marker not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {marker!r} after {self.seen[-500:]!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the chat has exited
                    break
                if not chunk:
                    break
                self.seen += chunk
        head, _, rest = self.seen.partition(marker)
        self.seen = rest
        return (head + marker).decode("utf-8", "replace")

    def ctrl_c(self) -> str:
        """Press Ctrl-C until the chat prompts again. A person presses it once; a test may press it in the
        instant between the prompt being printed and the read starting, when CPython's `input()` only
        notices the signal at the next key, so it presses again (as a person would) if nothing came."""
        for _ in range(int(SAFETY_NET)):
            self.type("\x03")
            try:
                return self.read_until(PROMPT, patience=1.0)
            except AssertionError:
                continue
        raise AssertionError(f"Ctrl-C never gave the prompt back: {self.seen[-500:]!r}")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def exit_code(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    term = Terminal(tmp_path)
    yield term
    try:
        os.kill(term.pid, 9)
        os.waitpid(term.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    os.close(term.fd)


def test_a_terminal_conversation(terminal: Terminal, tmp_path: Path) -> None:
    banner = terminal.read_until(PROMPT)
    assert "Xledger" in banner and "/use" in banner  # the banner says what it can do, and for whom

    terminal.type("Hur länge sparar Xledger kunddata?\r")
    answer = terminal.read_until(PROMPT)
    assert "bot> " in answer and "Xledger" in answer

    terminal.type("och cookies?\r")  # no company named: the last one carries over
    follow_up = terminal.read_until(PROMPT)
    assert "Xledger" in follow_up and "cookie" in follow_up.lower()
    assert "Vilket företag" not in follow_up

    terminal.type("vad kan du göra?\r")
    assert "Jag svarar på frågor" in terminal.read_until(PROMPT)

    terminal.type("radera allt om mig")
    after_interrupt = terminal.ctrl_c()  # the half-typed line is dropped, the chat goes on
    assert "bot> " not in after_interrupt

    terminal.type("\x04")  # Ctrl-D on an empty line: goodbye
    assert terminal.exit_code() == 0
    assert not (tmp_path / ".integritetsbot_history").exists()  # nothing typed is kept unless asked
