"""The real ``insights`` command in a pseudo-terminal, as a person runs it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Terminal:
    """``insights`` running in an 80x24 pseudo-terminal; everything it wrote so far."""

    def __init__(self, home: Path) -> None:
        self.fd, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {
            **os.environ,
            "INSIGHTS_HOME": str(home),
            "INSIGHTS_OFFLINE": "1",
            "TERM": "xterm-256color",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daily_ai_insights.cli.main"],
            stdin=child,
            stdout=child,
            stderr=child,
            env=env,
            start_new_session=True,
        )
        os.close(child)
        self.output = ""

    def read_until(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared")
            self._read(0.1)

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(0.05)

    def _read(self, wait: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            try:
                self.output += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:  # the program ended
                time.sleep(wait)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def quit(self) -> int:
        self.send("q")
        try:
            return self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.fd)


def test_the_banner_dismissed_once_stays_away_after_a_restart(home: Path) -> None:
    first = Terminal(home)
    first.read_until("bundled sample")
    first.read_for(0.5)
    first.send("\x1b")  # Esc dismisses it
    first.read_for(1.0)
    assert first.quit() == 0
    again = Terminal(home)
    again.read_until("2024-11-19")  # the reader is on screen
    again.read_for(1.5)
    assert "bundled sample" not in again.output
    assert again.quit() == 0
