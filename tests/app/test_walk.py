"""Rough edges a newcomer met on a walk through the reader, at the sizes they showed at."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.commands import palette_commands
from daily_ai_insights.tui.day_gaps import empty_reason
from daily_ai_insights.tui.notices import NO_PAPER
from daily_ai_insights.tui.screens.cite import CiteScreen
from daily_ai_insights.tui.screens.found import Found, FoundScreen
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.screens.move import MoveScreen
from daily_ai_insights.tui.widgets.paper_detail import PaperDetail
from tests.app.conftest import main_screen, screen_cells

AppFactory = Callable[..., InsightsApp]


def _screen_text(app: InsightsApp) -> str:
    return "\n".join("".join(cell[0] for cell in row) for row in screen_cells(app.screen))


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_the_move_picker_shows_its_cursor_and_hint_on_a_short_screen(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "m")  # the first paper of the first category
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MoveScreen)
        shown = _screen_text(app)
        assert "(here now)" in shown  # the cursor starts on the paper's own category
        assert "Enter moves" in shown
        await pilot.resize_terminal(80, 24)  # and after the terminal shrinks
        await pilot.pause()
        await pilot.pause()
        shown = _screen_text(app)
        assert "(here now)" in shown and "Enter moves" in shown


async def test_a_day_whose_every_paper_is_muted_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "down")  # on a paper: the status bar says where
        await pilot.pause()
        assert "2/" in _screen_text(app).splitlines()[-2]
        await pilot.press("w", "tab", "tab", "a", "enter")  # "a" mutes every paper
        await pilot.pause()
        await pilot.pause()
        shown = _screen_text(app)
        assert "Your mute list hides all 16 papers" in shown
        assert "announced" not in shown  # not a holiday: the papers are there
        status = shown.splitlines()[-2]
        assert "2/" not in status and "·" not in status.split("ko")[0]  # no stale position
        await pilot.press("H")  # shown again: the list and its position come back
        await pilot.pause()
        assert "topics" in _screen_text(app).splitlines()[-2]


async def test_every_command_for_a_paper_says_the_same_on_a_category_row(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = {name: run for name, _, run, _ in palette_commands(app, main_screen(app))}
        for name in ("Open PDF", "Copy link", "Move paper to…", "Star / unstar paper"):
            app.clear_notifications()
            result = commands[name]()
            if result is not None:
                await result
            await pilot.pause()
            assert [n.message for n in app._notifications] == [NO_PAPER], name
        app.clear_notifications()
        commands["Mark read / unread"]()  # said nothing at all
        await pilot.pause()
        assert [n.message for n in app._notifications] == [NO_PAPER]


async def test_the_cite_dialog_asks_for_a_number_when_enter_finds_none(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("number_sign", "enter")  # nothing typed
        await pilot.pause()
        assert isinstance(app.screen, CiteScreen)
        shown = _screen_text(app)
        assert "type a number: 1-5" in shown and "nothing is not" not in shown
        await pilot.press("9", "enter")
        await pilot.pause()
        assert "9 is not one of 1-5" in _screen_text(app)
        await pilot.press("escape", "end")  # a category of one paper: not "1-1"
        await pilot.pause()
        await pilot.press("number_sign")
        await pilot.pause()
        assert isinstance(app.screen, CiteScreen)
        assert app.screen.query_one(Input).placeholder == "1"


async def test_why_here_names_each_place_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "down")  # Top-nσ: five words from its abstract
        await pilot.pause()
        detail = app.screen.query_one(PaperDetail)
        assert detail.paper is not None and detail.paper.title.startswith("Top-n")
        shown = str(detail.render())
        assert shown.count("abstract:") == 1 and shown.count("title:") == 1
        assert "title: logits; abstract: logits, llms" in shown


async def test_the_palette_and_the_theme_picker_have_a_key_bar_of_their_own(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Refresh" in _screen_text(app).splitlines()[-1]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        bar = _screen_text(app).splitlines()[-1]
        assert bar.split() == ["esc", "Close"]  # not the day's keys, which it would type
        await pilot.press(*"Theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)  # now the theme picker
        assert _screen_text(app).splitlines()[-1].split() == ["esc", "Close"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Refresh" in _screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("key", ["o", "p", "y", "m", "asterisk", "u"])
async def test_a_dimmed_key_for_a_paper_says_why_on_a_category_row(
    make_app: AppFactory, key: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)  # on the first category's row
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [n.message for n in app._notifications] == [NO_PAPER]
        app.clear_notifications()
        await pilot.press("slash", key, "escape", "question_mark", key, "escape")
        await pilot.pause()
        assert not app._notifications  # typed into the filter; in a dialog, not for the day


def test_an_empty_cache_offline_reads_as_a_sentence() -> None:
    assert empty_reason(None, offline=True) == (
        "Nothing is cached yet, and fetching is off (offline)."
    )
    assert empty_reason(None, offline=False).startswith("Nothing is cached yet: press r")


async def test_a_search_past_its_limit_says_only_the_newest_are_listed(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        day = main_screen(app).digest
        assert day is not None
        found = [Found(day.day, g.name, p.arxiv_id, p.title) for g in day.groups for p in g.papers]
        await app.push_screen(FoundScreen("Search", search=lambda text: ([(day.day, found)], True)))
        await pilot.press("x")
        await pilot.pause(0.5)
        shown = _screen_text(app)
        assert "16 newest (more match) on 1 day · ↓ or Enter: to the results" in shown
        assert "16+" not in shown


async def test_offline_is_said_alike_by_refresh_and_go_to_date(make_app: AppFactory) -> None:
    app = make_app()
    assert app.service.config.offline
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Fetching is off (offline)"]
        await pilot.press("g", *"2024-11-01", "enter")
        await pilot.pause()
        said = "2024-11-01 is not cached, and fetching is off (offline)"
        assert str(app.screen.query_one("#goto-message", Static).render()) == said
        assert "fetching is off" in _screen_text(app)  # drawn, not only set


@pytest.mark.parametrize("offline", [True, False])
async def test_go_to_an_uncached_weekend_day_says_arxiv_announces_none(
    make_app: AppFactory, offline: bool
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = GoToDateScreen(lambda day: False, offline=offline)
        await app.push_screen(dialog)
        await pilot.pause()
        message = app.screen.query_one("#goto-message", Static)
        for typed, weekend in (("2024-11-16", True), ("2024-11-17", True), ("2024-11-18", False)):
            dialog.query_one(Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            said = str(message.render())
            assert said.startswith(f"{typed} is not cached"), said
            assert ("arXiv announces no papers at weekends" in said) is weekend, said
            assert said.endswith("fetching is off (offline)" if offline else "to fetch it")
        assert isinstance(app.screen, GoToDateScreen)  # nothing was fetched
