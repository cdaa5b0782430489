"""Bench: streaming latency through BriefingService vs raw httpx, map-reduce token plan,
and the offline writer on 300 papers.

Run from the repository root: ``.venv/bin/python -m bench.bench_briefing [N]``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

from daily_ai_insights.core.briefings.llm import LLMWriter, request_tokens
from daily_ai_insights.core.briefings.offline import offline_briefing
from daily_ai_insights.core.briefings.record import Briefing
from daily_ai_insights.core.briefings.service import BriefingChunk, BriefingService
from daily_ai_insights.core.config import LLMConfig
from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.core.papers import Paper, merge_papers
from daily_ai_insights.core.topics.digest import build_digest
from tests.support.fake_openai import fake_openai_server

REPO = Path(__file__).resolve().parents[1]
LISTING = REPO.parent / "shared/corpus/listings/daily-arxiv-ai-enhanced/2026-06-02.jsonl"
DAY = dt.date(2026, 6, 2)


class NoCache:
    def get_briefing(self, day: dt.date, key: str) -> Briefing | None:
        return None

    def put_briefing(self, briefing: Briefing) -> None:
        pass


def load_listing() -> list[Paper]:
    papers = []
    for line in LISTING.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        papers.append(
            Paper(r["id"], 1, r["title"], tuple(r["authors"]), r["summary"], r["categories"][0],
                  tuple(r["categories"]), DAY, r["abs"], r["pdf"])
        )  # fmt: skip
    return merge_papers(papers)


def group_papers(papers: list[Paper]) -> list[CategoryGroup]:
    try:
        from daily_ai_insights.core.topics.classify import classify
        from daily_ai_insights.core.topics.taxonomy import default_taxonomy

        taxonomy = default_taxonomy()
        digest = build_digest(DAY, ("listing",), papers, classify(papers, taxonomy), taxonomy)
        return list(digest.groups)
    except ImportError:
        buckets: dict[str, list[Paper]] = {}
        for paper in papers:
            buckets.setdefault(paper.primary_category, []).append(paper)
        return [
            CategoryGroup(Category(name, "📄"), tuple(members))
            for name, members in sorted(buckets.items(), key=lambda kv: -len(kv[1]))
        ]


async def through_service(svc: BriefingService, group: CategoryGroup) -> tuple[float, float]:
    started = time.perf_counter()
    first = 0.0
    async for event in svc.stream(DAY, group, "ko", regenerate=True):
        if isinstance(event, BriefingChunk) and not first:
            first = time.perf_counter() - started
    return first, time.perf_counter() - started


async def raw_httpx(url: str, body: dict[str, object]) -> tuple[float, float]:
    async with httpx.AsyncClient() as client:
        started = time.perf_counter()
        first = 0.0
        async with client.stream("POST", f"{url}/chat/completions", json=body) as response:
            async for line in response.aiter_lines():
                if '"content": "' in line and '"content": ""' not in line and not first:
                    first = time.perf_counter() - started
        return first, time.perf_counter() - started


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.2f} ms"


async def main(runs: int) -> None:
    papers = load_listing()
    groups = group_papers(papers)
    with fake_openai_server() as fake:
        llm = LLMConfig(base_url=fake.base_url, api_key="sk-bench", summarizer="llm")
        small = CategoryGroup(groups[0].category, groups[0].papers[:5])
        body = {
            "model": llm.model,
            "stream": True,
            "messages": LLMWriter(llm).plan(DAY, small, "ko")[0],
        }
        # One service for all runs, as the app keeps one: the client and its pool are reused.
        svc = BriefingService(llm, NoCache(), writer=LLMWriter(llm))
        await through_service(svc, small)  # warm up: openai import, connection
        service_runs = [await through_service(svc, small) for _ in range(runs)]
        raw_runs = [await raw_httpx(fake.base_url, body) for _ in range(runs)]
    print(f"streaming, median of {runs} (fake server on 127.0.0.1, {small.count} papers):")
    print(f"  BriefingService first char {ms([f for f, _ in service_runs])}, "
          f"total {ms([t for _, t in service_runs])}")  # fmt: skip
    print(f"  raw httpx      first char {ms([f for f, _ in raw_runs])}, "
          f"total {ms([t for _, t in raw_runs])}")  # fmt: skip

    print(f"\n2026-06-02 listing: {len(papers)} papers, {len(groups)} categories")
    writer = LLMWriter(LLMConfig(api_key="x"))
    unbounded = LLMWriter(LLMConfig(api_key="x", input_budget_tokens=10**9))
    print(f"  {'category':32} {'papers':>6} {'one call':>9} {'map calls':>9} {'max/call':>9}")
    for group in groups:
        whole = request_tokens(unbounded.plan(DAY, group, "ko")[0])
        plan = writer.plan(DAY, group, "ko")
        largest = max(request_tokens(m) for m in plan)
        print(f"  {group.name[:32]:32} {group.count:6} {whole:9} {len(plan):9} {largest:9}")

    three_hundred = CategoryGroup(Category("All", "📄"), tuple(papers[:300]))
    offline_briefing(three_hundred, "ko")
    times = []
    for _ in range(max(3, runs)):
        started = time.perf_counter()
        offline_briefing(three_hundred, "ko")
        times.append(time.perf_counter() - started)
    print(f"\noffline writer, 300 papers: median {ms(times)}")


if __name__ == "__main__":
    if not LISTING.is_file():
        sys.exit(f"corpus listing not found: {LISTING}")
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
