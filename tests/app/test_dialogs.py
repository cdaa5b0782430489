"""Help, go-to-date, command palette, keymap, language, export and the first-run banner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui import keymap
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.commands import CURRENT, palette_commands
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.screens.help import HelpScreen
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.widgets.banner import Banner
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from daily_ai_insights.tui.widgets.detail_pane import DetailPane
from daily_ai_insights.tui.widgets.status_bar import StatusBar
from tests.app.conftest import (
    SIZE,
    main_screen,
    sample_service,
    screen_cells,
    shown_digest,
    type_at_once,
)
from tests.support.loopback import Loopback

AppFactory = Callable[..., InsightsApp]


async def test_help_lists_every_binding_and_closes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {row.description for row in app.screen.rows}
        for binding in (*MainScreen.BINDINGS, *CategoryList.BINDINGS, *InsightsApp.BINDINGS):
            assert binding.description in described  # type: ignore[union-attr]
        ids = {row.binding_id for row in app.screen.rows}
        assert {"day.previous", "day.goto", "list.toggle", "app.language"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, MainScreen)


async def test_goto_accepts_only_yyyy_mm_dd(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        box = app.screen.query_one(Input)
        message = app.screen.query_one("#goto-message", Static)
        # fromisoformat takes these; nobody typing a day means them.
        for typed in ("2024-W46-5", "20241115", "2024-1-1", "2024-13-01"):
            box.value = typed
            await pilot.press("enter")
            assert isinstance(app.screen, GoToDateScreen), typed
            assert "not a date" in str(message.render()) and message.has_class("-error")
        box.value = ""
        await pilot.press("enter")
        assert "YYYY-MM-DD" in str(message.render())


async def test_goto_validates_opens_cached_days_and_cancels(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = [info.day for info in service.days() if info.count]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, GoToDateScreen)
        box = app.screen.query_one(Input)
        box.value = "2024-02-30"
        await pilot.press("enter")
        message = app.screen.query_one("#goto-message", Static)
        assert "not a date" in str(message.render()) and message.has_class("-error")
        assert isinstance(app.screen, GoToDateScreen)
        box.value = "2001-01-01"
        await pilot.press("enter")
        # Offline: an uncached day cannot be fetched, and the dialog says so.
        assert "not cached" in str(message.render()) and "offline" in str(message.render())
        box.value = days[0].isoformat()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and shown_digest(app).day == days[0]
        await pilot.press("g", "escape")
        assert isinstance(app.screen, MainScreen) and shown_digest(app).day == days[0]


async def test_a_date_typed_right_after_g_goes_into_the_dialog(
    make_app: AppFactory, service: InsightsService
) -> None:
    """Typed fast (or pasted), g, a date and Enter open that day: the keys after g are
    not handed to the list while the dialog opens."""
    target = service.days()[1].day
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, f"g{target.isoformat()}\r")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert shown_digest(app).day == target


async def test_goto_offers_to_fetch_an_uncached_day_when_online(
    home: Path, server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Online, but every source is a loopback server that answers 503: the fetch fails.
    server.route("*", lambda handler, request: handler.send_bytes(503, b"down", "text/plain"))
    (home / "config").mkdir()
    (home / "config" / "config.toml").write_text("http_retries = 0\narxiv_api_delay = 0\n")
    for name in ("INSIGHTS_HF_API_URL", "INSIGHTS_ARXIV_RSS_URL", "INSIGHTS_ARXIV_API_URL"):
        monkeypatch.setenv(name, f"{server.url}/feed")
    service = sample_service()
    shown = service.newest_day()
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The start-up fetch nobody asked for fails calmly: a warning, the cached day stays.
        assert not any(n.severity == "error" for n in app._notifications)
        assert any("showing the cached" in n.message for n in app._notifications)
        assert shown_digest(app).day == shown
        await pilot.press("g")
        app.screen.query_one(Input).value = "2001-01-01"
        await pilot.press("enter")
        message = str(app.screen.query_one("#goto-message", Static).render())
        assert "press Enter again to fetch" in message
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_digest(app).day == shown
        assert "fetch failed" in app.screen.query_one(StatusBar).message
        assert any(n.severity == "error" for n in app._notifications)  # this one was asked for


async def test_refresh_offline_is_a_notice(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert any("offline" in n.message for n in app._notifications)


async def test_palette_runs_commands(make_app: AppFactory, service: InsightsService) -> None:
    days = [info.day for info in service.days() if info.count]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Previous day")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and shown_digest(app).day == days[-2]
        await pilot.press("ctrl+p", *"Language: English")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.language == "en" and service.config.language == "en"
        await pilot.press("ctrl+p", *"Go to date")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoToDateScreen)
        assert app.focused is app.screen.query_one("#goto-input")


async def test_keymap_from_config_remaps_bindings(
    offline_home: Path, service: InsightsService
) -> None:
    (offline_home / "config").mkdir(exist_ok=True)
    (offline_home / "config" / "config.toml").write_text('[keymap]\n"day.previous" = "p"\n')
    remapped = sample_service()
    days = [info.day for info in remapped.days() if info.count]
    app = InsightsApp(remapped, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        assert shown_digest(app).day == days[-1]  # the old key no longer moves
        await pilot.press("p")
        assert shown_digest(app).day == days[-2]
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        row = next(r for r in help_screen.rows if r.binding_id == "day.previous")
        assert row.keys == "p"


async def test_language_key_rebuilds_briefings(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        korean = app.screen.query_one(CategoryPanel)
        assert korean.language == "ko"
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        english = app.screen.query_one(CategoryPanel)
        assert english is not korean and english.language == "en"
        assert english.briefing is not None and english.briefing.language == "en"
        assert "en · offline extract" in app.screen.query_one(StatusBar).label


async def test_export_writes_the_open_categories(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [n.message for n in app._notifications if n.title == "Exported"]
        assert notes, [n.message for n in app._notifications]
        name = notes[0].removeprefix("wrote ").split()[0]
        path = service.config.paths.export_dir / name
        assert path.is_file() and path.suffix == ".md"
        text = path.read_text(encoding="utf-8")
        opened = app.screen.query_one(CategoryList).expanded[0]
        assert opened in text


async def test_first_run_banner_shows_and_dismisses(service: InsightsService) -> None:
    app = InsightsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = app.screen.query_one(Banner)
        assert "sample" in banner.message and "OPENAI_API_KEY" in banner.message
        await pilot.click("#banner-dismiss")
        await pilot.pause()
        assert not app.screen.query(Banner)
    again = InsightsApp(service)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert not again.screen.query(Banner)


# Keys that move, scroll or go back: the palette offers commands, not movement.
NOT_COMMANDS = {
    keymap.TOGGLE, keymap.EXPAND, keymap.COLLAPSE, keymap.DOWN, keymap.UP, keymap.FIRST,
    keymap.LAST, keymap.PAGE_DOWN, keymap.PAGE_UP, keymap.LIST_BACK, keymap.PANE_BACK,
    keymap.PANE_UP, keymap.PANE_DOWN, keymap.PANE_TOP, keymap.PANE_BOTTOM,
    keymap.FILTER_CLEAR, keymap.FILTER_DONE, keymap.MAIN_ESCAPE, keymap.BANNER_DISMISS,
}  # fmt: skip


async def test_the_palette_offers_every_command_that_has_a_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        screen = main_screen(app)
        bound = {
            binding.id
            for owner in (InsightsApp, MainScreen, CategoryList, DetailPane)
            for binding in owner.BINDINGS
            if isinstance(binding, Binding) and binding.id
        }
        assert {keymap.MOVE_PAPER, keymap.STAR, keymap.SEARCH, keymap.CITE} <= bound
        offered = {binding_id for *_, binding_id in palette_commands(app, screen)}
        assert bound - NOT_COMMANDS <= offered, bound - NOT_COMMANDS - offered
        names = [name for name, *_ in palette_commands(app, screen)]
        assert len(names) == len(set(names))


async def test_regenerate_from_a_paper_rewrites_its_categorys_briefing(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first category opens, its briefing written
        await app.workers.wait_for_complete()
        await pilot.press("down")  # onto its first paper
        await pilot.pause()
        category = main_screen(app).categories.current_row
        assert category is not None and category[1] is not None
        (panel,) = app.screen.query(CategoryPanel)
        written = panel.briefing
        assert panel.group.name == category[0] and written is not None
        assert main_screen(app).pane.regenerate()
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = f"no model is set: the offline extract of {category[0]} is written again"
        assert said in [n.message for n in app._notifications]
        assert panel.briefing is not None and panel.briefing is not written  # written again
        assert main_screen(app).categories.current_row == category  # the paper stays shown


def _theme_lines(app: InsightsApp) -> list[str]:
    from textual.command import CommandList

    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_theme_picker_marks_the_theme_in_use(make_app: AppFactory) -> None:
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        theme = next(c for c in app.get_system_commands(app.screen) if c.title == "Theme")
        theme.callback()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"textual")
        await pilot.pause(0.3)
        marked = [line for line in _theme_lines(app) if "✓ current" in line]
        assert len(marked) == 1 and marked[0].startswith(app.theme), _theme_lines(app)
        light = next(n for n in app.available_themes if n != app.theme and n.startswith("textual"))
        await pilot.press("escape")
        app.theme = light  # as picking it does
        theme.callback()
        await pilot.pause()
        await pilot.press(*"textual")
        await pilot.pause(0.3)
        marked = [line for line in _theme_lines(app) if "✓ current" in line]
        assert len(marked) == 1 and marked[0].startswith(light), _theme_lines(app)


async def _open_theme_picker(pilot: Pilot[None], app: InsightsApp) -> list[str]:
    """Ctrl+P, "theme": the palette's Theme entry; Enter opens the picker. Its lines."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"theme")
    await pilot.pause(0.4)
    entry = next(line for line in _theme_lines(app) if line.startswith("Theme"))
    assert f"(now {app.theme})" in entry  # the palette says which theme is in use
    await pilot.press("enter")
    await pilot.pause(0.4)
    return _theme_lines(app)


