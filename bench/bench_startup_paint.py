"""Start-up inside the process: from Textual's import to the first paint, against a baseline.

Run: ``.venv/bin/python bench/bench_startup_paint.py [--rounds 15] [--tree DIR]``.

``bench_startup.py`` times what a person sees, from ``tmux new-session`` until the
screen is complete; that figure also holds Python's own start and Textual's import
(about 200 ms, the same for any Textual app) and the machine's fast and slow modes
swing it by 100 ms. This bench times only what the app adds: each program runs in a
fresh tmux session (a real terminal, as Textual needs) under a probe that notes the
time when ``import textual.app`` has finished and when the first screen has been
painted (``Screen._compositor_refresh`` returned), writes both, and quits.

* baseline: a minimal Textual app (``Static("hello")``);
* insights (``INSIGHTS_OFFLINE=1``) on a cache of 250 days x 1,000 papers, its
  newest day remembered: the start the reader makes every day;
* ``--tree DIR``: the same start with the code in DIR (a folder holding ``core/`` and
  ``tui/``, e.g. a ``git worktree`` of an older commit).

The programs take turns, round by round, after one warm-up round; each figure is the
median, and each difference is paired within its round.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_startup import BASELINE_APP, SIZE, Tmux  # noqa: E402
from bench.synthetic import build_cache, machine_line  # noqa: E402

TIMEOUT = 20.0
PROBE = """\
import os, sys, time
started = time.perf_counter()
import textual.app
from textual.screen import Screen

imported = time.perf_counter()
paint = Screen._compositor_refresh


def first_paint(self):
    paint(self)
    Screen._compositor_refresh = paint
    done = time.perf_counter()
    with open(os.environ["PROBE_OUT"], "a", encoding="utf-8") as out:
        out.write(f"{os.environ['PROBE_CASE']} {imported - started} {done - imported}\\n")
    self.app.exit()


Screen._compositor_refresh = first_paint
if sys.argv[1:] == ["insights"]:
    from daily_ai_insights.cli.main import main

    main([])
else:
    exec(open(sys.argv[1], encoding="utf-8").read())
"""
BASELINE = "baseline hello app"
INSIGHTS = "insights 250 days"
TREE = "--tree copy"


def command(case: str, probe: Path, out: Path, target: str, code: Path, home: Path) -> str:
    """The shell command that runs ``target`` (a script, or ``insights``) under the probe."""
    env = {
        "PROBE_OUT": str(out),
        "PROBE_CASE": case,
        "PYTHONPATH": str(code),
        "INSIGHTS_HOME": str(home),
        "INSIGHTS_OFFLINE": "1",
        "TERM": "tmux-256color",
        "HOME": os.environ.get("HOME", str(home)),
        "LANG": "C.UTF-8",
    }
    python = REPO / ".venv" / "bin" / "python"
    # -P: no current folder on sys.path, so PYTHONPATH decides which code is imported.
    program = [str(python), "-P", str(probe), target]
    return "exec env -i " + shlex.join([*(f"{k}={v}" for k, v in env.items()), *program])


def run_once(tmux: Tmux, name: str, shell: str) -> None:
    """Start ``shell`` in a new session and wait until it has ended."""
    width, height = SIZE
    tmux.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), shell)
    started = time.perf_counter()
    while name in tmux.run("list-sessions", "-F", "#{session_name}").split():
        if time.perf_counter() - started > TIMEOUT:
            tmux.run("kill-session", "-t", name)
            raise SystemExit(f"bench_startup_paint: {name} did not finish in {TIMEOUT:.0f} s")
        time.sleep(0.02)


def briefing(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f} ms  (min {min(values):6.1f}, n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--tree", type=Path, help="also time the code in this folder")
    args = parser.parse_args()
    print(machine_line(SIZE))
    with tempfile.TemporaryDirectory(prefix="insights-paint-") as tmp:
        root = Path(tmp)
        home = root / "many"
        print(f"build 250 days x 1000 papers: {build_cache(home, 250):5.1f} s")
        probe, hello, out = root / "probe.py", root / "hello_app.py", root / "times.txt"
        probe.write_text(PROBE, encoding="utf-8")
        hello.write_text(BASELINE_APP, encoding="utf-8")
        cases = {
            BASELINE: command(BASELINE, probe, out, str(hello), REPO, home),
            INSIGHTS: command(INSIGHTS, probe, out, "insights", REPO, home),
        }
        if args.tree is not None:
            cases[TREE] = command(TREE, probe, out, "insights", args.tree.resolve(), home)
        tmux = Tmux()
        try:
            for round_ in range(args.rounds + 1):
                if round_ == 1:
                    out.unlink(missing_ok=True)  # round 0 warms the caches
                for number, shell in enumerate(cases.values()):
                    run_once(tmux, f"paint-{os.getpid()}-{round_}-{number}", shell)
        finally:
            tmux.close()
        rows = [line.rsplit(" ", 2) for line in out.read_text("utf-8").splitlines()]
    imports: dict[str, list[float]] = {case: [] for case in cases}
    paints: dict[str, list[float]] = {case: [] for case in cases}
    for case, imported, painted in rows:
        imports[case].append(float(imported) * 1000)
        paints[case].append(float(painted) * 1000)
    if any(len(values) != args.rounds for values in paints.values()):
        raise SystemExit(f"bench_startup_paint: missing rounds: {json.dumps(paints)}")
    print("import textual.app (with the cycle collector on, as any app starts):")
    for case in cases:
        print(f"  {case:20s} {briefing(imports[case])}")
    print("from Textual's import to the first paint:")
    for case in cases:
        print(f"  {case:20s} {briefing(paints[case])}")
    for case in cases:
        if case != BASELINE:
            paired(f"{case} over the baseline", paints[case], paints[BASELINE])
    if TREE in cases:
        paired("--tree minus insights", paints[TREE], paints[INSIGHTS])


def paired(label: str, values: list[float], against: list[float]) -> None:
    """Print the median of the round-by-round differences."""
    differences = [value - other for value, other in zip(values, against, strict=True)]
    print(f"  {label}, paired by round: median {statistics.median(differences):+.1f} ms")


if __name__ == "__main__":
    main()
