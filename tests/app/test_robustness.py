"""Untrusted text in notices, unexpected worker errors, an unreadable cache: calm notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from daily_ai_insights.core.errors import CacheError, SourceError
from daily_ai_insights.core.export.document import ExportResult
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.goto import GoToDateScreen
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from daily_ai_insights.tui.widgets.status_bar import StatusBar
from tests.app.conftest import SIZE, go_online, shown_digest

AppFactory = Callable[..., InsightsApp]
TUI = Path(__file__).resolve().parents[2] / "tui"
HOSTILE = "cannot fetch https://x/a[/b]: [bold]x[/] from /home/u/[draft]/x.md [{'type': 1}]"


def _said(app: InsightsApp, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity in (None, n.severity)]


def test_every_notice_goes_through_the_helper() -> None:
    # App.notify reads markup by default; only tui/notices.py may call it (markup off).
    callers = [
        path.relative_to(TUI).as_posix()
        for path in TUI.rglob("*.py")
        if ".notify(" in path.read_text(encoding="utf-8")
    ]
    assert callers == ["notices.py"]


async def test_a_notice_with_markup_characters_renders_literally(
    make_app: AppFactory, service: InsightsService
) -> None:
    fake = go_online(service)
    fake.error = SourceError(HOSTILE)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        toasts = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
        assert "https://x/a[/b]" in toasts and "[bold]x[/]" in toasts
        assert "/home/u/[draft]/x.md" in toasts and "[{'type': 1}]" in toasts
        assert app.is_running
        assert HOSTILE in _said(app, "error")


async def test_an_unexpected_fetch_error_stops_the_spinner(
    make_app: AppFactory, service: InsightsService
) -> None:
    fake = go_online(service)
    fake.error = RuntimeError("boom [x]")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one(StatusBar)
        assert not status.is_busy
        assert "RuntimeError: boom [x]" in status.message
        assert "RuntimeError: boom [x]" in _said(app, "error")
        assert len(fake.calls) == 2 and app.is_running


async def test_an_unexpected_briefing_error_resets_the_panel(
    make_app: AppFactory, service: InsightsService
) -> None:
    async def explode(*args: object, **kwargs: object) -> AsyncIterator[object]:
        raise RuntimeError("model said [{'type': 'oops'}]")
        yield  # an async generator, like the real stream

    service.brief = explode  # type: ignore[method-assign,assignment]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(CategoryPanel)
        assert not panel.streaming and panel.failed
        status = str(panel.query_one(".briefing-status").render())
        assert "writing" not in status and "RuntimeError" in status
        assert any(
            n.title == "Briefing failed" and n.message.startswith("RuntimeError: model said")
            for n in app._notifications
        )


async def test_an_unexpected_export_error_is_a_notice(
    make_app: AppFactory, service: InsightsService
) -> None:
    def broken(*args: object, **kwargs: object) -> ExportResult:
        raise PermissionError(13, "Permission denied")

    service.export = broken  # type: ignore[method-assign]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(
            n.title == "Export failed" and n.message.startswith("PermissionError")
            for n in app._notifications
        )


def _break_day(service: InsightsService) -> tuple[dt.date, dt.date]:
    """Turn the day before the newest into a directory: reading it raises CacheError."""
    days = [info.day for info in service.days() if info.count]
    path = service.store.day_path(days[-2])
    path.unlink()
    path.mkdir()
    return days[-1], days[-2]


async def test_an_unreadable_day_keeps_the_view(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest, broken = _break_day(service)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()  # the prefetch of the broken day stays quiet
        assert _said(app) == []
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert shown_digest(app).day == newest
        assert any(f"cannot open {broken.isoformat()}" in m for m in _said(app, "warning"))
        await pilot.press("g")
        app.screen.query_one(Input).value = broken.isoformat()
        await pilot.press("enter")
        assert isinstance(app.screen, GoToDateScreen)
        assert "cannot open" in str(app.screen.query_one("#goto-message", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and shown_digest(app).day == newest


async def test_an_unreadable_requested_day_opens_the_newest(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest, broken = _break_day(service)
    app = make_app(day=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown_digest(app).day == newest
        assert any(f"cannot open {broken.isoformat()}" in m for m in _said(app))


async def test_an_unreadable_briefing_cache_is_a_calm_notice(
    make_app: AppFactory, service: InsightsService
) -> None:
    def broken(digest: Digest, category: str, language: str) -> None:
        raise CacheError("cannot read the cache at /x/[s]: Is a directory")

    service.cached_briefing = broken  # type: ignore[method-assign]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        panel = app.screen.query_one(CategoryPanel)
        assert "cannot read the cached briefing" in str(
            panel.query_one(".briefing-status").render()
        )
        assert any("/x/[s]" in m for m in _said(app, "warning")) and app.is_running


async def test_corrupt_files_found_later_are_said(
    make_app: AppFactory, service: InsightsService
) -> None:
    days = [info.day for info in service.days() if info.count]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        service.store.day_path(days[-2]).write_text("{not json", encoding="utf-8")
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("corrupt" in m and days[-2].isoformat() in m for m in _said(app, "warning"))


async def test_a_startup_fetch_without_network_is_a_calm_warning(
    make_app: AppFactory, service: InsightsService
) -> None:
    fake = go_online(service)
    fake.error = SourceError("cannot reach huggingface.co: connection refused")
    newest = service.newest_day()
    assert newest is not None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _said(app, "error") == []
        expected = "could not fetch the newest day (cannot reach huggingface.co"
        shown = f"showing the cached {newest:%a} {newest.isoformat()}"
        assert any(m.startswith(expected) and shown in m for m in _said(app, "warning"))
        status = app.screen.query_one(StatusBar)
        assert status.message == "newest day not fetched; cached day shown"
        await pilot.press("left_square_bracket")  # the line was about that day: it goes
        await pilot.pause()
        assert status.message == ""
        await pilot.press("right_square_bracket")
        assert shown_digest(app).day == newest
        await pilot.press("r")  # asked for: a real error
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("cannot reach" in m for m in _said(app, "error"))
