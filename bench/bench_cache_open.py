"""How long opening the newest cached day takes with 1 day cached and with 250.

Run: ``.venv/bin/python bench/bench_cache_open.py [--runs 20]``. Builds both caches
in temp folders (day files written straight through the atomic storage, index built
by the store), then times ``Store(root).newest_day()`` + ``load_day`` with a fresh
``Store`` each run, interleaving the two caches so drift hits both alike.
Target: the 250-day figure within 10 % of the 1-day figure.

``--tree DIR`` also times a checkout of the code in DIR (a folder holding ``core/``,
e.g. a ``git worktree`` of an older commit) on the same two caches, in fresh
processes taking turns with this checkout's, and prints both ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _code_root() -> Path:
    """Where ``core`` is imported from: ``--code DIR`` (a child timing another tree) or
    this checkout."""
    if "--code" in sys.argv[:-1]:
        return Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
    return REPO


sys.path.insert(0, str(_code_root()))

from daily_ai_insights.core.papers import Assignment, Paper  # noqa: E402
from daily_ai_insights.core.store.dayfile import StoredDay, day_tables  # noqa: E402
from daily_ai_insights.core.store.days import Store  # noqa: E402
from daily_ai_insights.core.store.tinydb_files import AtomicJSONStorage  # noqa: E402

PAPERS = 1000
CATEGORIES = ("LLMs", "Vision", "Agents", "Robotics", "RL", "Safety", "Speech", "Other")
FIRST = dt.date(2024, 1, 1)
ABSTRACT = (
    "We study how large language models reason over long contexts and propose a "
    "retrieval-augmented method that improves accuracy on multi-hop benchmarks. "
) * 6


def synthetic_day(day: dt.date, n: int = PAPERS) -> StoredDay:
    """A day of ``n`` made-up papers with realistic field sizes."""
    papers = []
    for i in range(n):
        pid = f"{day:%y%m}.{i:05d}"
        papers.append(
            Paper(
                arxiv_id=pid,
                version=1 + i % 3,
                title=f"A Study of Thing {i}: Scaling Retrieval for Long-Context Reasoning",
                authors=tuple(f"Author {j} Surname" for j in range(5)),
                abstract=ABSTRACT,
                primary_category="cs.CL",
                categories=("cs.CL", "cs.AI", "cs.LG"),
                announced=day,
                abs_url=f"https://arxiv.org/abs/{pid}",
                pdf_url=f"https://arxiv.org/pdf/{pid}",
                sources=("arxiv", "hf"),
                upvotes=i % 50 or None,
            )
        )
    labels = tuple(
        Assignment(p.arxiv_id, CATEGORIES[i % len(CATEGORIES)], 2.0, ("retrieval",))
        for i, p in enumerate(papers)
    )
    return StoredDay(day, tuple(papers), labels, ("arxiv", "hf"), "tax1", "2024-01-01T00:00:00")


def build(root: Path, days: int) -> float:
    """Write ``days`` day files of PAPERS papers under ``root``; returns seconds taken."""
    started = time.perf_counter()
    template = day_tables(synthetic_day(FIRST))
    store = Store(root)
    for k in range(days):
        day = FIRST + dt.timedelta(days=k)
        # Same papers every day, only the meta record differs: enough for timing reads.
        meta = {**template["meta"]["1"], "day": day.isoformat()}
        tables = {**template, "meta": {"1": meta}}
        AtomicJSONStorage(store.day_path(day), durable=False).write(tables)
    store.days()  # no index yet: the store builds it from the day files
    return time.perf_counter() - started


def open_newest(root: Path) -> float:
    """Seconds to find and load the newest day with a fresh Store."""
    started = time.perf_counter()
    store = Store(root)
    newest = store.newest_day()
    assert newest is not None
    stored = store.load_day(newest)
    elapsed = time.perf_counter() - started
    assert stored is not None and len(stored.papers) == PAPERS
    return elapsed


def timed_in_child(code: Path, one: Path, many: Path, runs: int) -> tuple[float, float]:
    """Median seconds (1 day, 250 days) of ``runs`` opens by the code in ``code``."""
    from bench.children import child_output

    args = ["--code", str(code), "--runs", str(runs), "--child", str(one), str(many)]
    small, large = json.loads(child_output(__file__, args, f"the run of {code}"))
    return float(small), float(large)


def measure(one: Path, many: Path, runs: int) -> tuple[float, float]:
    """Median seconds to open the newest day of ``one`` and of ``many``, interleaved."""
    open_newest(one), open_newest(many)  # warm the page cache and imports
    times: dict[Path, list[float]] = {one: [], many: []}
    for _ in range(runs):
        for root in (one, many):
            times[root].append(open_newest(root))
    return statistics.median(times[one]), statistics.median(times[many])


def compare_trees(one: Path, many: Path, tree: Path, runs: int, turns: int = 3) -> None:
    """Ratios of this checkout and of ``tree``, from processes taking turns."""
    ratios: dict[Path, list[float]] = {REPO: [], tree: []}
    for _ in range(turns):
        for code in (REPO, tree):
            small, large = timed_in_child(code, one, many, runs)
            ratios[code].append(large / small)
    for code, label in ((REPO, "this checkout"), (tree, f"--tree {tree}")):
        values = ", ".join(f"{ratio:.3f}" for ratio in ratios[code])
        print(f"ratio 250/1, {label}: {values} (one per process)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tree", type=Path, help="also time the code in this folder")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(*args.child, args.runs)))
        return
    if args.tree is not None and not (args.tree / "core" / "store.py").is_file():
        parser.error(f"--tree {args.tree}: no core/store.py there")
    with tempfile.TemporaryDirectory() as one_dir, tempfile.TemporaryDirectory() as many_dir:
        one, many = Path(one_dir), Path(many_dir)
        print(f"build   1 day  x {PAPERS} papers: {build(one, 1):6.2f} s")
        print(f"build 250 days x {PAPERS} papers: {build(many, 250):6.2f} s")
        small, large = measure(one, many, args.runs)
        print(f"open newest,   1 day : {small * 1000:7.2f} ms (median of {args.runs})")
        print(f"open newest, 250 days: {large * 1000:7.2f} ms (median of {args.runs})")
        verdict = "ok" if large <= small * 1.10 else "over the 10 % target"
        print(f"ratio 250/1: {large / small:.3f} ({verdict})")
        if args.tree is not None:
            compare_trees(one, many, args.tree.resolve(), args.runs)


if __name__ == "__main__":
    main()
