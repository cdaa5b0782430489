"""Running a bench's measuring part in a fresh Python process.

A fresh process gives a clean heap, and with ``--code DIR`` it imports another
checkout's ``core``/``tui``: the ``--tree`` comparisons take turns this way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def child_output(script: str, args: list[str], what: str, timeout: float = 600.0) -> str:
    """The last line ``script`` (run with ``args``) prints; the bench stops, showing the
    child's error output, when it fails."""
    done = subprocess.run(
        [sys.executable, script, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{Path(script).stem}: {what} failed:\n{done.stderr[-2000:]}")
    return done.stdout.splitlines()[-1]
