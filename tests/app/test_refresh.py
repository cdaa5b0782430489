"""Background fetches never pull the reader away from what it reads, and refresh in place."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable

from textual.pilot import Pilot

from daily_ai_insights.core.briefings.record import Briefing, Usage
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.help import HelpScreen
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from daily_ai_insights.tui.widgets.day_header import DayHeader
from daily_ai_insights.tui.widgets.filter_input import FilterInput
from tests.app.conftest import (
    SIZE,
    FakeFetch,
    filter_shown,
    go_online,
    main_screen,
    open_cached_view,
    shown_digest,
)

AppFactory = Callable[..., InsightsApp]


def _said(app: InsightsApp) -> list[str]:
    return [n.message for n in app._notifications]


def _copy_newest_to(service: InsightsService, day: dt.date) -> Callable[[], None]:
    """A fetch that brings ``day``: the newest day's papers again."""

    def store() -> None:
        newest = service.newest_day()
        assert newest is not None
        stored = service.store.load_day(newest)
        assert stored is not None
        papers = [dataclasses.replace(p, announced=day) for p in stored.papers]
        version = stored.taxonomy_version
        service.store.save_day(
            day, papers, stored.assignments, sources=("test",), taxonomy_version=version
        )

    return store


async def _release(pilot: Pilot[None], fake: FakeFetch) -> None:
    assert fake.gate is not None
    fake.gate.set()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _expand(pilot: Pilot[None], category: str) -> None:
    """Open ``category`` and wait for its briefing (not for every worker: a fetch may wait)."""
    categories = pilot.app.screen.query_one(CategoryList)
    categories.highlighted = categories.rows.index((category, None))
    await pilot.press("right")
    for _ in range(100):
        await pilot.pause()
        panels = [p for p in pilot.app.screen.query(CategoryPanel) if p.group.name == category]
        if panels and panels[0].briefing is not None:
            return
    raise AssertionError(f"no briefing for {category}")


async def test_a_same_day_fetch_keeps_cursor_open_categories_and_unchanged_panels(
    make_app: AppFactory, service: InsightsService
) -> None:
    fake = go_online(service)
    fake.gate = asyncio.Event()
    newest = service.newest_day()
    digest = service.open_day(newest) if newest else None
    assert digest is not None
    kept, changed = digest.groups[0], max(digest.groups[1:], key=lambda g: g.count)
    extra = dataclasses.replace(changed.papers[0], arxiv_id="2411.99999", title="A new paper")

    def store() -> None:  # the fetch brings one more paper in ``changed``
        stored = service.store.load_day(digest.day)
        assert stored is not None
        service.store.save_day(
            digest.day,
            [*stored.papers, extra],
            [*stored.assignments, Assignment(extra.arxiv_id, changed.name)],
            sources=stored.sources,
            taxonomy_version=stored.taxonomy_version,
        )

    fake.store = store
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _expand(pilot, changed.name)
        await _expand(pilot, kept.name)
        screen = main_screen(app)
        categories = screen.query_one(CategoryList)
        panels = {p.group.name: p for p in screen.query(CategoryPanel)}
        assert set(panels) == {kept.name, changed.name}
        await pilot.press("down", "down")
        row = categories.current_row
        assert row is not None and row[0] == kept.name and row[1] is not None
        await _release(pilot, fake)
        assert fake.calls == [None]
        assert categories.current_row == row  # the cursor stayed on its paper
        assert set(categories.expanded) == {kept.name, changed.name}
        assert (changed.name, extra.arxiv_id) in categories.rows
        now = {p.group.name: p for p in screen.query(CategoryPanel)}
        assert now[kept.name] is panels[kept.name]  # same papers: the panel stayed
        assert changed.name not in now or now[changed.name] is not panels[changed.name]
        assert f"{digest.paper_count + 1} papers" in str(screen.query_one(DayHeader).render())
        assert shown_digest(screen).day == digest.day


async def test_a_requested_day_is_never_left_for_a_newer_one(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = [info.day for info in service.days() if info.count]
    later = days[-1] + dt.timedelta(days=1)
    fake = go_online(service)
    fake.day, fake.store = later, _copy_newest_to(service, later)
    app = make_app(day=days[-1])  # `insights --date` on the newest day
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_digest(app).day == days[-1]
        assert any("press t to open it" in m and later.isoformat() in m for m in _said(app))
        await pilot.press("t")
        assert shown_digest(app).day == later


async def test_moving_in_the_list_counts_as_reading(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest = service.newest_day()
    assert newest is not None
    later = newest + dt.timedelta(days=1)
    fake = go_online(service)
    fake.gate, fake.day, fake.store = asyncio.Event(), later, _copy_newest_to(service, later)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await _release(pilot, fake)
        assert shown_digest(app).day == newest
        assert any("press t to open it" in m for m in _said(app))


async def test_an_untouched_reader_on_the_newest_day_follows_the_fetch(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest = service.newest_day()
    assert newest is not None
    later = newest + dt.timedelta(days=1)
    fake = go_online(service)
    fake.day, fake.store = later, _copy_newest_to(service, later)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_digest(app).day == later


async def test_an_uncached_requested_day_says_what_is_shown(
    make_app: AppFactory, service: InsightsService
) -> None:
    fake = go_online(service)
    fake.gate = asyncio.Event()  # the start-up fetch never ends in this test
    newest = service.newest_day()
    assert newest is not None
    missing = dt.date(2024, 11, 17)
    app = make_app(day=missing)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(app).day == newest
        expected = f"2024-11-17 is not cached — showing {newest.isoformat()}; press g to fetch it"
        assert expected in _said(app)


async def test_a_briefing_missing_parts_says_which(
    make_app: AppFactory, service: InsightsService
) -> None:
    def cached(digest: Digest, category: str, language: str) -> Briefing:
        text = "**1. 주제**\n내용\n\n**2. 방법**\n내용\n\n**3. 결과**\n내용"
        usage = Usage(prompt_tokens=900, completion_tokens=300, calls=1)
        briefing = Briefing(digest.day, category, language, "m", "h", "k", text, usage=usage)
        return dataclasses.replace(briefing, complete=True, missing_parts=(4, 5))

    service.cached_briefing = cached  # type: ignore[method-assign]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_cached_view(pilot)
        drawn = " ".join(panel.plain_lines)  # the usage line wraps at this width
        assert "tokens 900 in / 300 out · 1 call · m  ⚠ parts 4, 5 missing" in drawn


async def test_the_filter_escape_key_has_an_id_and_can_be_remapped(
    offline_home: object, service: InsightsService
) -> None:
    from pathlib import Path

    from tests.app.conftest import sample_service

    config = Path(str(offline_home)) / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text('[keymap]\n"filter.clear" = "ctrl+u"\n')
    app = InsightsApp(sample_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        row = next(r for r in help_screen.rows if r.binding_id == "filter.clear")
        assert row.description == "Clear filter" and "u" in row.keys.lower()
        await pilot.press("escape", "slash", "x")
        box = app.screen.query_one(FilterInput)
        assert filter_shown(app) and box.value == "x"
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert not filter_shown(app) and box.value == ""
