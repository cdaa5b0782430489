"""Moving a paper with the picker: the list, the chart and the export follow at once, and
the correction is written to the reader's own folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.move import MoveScreen
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.chart import DistributionChart
from daily_ai_insights.tui.widgets.key_bar import KeyBar
from daily_ai_insights.tui.widgets.paper_detail import paper_text
from tests.app.conftest import SIZE, main_screen, shown_digest

AppFactory = Callable[..., InsightsApp]


def _counts(app: InsightsApp) -> dict[str, int]:
    return {g.name: g.count for g in shown_digest(app).groups}


async def test_m_moves_the_paper_with_the_picker(
    make_app: AppFactory, service: InsightsService, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "down")  # open the first category, onto its first paper
        await pilot.pause()
        row = app.screen.query_one(CategoryList).current_row
        assert row is not None and row[1] is not None
        left, arxiv_id = row[0], row[1]
        before = _counts(app)
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, MoveScreen)
        options = picker.query_one(OptionList)
        assert options.option_count == len(service.taxonomy.categories)
        # The cursor starts on where it is now: Enter there changes nothing.
        assert options.get_option_at_index(options.highlighted or 0).id == left
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, MoveScreen) and _counts(app) == before
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        await pilot.press("j")  # as in the list
        target = options.get_option_at_index(options.highlighted or 0).id
        assert target is not None and target != left
        await pilot.press("enter")
        await pilot.pause()
        screen = main_screen(app)
        after = _counts(app)
        assert after.get(left, 0) == before[left] - 1
        assert after[target] == before.get(target, 0) + 1
        group = shown_digest(app).group(target)
        assert group is not None and arxiv_id in {p.arxiv_id for p in group.papers}
        drawn = screen.query_one(DistributionChart).render().plain.splitlines()
        assert any(line.split()[-1] == str(after[target]) and target[:8] in line for line in drawn)
        why = group.why(arxiv_id)
        assert why is not None and why.method == "corrected"
        # Written to the reader's own folder, and the export agrees at once.
        stored = json.loads(service.config.paths.corrections_file.read_text(encoding="utf-8"))
        assert stored["corrections"][arxiv_id]["category"] == target
        out = service.export(
            shown_digest(app), categories=None, language="en", path=tmp_path / "d.json", fmt="json"
        )
        exported = json.loads(out.path.read_text(encoding="utf-8"))
        where = {p["id"]: c["name"] for c in exported["categories"] for p in c["papers"]}
        assert where[arxiv_id] == target


async def test_escape_leaves_the_paper_where_it_is(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")  # on a category, not a paper: nothing to move
        await pilot.pause()
        assert not isinstance(app.screen, MoveScreen)
        before = _counts(app)
        await pilot.press("right", "down", "m")
        await pilot.pause()
        assert isinstance(app.screen, MoveScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MoveScreen)
        assert _counts(app) == before
        assert not service.config.paths.corrections_file.exists()


def test_the_paper_pane_says_what_else_it_fits(service: InsightsService) -> None:
    digest = service.open_day(service.newest_day())  # type: ignore[arg-type]
    assert digest is not None
    group = digest.groups[0]
    paper = group.papers[0]
    close = Assignment(paper.arxiv_id, group.name, 9.0, ("title: x",), "offline", ("Multimodal",))
    shown = paper_text(paper, type(group)(group.category, group.papers, (close,)))
    assert "also fits: Multimodal" in shown.plain
    moved = Assignment(paper.arxiv_id, group.name, 0.0, (), "corrected")
    shown = paper_text(paper, type(group)(group.category, group.papers, (moved,)))
    assert "moved here by you" in shown.plain and "also fits" not in shown.plain


def test_the_paper_pane_names_a_listing_by_its_file(service: InsightsService) -> None:
    digest = service.open_day(service.newest_day())  # type: ignore[arg-type]
    assert digest is not None
    group = digest.groups[0]
    listing = "/data/corpus/listings/daily-arxiv-ai-enhanced/2026-06-02.jsonl"
    paper = replace(group.papers[0], sources=(listing, "hf"))
    shown = paper_text(paper, group).plain
    assert "2026-06-02.jsonl, hf" in shown and "/data/corpus" not in shown


async def test_the_picker_marks_what_else_the_paper_fits(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        digest = shown_digest(app)
        group = digest.groups[0]
        picker = MoveScreen(group.papers[0], group.name, service.taxonomy, ("Multimodal",))
        await app.push_screen(picker)
        await pilot.pause()
        options = picker.query_one(OptionList)
        labels = {
            str(options.get_option_at_index(i).id): str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        }
        assert labels["Multimodal"].endswith("(also fits)")
        assert labels[group.name].endswith("(here now)")
        assert sum(label.endswith(")") for label in labels.values()) == 2


async def _move_current(pilot: Any, app: InsightsApp) -> None:
    """m, one category down in the picker, Enter."""
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, MoveScreen)
    await pilot.press("j", "enter")
    await pilot.pause()


async def test_after_a_move_the_next_paper_is_under_the_cursor(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "down")
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        row = categories.current_row
        assert row is not None and row[1] is not None
        group = shown_digest(app).group(row[0])
        assert group is not None and group.count >= 3
        ids = [p.arxiv_id for p in group.papers]
        await _move_current(pilot, app)
        assert categories.current_row == (row[0], ids[1])  # its place, as in a mail client
        for _ in range(len(ids) - 2):  # to its last paper: the one before takes its place
            await pilot.press("down")
        await pilot.pause()
        last = categories.current_row
        assert last is not None and last[0] == row[0] and last[1] == ids[-1]
        await _move_current(pilot, app)
        assert categories.current_row == (row[0], ids[-2])
        bar = app.screen.query_one(KeyBar)
        assert bar.hints[0].description == "Back"  # Escape: still on a paper


async def test_moving_the_last_paper_of_a_category_rests_on_its_row(
    make_app: AppFactory, service: InsightsService
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        categories = app.screen.query_one(CategoryList)
        smallest = min(shown_digest(app).groups, key=lambda g: g.count)
        while categories.current_row != (smallest.name, None):
            await pilot.press("down")
        for _ in range(smallest.count):
            await pilot.press("right", "down")
            await pilot.pause()
            row = categories.current_row
            assert row is not None and row[0] == smallest.name and row[1] is not None
            await _move_current(pilot, app)
        row = categories.current_row
        assert row is not None and row[1] is None  # a category row, nothing to go back from
        bar = app.screen.query_one(KeyBar)
        assert "Back" not in [hint.description for hint in bar.hints]
