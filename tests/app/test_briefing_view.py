"""The shared view of cached briefings: one line-API widget that every cached category uses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from daily_ai_insights.core.briefings.service import BriefingDone
from daily_ai_insights.core.models import CategoryGroup, Digest
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.widgets.briefing_text import HINT
from daily_ai_insights.tui.widgets.briefing_view import BriefingView
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.detail_pane import PRERENDER_DELAY, PRERENDER_STEP
from tests.app.conftest import SIZE, main_screen, open_cached_view, screen_cells

AppFactory = Callable[..., InsightsApp]


async def _cache_every_briefing(service: InsightsService, *, but_first: bool = False) -> Digest:
    """Write the offline briefing of every category of the newest day (but the first, if
    asked); returns that day."""
    newest = service.newest_day()
    assert newest is not None
    digest = service.open_day(newest)
    assert digest is not None
    for group in digest.groups[1 if but_first else 0 :]:
        events = [e async for e in service.brief(digest, group.name, service.config.language)]
        assert any(isinstance(event, BriefingDone) for event in events)
    return digest


def _assert_fits(view: BriefingView) -> None:
    """Every line fills the view, and its text stays clear of the scrollbar's gutter."""
    from rich.cells import cell_len

    assert {line.cell_length for line in view.lines} == {view.size.width}
    text_width = view.scrollable_content_region.width
    assert text_width < view.size.width  # the gutter is kept, scrollbar or not
    assert max(cell_len(text) for text in view.plain_lines) <= text_width


