"""The reader's responsiveness: switching days, opening a cached summary, resident memory.

Run: ``.venv/bin/python bench/bench_reader.py [--days 6] [--rounds 3]``.

Drives the real ``InsightsApp`` (offline) with ``App.run_test(size=(100, 32))`` on a
temp cache of several synthetic days of 1,000 papers (``bench/synthetic.py``).

* day switch: ``[`` / ``]`` from the key event until the header shows the new day
  and the frame is painted. Timed as: post the key, drain every pending message of
  the app and the screen (what ``pilot.pause()`` does first), paint
  (``screen._on_timer_update()``, as ``pilot.pause()`` ends), drain again. For
  comparison, ``pilot.press`` + ``pilot.pause()`` is shown too: it adds Textual's
  idle detection, which sleeps in 20 ms steps, so it cannot go below ~60 ms.
* cached summary: every day's offline summaries are generated through the service
  first; then Enter on a category row, timed until its panel shows the cached
  summary and the frame is painted; collapsed again (untimed) before the next one.
  The frame of moving onto the row is painted before the clock starts.
* memory: a fresh process opens a 1,000-paper day, streams one offline summary into
  its panel, and reports VmRSS / VmHWM (peak) from /proc/self/status.

Targets: day switch < 50 ms, cached summary < 30 ms, resident memory < 120 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textual import events  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from bench.synthetic import build_cache, machine_line  # noqa: E402
from core.config import load_config  # noqa: E402
from core.service import InsightsService  # noqa: E402
from tui.app import InsightsApp  # noqa: E402
from tui.screens.main import MainScreen  # noqa: E402
from tui.widgets.category_list import CategoryList  # noqa: E402
from tui.widgets.day_header import DayHeader  # noqa: E402

SIZE = (100, 32)
TIMEOUT = 10.0
TARGETS_MS = {"day switch": 50.0, "cached summary": 30.0}
TARGET_MB = 120.0
KEYS = {"[": "left_square_bracket", "]": "right_square_bracket", "enter": "enter"}


def service_for(home: Path) -> InsightsService:
    """An offline service on ``home``, ignoring the caller's environment."""
    return InsightsService(load_config({"INSIGHTS_HOME": str(home), "INSIGHTS_OFFLINE": "1"}))


async def pregenerate(service: InsightsService) -> int:
    """Write every category's offline summary of every cached day; returns how many."""
    from core.summaries import SummaryDone

    written = 0
    for info in service.days():
        digest = service.open_day(info.day)
        assert digest is not None
        for group in digest.groups:
            async for event in service.summarize(digest, group.name, service.config.language):
                written += isinstance(event, SummaryDone)
    return written


