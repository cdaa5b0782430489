"""Time to the first full frame of ``insights`` in a real terminal (tmux), against a baseline.

Run: ``.venv/bin/python bench/bench_startup.py [--runs 7]``.

Each run starts a program in a fresh detached tmux session of 100x32 on a private
tmux server, then polls ``tmux capture-pane -p`` every ~5 ms until the screen is
complete, and reports the wall time from ``new-session`` to that poll:

* baseline: a minimal Textual app (``Static("hello")``): the cost of Python,
  Textual and tmux alone; done when ``hello`` is on screen;
* ``insights`` (``INSIGHTS_OFFLINE=1``) with a cache of 250 days x 1,000 papers
  and with 1 day x 1,000 papers; done when the header shows the newest day's date,
  the category list shows at least one category row (``▸ <name>  <count>``) and the
  chart shows its bars ("first full frame", the target).

``--tree DIR`` adds a fourth case: the same 250-day start with a patched copy of
``core/`` and ``tui/`` in DIR, to measure a proposed fix before it lands.

Runs are interleaved (baseline, 250 days, 1 day) so drift hits all alike; one
warm-up round fills the page cache and the bytecode cache. The polling itself
(one tmux client process per poll) competes for the machine's cores, equally
for all three. Target: <= 400 ms with 250 days.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import LAST, build_cache, machine_line, spread  # noqa: E402

SIZE = (100, 32)
POLL = 0.005
TIMEOUT = 20.0
TARGET_MS = 400.0
BASELINE_APP = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


Hello().run()
"""

Ready = Callable[[str], bool]
BASELINE = "baseline hello app"
LARGE = "insights 250 days"
SMALL = "insights 1 day"
TREE = "--tree copy 250 days"


class Tmux:
    """A private tmux server (its own socket), so no user session is touched."""

    def __init__(self) -> None:
        exe = shutil.which("tmux")
        if exe is None:
            raise SystemExit("bench_startup: tmux is not installed")
        self.socket = f"insights-bench-{os.getpid()}"
        self.base = [exe, "-L", self.socket, "-f", "/dev/null"]
        self.serial = 0
        # A session that outlives the runs keeps the server up: no server start per run.
        self.run("new-session", "-d", "-s", f"keep-{os.getpid()}", "sleep 86400")

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, check=False)
        return done.stdout

    def time_to_ready(self, command: str, steps: dict[str, Ready]) -> tuple[dict[str, float], str]:
        """Seconds from starting ``command`` in a new session until each step's screen test."""
        self.serial += 1
        name = f"run-{os.getpid()}-{self.serial}"
        width, height = SIZE
        reached: dict[str, float] = {}
        started = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
        screen = ""
        try:
            while time.perf_counter() - started < TIMEOUT:
                screen = self.run("capture-pane", "-p", "-t", name)
                now = time.perf_counter() - started
                for step, ready in steps.items():
                    if step not in reached and ready(screen):
                        reached[step] = now
                if len(reached) == len(steps):
                    return reached, screen
                time.sleep(POLL)
            missing = ", ".join(step for step in steps if step not in reached)
            raise SystemExit(f"bench_startup: never saw {missing} in {TIMEOUT:.0f} s:\n{screen}")
        finally:
            self.run("kill-session", "-t", name)

    def close(self) -> None:
        self.run("kill-server")


def insights_ready(date: str, categories: list[str]) -> Ready:
    """True once the header shows ``date``, a category row is drawn and the chart's bars."""
    # A row reads "▸ <emoji> <name>  <count>"; the emoji's cell width varies by terminal.
    names = "|".join(re.escape(name) for name in categories)
    row = re.compile(rf"^▸ .*?(?:{names})  \d+", re.MULTILINE)

    def ready(screen: str) -> bool:
        return date in screen and "▇" in screen and row.search(screen) is not None

    return ready


def insights_command(home: Path, tree: Path | None = None) -> str:
    """``insights`` with ``home`` as INSIGHTS_HOME; ``tree``: run that copy of the code instead."""
    env = {
        "INSIGHTS_HOME": str(home),
        "INSIGHTS_OFFLINE": "1",
        "TERM": "tmux-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(home)),
        "LANG": "C.UTF-8",
    }
    program = [str(REPO / ".venv" / "bin" / "insights")]
    if tree is not None:
        env["PYTHONPATH"] = str(tree)  # ahead of the editable install's finder
        python = REPO / ".venv" / "bin" / "python"
        # -P: no current folder on sys.path, so the copy is imported, not this checkout.
        code = "from daily_ai_insights.cli.main import main; raise SystemExit(main())"
        program = [str(python), "-P", "-c", code]
    return "exec env -i " + shlex.join([*(f"{k}={v}" for k, v in env.items()), *program])


