"""The key bar and the status line: one widget each, drawn in the first frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding

from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.widgets.key_bar import EDGE, KeyBar, KeyHint, key_hints, layout_hints
from daily_ai_insights.tui.widgets.status_bar import SPINNER, StatusBar
from tests.app.conftest import SIZE, sample_service

AppFactory = Callable[..., InsightsApp]


def _hint(key: str, description: str, enabled: bool = True) -> KeyHint:
    return KeyHint(key, key, description, enabled)


def _descriptions(bar: KeyBar) -> list[str]:
    return [hint.description for hint in bar.hints]


def test_layout_keeps_whole_hints_and_the_palette_key_at_the_right_end() -> None:
    hints = [_hint("a", "Alpha"), _hint("b", "Beta"), _hint("c", "Gamma")]
    palette = _hint("^p", "palette")
    spans, right = layout_hints(hints, palette, 30)
    assert right is not None and right.end == 30
    # " a Alpha " is 9 cells, " b Beta " 8: the third (9) would reach into the palette's.
    assert [(s.start, s.end) for s in spans] == [(0, 9), (9, 17)]
    assert spans[-1].end <= right.start - len(EDGE)
    spans, right = layout_hints(hints, palette, 8)
    assert spans == [] and right is None  # too narrow even for the palette's key
    spans, right = layout_hints(hints, None, 100)
    assert [s.hint for s in spans] == hints and right is None


def test_one_hint_per_action_and_hidden_bindings_left_out() -> None:
    from textual.binding import ActiveBinding
    from textual.dom import DOMNode

    node = DOMNode()
    active = [
        ActiveBinding(node, Binding("[", "previous_day", "Prev day"), True),
        ActiveBinding(node, Binding("h", "previous_day", "Prev day"), True),
        ActiveBinding(node, Binding("x", "secret", "Hidden", show=False), True),
        ActiveBinding(node, Binding("ctrl+p", "command_palette", "palette", show=False), True),
        ActiveBinding(node, Binding("r", "refresh", "Refresh"), False),
    ]
    hints, palette = key_hints(active, lambda binding: binding.key.upper(), "ctrl+p")
    assert hints == [
        KeyHint("[", "[", "Prev day", True),
        KeyHint("r", "R", "Refresh", False),
    ]
    assert palette == KeyHint("ctrl+p", "CTRL+P", "palette", True)


async def test_the_key_bar_follows_the_focus(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert _descriptions(bar)[:3] == ["Expand/collapse", "Prev day", "Next day"]
        assert bar.hints[-1].description == "palette"
        await pilot.press("slash")  # the filter box takes the focus
        await pilot.pause()
        assert "Expand/collapse" not in _descriptions(bar) and "Keys" in _descriptions(bar)
        await pilot.press("escape")
        await pilot.pause()
        assert _descriptions(bar)[0] == "Expand/collapse"


async def test_clicking_a_key_presses_it_and_hovering_lights_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        span = next(s for s in bar._spans if s.hint.description == "Go to date")
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


async def test_at_80_columns_every_key_shown_is_whole(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        assert len(line) == 80 and line.endswith("▏^p palette ")
        for hint in bar.hints[:-1]:
            assert f" {hint.display} {hint.description} " in line
        assert "Go to date" in _descriptions(bar) and "Filter" not in _descriptions(bar)


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
