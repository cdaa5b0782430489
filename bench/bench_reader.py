"""The reader's responsiveness: switching days, opening a cached briefing, resident memory.

Run: ``.venv/bin/python bench/bench_reader.py [--days 6] [--rounds 3]``.

Drives the real ``InsightsApp`` (offline) with ``App.run_test(size=(100, 32))`` on a
temp cache of several synthetic days of 1,000 papers (``bench/synthetic.py``).

* day switch: ``[`` / ``]`` from the key event until the header shows the new day
  and the frame is painted. Timed as: post the key, let the event loop run until
  the new state shows and every message queue of the app and the screen's widgets
  is empty, paint (``screen._on_timer_update()``, what the screen's refresh timer
  calls), then run what that frame scheduled and paint again if it changed
  anything. The figure "with pilot's wait" drains with ``pilot._wait_for_screen()``
  instead (the previous way): that posts a callback to every widget and waits for
  all of them, a cost of the test harness (it grows with the number of widgets),
  not of the app. ``pilot.press`` + ``pilot.pause()`` is shown too: it adds
  Textual's idle detection, which sleeps in 20 ms steps, so it cannot go below ~60 ms.
* cached briefing: every day's offline briefings are generated through the service
  first; then Enter on a category row, timed until its panel shows the cached
  briefing and the frame is painted; collapsed again (untimed) before the next one.
  The frame of moving onto the row is painted before the clock starts. The first
  opening of each category (its lines not yet rendered) is also reported apart.
* memory: a fresh process opens a 1,000-paper day, streams one offline briefing into
  its panel, and reports VmRSS / VmHWM (peak) from /proc/self/status.

``--tree DIR`` also times a checkout of the code in DIR (a folder holding ``core/`` and
``tui/``, e.g. a ``git worktree`` of an older commit) on the same cache: fresh
processes of each tree take turns, twice, so drift hits both alike, and the two
medians and their difference are printed.

Targets: day switch < 50 ms, cached briefing < 30 ms, resident memory < 120 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _code_root() -> Path:
    """Where ``core`` and ``tui`` are imported from: ``--code DIR`` (a child timing
    another tree) or this checkout."""
    if "--code" in sys.argv[:-1]:
        return Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
    return REPO


sys.path.insert(0, str(REPO))
sys.path.insert(0, str(_code_root()))

from textual import events  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from bench.synthetic import build_cache, machine_line  # noqa: E402
from daily_ai_insights.core.config import load_config  # noqa: E402
from daily_ai_insights.core.service import InsightsService  # noqa: E402
from daily_ai_insights.tui.app import InsightsApp  # noqa: E402
from daily_ai_insights.tui.screens.main import MainScreen  # noqa: E402
from daily_ai_insights.tui.widgets.category_list import CategoryList  # noqa: E402
from daily_ai_insights.tui.widgets.day_header import DayHeader  # noqa: E402

SIZE = (100, 32)
TIMEOUT = 10.0
TARGETS_MS = {"day switch": 50.0, "cached briefing": 30.0}
TARGET_MB = 120.0
KEYS = {"[": "left_square_bracket", "]": "right_square_bracket", "enter": "enter"}
SERIES = (
    "day switch",
    "day switch, pilot's wait",
    "pilot day switch",
    "cached briefing",
    "cached briefing, first open",
    "cached briefing, pilot's wait",
)


def service_for(home: Path) -> InsightsService:
    """An offline service on ``home``, ignoring the caller's environment."""
    return InsightsService(load_config({"INSIGHTS_HOME": str(home), "INSIGHTS_OFFLINE": "1"}))


async def pregenerate(service: InsightsService) -> int:
    """Write every category's offline briefing of every cached day; returns how many."""
    from daily_ai_insights.core.briefings.service import BriefingDone

    written = 0
    for info in service.days():
        digest = service.open_day(info.day)
        assert digest is not None
        for group in digest.groups:
            async for event in service.brief(digest, group.name, service.config.language):
                written += isinstance(event, BriefingDone)
    return written


def queues_empty(app: InsightsApp) -> bool:
    """No message waits in the app's queue or in any of the screen's widgets'."""
    nodes = (app, *app.screen.walk_children(with_self=True))
    return all(node._message_queue.empty() for node in nodes)