def baseline_command(script: Path) -> str:
    env = ["TERM=tmux-256color", f"HOME={os.environ.get('HOME', '/tmp')}", "LANG=C.UTF-8"]
    python = REPO / ".venv" / "bin" / "python"
    return "exec env -i " + shlex.join([*env, str(python), str(script)])


def ms(values: list[float]) -> str:
    """Median, quartiles and extremes: this machine's timings often have two modes."""
    quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms"
        f"  (min {min(values) * 1000:6.1f}, quartiles {quartiles[0] * 1000:6.1f}"
        f" / {quartiles[2] * 1000:6.1f}, max {max(values) * 1000:6.1f}, n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--tree",
        type=Path,
        help="also time a patched copy of the code (a folder holding core/ and tui/)",
    )
    args = parser.parse_args()
    print(machine_line(SIZE))
    with tempfile.TemporaryDirectory(prefix="insights-bench-") as tmp:
        root = Path(tmp)
        many, one = root / "many", root / "one"
        print(f"build 250 days x 1000 papers: {build_cache(many, 250):5.1f} s")
        print(f"build   1 day  x 1000 papers: {build_cache(one, 1):5.1f} s")
        script = root / "hello_app.py"
        script.write_text(BASELINE_APP, encoding="utf-8")
        names = [name for name, _ in spread(many, LAST)]
        ready = insights_ready(LAST.isoformat(), names)
        full = "first full frame"
        insights_steps = {full: ready}
        cases: dict[str, tuple[str, dict[str, Ready]]] = {
            BASELINE: (baseline_command(script), {full: lambda screen: "hello" in screen}),
            LARGE: (insights_command(many), insights_steps),
            SMALL: (insights_command(one), insights_steps),
        }
        if args.tree is not None:
            cases[TREE] = (insights_command(many, args.tree.resolve()), insights_steps)
        tmux = Tmux()
        times: dict[tuple[str, str], list[float]] = {}
        last_screen = ""
        try:
            for round_ in range(args.runs + 1):
                for label, (command, steps) in cases.items():
                    reached, screen = tmux.time_to_ready(command, steps)
                    if round_ == 0:
                        continue  # round 0 warms the page and bytecode caches
                    for step, elapsed in reached.items():
                        times.setdefault((label, step), []).append(elapsed)
                    if label == LARGE:
                        last_screen = screen
        finally:
            tmux.close()
    print("from new-session until the screen shows it:")
    for (label, step), values in times.items():
        print(f"  {label:22s} {step:16s} {ms(values)}")
    base = statistics.median(times[BASELINE, full])
    large = statistics.median(times[LARGE, full])
    small = statistics.median(times[SMALL, full])
    print(f"  first full frame over baseline: 250 days +{(large - base) * 1000:.1f} ms,"
          f" 1 day +{(small - base) * 1000:.1f} ms")  # fmt: skip
    # Each round's own difference: steadier than two medians when the machine
    # switches between its fast and slow modes during a run.
    rounds = zip(times[LARGE, full], times[BASELINE, full], strict=True)
    over = [(now - hello) * 1000 for now, hello in rounds]
    quartiles = statistics.quantiles(over, n=4) if len(over) > 1 else over * 3
    print(f"  250 days over baseline, paired by round: median {statistics.median(over):+.1f} ms"
          f" (quartiles {quartiles[0]:+.1f} / {quartiles[2]:+.1f})")  # fmt: skip
    if (TREE, full) in times:
        # Same round, same load: the paired difference is steadier than two medians.
        pairs = zip(times[TREE, full], times[LARGE, full], strict=True)
        diffs = [(tree - now) * 1000 for tree, now in pairs]
        print(
            f"  --tree minus insights, 250 days (paired): median {statistics.median(diffs):+.1f} ms"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    verdict = "ok" if large * 1000 <= TARGET_MS else "OVER TARGET"
    print(f"target: first full frame, 250 days <= {TARGET_MS:.0f} ms -> {large * 1000:.1f} ms"
          f" ({verdict})")  # fmt: skip
    print("last 250-day frame, first lines:")
    for line in last_screen.splitlines()[:6]:
        print(f"  | {line.rstrip()}")


if __name__ == "__main__":
    main()
