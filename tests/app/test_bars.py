"""The key bar and the status line: one widget each, drawn in the first frame."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding

from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.key_bar import Hints, KeyBar, KeyHint, key_hints, layout_hints
from daily_ai_insights.tui.widgets.list_column import ListColumn
from daily_ai_insights.tui.widgets.status_bar import SPINNER, StatusBar
from tests.app.conftest import SIZE, main_screen, sample_service, shown_digest

AppFactory = Callable[..., InsightsApp]


def _hint(key: str, description: str, enabled: bool = True, rank: int = 0) -> KeyHint:
    return KeyHint(key, key, description, enabled, rank)


def _descriptions(bar: KeyBar) -> list[str]:
    return [hint.description for hint in bar.hints]


def test_layout_pins_keys_right_and_drops_the_least_needed_first() -> None:
    a, b, c = _hint("a", "Alpha", rank=0), _hint("b", "Beta", rank=9), _hint("c", "Gamma", rank=1)
    quit_, palette = _hint("q", "Quit"), _hint("^p", "palette")
    hints = Hints([a, b, c], [quit_], palette)
    # " a Alpha " 9 + " b Beta " 8 + " c Gamma " 9 = 26; " q Quit " 8; "▏^p palette " 12.
    spans, right = layout_hints(hints, 46)
    assert [s.hint for s in spans] == [a, b, c] and [s.hint for s in right] == [quit_, palette]
    assert right[-1].end == 46 and right[0].start == 46 - 12 - 8
    spans, right = layout_hints(hints, 40)  # Beta (the highest rank) goes first, order kept
    assert [s.hint for s in spans] == [a, c] and [(s.start, s.end) for s in spans] == [
        (0, 9),
        (9, 18),
    ]
    assert spans[-1].end <= right[0].start
    spans, right = layout_hints(hints, 20)  # the pinned key and the palette's stay
    assert spans == [] and [s.hint for s in right] == [quit_, palette]
    spans, right = layout_hints(hints, 7)
    assert spans == [] and right == []  # too narrow even for the pinned key


def test_one_hint_per_action_neighbours_merged_and_pinned_keys_apart() -> None:
    from textual.binding import ActiveBinding
    from textual.dom import DOMNode

    from daily_ai_insights.tui import keymap

    node = DOMNode()
    active = [
        ActiveBinding(node, Binding("q", "quit", "Quit", id=keymap.QUIT), True),
        ActiveBinding(node, Binding("[", "previous_day", "Prev", id=keymap.DAY_PREVIOUS), True),
        ActiveBinding(node, Binding("h", "previous_day", "Prev", id=keymap.DAY_PREVIOUS), True),
        ActiveBinding(node, Binding("]", "next_day", "Next", id=keymap.DAY_NEXT), True),
        ActiveBinding(node, Binding("x", "secret", "Hidden", show=False), True),
        ActiveBinding(node, Binding("ctrl+p", "command_palette", "palette", show=False), True),
        ActiveBinding(node, Binding("r", "refresh", "Refresh", id=keymap.DAY_REFRESH), False),
    ]
    hints = key_hints(active, lambda binding: binding.key.upper(), "ctrl+p")
    rank = keymap.bar_rank
    assert hints.left == [
        KeyHint("[", "[ ]", "Day", True, rank(keymap.DAY_PREVIOUS)),
        KeyHint("r", "R", "Refresh", False, rank(keymap.DAY_REFRESH)),
    ]
    assert hints.pinned == [KeyHint("q", "Q", "Quit", True, rank(keymap.QUIT))]
    assert hints.palette == KeyHint("ctrl+p", "CTRL+P", "palette", True)


async def test_the_key_bar_follows_the_focus_and_always_says_how_back(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert _descriptions(bar)[:2] == ["Open", "Day"]
        assert _descriptions(bar)[-3:] == ["Keys", "Quit", "palette"]
        assert "Back" not in _descriptions(bar)  # nothing to go back from
        await pilot.press("enter", "down")  # a paper: Escape goes back to its category
        await pilot.pause()
        assert _descriptions(bar)[0] == "Back"
        await pilot.press("enter")  # the paper's pane takes the focus
        await pilot.pause()
        assert _descriptions(bar)[0] == "Back" and "Open" not in _descriptions(bar)
        await pilot.press("escape")  # back to the list, still on the paper
        await pilot.pause()
        assert isinstance(app.focused, CategoryList) and _descriptions(bar)[:2] == ["Back", "Open"]
        await pilot.press("escape", "slash")  # its category, then the filter box
        await pilot.pause()
        assert set(_descriptions(bar)[:2]) == {"Clear", "Done"}
        assert "Open" not in _descriptions(bar)
        await pilot.press("escape")
        await pilot.pause()
        assert _descriptions(bar)[0] == "Open"


async def test_the_trend_and_a_kept_filter_say_esc_in_the_key_bar(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert "Back" not in _descriptions(bar)
        await pilot.press("c")  # the trend: Esc goes back to the day's chart
        await pilot.pause()
        assert _descriptions(bar)[0] == "Back"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(ListColumn).showing_trend
        assert "Back" not in _descriptions(bar)
        await pilot.press("slash", *"model", "enter")  # a filter kept, the list focused
        await pilot.pause()
        assert isinstance(app.focused, CategoryList) and _descriptions(bar)[0] == "Back"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(CategoryList).filter_text == ""
        assert "Back" not in _descriptions(bar)


async def test_keys_for_a_paper_are_dimmed_on_a_category_row(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(250, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)

        def enabled() -> dict[str, bool]:
            return {hint.description: hint.enabled for hint in bar.hints}

        paper_keys = ("Link", "Move to…", "Star", "Read/unread")
        assert [enabled()[key] for key in paper_keys] == [False] * 4
        await pilot.press("enter", "down")  # onto the category's first paper
        await pilot.pause()
        assert [enabled()[key] for key in paper_keys] == [True] * 4
        await pilot.press("up")  # back on the category row
        await pilot.pause()
        assert [enabled()[key] for key in paper_keys] == [False] * 4
        await pilot.press("m")  # a dimmed key runs nothing (it says why)
        await pilot.pause()
        assert app.screen is main_screen(app)


async def test_a_dialog_has_a_key_bar_of_its_own_over_the_days(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_bar = app.screen.query_one(KeyBar)
        assert "Refresh" in _descriptions(main_bar)
        # (keys that open it, what its key bar says): the dialog's own keys, nothing of the
        # day's behind it, on the screen's last line where the day's bar was.
        for keys, shown in (
            (("g",), ["Cancel"]),
            (("question_mark",), ["Close"]),
            (("f",), ["Back"]),
            (("w",), ["Cancel"]),
            (("enter", "down", "m"), ["Cancel"]),
            (("number_sign",), ["Cancel"]),
        ):
            await pilot.press(*keys)
            await pilot.pause()
            bar = app.screen.query_one(KeyBar)
            assert bar is not main_bar, keys
            assert _descriptions(bar) == shown, keys
            assert bar.region.y == SIZE[1] - 1 and bar.region.width == SIZE[0], keys
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.query_one(KeyBar) is main_bar, keys


async def test_clicking_a_key_presses_it_and_hovering_lights_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        span = next(s for s in bar._spans if s.hint.description == "Date")
        before = bar.render()
        await pilot.hover(KeyBar, offset=(span.start + 1, 0))
        await pilot.pause()
        lit = bar.render()
        hover = bar.get_component_rich_style("key-bar--hover").bgcolor
        assert lit.get_style_at_offset(app.console, span.start + 1).bgcolor == hover
        assert before.get_style_at_offset(app.console, span.start + 1).bgcolor != hover
        await pilot.click(KeyBar, offset=(span.start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, GoToDateScreen)


async def test_the_key_bar_shows_remapped_keys(offline_home: Path) -> None:
    (offline_home / "config").mkdir(exist_ok=True)
    (offline_home / "config" / "config.toml").write_text('[keymap]\n"day.newest" = "n"\n')
    app = InsightsApp(sample_service(), banner="")
    async with app.run_test(size=(250, 70)) as pilot:  # a remapped key comes last
        await pilot.pause()
        newest = next(h for h in app.screen.query_one(KeyBar).hints if h.description == "Newest")
        assert newest.display == "n"


async def test_at_80_columns_the_essential_keys_are_whole(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        assert len(line) == 80 and line.endswith("▏^p palette ")
        for hint in bar.hints[:-1]:
            assert f" {hint.display} {hint.description} " in line
        shown = {hint.display for hint in bar.hints}
        assert {"?", "q", "r", "e", "/", "⏎", "[ ]"} <= shown, line


class _StatusApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")


async def test_the_status_line_spins_only_while_busy_and_keeps_its_label() -> None:
    app = _StatusApp()
    async with app.run_test(size=(40, 3)) as pilot:
        status = app.query_one(StatusBar)
        status.set_label("ko · offline")
        assert not status.is_busy and status._ticker is None
        status.busy("fetching a rather long description of the day…")
        first = status.render().plain
        await pilot.pause(0.35)
        second = status.render().plain
        assert first[1] in SPINNER and second[1] in SPINNER and first[1] != second[1]
        assert len(second) == 40 and second.endswith(" ko · offline ")
        assert "…" in second and "fetching" in second
        status.idle("done")
        assert not status.is_busy and status._ticker is None
        assert status.render().plain.startswith(" done ") and status.message == "done"


async def test_nothing_repaints_on_a_timer_while_the_reader_is_idle(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ticking = [w for w in app.screen.walk_children() if w.auto_refresh]
        assert ticking == []
        assert not app.screen.query_one(StatusBar).is_busy


async def test_a_day_without_papers_offers_nothing_to_open_or_filter(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert {"Open", "Filter"} <= set(_descriptions(bar))
        service = app.service
        empty = (service.newest_day() or dt.date.today()) + dt.timedelta(days=1)
        version = service.sorting
        service.store.save_day(empty, [], [], sources=("test",), taxonomy_version=version)
        await app.screen.show_day(empty)  # type: ignore[attr-defined]
        await pilot.pause()
        assert shown_digest(app).day == empty
        said = _descriptions(bar)
        assert "Open" not in said and "Filter" not in said and "Day" in said, said
        await pilot.press("left_square_bracket")  # a day with papers: they are back
        await pilot.pause()
        assert {"Open", "Filter"} <= set(_descriptions(bar))
