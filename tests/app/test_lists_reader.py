"""The watch and mute lists in the reader: the ★ Watchlist, muted papers hidden and
counted (H shows them), the lists edited with w and kept in config.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from daily_ai_insights.core.config import ListsConfig, load_config
from daily_ai_insights.core.reader_data.lists import ListMatcher
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.lists import ListsScreen, parse_items
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.day_header import DayHeader
from tests.app.conftest import SIZE, shown_digest

LISTS = '[lists]\nwatch = ["gaussian splatting"]\nmute = ["garment"]\n'


def lists_service(home: Path, text: str = LISTS) -> InsightsService:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text('language = "en"\n' + text)
    service = InsightsService(load_config())
    assert service.ensure_sample() is not None
    return service


def header(app: InsightsApp) -> str:
    return str(app.screen.query_one(DayHeader).render())


async def test_watched_papers_lead_the_day_and_muted_ones_are_hidden_and_counted(
    home: Path,
) -> None:
    service = lists_service(home)
    day = service.newest_day()
    assert day is not None
    every = service.sorted_day(day)
    assert every is not None
    matcher = ListMatcher(ListsConfig(watch=("gaussian splatting",), mute=("garment",)))
    papers = [p for g in every.groups for p in g.papers]
    muted = {p.arxiv_id for p in papers if matcher.muted(p)}
    watched = {p.arxiv_id for p in papers if matcher.watched(p) and p.arxiv_id not in muted}
    assert muted and watched
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        digest = shown_digest(app)
        first = digest.groups[0]
        assert first.gathered and first.name == "Watchlist"
        assert {p.arxiv_id for p in first.papers} == watched
        shown = {p.arxiv_id for g in digest.topics for p in g.papers}
        assert not shown & muted and watched <= shown  # watched papers stay in their topic
        assert digest.paper_count == len(papers) - len(muted)
        assert sum(count for *_, count in digest.category_counts) == digest.paper_count
        assert f"{digest.paper_count} papers" in header(app)
        assert f"{len(muted)} muted" in header(app)
        rows = app.screen.query_one(CategoryList).rows
        assert rows[0] == ("Watchlist", None)
        await pilot.press("H")
        await pilot.pause()
        digest = shown_digest(app)
        assert muted <= {p.arxiv_id for g in digest.topics for p in g.papers}
        assert digest.paper_count == len(papers)
        assert f"{len(muted)} muted (shown)" in header(app)
        await pilot.press("H")
        await pilot.pause()
        assert shown_digest(app).paper_count == len(papers) - len(muted)


async def test_w_edits_the_lists_and_keeps_them_in_config(home: Path) -> None:
    service = lists_service(
        home, '# mine\n[lists]\nmute = ["garment"]\n\n[llm]\nclassify = false\n'
    )
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "muted" in header(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ListsScreen)
        app.screen.query_one("#lists-mute").value = ""  # type: ignore[attr-defined]
        app.screen.query_one("#lists-watch").value = "video, , VIDEO, gaussian splatting"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ListsScreen)
        assert "muted" not in header(app)
        digest = shown_digest(app)
        assert digest.groups[0].name == "Watchlist"
        text = (home / "config" / "config.toml").read_text()
        assert text.startswith('language = "en"\n# mine\n')
        saved = tomllib.loads(text)
        assert saved["lists"] == {
            "watch": ["video", "gaussian splatting"],
            "watch_authors": [],
            "mute": [],
        }
        assert saved["llm"] == {"classify": False}
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("escape")  # cancelled: nothing changes
        await pilot.pause()
        assert tomllib.loads((home / "config" / "config.toml").read_text()) == saved
    assert load_config().lists.watch == ("video", "gaussian splatting")


def test_list_fields_are_comma_separated_phrases() -> None:
    assert parse_items(" a  b ,, A B , c\x1b[31m ,") == ("a b", "c")
    assert parse_items("") == ()