async def run_until(app: InsightsApp, done: Callable[[], bool]) -> None:
    """Let the event loop run until ``done()`` and no message is pending."""
    deadline = time.perf_counter() + TIMEOUT
    while not (done() and queues_empty(app)):
        if time.perf_counter() > deadline:
            raise SystemExit("bench_reader: the app never reached the expected state")
        await asyncio.sleep(0)


async def settle(pilot: Pilot[None], done: Callable[[], bool], *, pilot_wait: bool = False) -> None:
    """Run until ``done()`` with nothing pending, paint the frame, then run what the frame
    scheduled and paint again if that changed anything (see the module docstring)."""
    app = pilot.app
    if pilot_wait:
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
        return
    await run_until(app, done)
    screen = app.screen
    screen._on_timer_update()  # lay out and paint now, as the screen's refresh timer does
    await asyncio.sleep(0)  # callbacks scheduled after the refresh
    await run_until(app, lambda: True)
    if screen._layout_required or screen._dirty_widgets or screen._repaint_required:
        screen._on_timer_update()


async def timed_key(
    pilot: Pilot[None], key: str, done: Callable[[], bool], *, pilot_wait: bool = False
) -> float:
    """Seconds from posting ``key`` until ``done()`` and the frame is painted."""
    started = time.perf_counter()
    pilot.app.post_message(events.Key(KEYS[key], key if len(key) == 1 else None))
    await settle(pilot, done, pilot_wait=pilot_wait)
    return time.perf_counter() - started


def header_of(screen: MainScreen) -> str:
    return str(screen.query_one(DayHeader).render())


def day_shown(screen: MainScreen, iso: str) -> Callable[[], bool]:
    return lambda: iso in header_of(screen)


