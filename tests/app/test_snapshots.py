"""Snapshots of the main screens at 100x32 on the bundled sample (no time-dependent text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.main import WARM_UP_DELAY
from tests.app.conftest import SIZE

AppFactory = Callable[..., InsightsApp]
Snap = Callable[..., bool]


async def _settle(pilot: Pilot[Any]) -> None:
    # Past the warm-up, whose view takes over the detail pane: the same cells on screen,
    # but not the same SVG, so every snapshot is taken after it.
    await pilot.pause(WARM_UP_DELAY)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


def test_main_screen(make_app: AppFactory, snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_settle)


def test_expanded_category(make_app: AppFactory, snap_compare: Snap) -> None:
    async def expand(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=expand)


def test_category_opened_from_the_cache(make_app: AppFactory, snap_compare: Snap) -> None:
    """The same category opened again: drawn by the shared line-API view, not streamed."""

    async def reopen(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("left", "right")
        await _settle(pilot)
        assert type(pilot.app.screen.focused).__name__ == "CategoryList"

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=reopen)


def test_help_screen(make_app: AppFactory, snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, press=["f1"], run_before=_settle)


def test_date_dialog(make_app: AppFactory, snap_compare: Snap) -> None:
    async def open_dialog(pilot: Pilot[Any]) -> None:
        await _settle(pilot)  # the day on screen first: the dialog starts from it
        await pilot.press("g")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_dialog)
