"""The reading habit in the reader: read marks, stars, the next unread paper, search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input, OptionList

from daily_ai_insights.core.reader_data.reader import ReaderData
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.found import FoundScreen
from daily_ai_insights.tui.widgets import reading
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.day_header import DayHeader
from daily_ai_insights.tui.widgets.reading import READ_AFTER
from tests.app.conftest import SIZE, shown_digest

AppFactory = Callable[..., InsightsApp]


def on_disk(service: InsightsService) -> ReaderData:
    """The reader's data as a fresh process would read it."""
    return ReaderData(service.config.paths.reader_dir)


def header(app: InsightsApp) -> str:
    return str(app.screen.query_one(DayHeader).render())


async def test_a_paper_shown_a_moment_becomes_read_and_u_undoes_it(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A longer wait than the app's, so that a slow, loaded machine still glances in time.
    read_after = 4 * READ_AFTER
    monkeypatch.setattr(reading, "READ_AFTER", read_after)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down")  # the first paper of the first category
        categories = app.screen.query_one(CategoryList)
        paper = categories.current_paper
        assert paper is not None
        await pilot.pause(READ_AFTER / 3)
        assert not on_disk(service).marks.is_read(paper.arxiv_id)  # a glance is not reading
        for _ in range(40):  # its timer fires read_after after the paper showed
            await pilot.pause(read_after / 4)
            if paper.arxiv_id in categories.read_ids:
                break
        assert on_disk(service).marks.is_read(paper.arxiv_id)
        total = shown_digest(app).paper_count
        assert f"{total - 1} unread" in header(app)
        assert paper.arxiv_id in categories.read_ids
        await pilot.press("u")
        await pilot.pause()
        assert not on_disk(service).marks.is_read(paper.arxiv_id)


async def test_star_and_the_starred_list_open_the_paper_in_its_day(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "asterisk")
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        paper, day = categories.current_paper, shown_digest(app).day
        assert paper is not None and on_disk(service).stars.is_starred(paper.arxiv_id)
        await pilot.press("left_square_bracket")  # another day
        await pilot.pause()
        assert shown_digest(app).day != day
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, FoundScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert shown_digest(app).day == day
        assert app.screen.query_one(CategoryList).current_paper == paper


async def test_m_marks_a_category_read_and_n_goes_to_the_next_unread(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        categories = app.screen.query_one(CategoryList)
        first = shown_digest(app).groups[0]
        await pilot.press("M")
        await pilot.pause()
        assert all(on_disk(service).marks.is_read(p.arxiv_id) for p in first.papers)
        await pilot.press("n")
        await pilot.pause()
        paper = categories.current_paper
        second = shown_digest(app).groups[1]
        assert paper is not None and paper.arxiv_id == second.papers[0].arxiv_id


async def test_search_finds_a_paper_of_another_day_and_opens_it_there(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = [info.day for info in service.days() if info.count]
    older = service.open_day(days[0])
    assert older is not None and len(days) > 1
    wanted = older.groups[0].papers[0]
    words = " ".join(wanted.title.split()[:4])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert shown_digest(app).day != older.day
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FoundScreen)
        app.screen.query_one("#found-query").value = f'"{words}"'  # type: ignore[attr-defined]
        for _ in range(50):
            await pilot.pause(0.1)
            if any(row is not None for row in app.screen.rows):  # type: ignore[attr-defined]
                break
        await pilot.press("enter", "enter")  # into the results, then open the first
        await pilot.pause()
        assert shown_digest(app).day == older.day
        assert app.screen.query_one(CategoryList).current_paper == wanted


async def test_arrows_go_from_the_search_field_into_the_results(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FoundScreen)
        field = screen.query_one("#found-query", Input)
        await pilot.press("down")  # nothing found yet: the field keeps the focus
        assert field.has_focus
        field.value = "model"
        for _ in range(50):
            await pilot.pause(0.1)
            if sum(row is not None for row in screen.rows) > 1:
                break
        listing = screen.query_one(OptionList)
        first = listing.highlighted
        assert "↓ or Enter: to the results" in str(screen.query_one("#found-status").render())
        await pilot.press("down")
        assert app.focused is listing and listing.highlighted == first
        await pilot.press("down")
        assert listing.highlighted is not None and first is not None
        assert listing.highlighted > first


async def test_a_bad_query_is_one_line_not_an_error(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FoundScreen)
        for query in ('"unbalanced', "*", "\x1b[2J" + "x" * 10_000, "AND OR NOT"):
            screen.query_one("#found-query").value = query  # type: ignore[attr-defined]
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, FoundScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, FoundScreen)


async def test_a_cited_source_opens_in_the_pane_and_esc_comes_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first category, its briefing
        await app.workers.wait_for_complete()
        group = shown_digest(app).groups[0]
        await pilot.press("number_sign")
        await pilot.pause()
        await pilot.press("9", "9", "enter")  # not one of the sources: said, stays open
        await pilot.pause()
        assert app.screen.query("#goto-message.-error")
        await pilot.press("backspace", "backspace", "2", "enter")
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        assert categories.current_paper == group.papers[1]
        await pilot.press("escape")
        await pilot.pause()
        assert categories.current_row == (group.name, None)


async def test_a_big_day_drawn_first_from_the_index_counts_its_unread_papers(
    home: Path,
) -> None:
    from daily_ai_insights.core.config import load_config
    from daily_ai_insights.tui.days import OUTLINE_FROM
    from tests.support.papers import make_paper

    service = InsightsService(load_config())
    day = dt.date(2024, 11, 15)
    papers = [make_paper(f"2411.{n:05d}", announced=day) for n in range(OUTLINE_FROM)]
    from daily_ai_insights.core.topics.classify import classify

    assignments = classify(papers, service.taxonomy)
    version = service.sorting
    service.store.save_day(day, papers, assignments, sources=("hf",), taxonomy_version=version)
    assert service.outline_day(day) is not None  # drawn from the index first
    service.reader.marks.set_read(day, [papers[0].arxiv_id, papers[1].arxiv_id], True)
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert not shown_digest(app).outline
        assert f"{OUTLINE_FROM} papers, {OUTLINE_FROM - 2} unread" in header(app)
        categories = app.screen.query_one(CategoryList)
        counts = [categories.count_shown(name) for name, paper in categories.rows if not paper]
        assert counts and not any(count.startswith("✓") for count in counts)
        assert sum(int(count.split("/")[0]) for count in counts) == OUTLINE_FROM - 2


async def test_a_wrapped_result_keeps_its_indent(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FoundScreen)
        screen.query_one("#found-query").value = "model"  # type: ignore[attr-defined]
        for _ in range(50):
            await pilot.pause(0.1)
            if any(row is not None for row in screen.rows):
                break
        await pilot.pause()
        listing = screen.query_one(OptionList)
        region = Region(0, 0, listing.size.width, listing.size.height)
        lines = [strip.text.rstrip() for strip in listing.render_lines(region)]
        headings = [
            line for line in lines if line.lstrip()[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri"}
        ]
        shown = [line for line in lines if line.strip() and line not in headings]
        # Each result ends with "· its category": more lines than that, some title wrapped.
        assert headings and len(shown) > sum("·" in line for line in shown)
        indent = len(headings[0]) - len(headings[0].lstrip()) + 2
        assert all(len(line) - len(line.lstrip()) == indent for line in shown), lines


def _titles_of_every_length(count: int) -> list[str]:
    """Titles that all hold "zyxquux", one of each length from 30 characters on."""
    words = ("graph", "neural", "models", "for", "sparse", "robust", "vision", "agents", "in")
    titles = []
    for n in range(count):
        title = "Zyxquux"
        while len(title) < 30 + n:
            title += " " + words[(n + len(title)) % len(words)]
        titles.append(title[: 30 + n].rstrip())
    return titles


@pytest.mark.parametrize("size", [(80, 24), (250, 70)])
async def test_no_search_result_loses_its_end(home: Path, size: tuple[int, int]) -> None:
    from daily_ai_insights.core.config import load_config
    from daily_ai_insights.core.text import clean_line, shown_text
    from daily_ai_insights.core.topics.classify import classify
    from tests.support.papers import make_paper

    service = InsightsService(load_config())
    day = dt.date(2024, 11, 15)
    titles = _titles_of_every_length(200)  # some fill a row to within the scrollbar's width
    papers = [make_paper(f"2411.{n:05d}", title=t) for n, t in enumerate(titles)]
    assignments = classify(papers, service.taxonomy)
    version = service.sorting
    service.store.save_day(day, papers, assignments, sources=("hf",), taxonomy_version=version)
    app = InsightsApp(service, banner="")
    async with app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FoundScreen)
        screen.query_one("#found-query", Input).value = "zyxquux"
        for _ in range(50):
            await pilot.pause(0.1)
            if sum(row is not None for row in screen.rows) == len(titles):
                break
        await pilot.pause()
        listing = screen.query_one(OptionList)
        assert listing.virtual_size.height > listing.size.height  # it scrolls
        drawn = [listing.render_line(y).text for y in range(listing.virtual_size.height)]
        shown = " ".join(" ".join(drawn).split())
        at = 0
        for found in screen.rows:
            if found is None:
                continue
            # A result wraps onto more lines when it must; none is cut short.
            row = " ".join(f"{shown_text(found.title)} · {clean_line(found.category)}".split())
            where = shown.find(row, at)
            assert where >= 0, (row, shown[at : at + 300])
            at = where + len(row)


@pytest.mark.parametrize("size", [(80, 24), (250, 70)])
async def test_a_long_search_error_is_one_line_ending_in_an_ellipsis(
    make_app: AppFactory,
    service: InsightsService,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    from daily_ai_insights.core.errors import CacheError

    folder = "/home/someone/" + "/".join(["a-long-folder-name"] * 8)
    reason = f"cannot write the cache at {folder}: [Errno 13] Permission denied"

    def broken(text: str, *, limit: int) -> object:
        raise CacheError(reason)

    monkeypatch.setattr(service.search, "search", broken)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FoundScreen)
        screen.query_one("#found-query", Input).value = "model"
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = screen.query_one("#found-status")
        line = status.render_lines(Region(0, 0, status.size.width, 1))[0].text.rstrip()
        assert line.startswith("cannot write the cache at /home/someone/")
        assert line.endswith("…") and len(line) <= status.size.width