async def bench_interactive(home: Path, rounds: int) -> dict[str, list[float]]:
    """Day switches and cached-briefing openings, in seconds."""
    service = service_for(home)
    days = [info.day.isoformat() for info in service.days() if info.count]
    results: dict[str, list[float]] = {key: [] for key in SERIES}
    app = InsightsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(pilot, day_shown(screen, days[-1]))
        for round_ in range(2 * rounds):
            # Newest -> oldest with "[", then back with "]"; every other round the old way.
            wait = round_ % 2 == 1
            series = "day switch, pilot's wait" if wait else "day switch"
            for key, order in (("[", days[-2::-1]), ("]", days[1:])):
                for iso in order:
                    results[series].append(
                        await timed_key(pilot, key, day_shown(screen, iso), pilot_wait=wait)
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
        for round_ in range(2 * rounds):
            wait = round_ % 2 == 1
            series = "cached briefing, pilot's wait" if wait else "cached briefing"
            for index, name in enumerate(names):
                categories.highlighted = index
                await pilot.pause()
                await settle(pilot, lambda: True)  # the move's own frame is painted first

                def opened(name: str = name) -> bool:
                    panel = screen.current_panel()
                    # A line-API view must also have drawn the category (its title line).
                    drawn = getattr(panel, "plain_lines", None)
                    return (
                        panel is not None
                        and panel.group.name == name
                        and panel.briefing is not None
                        and bool(panel.shown_text)
                        and (drawn is None or (len(drawn) > 1 and name in drawn[1]))
                    )

                elapsed = await timed_key(pilot, "enter", opened, pilot_wait=wait)
                results[series].append(elapsed)
                if round_ == 0:  # each category's first opening in this process
                    results["cached briefing, first open"].append(elapsed)
                panel = screen.current_panel()
                assert panel is not None and not panel.streaming, "the briefing was not cached"
                await pilot.press("enter")  # collapse again (untimed)
                await pilot.pause()
                assert name not in categories.expanded
    return results


async def memory_run(home: Path) -> None:
    """Open the newest day, stream one briefing, print VmRSS and VmHWM in kB (child process)."""
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
            return panel is not None and panel.briefing is not None and not panel.streaming

        await timed_key(pilot, "enter", streamed)  # the largest category, never summarised
        panel = screen.current_panel()
        assert panel is not None and panel.briefing is not None
        papers = screen.digest.paper_count if screen.digest else 0
        status = Path("/proc/self/status").read_text(encoding="utf-8")
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss, hwm = (int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM"))
        print(f"{rss} {hwm} {papers} {len(panel.briefing.text)}")


def measure_memory(home: Path) -> tuple[float, float, int, int]:
    """(VmRSS MB, VmHWM MB, papers on screen, briefing chars) from a fresh process."""
    from bench.children import child_output

    line = child_output(__file__, ["--memory-child", str(home)], "the memory run", 120)
    rss, hwm, papers, chars = (int(x) for x in line.split())
    return rss / 1024, hwm / 1024, papers, chars


def interactive_in_child(code: Path, home: Path, rounds: int) -> dict[str, list[float]]:
    """``bench_interactive`` in a fresh process importing ``core``/``tui`` from ``code``."""
    from bench.children import child_output

    args = ["--code", str(code), "--rounds", str(rounds), "--interactive-child", str(home)]
    results: dict[str, list[float]] = json.loads(child_output(__file__, args, f"the run of {code}"))
    return results


def compare_trees(home: Path, tree: Path, rounds: int, turns: int = 2) -> None:
    """Processes taking turns between this checkout and ``tree``; medians of each."""
    mine: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    for _ in range(turns):
        for code, into in ((REPO, mine), (tree, theirs)):
            for key, values in interactive_in_child(code, home, rounds).items():
                into.setdefault(key, []).extend(values)
    print(f"this checkout against {tree} ({turns} processes each, taking turns):")
    for key in SERIES:
        a, b = statistics.median(mine[key]) * 1000, statistics.median(theirs[key]) * 1000
        print(f"  {key:28s} this {a:6.1f} ms   --tree {b:6.1f} ms   difference {a - b:+6.1f} ms")


def report(label: str, values: list[float], target_ms: float | None) -> None:
    med = statistics.median(values) * 1000
    line = (
        f"  {label:20s} median {med:7.1f} ms  (min {min(values) * 1000:6.1f},"
        f" max {max(values) * 1000:6.1f}, first {values[0] * 1000:6.1f}, n={len(values)})"
    )
    if target_ms is not None:
        line += f"  target < {target_ms:.0f} ms: {'ok' if med < target_ms else 'OVER'}"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", type=Path, help="also time the code in this folder")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--interactive-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        asyncio.run(memory_run(args.memory_child))
        return
    if args.interactive_child is not None:
        print(json.dumps(asyncio.run(bench_interactive(args.interactive_child, args.rounds))))
        return
    if args.tree is not None and not (args.tree / "tui" / "app.py").is_file():
        parser.error(f"--tree {args.tree}: no tui/app.py there")
    print(machine_line(SIZE))
    with tempfile.TemporaryDirectory(prefix="insights-reader-") as tmp:
        root = Path(tmp)
        warm, fresh = root / "warm", root / "fresh"
        seconds = build_cache(warm, args.days, distinct=args.days)
        print(f"cache: {args.days} days x 1000 papers built in {seconds:.1f} s")
        started = time.perf_counter()
        written = asyncio.run(pregenerate(service_for(warm)))
        print(
            f"offline briefings pre-generated: {written} in {time.perf_counter() - started:.1f} s"
        )
        results = asyncio.run(bench_interactive(warm, args.rounds))
        if args.tree is not None:
            compare_trees(warm, args.tree.resolve(), args.rounds)
        build_cache(fresh, 3, distinct=3)
        rss, hwm, papers, chars = measure_memory(fresh)
    print("reader (run_test, headless):")
    report("day switch", results["day switch"], TARGETS_MS["day switch"])
    report("  with pilot's wait", results["day switch, pilot's wait"], None)
    report("  via pilot.press", results["pilot day switch"], None)
    report("cached briefing", results["cached briefing"], TARGETS_MS["cached briefing"])
    report("  first openings", results["cached briefing, first open"], None)
    report("  with pilot's wait", results["cached briefing, pilot's wait"], None)
    verdict = "ok" if hwm < TARGET_MB else "OVER"
    print(
        f"  memory, {papers}-paper day open + one briefing streamed ({chars} chars):"
        f" VmRSS {rss:.1f} MB, peak VmHWM {hwm:.1f} MB  target < {TARGET_MB:.0f} MB: {verdict}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
