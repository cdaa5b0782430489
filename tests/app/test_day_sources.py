"""The reader fetches a day from where it came from, and never a day in the future."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.widgets.background import Background
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.day_header import DayHeader
from tests.app.conftest import SIZE, go_online, sample_service, shown_digest
from tests.app.test_catch_up_reader import fetched_service
from tests.e2e.test_cli_sources import listing_lines
from tests.support.loopback import Handler, Loopback, Request

DAY = dt.date(2026, 6, 5)


async def test_g_refuses_a_day_in_the_future(home: Path) -> None:
    service = sample_service()
    fake = go_online(service)
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("g")
        app.screen.query_one(Input).value = "2031-05-05"
        for _ in range(2):  # a second Enter fetches an uncached day: not this one
            await pilot.press("enter")
            assert isinstance(app.screen, GoToDateScreen)
            message = str(app.screen.query_one("#goto-message", Static).render())
            assert message.startswith("2031-05-05 is in the future")
        assert dt.date(2031, 5, 5) not in fake.calls


async def test_r_on_a_listing_day_fetches_the_listing_again(
    home: Path, server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = {"body": listing_lines(3)}

    def serve_listing(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, listing["body"], "application/jsonl")

    server.route(f"/l/{DAY.isoformat()}.jsonl", serve_listing)
    server.route("*", lambda handler, request: handler.send_bytes(503, b"down", "text/plain"))
    (home / "config").mkdir()
    (home / "config" / "config.toml").write_text("http_retries = 0\narxiv_api_delay = 0\n")
    for name in ("INSIGHTS_HF_API_URL", "INSIGHTS_ARXIV_RSS_URL", "INSIGHTS_ARXIV_API_URL"):
        monkeypatch.setenv(name, f"{server.url}/defaults")
    url = f"{server.url}/l/{DAY.isoformat()}.jsonl"
    service = InsightsService(load_config())
    assert (await service.fetch_day(DAY, [url])).count == 3
    assert service.refresh_sources(DAY) == (url,)
    listing["body"] = listing_lines(5)
    app = InsightsApp(service, day=DAY, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_digest(app).paper_count == 3
        before = len(server.requests)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        paths = [request.path for request in server.requests[before:]]
        assert paths == [f"/l/{DAY.isoformat()}.jsonl"]
        assert shown_digest(app).day == DAY
        assert shown_digest(app).paper_count == 5


def test_the_sample_and_unknown_days_refresh_from_the_defaults(home: Path) -> None:
    service = sample_service()
    newest = service.newest_day()
    assert newest is not None
    assert service.refresh_sources(newest) is None
    assert service.refresh_sources(dt.date(2001, 1, 1)) is None
    assert service.refresh_sources(None) is None


async def test_a_day_from_a_saved_hugging_face_file_is_shown_by_its_file(
    offline_home: Path, corpus: Path
) -> None:
    path = (corpus / "hf-daily-papers" / "hf-daily-papers-2026-06-12.json").resolve()
    service = InsightsService(load_config())
    assert (await service.fetch_day(None, [str(path)])).count == 30  # offline: a local file
    day = dt.date(2026, 6, 12)
    assert service.refresh_sources(day) == (str(path),)  # r reads the file again
    app = InsightsApp(service, day=day, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_digest(app).day == day
        header = str(app.screen.query_one(DayHeader).render())
        assert "·  hf-daily-papers-2026-06-12.json  ·" in header
        assert str(path.parent) not in header
        assert app.screen.query_one(CategoryList).has_upvotes  # s sorts by them


async def test_a_configured_file_is_not_caught_up_from(home: Path) -> None:
    # Days are missing since the newest fetched one, but the configured source is a saved
    # file: it holds one day of its own, so r fetches that, not each missing day from it.
    service, start = fetched_service(days_ago=9)
    service.config = dataclasses.replace(service.config, sources=("/saved/2026-06-12.json",))
    fake = go_online(service)  # no test reaches the internet
    app = InsightsApp(service, day=start, banner="")
    async with app.run_test(size=SIZE):
        await app.workers.wait_for_complete()
        assert app.screen.query_one(Background).catch_up(None) is False
        await app.workers.wait_for_complete()
    assert all(day in (None, start) for day in fake.calls)  # no missing day asked for
