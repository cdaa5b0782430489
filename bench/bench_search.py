"""Search across 250 days x 1,000 papers: query latency, index update, rebuild, process.

Run: ``.venv/bin/python bench/bench_search.py [--days 250] [--papers 1000]``.

1. An index of ``--days`` days built from real abstracts (the corpus's whole-day listings,
   rotated so each day holds ``--papers`` papers with ids of its own; made-up text when
   ``../shared/corpus`` is absent). Times ``put_day`` of each day into the growing index,
   then 50 varied queries (common and rare words, phrases, prefixes, authors, ``--since``)
   through the sanitiser, reported as median and p95 of the time to the first page.
2. A synthetic cache of as many days (``bench/synthetic.py``): the rebuild of the index
   from its day files through the service (with progress), the update of one 1,000-paper
   day right after it is stored, and ``insights search`` as a whole process.

Targets: first results < 50 ms (p95), process < 400 ms, update < 150 ms, rebuild < 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synthetic import build_cache  # noqa: E402
from daily_ai_insights.core.config import load_config  # noqa: E402
from daily_ai_insights.core.search.index import IndexRow, SearchIndex  # noqa: E402
from daily_ai_insights.core.search.query import parse_query  # noqa: E402
from daily_ai_insights.core.service import InsightsService  # noqa: E402

LISTINGS = REPO.parent / "shared" / "corpus" / "listings" / "daily-arxiv-ai-enhanced"
if not LISTINGS.is_dir():
    LISTINGS = Path("/work/shared/corpus/listings/daily-arxiv-ai-enhanced")
CATEGORIES = ("LLM", "Computer Vision", "Multimodal", "AI Agents", "Other")


def corpus_rows() -> list[IndexRow]:
    """Unique papers of the corpus's weekday listings (real titles, authors, abstracts)."""
    seen: dict[str, IndexRow] = {}
    for path in sorted(LISTINGS.glob("2026-06-0[1-5].jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            ident = str(record.get("id", ""))
            if ident and ident not in seen:
                seen[ident] = IndexRow(
                    ident,
                    CATEGORIES[len(seen) % len(CATEGORIES)],
                    str(record.get("title", "")),
                    tuple(str(a) for a in record.get("authors", [])),
                    str(record.get("summary", "")),
                )
    return list(seen.values())


def made_up_rows(n: int) -> list[IndexRow]:
    """Text with a Zipf-like vocabulary, for machines without the corpus."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(words))]
    return [
        IndexRow(
            f"0000.{i:05d}",
            CATEGORIES[i % len(CATEGORIES)],
            " ".join(rng.choices(words, weights, k=10)),
            (f"Author{rng.randint(0, 5000)}", f"Author{rng.randint(0, 5000)}"),
            " ".join(rng.choices(words, weights, k=200)),
        )
        for i in range(n)
    ]


def day_rows(pool: list[IndexRow], k: int, n: int) -> list[IndexRow]:
    start = (k * 389) % len(pool)
    picked = (pool * (n // len(pool) + 2))[start : start + n]
    return [
        IndexRow(f"{k:04d}.{i:05d}", r.category, r.title, r.authors, r.abstract)
        for i, r in enumerate(picked)
    ]


def queries(
    pool: list[IndexRow], first: dt.date, last: dt.date
) -> list[tuple[str, dt.date | None]]:
    """50 varied queries drawn from the text itself."""
    rng = random.Random(1)
    words = [w for r in pool[:500] for w in r.abstract.split() if w.isalpha() and len(w) > 3]
    common = ["model", "learning", "language", "data", "performance", "neural", "graph"]
    result: list[tuple[str, dt.date | None]] = [(w, None) for w in common]
    result += [(rng.choice(words), None) for _ in range(10)]  # mixed frequency
    for _ in range(10):  # phrases of 2-3 words from an abstract
        r = rng.choice(pool).abstract.split()
        at = rng.randrange(max(1, len(r) - 3))
        result.append(('"' + " ".join(r[at : at + rng.choice((2, 3))]) + '"', None))
    result += [(w[:5] + "*", None) for w in rng.sample(words, 6)]  # prefixes
    result += [(rng.choice(rng.choice(pool).authors or ("x",)).split()[-1], None) for _ in range(5)]
    result += [(f"{rng.choice(common)} {rng.choice(words)}", None) for _ in range(6)]  # AND
    since = last - dt.timedelta(days=30)
    result += [(w, since) for w in ("transformer", "diffusion", "agent", "benchmark")]
    result += [('"large language model" reasoning', first), ("zzzzunmatched", None)]
    return result[:50]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def part_one(days: int, papers: int, root: Path) -> None:
    pool = corpus_rows() if LISTINGS.is_dir() else made_up_rows(2_000)
    print(f"text: {'corpus listings' if LISTINGS.is_dir() else 'made up'}, {len(pool)} papers")
    index = SearchIndex(root / "real.sqlite3")
    last = dt.date(2025, 6, 30)
    first = last - dt.timedelta(days=days - 1)
    times = []
    for k in range(days):
        rows = day_rows(pool, k, papers)
        started = time.perf_counter()
        index.put_day(first + dt.timedelta(days=k), rows, "s")
        times.append(time.perf_counter() - started)
    size = (root / "real.sqlite3").stat().st_size / 1e6
    print(
        f"index {days} days x {papers} papers: put_day median {statistics.median(times) * 1e3:.0f}"
        f" ms, last 10 median {statistics.median(times[-10:]) * 1e3:.0f} ms,"
        f" total {sum(times):.1f} s, {size:.0f} MB"
    )
    cases = queries(pool, first, last)
    for text, since in cases:  # warm the page cache once, as a second search would be
        index.search(parse_query(text), since=since)
    firsts = []
    for text, since in cases:
        started = time.perf_counter()
        results = index.search(parse_query(text), since=since)
        firsts.append(time.perf_counter() - started)
        results.by_day()
    worst = max(range(len(cases)), key=lambda i: firsts[i])
    print(
        f"first page (100 hits) of 50 queries: median {statistics.median(firsts) * 1e3:.1f} ms,"
        f" p95 {pct(firsts, 0.95) * 1e3:.1f} ms, max {max(firsts) * 1e3:.1f} ms"
        f" ({cases[worst][0]!r})"
    )


def part_two(days: int, papers: int, root: Path) -> None:
    home = root / "home"
    built = build_cache(home, days, papers)
    print(f"synthetic cache: {days} days x {papers} papers written in {built:.1f} s")
    # Compiled modules are cached as they are for a user (this machine's shell sets
    # PYTHONDONTWRITEBYTECODE, which would compile every module on every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["INSIGHTS_HOME"] = str(home)
    service = InsightsService(load_config(env))
    shown: list[str] = []

    def progress(done: int, total: int, day: dt.date) -> None:
        if done % 50 == 0 or done == total:
            shown.append(f"{done}/{total}")

    started = time.perf_counter()
    indexed = service.search.refresh(progress)
    rebuild = time.perf_counter() - started
    print(f"rebuild from the day files: {indexed} days in {rebuild:.1f} s (progress {shown})")
    newest = service.newest_day()
    assert newest is not None
    updates = []
    for _ in range(5):
        service.open_day(newest)  # fetch_day has the digest in memory when it indexes
        started = time.perf_counter()
        service.search.index_day(newest)
        updates.append(time.perf_counter() - started)
    median = statistics.median(updates) * 1e3
    print(f"index one {papers}-paper day again after a fetch: median {median:.0f} ms")
    fresh = newest + dt.timedelta(days=1)
    stored = service.store.load_day(newest)
    assert stored is not None
    service.store.save_day(
        fresh, stored.papers, stored.assignments, sources=("arxiv",), taxonomy_version="x"
    )
    service.open_day(fresh)
    started = time.perf_counter()
    service.search.index_day(fresh)
    print(f"index a new {papers}-paper day: {(time.perf_counter() - started) * 1e3:.0f} ms")
    inproc = []
    for text in ("diffusion", '"sparse updates"', "scaling laws", "Zhang", "robot*"):
        started = time.perf_counter()
        service.search.search(text)
        inproc.append(time.perf_counter() - started)
    print(f"service.search (index check included): median {statistics.median(inproc) * 1e3:.1f} ms")
    command = [sys.executable, "-m", "daily_ai_insights.cli.main", "search"]
    subprocess.run([*command, "warm"], env=env, capture_output=True, cwd=REPO, check=True)
    runs = []
    for text in ("diffusion", '"sparse updates"', "scaling laws", "Zhang", "robot*") * 2:
        started = time.perf_counter()
        done = subprocess.run(
            [*command, text],
            env=env,
            capture_output=True,
            cwd=REPO,
            check=True,
        )
        runs.append(time.perf_counter() - started)
        assert done.stdout
    bare = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        bare.append(time.perf_counter() - started)
    print(
        f"`insights search` as a process: median {statistics.median(runs) * 1e3:.0f} ms,"
        f" max {max(runs) * 1e3:.0f} ms (bare python: {statistics.median(bare) * 1e3:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--papers", type=int, default=1000)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        part_one(args.days, args.papers, Path(folder))
        part_two(args.days, args.papers, Path(folder))


if __name__ == "__main__":
    main()
