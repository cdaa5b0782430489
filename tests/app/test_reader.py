"""The main screen on the real service and the bundled sample: days, categories, papers."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import ContentSwitcher, Static

from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.main import WARM_UP_DELAY, MainScreen
from daily_ai_insights.tui.state import ViewState, load_state, save_state
from daily_ai_insights.tui.widgets.briefing_view import BriefingView
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from daily_ai_insights.tui.widgets.day_header import DayHeader
from daily_ai_insights.tui.widgets.filter_input import FilterInput
from daily_ai_insights.tui.widgets.key_bar import KeyBar
from daily_ai_insights.tui.widgets.paper_detail import PaperDetail
from tests.app.conftest import (
    SIZE,
    Cell,
    cells,
    filter_shown,
    main_screen,
    record_opened_urls,
    screen_cells,
    shown_digest,
    type_at_once,
)

AppFactory = Callable[..., InsightsApp]


def _days(service: InsightsService) -> list[dt.date]:
    return [info.day for info in service.days() if info.count]


async def test_opens_newest_day_with_header_chart_and_categories(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        newest = service.newest_day()
        assert newest is not None
        screen = app.screen
        header = str(screen.query_one(DayHeader).render())
        assert newest.isoformat() in header and f"{newest:%A}" in header
        digest = service.open_day(newest)
        assert digest is not None
        assert f"{digest.paper_count} papers" in header
        categories = screen.query_one(CategoryList)
        assert categories.rows == [(g.name, None) for g in digest.groups]
        assert app.focused is categories
        chart = str(screen.query_one("#chart").render())
        assert chart.strip(), "the chart pane is empty"


async def test_expand_shows_briefing_and_sources_then_collapse(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        first = categories.rows[0][0]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first in categories.expanded
        group = categories.group_of(first)
        assert group is not None
        assert categories.rows[1 : 1 + group.count] == [(first, p.arxiv_id) for p in group.papers]
        panel = app.screen.query_one(CategoryPanel)
        assert app.screen.query_one(ContentSwitcher).current == panel.id
        assert panel.briefing is not None and panel.briefing.text
        assert "1." in panel.shown_text
        table = panel.query_one(".sources", Static).content
        sources = "".join(segment.text for segment in app.console.render(table))  # type: ignore[arg-type]
        assert group.papers[0].abs_url in sources
        assert "offline" in str(panel.query_one(".briefing-usage").render())
        # The briefing is now cached: a second expansion shows it without streaming.
        await pilot.press("left")
        await pilot.pause()
        assert first not in categories.expanded
        assert not app.screen.query(CategoryPanel)
        await pilot.press("right")
        await pilot.pause()
        cached = main_screen(app).current_panel()
        assert isinstance(cached, BriefingView), "a cached briefing shows in the shared view"
        assert app.screen.query_one(ContentSwitcher).current == cached.id
        assert cached.briefing == panel.briefing and not cached.streaming
        drawn = "\n".join(cached.plain_lines)
        assert group.papers[0].abs_url in drawn and "offline" in drawn
        assert cached.plain_lines[1].endswith(f"{group.count} papers")
        await pilot.press("space")
        await pilot.pause()
        assert categories.expanded == []


async def test_paper_detail_shows_why_it_landed_here(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query(PaperDetail), "the paper pane is mounted when first needed"
        categories = app.screen.query_one(CategoryList)
        await pilot.press("right", "j")
        await pilot.pause()
        category, arxiv_id = categories.rows[1]
        assert categories.current_row == (category, arxiv_id)
        group = categories.group_of(category)
        assert group is not None and arxiv_id is not None
        paper = next(p for p in group.papers if p.arxiv_id == arxiv_id)
        detail = app.screen.query_one(PaperDetail)
        assert app.screen.query_one(ContentSwitcher).current == "paper-scroll"
        shown = str(detail.render())
        assert paper.title in shown
        assert paper.authors[0] in shown
        assert paper.abs_url in shown
        why = group.why(arxiv_id)
        assert why is not None
        assert "Why here" in shown
        for matched in why.matched[:2]:  # each place named once: "abstract: llms, tokens"
            assert matched.partition(": ")[0] in shown and matched.partition(": ")[2] in shown
        # Left on a paper closes its category and returns to its row.
        await pilot.press("left")
        await pilot.pause()
        assert categories.current_row == (category, None)
        assert category not in categories.expanded


async def test_day_keys_move_between_cached_days(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = _days(service)
    assert len(days) >= 3
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert shown_digest(screen).day == days[-1]
        await pilot.press("left_square_bracket")
        assert shown_digest(screen).day == days[-2]
        await pilot.press("h")
        assert shown_digest(screen).day == days[-3]
        await pilot.press("right_square_bracket")
        assert shown_digest(screen).day == days[-2]
        await pilot.press("l", "l")
        assert shown_digest(screen).day == days[-1]
        await pilot.pause()
        assert any("no later day" in n.message for n in app._notifications)
        await pilot.press("h", "h", "t")
        assert shown_digest(screen).day == days[-1]


async def test_skipping_an_empty_day_says_so(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest = _days(service)[-1]
    stored = service.store.load_day(newest)
    assert stored is not None
    empty, later = newest + dt.timedelta(days=1), newest + dt.timedelta(days=2)
    version = service.sorting
    service.store.save_day(empty, [], [], sources=("test",), taxonomy_version=version)
    service.store.save_day(
        later, stored.papers, stored.assignments, sources=("test",), taxonomy_version=version
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(app).day == later
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert shown_digest(app).day == newest
        said = [n.message for n in app._notifications]
        assert f"no papers on {empty:%a} {empty.isoformat()}" in said, said


async def test_stepping_over_a_weekend_names_the_days(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = _days(service)
    friday = next(d for d in days if d.weekday() == 4 and d + dt.timedelta(days=3) in days)
    app = make_app(day=friday + dt.timedelta(days=3))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert shown_digest(app).day == friday
        sat, sun = friday + dt.timedelta(days=1), friday + dt.timedelta(days=2)
        expected = f"no papers on Sat {sat.isoformat()}, Sun {sun.isoformat()}"
        assert expected in [n.message for n in app._notifications]


async def test_keys_typed_right_after_the_slash_go_into_the_filter_box(
    make_app: AppFactory,
) -> None:
    """The box is mounted when ``/`` is first pressed: keys that arrive while it mounts
    (typed fast, or pasted) are typed into it, not taken as the list's commands."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "/video")
        await pilot.pause()
        box = app.screen.query_one(FilterInput)
        assert box.value == "video" and app.focused is box
        assert app.screen.query_one(CategoryList).filter_text == "video"
        await pilot.press("slash")  # in the box, / is text
        assert box.value == "video/"


