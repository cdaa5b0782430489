"""The briefing view's source list, drawn straight from the papers, matches Rich's wrapping."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType
from rich.segment import Segment
from textual.strip import Strip

from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.tui.widgets.briefing_text import (
    RenderText,
    as_strip,
    source_lines,
    sources_text,
)
from tests.support.papers import make_paper

TITLES = (
    "Short title",
    "A Study of Thing 12: Scaling Retrieval for Long-Context Reasoning in Large Models",
    "Self-Supervised Multi-View Learning with Cross-Modal Contrastive Objectives Revisited",
    "Supercalifragilisticexpialidociousnessinformationretrievalsystemsarchitecture",
    "LLäMmlein: Compact and Competitive German-Only Language Models from Scratch",
    "거대 언어 모델의 추론 능력에 대한 연구와 그 한계에 관한 보고서",
    "An [bold]odd[/bold] title with $x^2$ and (brackets) — and a dash",
)
URLS = (
    "https://arxiv.org/abs/2411.00001",
    "javascript:alert(1)",
    "https://example.org/" + "very-long-path/" * 8,
)


def _group() -> CategoryGroup:
    papers = tuple(
        make_paper(
            f"2411.{n:05d}",
            title=title,
            abs_url=URLS[n % len(URLS)],
            pdf_url="",
            sources=("arxiv",),
        )
        for n, title in enumerate(TITLES * 2)
    )
    category = Category("LLM", "🐱", "Language models.", (), (), ())
    return CategoryGroup(category, papers)


def _renderer(width: int) -> RenderText:
    """Rich's own wrapping into lines ``width`` cells wide, as the view renders a text."""
    console = Console(width=200, file=io.StringIO(), color_system="truecolor")

    def render(text: RenderableType) -> list[Strip]:
        options = console.options.update_width(width).update(highlight=False)
        lines = Segment.split_and_crop_lines(
            console.render(text, options), width, pad=True, include_new_lines=False
        )
        return [Strip(line, width) for line in lines]

    return render


def _assert_same_as_rich(group: CategoryGroup, width: int) -> None:
    render = _renderer(width)
    fast = [as_strip(line, width) for line in source_lines(group, width, render)]
    slow = render(sources_text(group))
    assert [line.text.rstrip() for line in fast] == [line.text.rstrip() for line in slow], width
    assert all(line.cell_length <= width for line in fast)


@pytest.mark.parametrize("width", [20, 33, 49, 80, 140])
def test_the_lines_match_rich_wrapping_the_whole_list(width: int) -> None:
    _assert_same_as_rich(_group(), width)


def test_the_sample_papers_wrap_as_rich_wraps_them_at_every_width() -> None:
    from daily_ai_insights.core.sources.sample import load_sample

    papers = tuple(paper for day in load_sample().values() for paper in day)
    group = CategoryGroup(Category("All", "📦", "", (), (), ()), papers)
    for width in range(12, 121):
        _assert_same_as_rich(group, width)


def test_only_http_links_are_links_and_titles_stay_text() -> None:
    group = _group()
    render = _renderer(80)
    lines = [as_strip(line, 80) for line in source_lines(group, 80, render)]
    links = {seg.style.link for line in lines for seg in line if seg.style and seg.style.link}
    assert links == {"https://arxiv.org/abs/2411.00001", URLS[2]}
    assert any("[bold]odd[/bold]" in line.text for line in lines)  # never read as markup
    bold = [seg for seg in lines[0] if seg.text == "Short title"]
    assert bold and bold[0].style is not None and bold[0].style.bold