def _count_layouts(screen: MainScreen, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets an item each time ``screen`` lays itself out from now on."""
    layouts: list[int] = []
    original = screen._refresh_layout

    def counting_refresh_layout(size: Size | None = None, scroll: bool = False) -> None:
        layouts.append(1)
        original(size, scroll)

    monkeypatch.setattr(screen, "_refresh_layout", counting_refresh_layout)
    return layouts


async def _open_drawn_ahead(
    pilot: Pilot[None], view: BriefingView, group: CategoryGroup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sit idle until every category of the day is drawn ahead, then move onto ``group``
    and open it: drawing any line on the way fails."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen) and screen.digest is not None
    await pilot.pause(PRERENDER_DELAY + PRERENDER_STEP * (len(screen.digest.groups) + 4))

    def must_not_render(*args: object) -> list[object]:
        raise AssertionError("drawn ahead: moving and opening must not render")

    monkeypatch.setattr(view, "_render_all", must_not_render)
    categories = screen.query_one(CategoryList)
    categories.highlighted = categories.rows.index((group.name, None))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert screen.current_panel() is view and view.briefing is not None
    assert group.name in view.plain_lines[1]


async def test_cached_categories_share_one_view_and_keep_their_scroll(
    make_app: AppFactory, service: InsightsService
) -> None:
    digest = await _cache_every_briefing(service)
    first, second = digest.groups[0], digest.groups[1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        categories = screen.query_one(CategoryList)
        view = await open_cached_view(pilot)
        assert view.group.name == first.name
        assert screen.query_one(ContentSwitcher).current == view.id
        assert first.name in view.plain_lines[1]
        assert view.virtual_size.height == len(view.lines) > view.size.height
        view.scroll_to(y=7, animate=False, immediate=True)
        # Open the second category: the same widget shows it, from the top.
        categories.highlighted = categories.rows.index((second.name, None))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current_panel() is view and view.group.name == second.name
        assert second.name in view.plain_lines[1] and view.scroll_y == 0
        assert f"Sources ({second.count})" in view.plain_lines
        assert len(screen.query(BriefingView)) == 1
        # Back on the first: where it was left.
        categories.highlighted = categories.rows.index((first.name, None))
        await pilot.pause()
        assert view.group.name == first.name and view.scroll_y == 7


async def test_a_closed_category_shows_its_overview_in_the_view_and_opens_without_layout(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = await _cache_every_briefing(service)
    second = digest.groups[1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        categories = screen.query_one(CategoryList)
        view = await open_cached_view(pilot)
        categories.highlighted = categories.rows.index((second.name, None))
        await pilot.pause()
        # The closed category's overview shows in the same view: title, description, hint.
        assert screen.query_one(ContentSwitcher).current == view.id and view.display
        assert view.briefing is None and screen.current_panel() is None
        assert (
            second.name in view.plain_lines[1] and f"{second.count} papers" in view.plain_lines[1]
        )
        assert HINT in " ".join(view.plain_lines)
        layouts = _count_layouts(screen, monkeypatch)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current_panel() is view and view.briefing is not None
        assert second.name in view.render_line(1).text and "Briefing" in view.plain_lines
        assert layouts == [], "opening a cached category laid out the whole screen"
        # Hidden (a paper shows), the pane changes size: shown again, drawn at the new size.
        await pilot.press("j")
        await pilot.pause()
        assert not view.display
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert view.display and view.briefing is not None
        _assert_fits(view)


async def test_the_view_rewraps_on_resize_and_scrolls_by_keyboard(
    make_app: AppFactory, service: InsightsService
) -> None:
    await _cache_every_briefing(service)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_cached_view(pilot)
        narrow = len(view.lines)
        _assert_fits(view)
        # A drawn line is one terminal row: no newline may reach the terminal.
        assert not [line.text for line in view.lines if not line.text.isprintable()]
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        _assert_fits(view)
        assert len(view.lines) < narrow, "wider lines wrap less"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        _assert_fits(view)
        await pilot.press("tab")
        assert app.focused is view
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0
        top = view.scroll_offset.y
        assert view.render_line(0).text.rstrip() == view.plain_lines[top]


async def test_a_theme_change_recolours_the_view(
    make_app: AppFactory, service: InsightsService
) -> None:
    await _cache_every_briefing(service)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-dark"
        view = await open_cached_view(pilot)

        def title_colours() -> set[object]:
            return {seg.style.color for seg in view.lines[1] if seg.style and seg.text.strip()}

        def theme_title_colour() -> object:
            return view.get_component_rich_style("briefing-view--title").color

        dark = title_colours()
        assert dark == {theme_title_colour()}
        app.theme = "nord"
        await pilot.pause()
        assert title_colours() == {theme_title_colour()} != dark


async def test_the_days_other_briefings_are_drawn_ahead_while_idle(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = await _cache_every_briefing(service)
    last = digest.groups[-1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_cached_view(pilot)
        await _open_drawn_ahead(pilot, view, last, monkeypatch)
        assert f"Sources ({last.count})" in view.plain_lines


async def test_the_view_takes_over_from_the_hint_after_start_without_a_visible_change(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daily_ai_insights.tui.screens.main as main_module

    await _cache_every_briefing(service)
    monkeypatch.setattr(main_module, "WARM_UP_DELAY", 3600.0)  # warmed up by hand below
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.pause()
        assert screen.query_one(ContentSwitcher).current == "detail-hint"
        before = screen_cells(app.screen)
        screen.pane.warm_up()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = screen.query_one(BriefingView)
        assert screen.query_one(ContentSwitcher).current == view.id
        assert view.briefing is None and screen.digest is not None
        assert screen.digest.groups[0].name in view.plain_lines[1]
        assert screen_cells(app.screen) == before
        # Idle, the day's overviews and briefings are drawn ahead: opening one renders nothing.
        await _open_drawn_ahead(pilot, view, screen.digest.groups[-1], monkeypatch)


async def test_a_view_mounted_while_a_briefing_streams_draws_ahead_once_it_shows(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daily_ai_insights.tui.screens.main as main_module
    from daily_ai_insights.tui.widgets.category_panel import CategoryPanel

    digest = await _cache_every_briefing(service, but_first=True)
    monkeypatch.setattr(main_module, "WARM_UP_DELAY", 3600.0)  # warmed up by hand below
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        categories = screen.query_one(CategoryList)
        await pilot.press("enter")  # the first category has no briefing yet: it streams
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(screen.current_panel(), CategoryPanel)
        screen.pane.warm_up()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = screen.query_one(BriefingView)
        assert not view.display and not view.has_size  # mounted behind the streamed panel
        await pilot.pause(PRERENDER_DELAY + PRERENDER_STEP * 4)  # idle while hidden
        second, last = digest.groups[1], digest.groups[-1]
        categories.highlighted = categories.rows.index((second.name, None))
        await pilot.pause()
        assert view.display and view.briefing is None and second.name in view.plain_lines[1]
        await _open_drawn_ahead(pilot, view, last, monkeypatch)


async def test_the_closed_category_the_cursor_rests_on_is_drawn_before_its_enter(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from daily_ai_insights.tui.widgets import detail_pane

    # The idle draw-ahead of the whole day is put out of reach: only the resting cursor
    # can draw the category, however slowly the machine runs the timers.
    monkeypatch.setattr(detail_pane, "PRERENDER_DELAY", 3600.0)
    digest = await _cache_every_briefing(service)
    target = digest.groups[-1]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_cached_view(pilot)
        screen = main_screen(app)
        categories = screen.query_one(CategoryList)
        categories.highlighted = categories.rows.index((target.name, None))
        for _ in range(600):  # rests until its timer (PRERENDER_RESTING) has fired
            await pilot.pause(detail_pane.PRERENDER_RESTING)
            if target.name in screen.pane.prerendered_names():
                break
        assert target.name in screen.pane.prerendered_names(), "never drawn while resting"

        def must_not_render(*args: object) -> list[object]:
            raise AssertionError("the category under the resting cursor was not drawn ahead")

        monkeypatch.setattr(view, "_render_all", must_not_render)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current_panel() is view and target.name in view.plain_lines[1]


async def test_switching_between_days_of_the_same_shape_lays_nothing_out(
    make_app: AppFactory, service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Header, chart, list and pane change their text in place: no layout of the screen."""
    import dataclasses
    import datetime as dt

    newest = service.newest_day()
    assert newest is not None
    stored = service.store.load_day(newest)
    assert stored is not None
    copy_day = newest + dt.timedelta(days=1)  # the same categories and counts, a day later
    service.store.save_day(
        copy_day,
        [dataclasses.replace(p, announced=copy_day) for p in stored.papers],
        stored.assignments,
        sources=("test",),
        taxonomy_version=stored.taxonomy_version,
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.pause()
        screen.pane.warm_up()  # the pane that shows overviews is the one on screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.digest is not None and screen.digest.day == copy_day
        layouts = _count_layouts(screen, monkeypatch)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.digest.day == newest
        assert newest.isoformat() in str(screen.query_one("DayHeader").render())
        assert layouts == [], "a day switch laid out the whole screen"