async def test_filter_narrows_papers_and_escape_clears(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query(FilterInput), "the filter box is mounted when first needed"
        digest = shown_digest(app)
        paper = digest.groups[0].papers[0]
        word = max(paper.title.split(), key=len)
        await pilot.press("slash")
        box = app.screen.query_one(FilterInput)
        focused = app.focused
        assert filter_shown(app) and focused is box
        await pilot.press(*word)
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        papers = [row for row in categories.rows if row[1] is not None]
        assert (digest.groups[0].name, paper.arxiv_id) in papers
        for category, arxiv_id in papers:
            group = digest.group(category)
            assert group is not None
            found = next(p for p in group.papers if p.arxiv_id == arxiv_id)
            assert word.casefold() in (found.title + found.abstract).casefold()
        assert len(papers) < digest.paper_count
        # A row counts its matches in words: "2/5" would read as "2 unread of 5".
        first = digest.groups[0]
        matched = sum(category == first.name for category, _ in papers)
        assert categories.count_shown(first.name) == f"{matched} of {first.count}"
        await pilot.press("enter")
        assert app.focused is categories
        await pilot.press("escape")
        await pilot.pause()
        assert not filter_shown(app) and box.value == ""
        assert categories.rows == [(g.name, None) for g in digest.groups]


async def test_o_opens_only_the_selected_papers_http_link(make_app: AppFactory) -> None:
    app = make_app()
    opened = record_opened_urls(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert opened == []
        await pilot.press("right", "down", "o")
        await pilot.pause()
        row = app.screen.query_one(CategoryList).current_row
        assert row is not None
        group = shown_digest(app).group(row[0])
        assert group is not None
        paper = next(p for p in group.papers if p.arxiv_id == row[1])
        assert opened == [paper.abs_url]
        assert opened[0].startswith("https://")


async def test_last_view_is_restored(make_app: AppFactory, service: InsightsService) -> None:
    days = _days(service)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket", "right")
        await app.workers.wait_for_complete()
        await pilot.pause()
        opened = app.screen.query_one(CategoryList).expanded
        await pilot.press("q")
    state_file = service.config.paths.state_file
    saved = json.loads(state_file.read_text())
    assert saved["day"] == days[-2].isoformat() and saved["expanded"] == opened
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(again).day == days[-2]
        assert again.screen.query_one(CategoryList).expanded == opened


async def test_an_unchanged_view_is_not_written_again_but_a_requested_day_is(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = _days(service)
    state_file = service.config.paths.state_file
    save_state(state_file, ViewState(days[-1], ()))
    written = state_file.stat().st_ino
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(app).day == days[-1]
    assert state_file.stat().st_ino == written  # start wrote nothing: it showed that view
    async with make_app(day=days[-2]).run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert load_state(state_file) == ViewState(days[-2], ())
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(again).day == days[-2]


async def test_the_sort_and_the_trend_come_back_after_a_restart(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "s", "c")  # by upvotes (the sample has them), the trend
        await pilot.pause()
        assert app.screen.query_one(CategoryList).sort == "upvotes"
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        categories = again.screen.query_one(CategoryList)
        assert categories.sort == "upvotes"
        group = shown_digest(again).groups[0]
        shown = [row[1] for row in categories.rows if row[0] == group.name and row[1]]
        votes = [next(p.upvotes for p in group.papers if p.arxiv_id == i) or 0 for i in shown]
        assert votes == sorted(votes, reverse=True)
        chart = again.screen.query_one("#chart")
        assert "Category trend" in str(chart.render())
        assert again.screen.query_one(KeyBar).hints[0].description == "Back"  # Esc: the day's
        await pilot.press("escape", "s", "s")  # the day's chart; newest, then as listed
        await pilot.pause()
        await pilot.press("q")
    saved = json.loads(service.config.paths.state_file.read_text())
    assert (saved["sort"], saved["trend"]) == ("listed", False)


@pytest.mark.parametrize(
    ("sort", "trend"), [("sideways", "yes"), (3, 1), (None, None), ([], {"a": 1})]
)
def test_a_bad_sort_or_trend_in_the_state_file_is_the_default(
    tmp_path: Path, sort: object, trend: object
) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"day": "2024-11-18", "sort": sort, "trend": trend}))
    assert load_state(path) == ViewState(dt.date(2024, 11, 18))
    path.write_text(json.dumps({"day": "2024-11-18", "sort": "newest", "trend": True}))
    assert load_state(path) == ViewState(dt.date(2024, 11, 18), sort="newest", trend=True)


