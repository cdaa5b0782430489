"""The reader's feel: the view remembered, links without a browser, the filter's count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.cells import cell_len

from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.display import emoji
from daily_ai_insights.tui.widgets.banner import Banner
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.detail_pane import HINT_ID
from daily_ai_insights.tui.widgets.filter_input import FilterInput
from tests.app.conftest import SIZE, main_screen, shown_digest

AppFactory = Callable[..., InsightsApp]


async def test_a_restart_restores_row_language_theme_banner_and_each_days_view(
    service: InsightsService,
) -> None:
    days = [info.day for info in service.days() if info.count]
    app = InsightsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # dismisses the sample's banner
        await pilot.press("right", "down")  # newest day: first category open, on a paper
        categories = app.screen.query_one(CategoryList)
        newest_row, newest_open = categories.current_row, list(categories.expanded)
        await pilot.press("left_square_bracket", "down", "right")  # the day before
        before_open = list(categories.expanded)
        assert before_open and shown_digest(app).day == days[-2]
        await pilot.press("right_square_bracket")  # back: that day as it was left
        await pilot.pause()
        assert categories.expanded == newest_open and categories.current_row == newest_row
        await pilot.press("L")
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        theme = app.theme
        await pilot.pause()
        await pilot.press("q")
    again = InsightsApp(service)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(again)
        assert not screen.query(Banner)
        assert shown_digest(again).day == days[-1]
        categories = screen.query_one(CategoryList)
        assert categories.expanded == newest_open and categories.current_row == newest_row
        assert screen.language == "en" and again.theme == theme
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert categories.expanded == before_open


async def test_o_without_a_browser_shows_and_copies_the_link(make_app: AppFactory) -> None:
    app = make_app()
    app.browser_available = lambda: False  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "down", "o")
        await pilot.pause()
        paper = main_screen(app).categories.current_paper
        assert paper is not None
        assert app.clipboard == paper.abs_url
        assert any(paper.abs_url in n.message and "copied" in n.message for n in app._notifications)
        await pilot.press("y")
        assert app.clipboard == paper.abs_url


async def test_the_filter_counts_matches_says_none_and_exports_what_it_shows(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        digest = shown_digest(app)
        word = max(digest.groups[0].papers[0].title.split(), key=len)
        await pilot.press("slash", *word)
        await pilot.pause()
        count = str(app.screen.query_one("#filter-count").render())
        matches = [row for row in main_screen(app).categories.rows if row[1] is not None]
        assert count.startswith(f"{len(matches)}/{digest.paper_count} match")
        await pilot.press("enter", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = next(n.message for n in app._notifications if n.title == "Exported")
        name = note.removeprefix("wrote ").split()[0]
        text = (service.config.paths.export_dir / name).read_text(encoding="utf-8")
        assert text.count(" - ") == len(matches)
        # No briefing of a part of a category: the document says why, in its place.
        sections = text.count("\n## ")
        said = f"필터 “{word}”에 맞는 논문"
        assert text.count(said) == sections and "⚠️" not in text
        await pilot.press("slash", *"zzqqxx")
        await pilot.pause()
        assert "no matches" in str(app.screen.query_one("#filter-count").render())
        # Nothing is left to point at: the pane and the position say so, not the last row.
        screen = main_screen(app)
        assert screen.categories.rows == [] and screen.pane.current == HINT_ID
        assert "No paper of this day matches the filter" in str(
            screen.query_one(f"#{HINT_ID}").render()
        )
        assert screen.categories.position() == ""
        await pilot.press("escape")
        await pilot.pause()
        assert screen.categories.current_row is not None
        shown = screen.pane.current
        assert shown != HINT_ID or "the filter" not in str(screen.query_one(f"#{shown}").render())


async def test_the_filter_box_keeps_room_to_type_at_80_columns(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"model")
        await pilot.pause()
        box = app.screen.query_one(FilterInput)
        assert box.size.width >= 10
        assert "model" in app.export_screenshot().replace("&#160;", " ")
        count = str(app.screen.query_one("#filter-count").render())
        assert " match" in count and "Esc" not in count  # the key bar says Esc


async def test_stepping_to_a_day_left_on_a_paper_shows_the_paper(
    service: InsightsService,
) -> None:
    # The newest day is left with the cursor on a paper; the next start opens the day
    # before, so no paper has been shown yet when "]" restores that cursor.
    days = [info.day for info in service.days() if info.count]
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "down")
        left_on = app.screen.query_one(CategoryList).current_row
        assert left_on is not None and left_on[1] is not None
        await pilot.press("q")
    again = InsightsApp(service, banner="", day=days[-2])
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert shown_digest(again).day == days[-1]
        assert again.screen.query_one(CategoryList).current_row == left_on
        assert left_on[1] in str(again.screen.query_one("#paper").render())  # the paper shown


def test_every_categorys_name_starts_in_the_same_column() -> None:
    # ✈ and 🛡 are one cell wide bare (and of disputed width with VS16); 🐱 is two.
    categories = [*default_taxonomy().categories]
    assert {"✈️", "🛡️", "🐱"} <= {c.emoji for c in categories}
    categories.append(replace(categories[0], emoji="❤️"))
    assert {cell_len(emoji(c)) for c in categories} == {2}
    assert all("\ufe0f" not in emoji(c) for c in categories)


async def test_a_passing_notice_replaces_the_last_but_not_a_warning(
    make_app: AppFactory,
) -> None:
    from daily_ai_insights.tui import notices
    from daily_ai_insights.tui.notices import notice

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def shown() -> list[str]:
            return [n.message for n in app._notifications]

        app.clear_notifications()  # what the start said has gone, warnings too
        notices._kept_until.pop(app, None)
        notice(app, "copied the link")
        await pilot.pause()
        notice(app, "briefings in English")  # at 80x24 they would stack over the pane
        await pilot.pause()
        assert shown() == ["briefings in English"]
        notice(app, "the fetch failed", severity="warning")
        await pilot.pause()
        notice(app, "papers newest first")
        await pilot.pause()
        assert shown() == ["the fetch failed", "papers newest first"]
