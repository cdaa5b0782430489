"""Nothing from a paper is read as markup or escape sequences; only http(s) links are opened."""

from __future__ import annotations

import dataclasses
import html
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Markdown

from daily_ai_insights.core.briefings.record import Briefing
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.widgets.briefing_view import BriefingView
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from daily_ai_insights.tui.widgets.paper_detail import PaperDetail
from tests.app.conftest import SIZE, open_cached_view, record_opened_urls, shown_digest

EVIL_TITLE = "[bold red]x[/] and [link=javascript:alert(1)]click[/link] \x1b[31mred\x1b[0m"
EVIL_ABSTRACT = "An abstract with [@click=app.quit]quit[/] and \x1b]8;;javascript:x\x1b\\link."


def change_first_paper(
    service: InsightsService, title: str, abstract: str, abs_url: str = ""
) -> Paper:
    """The newest day's first paper stored again with this text; the paper as stored."""
    newest = service.newest_day()
    assert newest is not None
    stored = service.store.load_day(newest)
    assert stored is not None
    papers = list(stored.papers)
    link = abs_url or papers[0].abs_url
    papers[0] = dataclasses.replace(papers[0], title=title, abstract=abstract, abs_url=link)
    service.store.save_day(
        newest,
        papers,
        stored.assignments,
        sources=stored.sources,
        taxonomy_version=stored.taxonomy_version,
    )
    return papers[0]


async def open_paper(pilot: Any, app: InsightsApp, paper: Paper) -> None:
    """Open ``paper``'s category and put the cursor on it."""
    categories = app.screen.query_one(CategoryList)
    group = next(g for g in shown_digest(app).groups if paper in g.papers)
    categories.highlighted = categories.rows.index((group.name, None))
    await pilot.press("right")
    categories.highlighted = categories.rows.index((group.name, paper.arxiv_id))
    await pilot.pause()


async def test_markup_in_a_title_displays_literally(
    make_app: Callable[..., InsightsApp], service: InsightsService
) -> None:
    paper = change_first_paper(
        service, title=EVIL_TITLE, abstract=EVIL_ABSTRACT, abs_url="javascript:alert(1)"
    )
    app = make_app()
    opened = record_opened_urls(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_paper(pilot, app, paper)
        shown = str(app.screen.query_one(PaperDetail).render())
        assert "[bold red]x[/]" in shown
        assert "[link=javascript:alert(1)]click[/link]" in shown
        assert "[@click=app.quit]quit[/]" in shown
        # The escape sequence is gone and the word it coloured stays, in its place.
        assert "\x1b" not in shown and "[/link] red" in shown
        assert "javascript:" not in shown.replace("[link=javascript:alert(1)]", "")
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold red]x[/]" in screen_text
        await pilot.press("o")
        await pilot.pause()
        assert opened == []  # a javascript: link is never opened
        assert app.is_running  # and [@click=app.quit] did nothing


HOSTILE_SUMMARY = (
    "**1. 주제** see [the paper][r] and [bad](javascript:alert(1)) ![img](https://x.test/a.png)"
    " <file:///etc/passwd> [ok](https://arxiv.org/abs/2411.1) \x1b[2J\n\n"
    "[r]: smb://evil.test/share\n"
)


def _links(renderable: object, width: int = 80) -> set[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    lines = console.render_lines(renderable, console.options, pad=False)  # type: ignore[arg-type]
    return {seg.style.link for line in lines for seg in line if seg.style and seg.style.link}


def _links_drawn(view: BriefingView, until: str) -> set[str]:
    """The links on the view's drawn lines, up to the line starting with ``until``."""
    links: set[str] = set()
    for strip, plain in zip(view.lines, view.plain_lines, strict=True):
        if plain.startswith(until):
            break
        links |= {seg.style.link for seg in strip if seg.style and seg.style.link}
    return links


async def test_a_hostile_briefing_is_shown_inertly(
    make_app: Callable[..., InsightsApp], service: InsightsService
) -> None:
    def cached(digest: Digest, category: str, language: str) -> Briefing:
        group = digest.group(category)
        assert group is not None
        return Briefing(digest.day, category, language, "m", "h", "k", HOSTILE_SUMMARY)

    service.cached_briefing = cached  # type: ignore[method-assign]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_cached_view(pilot)
        drawn = "\n".join(panel.plain_lines)
        briefing_links = _links_drawn(panel, until="Sources (")
        # Only the web link is a link: no smb: reference, javascript: URL, image or file:.
        assert briefing_links == {"https://arxiv.org/abs/2411.1"}
        assert "\x1b" not in drawn and "the paper" in drawn
        assert "\x1b" not in panel.shown_text and "the paper" in panel.shown_text


async def test_markdown_links_open_only_when_http(make_app: Callable[..., InsightsApp]) -> None:
    app = make_app()
    opened = record_opened_urls(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        # A link clicked in a briefing while it streams (Textual's Markdown widget).
        panel = app.screen.query_one(CategoryPanel)
        panel.post_message(Markdown.LinkClicked(Markdown(), "javascript:alert(1)"))
        panel.post_message(Markdown.LinkClicked(Markdown(), "https://arxiv.org/abs/2411.1"))
        await pilot.pause()
        assert opened == ["https://arxiv.org/abs/2411.1"]


TEX_TITLE = "$\\text{VG}^2$GT: Beyond 1$\\to$N Decoding with $\\alpha$-Splatting"
TEX_ABSTRACT = "We reach $3.2\\times$ speed-up at $\\epsilon \\leq 10^{-3}$ and cost $5 per run."


async def test_tex_in_a_title_and_abstract_reads_as_text(
    make_app: Callable[..., InsightsApp], service: InsightsService, tmp_path: Path
) -> None:
    paper = change_first_paper(service, title=TEX_TITLE, abstract=TEX_ABSTRACT)
    plain_title = "VG^2GT: Beyond 1→N Decoding with α-Splatting"
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_paper(pilot, app, paper)
        shown = str(app.screen.query_one(PaperDetail).render())
        assert plain_title in shown and "\\text" not in shown
        assert "We reach 3.2× speed-up at ε ≤ 10^-3 and cost $5 per run." in shown
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "VG^2GT: Beyond 1→N" in screen_text and "$\\text" not in screen_text
        digest = shown_digest(app)
    written = service.export(digest, categories=None, language="en", path=tmp_path / "d.md")
    document = written.path.read_text(encoding="utf-8")
    source = next(line for line in document.splitlines() if paper.arxiv_id in line)
    assert "VG^2GT: Beyond 1→N Decoding with α-Splatting" in source.replace("\\", "")
    assert "text{" not in source
    # The JSON keeps the data as it came.
    out = service.export(
        digest, categories=None, language="en", path=tmp_path / "d.json", fmt="json"
    )
    exported = json.loads(out.path.read_text(encoding="utf-8"))
    titles = {p["id"]: p["title"] for c in exported["categories"] for p in c["papers"]}
    assert titles[paper.arxiv_id] == TEX_TITLE
