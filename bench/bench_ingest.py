"""Ingest of a whole-day listing served from loopback, split into fetch+parse, classify, store.

Run: ``.venv/bin/python bench/bench_ingest.py``. Serves the 2026-06-02 listing
(935 records, 715 unique papers) from a real HTTP server on 127.0.0.1 and prints
the median of several runs of each step, and the overhead beyond the raw parse.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from daily_ai_insights.core.config import load_config  # noqa: E402
from daily_ai_insights.core.sources.listing import parse_listing_jsonl  # noqa: E402
from daily_ai_insights.core.sources.registry import fetch_sources  # noqa: E402
from daily_ai_insights.core.store.days import Store  # noqa: E402
from daily_ai_insights.core.topics.classify import classify  # noqa: E402
from daily_ai_insights.core.topics.taxonomy import default_taxonomy  # noqa: E402
from tests.support.loopback import Handler, Request, loopback_server  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
LISTING = CORPUS / "listings/daily-arxiv-ai-enhanced/2026-06-02.jsonl"
DAY = dt.date(2026, 6, 2)
RUNS = 7


def main() -> int:
    if not LISTING.is_file():
        print(f"skipped: {LISTING} is absent")
        return 0
    body = LISTING.read_bytes()
    taxonomy = default_taxonomy()
    fetch_ms, parse_ms, classify_ms, store_ms = [], [], [], []
    with loopback_server() as server, tempfile.TemporaryDirectory() as tmp:

        def serve(handler: Handler, request: Request) -> None:
            handler.send_bytes(200, body, "application/x-ndjson")

        server.route("/2026-06-02.jsonl", serve)
        config = load_config({"INSIGHTS_HOME": tmp})
        url = f"{server.url}/2026-06-02.jsonl"
        papers = []
        for run in range(RUNS):
            start = time.perf_counter()
            outcome = asyncio.run(fetch_sources(DAY, (url,), config))
            fetch_ms.append((time.perf_counter() - start) * 1000)
            papers = list(outcome.papers)

            start = time.perf_counter()
            parse_listing_jsonl(body, DAY)
            parse_ms.append((time.perf_counter() - start) * 1000)

            start = time.perf_counter()
            assignments = classify(papers, taxonomy)
            classify_ms.append((time.perf_counter() - start) * 1000)

            store = Store(Path(tmp) / f"cache-{run}")
            start = time.perf_counter()
            store.save_day(DAY, papers, assignments, sources=("listing",), taxonomy_version="x")
            store_ms.append((time.perf_counter() - start) * 1000)

    med = {
        name: statistics.median(v)
        for name, v in (
            ("fetch", fetch_ms),
            ("parse", parse_ms),
            ("classify", classify_ms),
            ("store", store_ms),
        )
    }
    print(f"listing 2026-06-02: {len(body.splitlines())} records -> {len(papers)} unique papers")
    print(f"  fetch + parse over loopback  {med['fetch']:8.1f} ms")
    print(f"  raw parse                    {med['parse']:8.1f} ms")
    print(f"  classify                     {med['classify']:8.1f} ms")
    print(f"  store (atomic, fsync)        {med['store']:8.1f} ms")
    overhead = (med["classify"] + med["store"]) / med["parse"] * 100
    print(f"  ingest overhead beyond the raw parse: {overhead:.0f} % (target < 25 %)")
    print(f"(median of {RUNS} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
