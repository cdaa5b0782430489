"""Fetching through the real sources against a loopback server that misbehaves on cue."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.config import Config, load_config
from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources.arxiv_api import ArxivApiSource
from daily_ai_insights.core.sources.http import Http
from daily_ai_insights.core.sources.registry import fetch_sources
from tests.support.loopback import Handler, Loopback, Request, Route

MONDAY = dt.date(2024, 11, 18)
HF_DAY = dt.date(2024, 11, 15)
RSS_DAY = dt.date(2026, 9, 24)
RSS_FILE = "arxiv-rss/arxiv-rss2-2026-09-24-cs.LG+cs.AI+cs.CL+stat.ML-trimmed-4-items.xml"
EMPTY_ATOM = (
    b'<feed xmlns="http://www.w3.org/2005/Atom" '
    b'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
    b"<opensearch:totalResults>0</opensearch:totalResults></feed>"
)


@pytest.fixture
def config(home: Path, server: Loopback) -> Config:
    env = {
        "INSIGHTS_HOME": str(home),
        "INSIGHTS_HF_API_URL": server.url + "/hf",
        "INSIGHTS_ARXIV_RSS_URL": server.url + "/rss",
        "INSIGHTS_ARXIV_API_URL": server.url + "/api",
    }
    return replace(load_config(env), arxiv_api_delay=0.0, http_timeout=2.0)


@pytest.fixture
async def http(config: Config) -> AsyncIterator[Http]:
    async with Http.from_config(config, backoff=0.01) as session:
        yield session


def serve(body: bytes, status: int = 200, content_type: str = "application/json") -> Route:
    def route(handler: Handler, request: Request) -> None:
        handler.send_bytes(status, body, content_type)

    return route


def hf_body(day: dt.date, *ids: str) -> bytes:
    items = [
        {
            "paper": {"id": i, "title": f"HF {i}", "summary": "S", "authors": [{"name": "N"}]},
            "title": f"HF {i}",
            "publishedAt": f"{day.isoformat()}T01:00:00.000Z",
        }
        for i in ids
    ]
    return json.dumps(items).encode()


async def test_hf_day_from_corpus(
    corpus: Path, server: Loopback, config: Config, http: Http
) -> None:
    server.route(
        "/hf", serve((corpus / "hf-daily-papers/hf-daily-papers-2024-11-15.json").read_bytes())
    )
    outcome = await fetch_sources(HF_DAY, ["hf"], config, http=http)
    assert outcome.day == HF_DAY
    assert len(outcome.papers) == 7
    assert outcome.answered == ("hf",) and outcome.counts == (("hf", 7),) and outcome.failed == ()
    assert server.requests[0].query == {"date": ["2024-11-15"]}


async def test_newest_day_merges_rss_and_hf(
    corpus: Path, server: Loopback, config: Config, http: Http
) -> None:
    server.route(
        "/rss/cs.AI+cs.CL+cs.CV+cs.LG",
        serve((corpus / RSS_FILE).read_bytes(), 200, "application/rss+xml"),
    )
    server.route("/hf", serve(hf_body(RSS_DAY, "2609.26811", "2609.99999")))
    outcome = await fetch_sources(None, ["hf", "arxiv"], config, http=http)
    assert outcome.day == RSS_DAY
    assert outcome.counts == (("hf", 2), ("arxiv", 3))
    ids = [p.arxiv_id for p in outcome.papers]
    assert sorted(ids) == ["2205.06398", "2609.26811", "2609.26820", "2609.99999"]
    shared = next(p for p in outcome.papers if p.arxiv_id == "2609.26811")
    assert set(shared.sources) == {"hf", "arxiv"}
    assert shared.categories == ("cs.LG",)  # HF knows none, arXiv fills them in
    assert {r.path for r in server.requests} == {"/hf", "/rss/cs.AI+cs.CL+cs.CV+cs.LG"}


async def test_one_source_fails_the_other_answers(
    corpus: Path, server: Loopback, config: Config, http: Http
) -> None:
    server.route("/hf", serve(b"down", 503, "text/plain"))
    server.route("*", serve((corpus / RSS_FILE).read_bytes(), 200, "application/rss+xml"))
    outcome = await fetch_sources(None, ["hf", "arxiv"], config, http=http)
    assert len(outcome.papers) == 3
    assert outcome.answered == ("arxiv",)
    assert outcome.warnings == ("hf: Hugging Face answered 503 three times",)


async def test_every_source_fails(server: Loopback, config: Config, http: Http) -> None:
    server.route("/hf", serve(b"down", 503, "text/plain"))
    server.route("/api", serve(b"<feed", 200, "application/atom+xml"))
    with pytest.raises(SourceError) as caught:
        await fetch_sources(MONDAY, ["hf", "arxiv"], config, http=http)
    assert str(caught.value) == (
        "no source answered: hf: Hugging Face answered 503 three times for 2024-11-18; "
        "arxiv: malformed XML from arXiv: unclosed token (line 1)"
    )


async def test_429_with_retry_after_then_success(
    corpus: Path, server: Loopback, config: Config, http: Http
) -> None:
    body = (corpus / "hf-daily-papers/hf-daily-papers-2024-11-15.json").read_bytes()
    seen: list[float] = []

    def route(handler: Handler, request: Request) -> None:
        seen.append(time.monotonic())
        if len(seen) == 1:
            handler.send_bytes(429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            handler.send_bytes(200, body, "application/json")

    server.route("/hf", route)
    outcome = await fetch_sources(HF_DAY, ["hf"], config, http=http)
    assert len(outcome.papers) == 7
    assert len(seen) == 2 and seen[1] - seen[0] >= 0.9


async def test_503_then_success(server: Loopback, config: Config, http: Http) -> None:
    calls: list[int] = []

    def route(handler: Handler, request: Request) -> None:
        calls.append(1)
        if len(calls) == 1:
            handler.send_bytes(503, b"busy", "text/plain")
        else:
            handler.send_bytes(200, hf_body(HF_DAY, "2411.00001"), "application/json")

    server.route("/hf", route)
    outcome = await fetch_sources(HF_DAY, ["hf"], config, http=http)
    assert [p.arxiv_id for p in outcome.papers] == ["2411.00001"]


async def test_timeout(server: Loopback, config: Config) -> None:
    def slow(handler: Handler, request: Request) -> None:
        time.sleep(0.5)
        handler.send_bytes(200, b"[]", "application/json")

    server.route("/hf", slow)
    quick = replace(config, http_timeout=0.15, http_retries=1)
    with pytest.raises(
        SourceError, match=r"^Hugging Face did not answer within 0\.15 s for 2024-11-15$"
    ):
        await fetch_sources(HF_DAY, ["hf"], quick)


async def test_truncated_body(server: Loopback, config: Config, http: Http) -> None:
    def truncated(handler: Handler, request: Request) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(hf_body(HF_DAY, "2411.00001")[:20])
        handler.wfile.flush()
        handler.close_connection = True

    server.route("/hf", truncated)
    with pytest.raises(SourceError, match=r"^Hugging Face broke off its answer for 2024-11-15"):
        await fetch_sources(HF_DAY, ["hf"], config, http=http)
    assert len(server.requests) == 3


async def test_malformed_rss(server: Loopback, config: Config, http: Http) -> None:
    server.route("*", serve(b"<rss>\n<channel>\n<item><</item>", 200, "application/rss+xml"))
    with pytest.raises(
        SourceError, match=r"^malformed XML from arXiv RSS: not well-formed .*\(line 3\)$"
    ):
        await fetch_sources(None, ["arxiv"], config, http=http)


async def test_empty_days(server: Loopback, config: Config, http: Http) -> None:
    server.route("/hf", serve(b"[]"))
    server.route("/api", serve(EMPTY_ATOM, 200, "application/atom+xml"))
    outcome = await fetch_sources(MONDAY, ["hf", "arxiv"], config, http=http)
    assert outcome.papers == () and outcome.answered == ("hf", "arxiv") and outcome.day == MONDAY
    (api_request,) = [r for r in server.requests if r.path == "/api"]
    query = api_request.query["search_query"][0]
    assert query.startswith("(cat:cs.AI OR cat:cs.CL OR cat:cs.CV OR cat:cs.LG) AND submittedDate:")
    assert "[202411141900 TO 202411151859]" in query


async def test_weekend_asks_nobody(server: Loopback, config: Config, http: Http) -> None:
    outcome = await fetch_sources(dt.date(2024, 11, 16), ["arxiv"], config, http=http)
    assert outcome.papers == ()
    assert server.requests == []


async def test_arxiv_400_error_entry(
    corpus: Path, server: Loopback, config: Config, http: Http
) -> None:
    body = (corpus / "arxiv-api/arxiv-api-atom-2026-error-http400-id_list-abc.xml").read_bytes()
    server.route("/api", serve(body, 400, "application/atom+xml"))
    with pytest.raises(
        SourceError, match=r"^arXiv rejected the query: incorrect id format for abc$"
    ):
        await fetch_sources(MONDAY, ["arxiv"], config, http=http)
    assert len(server.requests) == 1  # a 400 is not retried


async def test_api_pages_with_delay(corpus: Path, server: Loopback, http: Http) -> None:
    pages = {}
    for start in (0, 10):
        (path,) = (corpus / "arxiv-api/recorded-2026").glob(f"q_testing_s{start}_m10_*.json")
        body = json.loads(path.read_text())["body"].encode("latin-1")
        # The recording says 214881 results; pretend there are 20 so paging ends.
        pages[str(start)] = re.sub(
            rb"<opensearch:totalResults>\d+<", b"<opensearch:totalResults>20<", body
        )
    seen: list[float] = []

    def route(handler: Handler, request: Request) -> None:
        seen.append(time.monotonic())
        handler.send_bytes(200, pages[request.query["start"][0]], "application/atom+xml")

    server.route("/api", route)
    source = ArxivApiSource(server.url + "/api", ("cs.AI",), delay=0.4, page_size=10)
    papers = await source.fetch_day(MONDAY, http)
    assert len(papers) == 20
    assert [r.query["start"] for r in server.requests] == [["0"], ["10"]]
    assert all(r.query["max_results"] == ["10"] for r in server.requests)
    assert seen[1] - seen[0] >= 0.38
    assert all(p.announced == MONDAY for p in papers)


async def test_offline_touches_nothing(server: Loopback, config: Config) -> None:
    with pytest.raises(
        SourceError, match=r"^no source answered: hf: offline: hf not fetched; arxiv: offline"
    ):
        await fetch_sources(None, ["hf", "arxiv"], replace(config, offline=True))
    assert server.requests == []


async def test_listing_url(corpus: Path, server: Loopback, config: Config, http: Http) -> None:
    body = (corpus / "listings/daily-arxiv-ai-enhanced/2026-06-02.jsonl").read_bytes()
    server.route("/data/2026-06-02.jsonl", serve(body, 200, "application/jsonl"))
    url = server.url + "/data/2026-06-02.jsonl"
    outcome = await fetch_sources(None, [url], config, http=http)
    assert outcome.day == dt.date(2026, 6, 2) and len(outcome.papers) == 715
    assert outcome.answered == (url,)


async def test_feed_url(corpus: Path, server: Loopback, config: Config, http: Http) -> None:
    body = (corpus / "arxiv-rss/arxiv-rss2-2026-04-27-cs.CL-trimmed-3-items.xml").read_bytes()
    server.route("/feed.xml", serve(body, 200, "application/rss+xml"))
    outcome = await fetch_sources(
        dt.date(2026, 4, 27), [server.url + "/feed.xml"], config, http=http
    )
    assert len(outcome.papers) == 3
    assert outcome.papers[0].authors[2] == "Deepti"
