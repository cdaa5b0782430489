"""The chart as SVG: valid XML, text shown literally, no remote fonts, core.chart optional."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from daily_ai_insights.core.export.svg import chart_rows, chart_svg, chart_text, digest_chart_svg
from daily_ai_insights.core.models import Category, CategoryGroup, Digest
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.topics.chart import distribution_chart
from tests.support.papers import make_paper

SVG = "{http://www.w3.org/2000/svg}"

CHART = """\
🪸 Multimodal            │██████████████ 2
🐱 LLM                   │█████████████████████ 3
🍋 Graph Neural Networks │███████ 1"""


def svg_lines(svg: str) -> list[str]:
    """The terminal lines drawn in ``svg`` (title excluded), spaces restored."""
    root = ET.fromstring(svg)
    rows: dict[str, str] = {}
    for node in root.iter(f"{SVG}text"):
        if "title" in (node.get("class") or ""):
            continue
        y = node.get("y") or ""
        rows[y] = rows.get(y, "") + (node.text or "")
    ordered = sorted(rows.items(), key=lambda item: float(item[0]))
    return [text.replace("\xa0", " ").rstrip() for _, text in ordered if text.strip()]


def title_of(svg: str) -> str:
    root = ET.fromstring(svg)
    for node in root.iter(f"{SVG}text"):
        if "title" in (node.get("class") or ""):
            return (node.text or "").replace("\xa0", " ")
    raise AssertionError("no title")


def paper(arxiv_id: str) -> Paper:
    return make_paper(
        arxiv_id, authors=(), abstract="", primary_category="cs.LG", categories=(), abs_url=""
    )


def test_chart_text_becomes_valid_svg_with_every_line() -> None:
    svg = chart_svg(CHART, title="Category Distribution 2024-11-15")
    assert svg_lines(svg) == CHART.split("\n")
    assert title_of(svg) == "Category Distribution 2024-11-15"


def test_markup_html_and_escapes_are_shown_literally() -> None:
    text = "[red]x[/red] [bold]b\n<script>alert(1)</script> & &amp;\n\x1b[31mred\x1b[0m\x07"
    svg = chart_svg(text, title='<b>"T" & co</b>')
    assert svg_lines(svg) == [
        "[red]x[/red] [bold]b",
        "<script>alert(1)</script> & &amp;",
        "red",
    ]
    assert title_of(svg) == '<b>"T" & co</b>'
    assert "<script>" not in svg


def test_svg_loads_no_remote_fonts() -> None:
    svg = chart_svg(CHART, title="t")
    assert "@font-face" not in svg
    assert "https://cdnjs" not in svg


def test_chart_text_that_looks_like_a_font_rule_is_drawn_as_it_is() -> None:
    text = "📈 @font-face { src: url(x) } 3"
    svg = chart_svg(text, title="t")
    assert svg_lines(svg) == [text]
    assert "@font-face {" not in svg.partition("</style>")[0]


def test_wide_characters_are_not_wrapped_or_cut() -> None:
    line = "🧠 자연어 처리 " + "█" * 60 + " 12"
    assert svg_lines(chart_svg(line, title="t")) == [line]


def test_empty_text_still_gives_an_image() -> None:
    root = ET.fromstring(chart_svg("", title="empty"))
    assert root.tag == f"{SVG}svg"


def test_chart_text_is_the_core_chart_without_colour() -> None:
    rows = [("🪸", "Multimodal", 2), ("🐱", "LLM", 4)]
    text = chart_text(rows, 60)
    assert text == distribution_chart(rows, 60, None, color=False)
    assert "\x1b" not in text and "LLM" in text


def test_digest_chart_skips_empty_groups_and_names_the_day() -> None:
    digest = Digest(
        day=dt.date(2024, 11, 15),
        sources=("hf",),
        groups=(
            CategoryGroup(Category("LLM", "🐱"), (paper("1"), paper("2"))),
            CategoryGroup(Category("Empty", "🫙"), ()),
            CategoryGroup(Category("Vision", "⭐"), (paper("3"),)),
        ),
    )
    assert chart_rows(digest) == [("🐱", "LLM", 2), ("⭐", "Vision", 1)]
    svg = digest_chart_svg(digest)
    assert title_of(svg) == "Category Distribution 2024-11-15"
    drawn = "\n".join(svg_lines(svg))
    assert "LLM" in drawn and "Vision" in drawn and "Empty" not in drawn
