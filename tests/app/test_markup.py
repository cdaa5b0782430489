"""Nothing from a paper is read as markup or escape sequences; only http(s) links are opened."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

from textual.widgets import Markdown

from core.service import InsightsService
from tests.app.conftest import SIZE
from tui.app import InsightsApp
from tui.widgets.category_list import CategoryList
from tui.widgets.category_panel import CategoryPanel, safe_markdown
from tui.widgets.paper_detail import PaperDetail

EVIL_TITLE = "[bold red]x[/] and [link=javascript:alert(1)]click[/link] \x1b[31mred\x1b[0m"
EVIL_ABSTRACT = "An abstract with [@click=app.quit]quit[/] and \x1b]8;;javascript:x\x1b\\link."


async def test_markup_in_a_title_displays_literally(
    make_app: Callable[..., InsightsApp], service: InsightsService
) -> None:
    newest = service.newest_day()
    assert newest is not None
    stored = service.store.load_day(newest)
    assert stored is not None
    papers = list(stored.papers)
    papers[0] = dataclasses.replace(
        papers[0], title=EVIL_TITLE, abstract=EVIL_ABSTRACT, abs_url="javascript:alert(1)"
    )
    service.store.save_day(
        newest,
        papers,
        stored.assignments,
        sources=stored.sources,
        taxonomy_version=stored.taxonomy_version,
    )
    app = make_app()
    opened: list[str] = []
    app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        categories = app.screen.query_one(CategoryList)
        group = next(g for g in app.screen.digest.groups if papers[0] in g.papers)
        categories.highlighted = categories.rows.index((group.name, None))
        await pilot.press("right")
        categories.highlighted = categories.rows.index((group.name, papers[0].arxiv_id))
        await pilot.pause()
        shown = str(app.screen.query_one(PaperDetail).render())
        assert "[bold red]x[/]" in shown
        assert "[link=javascript:alert(1)]click[/link]" in shown
        assert "[@click=app.quit]quit[/]" in shown
        assert "\x1b" not in shown and "red" in shown
        assert "javascript:" not in shown.replace("[link=javascript:alert(1)]", "")
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[bold red]x[/]" in screen_text
        await pilot.press("o")
        await pilot.pause()
        assert opened == []  # a javascript: link is never opened
        assert app.is_running  # and [@click=app.quit] did nothing


def test_safe_markdown_keeps_only_web_links() -> None:
    text = (
        "see [paper](https://arxiv.org/abs/2411.1) and [bad](javascript:alert(1)) "
        "![img](https://x.test/a.png) <file:///etc/passwd> \x1b[2J"
    )
    cleaned = safe_markdown(text)
    assert "[paper](https://arxiv.org/abs/2411.1)" in cleaned
    assert "javascript" not in cleaned and "bad" in cleaned
    assert "](https://x.test/a.png)" not in cleaned
    assert "<file:" not in cleaned and "\x1b" not in cleaned
    assert "bad)" not in cleaned  # the parenthesis inside the URL does not end the link early


async def test_markdown_links_open_only_when_http(make_app: Callable[..., InsightsApp]) -> None:
    app = make_app()
    opened: list[str] = []
    app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        # A link clicked in a summary while it streams (Textual's Markdown widget).
        panel = app.screen.query_one(CategoryPanel)
        panel.post_message(Markdown.LinkClicked(Markdown(), "javascript:alert(1)"))
        panel.post_message(Markdown.LinkClicked(Markdown(), "https://arxiv.org/abs/2411.1"))
        await pilot.pause()
        assert opened == ["https://arxiv.org/abs/2411.1"]
