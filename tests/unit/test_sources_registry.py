"""Sources by name, and how the arXiv source picks RSS or the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.config import Config, load_config
from daily_ai_insights.core.sources.arxiv_api import ArxivApiSource
from daily_ai_insights.core.sources.arxiv_rss import ArxivRssSource
from daily_ai_insights.core.sources.base import Source
from daily_ai_insights.core.sources.feed import FeedSource
from daily_ai_insights.core.sources.hf import HFSource
from daily_ai_insights.core.sources.hf_file import HFFileSource
from daily_ai_insights.core.sources.http import Http
from daily_ai_insights.core.sources.listing import ListingSource
from daily_ai_insights.core.sources.names import source_kind
from daily_ai_insights.core.sources.registry import ArxivSource, default_source_names, make_source
from tests.support.loopback import Handler, Loopback, Request


@pytest.fixture
def config(home: Path) -> Config:
    return load_config({"INSIGHTS_HOME": str(home)})


def test_named_sources(config: Config) -> None:
    hf = make_source("hf", config)
    assert isinstance(hf, HFSource) and hf.base_url == config.hf_api_url
    arxiv = make_source(" ARXIV ", config)
    assert isinstance(arxiv, ArxivSource)
    assert arxiv.rss.url == "https://rss.arxiv.org/rss/cs.AI+cs.CL+cs.CV+cs.LG"
    assert arxiv.api.delay == 3.0
    assert all(isinstance(s, Source) for s in (hf, arxiv))


def test_sample_source(config: Config) -> None:
    assert make_source("sample", config).name == "sample"


def test_url_sources(config: Config) -> None:
    feed = make_source("https://example.org/feed.xml", config)
    assert isinstance(feed, FeedSource) and feed.name == "https://example.org/feed.xml"
    listing = make_source("https://example.org/2026-06-02.jsonl", config)
    assert isinstance(listing, ListingSource)


@pytest.mark.parametrize("name", ["bogus", "", "ftp://example.org/feed", "file:///etc/passwd"])
def test_unknown_names_raise_with_usage(config: Config, name: str) -> None:
    with pytest.raises(ValueError, match="choose hf, arxiv, sample, an http"):
        make_source(name, config)


KINDS = {
    "hf": HFSource,
    " HF ": HFSource,
    "/data/hf/2026-06-12.json": HFFileSource,
    " ARXIV ": ArxivSource,
    "/data/listings/2026-06-04.jsonl": ListingSource,
    "2026-06-05_AI_enhanced_Chinese.jsonl": ListingSource,
    "https://example.org/l/2026-06-02.jsonl?raw=1": ListingSource,
    "https://example.org/feed.xml": FeedSource,
}


def test_a_source_is_built_by_its_kind_and_a_day_of_any_listing_is_a_listing(
    config: Config,
) -> None:
    for name, built in KINDS.items():
        assert isinstance(make_source(name, config), built), name
    assert {source_kind(name) for name in KINDS} == {"hf", "arxiv", "listing", "feed"}
    assert source_kind("/a/2026-06-01.jsonl") == source_kind("https://b/2026-06-09.jsonl")
    assert source_kind("sample") == "sample" and source_kind("bogus") is None


def test_default_source_names(config: Config) -> None:
    assert default_source_names(config) == ("hf", "arxiv")
    assert default_source_names(replace(config, sources=("sample",))) == ("sample",)


def _rss(day: str) -> bytes:
    return (
        "<rss><channel><pubDate>" + day + "</pubDate><item><title>T</title>"
        "<description>arXiv:2411.00001v1 Announce Type: new Abstract: A</description>"
        "<category>cs.AI</category><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        "N</dc:creator></item></channel></rss>"
    ).encode()


EMPTY_ATOM = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><totalResults '
    b'xmlns="http://a9.com/-/spec/opensearch/1.1/">0</totalResults></feed>'
)


def _arxiv(server: Loopback, now: dt.datetime) -> ArxivSource:
    rss = ArxivRssSource(server.url + "/rss", ("cs.AI",))
    api = ArxivApiSource(server.url + "/api", ("cs.AI",), delay=0.0)
    return ArxivSource(rss, api, clock=lambda: now)


def _serve(server: Loopback, rss_day: str) -> None:
    def rss(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, _rss(rss_day), "application/rss+xml")

    def api(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, EMPTY_ATOM, "application/atom+xml")

    server.route("/rss/cs.AI", rss)
    server.route("/api", api)


async def test_current_day_comes_from_rss(server: Loopback) -> None:
    _serve(server, "Wed, 20 Nov 2024 00:00:00 -0500")
    source = _arxiv(server, dt.datetime(2024, 11, 20, 15, tzinfo=dt.UTC))
    async with Http(backoff=0.01) as http:
        papers = await source.fetch_day(dt.date(2024, 11, 20), http)
    assert [p.arxiv_id for p in papers] == ["2411.00001"]
    assert [r.path for r in server.requests] == ["/rss/cs.AI"]


async def test_stale_feed_falls_back_to_api(server: Loopback) -> None:
    # Wed 20:30 ET: Thursday's mailing is out but the feed still shows Wednesday.
    _serve(server, "Wed, 20 Nov 2024 00:00:00 -0500")
    source = _arxiv(server, dt.datetime(2024, 11, 21, 1, 30, tzinfo=dt.UTC))
    async with Http(backoff=0.01) as http:
        papers = await source.fetch_day(dt.date(2024, 11, 21), http)
    assert papers == []
    assert [r.path for r in server.requests] == ["/rss/cs.AI", "/api"]


async def test_past_day_goes_straight_to_api(server: Loopback) -> None:
    _serve(server, "Wed, 20 Nov 2024 00:00:00 -0500")
    source = _arxiv(server, dt.datetime(2024, 11, 20, 15, tzinfo=dt.UTC))
    async with Http(backoff=0.01) as http:
        await source.fetch_day(dt.date(2024, 11, 19), http)
    assert [r.path for r in server.requests] == ["/api"]