def test_state_file_survives_garbage(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert load_state(path) == ViewState()
    save_state(path, ViewState(dt.date(2024, 11, 18), ("LLM",)))
    assert load_state(path) == ViewState(dt.date(2024, 11, 18), ("LLM",))
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


@pytest.mark.parametrize(
    ("size", "banner", "chart"),
    [
        (SIZE, "You are reading the bundled sample.", True),
        # Too short for the chart: the first frame already has the bars in the list,
        # not a chart that the first resize then takes away.
        ((100, 14), "", False),
    ],
)
async def test_the_first_frame_is_the_finished_screen(
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    banner: str,
    chart: bool,
) -> None:
    """Nothing pops in or moves after the first frame: the chart (or the bars in the list
    that stand in for it) is drawn as the screen is painted, not a frame later on a resize
    event, and the category list has the focus from the start (not the banner's button
    first), so its cursor is in the focused colour at once."""
    app = make_app(banner=banner)
    first_frame: list[list[Cell]] = []
    display = app._display

    def recording_display(screen: Screen[object], renderable: RenderableType | None) -> None:
        if isinstance(screen, MainScreen) and isinstance(renderable, LayoutUpdate):
            lines = [[s for strip in line for s in strip] for line in renderable.strips]
            if not first_frame:
                first_frame.extend(cells(lines))
            renderable.strips = [[Strip(line)] for line in lines]  # read once: put back
        display(screen, renderable)

    monkeypatch.setattr(app, "_display", recording_display)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(WARM_UP_DELAY + 0.3)
        assert first_frame, "the main screen was never painted"
        text = "\n".join("".join(cell[0] for cell in row) for row in first_frame)
        assert ("Category distribution" in text) == chart, text
        assert "▇" in text, text
        assert app.screen.query_one(CategoryList).bars == (not chart)
        if banner:
            assert "Dismiss" in text  # the banner, with a focusable button, is on screen
        assert first_frame == screen_cells(app.screen)


async def test_resizing_redraws_the_chart_to_fit(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        for width, height in ((80, 24), (250, 70), (24, 8), (100, 32)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            chart = app.screen.query_one("#chart")
            lines = str(chart.render()).splitlines()
            assert all(len(line) <= chart.content_region.width for line in lines)
        assert lines and app.is_running


async def test_c_switches_the_chart_to_the_trend_of_recent_days_and_back(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("#chart")
        assert "Category distribution" in str(chart.render())
        await pilot.press("c")
        await pilot.pause()
        trend = str(chart.render())
        assert "Category trend" in trend
        assert "11-13" in trend and "11-19" in trend  # the sample's first and last days
        await pilot.press("c")
        await pilot.pause()
        assert "Category distribution" in str(chart.render())


async def test_at_80x24_the_trend_is_a_table_that_leaves_the_list_room(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        chart = app.screen.query_one("#chart")
        lines = str(chart.render()).splitlines()
        assert lines[0].startswith("% of papers, 11-13…11-19") and "┤" not in "".join(lines)
        names = [name for name, _ in service.days()[-1].counts][:3]
        assert all(any(line.startswith(name[:10]) for line in lines) for name in names)
        # Only the lines it has: no empty rows under it, the rest is the list's.
        assert chart.size.height == len(lines)
        categories = app.screen.query_one(CategoryList)
        assert categories.size.height >= 24 - 3 - chart.outer_size.height
        await pilot.resize_terminal(160, 50)  # tall enough for a plot again
        await pilot.pause()
        assert "Category trend" in str(chart.render())


WARM_UP_SCRIPT = """
import asyncio, sys
from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.main import WARM_UP_DELAY

HEAVY = (
    "rich.markdown",
    "daily_ai_insights.tui.widgets.briefing_view",
    "daily_ai_insights.tui.widgets.category_panel",
    "daily_ai_insights.tui.screens.goto",
    "daily_ai_insights.tui.screens.help",
)

async def main():
    service = InsightsService(load_config())
    service.ensure_sample()
    app = InsightsApp(service, banner="")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        print(*[name in sys.modules for name in HEAVY])
        await pilot.pause(WARM_UP_DELAY + 0.3)
        await app.workers.wait_for_complete()
        print(*[name in sys.modules for name in HEAVY])

asyncio.run(main())
"""


def test_the_panes_modules_load_after_start_while_the_reader_is_idle(
    offline_home: object,
) -> None:
    """Start stays free of the panes' imports; they load once the reader sits idle, so
    the first Enter does not wait ~50 ms for them (a fresh process: nothing preloaded)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", WARM_UP_SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    at_start, when_idle = done.stdout.splitlines()[-2:]
    assert at_start == "False False False False False"
    assert when_idle == "True True True True True"


async def test_the_warm_up_ending_while_the_reader_closes_mounts_nothing(
    make_app: AppFactory,
) -> None:
    """q can land while the warm-up thread imports; its answer must not mount into a
    detail pane that is already gone."""
    from daily_ai_insights.tui.messages import WarmedUp

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        pane = screen.pane
        await pane.remove()
        pane.post_message(WarmedUp())
        await pilot.pause(WARM_UP_DELAY + 0.3)
        assert not screen.query(BriefingView) and pane.current_panel() is None


async def test_at_250_columns_the_list_is_wide_enough_for_whole_titles(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(250, 70)) as pilot:
        await pilot.pause()
        await pilot.press("right")  # the first category's papers
        await pilot.pause()
        column = app.screen.query_one("#left")
        assert column.outer_size.width == 100  # app.tcss: 45 %, at most 100
        group = shown_digest(app).groups[0]
        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        longest = max((p.title for p in group.papers if len(p.title) <= 90), key=len)
        assert longest in text  # whole, not cut with "…"
    narrow = make_app()
    async with narrow.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert narrow.screen.query_one("#left").outer_size.width == 45  # as before
