"""A big day is drawn from the cache index first, then given its papers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.digest import build_digest, outline_digest
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.days import OUTLINE_FROM
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.day_header import DayHeader

from .conftest import SIZE, main_screen, shown_digest

BIG_DAY = dt.date(2024, 10, 1)  # before the sample's days


def cache_big_day(
    service: InsightsService, count: int = OUTLINE_FROM + 20, day: dt.date = BIG_DAY
) -> dt.date:
    """``count`` papers on ``day``, made from the sample's papers under fresh ids."""
    sample = service.open_day(service.newest_day() or BIG_DAY)
    assert sample is not None
    originals = [paper for group in sample.groups for paper in group.papers]
    papers = [
        dataclasses.replace(originals[n % len(originals)], arxiv_id=f"2410.{n:05d}", announced=day)
        for n in range(count)
    ]
    labels = classify(papers, service.taxonomy)
    service.store.save_day(day, papers, labels, sources=["arxiv"], taxonomy_version=service.sorting)
    return day


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], Any]]:
    """The main screen's after-the-first-frame ``complete_day`` calls, held back (not run)."""
    callbacks: list[Callable[[], Any]] = []
    run_later = MainScreen.call_after_refresh

    def hold(self: MainScreen, callback: Callable[[], Any], *args: Any, **kwargs: Any) -> bool:
        if getattr(callback, "__name__", "") != "complete_day":
            return run_later(self, callback, *args, **kwargs)
        callbacks.append(callback)
        return True

    monkeypatch.setattr(MainScreen, "call_after_refresh", hold)
    return callbacks


def outlined_screen(app: InsightsApp) -> MainScreen:
    """The main screen, checked to show a day drawn from the index (no papers read)."""
    screen = main_screen(app)
    assert screen.digest is not None and screen.digest.outline
    return screen


def test_the_outline_groups_as_the_day_file_does(service: InsightsService) -> None:
    day = cache_big_day(service)
    info = next(info for info in service.days() if info.day == day)
    outline = outline_digest(info, service.taxonomy)
    stored = service.store.load_day(day)
    assert outline is not None and stored is not None
    whole = build_digest(day, stored.sources, stored.papers, stored.assignments, service.taxonomy)
    assert [(g.name, g.count) for g in outline.groups] == [(g.name, g.count) for g in whole.groups]
    assert outline.paper_count == whole.paper_count == OUTLINE_FROM + 20
    assert outline.outline and all(not g.papers for g in outline.groups)
    # Counts made with other topics cannot be trusted to group the same way.
    other = dataclasses.replace(info, taxonomy_version="not-these-topics")
    assert outline_digest(other, service.taxonomy) is None
    older = dataclasses.replace(info, taxonomy_version=f"{service.taxonomy.version}+0")
    assert outline_digest(older, service.taxonomy) is None  # an older classifier's counts
    uneven = dataclasses.replace(info, count=info.count + 1)
    assert outline_digest(uneven, service.taxonomy) is None


async def test_a_big_day_shows_its_counts_first_then_its_papers(
    service: InsightsService, held: list[Callable[[], Any]]
) -> None:
    day = cache_big_day(service)
    app = InsightsApp(service, day=day, banner="")
    async with app.run_test(size=SIZE) as pilot:
        screen = outlined_screen(app)
        header = str(app.query_one(DayHeader).render())
        assert day.isoformat() in header and f"{OUTLINE_FROM + 20} papers" in header
        categories = app.query_one(CategoryList)
        first_rows = categories.rows
        assert first_rows and all(arxiv_id is None for _, arxiv_id in first_rows)
        assert len(held) == 1
        await held[0]()
        await pilot.pause()
        assert screen.digest is not None and not screen.digest.outline
        assert screen.digest.paper_count == OUTLINE_FROM + 20
        assert categories.rows == first_rows  # the same rows, the cursor where it was
        group = screen.digest.group(first_rows[0][0])
        assert group is not None and len(group.papers) == group.count


async def test_a_first_start_outlines_the_newest_day_when_it_is_big(
    service: InsightsService, held: list[Callable[[], Any]]
) -> None:
    """Nothing remembered yet (a first start): the newest day is drawn from the index."""
    newest = service.newest_day()
    assert newest is not None and not service.config.paths.state_file.exists()
    day = cache_big_day(service, day=newest + dt.timedelta(days=1))
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        screen = outlined_screen(app)
        assert screen.digest is not None and screen.digest.day == day
        assert len(held) == 1
        await held[0]()
        await pilot.pause()
        assert not shown_digest(screen).outline and shown_digest(screen).day == day


async def test_a_key_before_the_papers_are_read_waits_for_them(
    service: InsightsService, held: list[Callable[[], Any]]
) -> None:
    day = cache_big_day(service)
    app = InsightsApp(service, day=day, banner="")
    async with app.run_test(size=SIZE) as pilot:
        screen = outlined_screen(app)
        await pilot.press("enter")  # before complete_day ran after the first frame
        await pilot.pause()
        assert not shown_digest(screen).outline
        rows = app.query_one(CategoryList).rows
        opened = rows[0][0]
        group = shown_digest(screen).group(opened)
        assert group is not None and group.papers
        papers = [arxiv_id for name, arxiv_id in rows if name == opened and arxiv_id]
        assert papers == [paper.arxiv_id for paper in group.papers]


async def test_a_small_day_is_read_at_once(
    service: InsightsService, held: list[Callable[[], Any]]
) -> None:
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.digest is not None
        assert not screen.digest.outline and screen.digest.paper_count < OUTLINE_FROM
        assert held == []


async def test_a_big_day_found_corrupt_after_its_outline_opens_the_newest(
    service: InsightsService, held: list[Callable[[], Any]]
) -> None:
    newest = service.newest_day()
    day = cache_big_day(service)
    assert newest is not None and newest > day
    app = InsightsApp(service, day=day, banner="")
    async with app.run_test(size=SIZE) as pilot:
        screen = outlined_screen(app)
        service.store.day_path(day).write_bytes(b"{ not json")
        service._recent.drop(day)
        await held[0]()
        await pilot.pause()
        assert screen.digest is not None and screen.digest.day == newest
        assert not screen.digest.outline
        said = " ".join(str(n.message) for n in app._notifications)
        assert day.isoformat() in said