async def test_the_theme_picker_opens_on_the_theme_in_use_and_follows_a_pick(
    make_app: AppFactory,
) -> None:
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.theme
        lines = await _open_theme_picker(pilot, app)
        # In view as the picker opens (at 80x24 most themes are below the fold): first, marked.
        assert lines[0] == f"{first}{CURRENT}", lines
        assert [line for line in lines if CURRENT in line] == [lines[0]]
        assert app.screen.query_one(CommandList).highlighted == 0
        other = next(name for name in sorted(app.available_themes) if name != first)
        await pilot.press(*other, "enter")  # picked by typing its name
        await pilot.pause()
        assert app.theme == other
        lines = await _open_theme_picker(pilot, app)
        assert lines[0] == f"{other}{CURRENT}", lines
        assert [line for line in lines if CURRENT in line] == [lines[0]]


def _exported(app: InsightsApp) -> str:
    """The newest export notice."""
    return [n.message for n in app._notifications if n.title == "Exported"][-1]


@pytest.mark.parametrize("size", [(80, 24), (250, 70)])
async def test_the_export_notice_names_each_file_it_wrote_whole(
    make_app: AppFactory, service: InsightsService, size: tuple[int, int]
) -> None:
    folder = service.config.paths.export_dir
    assert len(str(folder)) > 60  # longer than a notice is wide, even at 250 columns
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        day = shown_digest(app).day.isoformat()
        await pilot.press("enter", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = _exported(app)
        document, chart = f"insights-{day}.md", f"paper_{day}.svg"
        assert sorted(p.name for p in folder.iterdir()) == [document, chart]
        assert note.startswith(f"wrote {document} and its chart {chart} in …/")
        assert str(folder).endswith(note.rsplit(" in …", 1)[1])  # the folder's end
        lines = ["".join(cell[0] for cell in row) for row in screen_cells(app.screen)]
        for word in note.split():  # no name, nor the folder, broken across lines
            assert any(word in line for line in lines), (word, lines)
        # A filter that matches nothing: no document, and a warning saying why instead.
        await pilot.press("slash", *"zzqqxx", "enter", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(p.name for p in folder.iterdir()) == [document, chart]
        why = f"no paper of {day} matches the filter “zzqqxx”; nothing to export"
        assert [(n.message, n.severity) for n in app._notifications] == [(why, "warning")]
