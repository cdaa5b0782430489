"""Time the parsers on the corpus: the 2026-06-02 listing and the 100-entry API page.

Run: ``.venv/bin/python bench/bench_parse.py``. Prints the median of several runs;
skips with a message when ../shared/corpus is absent.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from daily_ai_insights.core.sources.arxiv_api import parse_arxiv_atom  # noqa: E402
from daily_ai_insights.core.sources.listing import parse_listing_jsonl  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
RUNS = 7


def median_ms(work: Callable[[], int]) -> tuple[float, int]:
    """Median wall time of ``work`` in milliseconds, and what it returned."""
    timings = []
    result = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        result = work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def main() -> int:
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is absent")
        return 0
    listing = (CORPUS / "listings/daily-arxiv-ai-enhanced/2026-06-02.jsonl").read_bytes()
    atom = (
        CORPUS / "arxiv-api/arxiv-api-atom-2026-search-all_testing-100-entries.xml"
    ).read_bytes()
    day = dt.date(2026, 6, 2)
    records = len(listing.splitlines())
    ms, unique = median_ms(lambda: len(parse_listing_jsonl(listing, day)))
    print(f"listing 2026-06-02: {records} records -> {unique} papers in {ms:.1f} ms", end="")
    print(f" (median of {RUNS})")
    ms, count = median_ms(lambda: len(parse_arxiv_atom(atom, day)[0]))
    print(f"arXiv API page: {count} entries in {ms:.1f} ms (median of {RUNS})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