async def settle(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Drain pending messages until ``done()``, then paint the frame and drain once more."""
    app = pilot.app
    deadline = time.perf_counter() + TIMEOUT
    while True:
        await pilot._wait_for_screen()
        if done():
            break
        if time.perf_counter() > deadline:
            raise SystemExit("bench_reader: the app never reached the expected state")
        await asyncio.sleep(0)
    app.screen._on_timer_update()  # lay out and paint now, as pilot.pause() does
    await pilot._wait_for_screen()  # callbacks scheduled after the refresh


async def timed_key(pilot: Pilot[None], key: str, done: Callable[[], bool]) -> float:
    """Seconds from posting ``key`` until ``done()`` and the frame is painted."""
    started = time.perf_counter()
    pilot.app.post_message(events.Key(KEYS[key], key if len(key) == 1 else None))
    await settle(pilot, done)
    return time.perf_counter() - started


def header_of(screen: MainScreen) -> str:
    return str(screen.query_one(DayHeader).render())


def day_shown(screen: MainScreen, iso: str) -> Callable[[], bool]:
    return lambda: iso in header_of(screen)


async def bench_interactive(home: Path, rounds: int) -> dict[str, list[float]]:
    """Day switches and cached-summary openings, in seconds."""
    service = service_for(home)
    days = [info.day.isoformat() for info in service.days() if info.count]
    results: dict[str, list[float]] = {"day switch": [], "pilot day switch": []}
    results["cached summary"] = []
    app = InsightsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(pilot, day_shown(screen, days[-1]))
        for _ in range(rounds):
            # Newest -> oldest with "[", then back with "]".
            for key, order in (("[", days[-2::-1]), ("]", days[1:])):
                for iso in order:
                    results["day switch"].append(
                        await timed_key(pilot, key, day_shown(screen, iso))
                    )
        screenshot = app.export_screenshot()
        assert days[-1] in screenshot.replace("&#160;", " "), "the painted frame lacks the day"
        # The same switches through the pilot's own helpers, for comparison.
        for key, iso in (("[", days[-2]), ("]", days[-1])) * rounds:
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            elapsed = time.perf_counter() - started
            assert iso in header_of(screen)
            results["pilot day switch"].append(elapsed)
        categories = screen.query_one(CategoryList)
        names = [row[0] for row in categories.rows]
        for _ in range(rounds):
            for index, name in enumerate(names):
                categories.highlighted = index
                await pilot.pause()
                await settle(pilot, lambda: True)  # the move's own frame is painted first

                def opened(name: str = name) -> bool:
                    panel = screen.current_panel()
                    return (
                        panel is not None
                        and panel.group.name == name
                        and panel.summary is not None
                        and bool(panel.shown_text)
                    )

                results["cached summary"].append(await timed_key(pilot, "enter", opened))
                panel = screen.current_panel()
                assert panel is not None and not panel.streaming, "the summary was not cached"
                await pilot.press("enter")  # collapse again (untimed)
                await pilot.pause()
                assert name not in categories.expanded
    return results


async def memory_run(home: Path) -> None:
    """Open the newest day, stream one summary, print VmRSS and VmHWM in kB (child process)."""
    service = service_for(home)
    newest = service.newest_day()
    assert newest is not None
    app = InsightsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(pilot, day_shown(screen, newest.isoformat()))

        def streamed() -> bool:
            panel = screen.current_panel()
            return panel is not None and panel.summary is not None and not panel.streaming

        await timed_key(pilot, "enter", streamed)  # the largest category, never summarised
        panel = screen.current_panel()
        assert panel is not None and panel.summary is not None
        papers = screen.digest.paper_count if screen.digest else 0
        status = Path("/proc/self/status").read_text(encoding="utf-8")
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss, hwm = (int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM"))
        print(f"{rss} {hwm} {papers} {len(panel.summary.text)}")


def measure_memory(home: Path) -> tuple[float, float, int, int]:
    """(VmRSS MB, VmHWM MB, papers on screen, summary chars) from a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(home)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_reader: the memory run failed:\n{done.stderr[-2000:]}")
    rss, hwm, papers, chars = (int(x) for x in done.stdout.split()[-4:])
    return rss / 1024, hwm / 1024, papers, chars


def report(label: str, values: list[float], target_ms: float | None) -> None:
    med = statistics.median(values) * 1000
    line = (
        f"  {label:18s} median {med:7.1f} ms  (min {min(values) * 1000:6.1f},"
        f" max {max(values) * 1000:6.1f}, first {values[0] * 1000:6.1f}, n={len(values)})"
    )
    if target_ms is not None:
        line += f"  target < {target_ms:.0f} ms: {'ok' if med < target_ms else 'OVER'}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        asyncio.run(memory_run(args.memory_child))
        return
    print(machine_line(SIZE))
    with tempfile.TemporaryDirectory(prefix="insights-reader-") as tmp:
        root = Path(tmp)
        warm, fresh = root / "warm", root / "fresh"
        seconds = build_cache(warm, args.days, distinct=args.days)
        print(f"cache: {args.days} days x 1000 papers built in {seconds:.1f} s")
        started = time.perf_counter()
        written = asyncio.run(pregenerate(service_for(warm)))
        print(
            f"offline summaries pre-generated: {written} in {time.perf_counter() - started:.1f} s"
        )
        results = asyncio.run(bench_interactive(warm, args.rounds))
        build_cache(fresh, 3, distinct=3)
        rss, hwm, papers, chars = measure_memory(fresh)
    print("reader (run_test, headless):")
    report("day switch", results["day switch"], TARGETS_MS["day switch"])
    report("  via pilot.press", results["pilot day switch"], None)
    report("cached summary", results["cached summary"], TARGETS_MS["cached summary"])
    verdict = "ok" if hwm < TARGET_MB else "OVER"
    print(
        f"  memory, {papers}-paper day open + one summary streamed ({chars} chars):"
        f" VmRSS {rss:.1f} MB, peak VmHWM {hwm:.1f} MB  target < {TARGET_MB:.0f} MB: {verdict}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
