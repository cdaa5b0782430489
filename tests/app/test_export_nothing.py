"""Exporting nothing in the reader (`e`, or the palette's Export): a filter that matches no
paper, a day without papers, a day whose papers are all muted. Nothing is written; one
warning says why, in the words of the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.notifications import Notification
from textual.pilot import Pilot

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from tests.app.conftest import main_screen, screen_cells, shown_digest

AppFactory = Callable[..., InsightsApp]
SMALL = (80, 24)


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


async def export_with(pilot: Pilot[None], *keys: str) -> list[Notification]:
    """Press ``keys`` and wait for the export: the notices it left."""
    app = pilot.app
    app.clear_notifications()
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return list(app._notifications)


def said_once(notes: list[Notification], line: str) -> None:
    """``notes`` are one warning, ``line``: nothing exported, nothing failed."""
    assert [(n.message, n.severity, n.title) for n in notes] == [(line, "warning", "")]


def on_screen(app: InsightsApp, line: str) -> None:
    """Every word of ``line`` is whole on the screen (the toast is drawn, not cut)."""
    lines = ["".join(cell[0] for cell in row) for row in screen_cells(app.screen)]
    for word in line.split():
        assert any(word in shown for shown in lines), (word, lines)


async def test_a_filter_matching_nothing_exports_nothing(
    make_app: AppFactory, service: InsightsService
) -> None:
    folder = service.config.paths.export_dir
    app = make_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        day = shown_digest(app).day.isoformat()
        notes = await export_with(pilot, "enter", "e")  # a real export first: files to keep
        assert [n.title for n in notes] == ["Exported"]
        before = files_under(folder)
        contents = {name: (folder / name).read_bytes() for name in before}
        assert len(before) == 2
        line = f"no paper of {day} matches the filter “zzqqxx”; nothing to export"
        said_once(await export_with(pilot, "slash", *"zzqqxx", "enter", "e"), line)
        on_screen(app, line)
        # The palette's two exports agree, the filter kept.
        for command in ("Export open categories", "Export whole day"):
            notes = await export_with(pilot, "ctrl+p", *command)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            said_once([n for n in app._notifications if n not in notes], line)
        assert files_under(folder) == before
        assert {name: (folder / name).read_bytes() for name in before} == contents
        # Without the filter the same key exports again.
        notes = await export_with(pilot, "escape", "e")
        assert [n.title for n in notes] == ["Exported"], [n.message for n in notes]


async def test_a_day_without_papers_exports_nothing(
    make_app: AppFactory, service: InsightsService
) -> None:
    newest = service.newest_day()
    assert newest is not None
    empty = newest + dt.timedelta(days=1)
    service.store.save_day(empty, [], [], sources=("hf",), taxonomy_version=service.sorting)
    app = make_app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await main_screen(app).show_day(empty)
        await pilot.pause()
        assert shown_digest(app).day == empty and shown_digest(app).paper_count == 0
        line = f"no papers on {empty.isoformat()}; nothing to export"
        said_once(await export_with(pilot, "e"), line)
        on_screen(app, line)
    assert files_under(service.config.paths.export_dir) == []


async def test_a_day_whose_papers_are_all_muted_exports_nothing(
    make_app: AppFactory, service: InsightsService, home: Path
) -> None:
    day = service.newest_day()
    assert day is not None
    every = service.sorted_day(day)
    assert every is not None
    titles = [p.title for g in every.topics for p in g.papers]
    quoted = ", ".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' for t in titles)
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(f"[lists]\nmute = [{quoted}]\n")
    muted = InsightsService(load_config())
    app = InsightsApp(muted, banner="", day=day)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        digest = shown_digest(app)
        assert digest.day == day and digest.paper_count == 0 and digest.muted == len(titles)
        line = (
            f"the mute list hides all {len(titles)} papers on {day.isoformat()}; nothing to export"
        )
        said_once(await export_with(pilot, "e"), line)
        assert files_under(service.config.paths.export_dir) == []
        notes = await export_with(pilot, "H", "e")  # shown again, they export
        assert [n.title for n in notes if n.title] == ["Exported"], [n.message for n in notes]
        assert all(n.severity == "information" for n in notes)
