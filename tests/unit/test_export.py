"""Export: the reference Markdown layout, inert untrusted text, JSON round trip, safe writes."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt  # ships with rich; a real CommonMark parser
from markdown_it.token import Token

from daily_ai_insights.core.briefings.record import Briefing, Usage
from daily_ai_insights.core.errors import ExportError, InsightsError, NothingToExport
from daily_ai_insights.core.export.document import (
    SVG_MARKER,
    digest_from_json,
    image_name_for,
    render_json,
    render_markdown,
    write_export,
)
from daily_ai_insights.core.export.files import free_path
from daily_ai_insights.core.models import Category, CategoryGroup, Digest
from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.store.atomic import TargetExistsError, atomic_write_text
from daily_ai_insights.core.text import shown_text
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"
FIRST_LINE = re.compile(
    r"^# Daily Artificial Intelligence Insights : Papers"
    r"!\[Category Distribution Graph\]\(paper_(\d{4}-\d{2}-\d{2})\.(svg|png)\)$"
)


def paper(arxiv_id: str, title: str, url: str | None = None) -> Paper:
    return make_paper(
        arxiv_id,
        title=title,
        authors=("Ada Lovelace",),
        primary_category="cs.LG",
        categories=("cs.LG",),
        announced=DAY,
        abs_url=f"http://arxiv.org/abs/{arxiv_id}v1" if url is None else url,
        pdf_url=f"http://arxiv.org/pdf/{arxiv_id}v1",
        sources=("hf",),
        upvotes=3,
    )


def briefing(category: str, text: str, **extra: object) -> Briefing:
    return Briefing(DAY, category, "ko", "gpt-test", "p1", "k1", text, **extra)  # type: ignore[arg-type]


def make_digest() -> Digest:
    llm = Category("LLM", "🐱", description="Language models")
    vision = Category("Computer Vision", "⭐")
    return Digest(
        day=DAY,
        sources=("hf", "arxiv"),
        groups=(
            CategoryGroup(
                llm,
                (paper("2411.09009", "Cut Your Losses"), paper("2411.06469", "ClinicalBench")),
                (Assignment("2411.09009", "LLM", 2.0, ("language",)),),
            ),
            CategoryGroup(Category("Empty", "🫙"), ()),
            CategoryGroup(vision, (paper("2411.09703", "MagicQuill"),)),
        ),
    )


SUMMARIES = {
    "LLM": briefing("LLM", "보고서 요약:\n\n1. 주요 주제:\n   - 하나"),
    "Computer Vision": None,
}


def sections(markdown: str) -> list[list[str]]:
    """The lines of each ``## `` section (the heading included)."""
    body = markdown.split("\n")[2:-1]  # the last element is what follows the final newline
    out: list[list[str]] = []
    for line in body:
        if line.startswith("## "):
            out.append([])
        out[-1].append(line)
    return out


def check_reference_layout(markdown: str, day: dt.date) -> list[list[str]]:
    """Assert the reference digest's structure, line by line; return the sections."""
    lines = markdown.split("\n")
    match = FIRST_LINE.match(lines[0])
    assert match and match.group(1) == day.isoformat()
    assert lines[1] == "" and lines[2].startswith("## ")
    assert markdown.endswith(")\n\n\n") or markdown.endswith("\n\n\n")
    found = sections(markdown)
    for section in found:
        assert re.match(r"^## \S+ \S", section[0])
        assert section[1:4] == ["", section[2], ""]
        assert section[2] in ("**요약:**", "**Summary:**")
        label = section.index("**출처:**" if section[2] == "**요약:**" else "**Sources:**")
        assert section[label - 1] == "" and section[label + 1] == ""
        sources = section[label + 2 : -2]
        assert sources and all(line.startswith(" - ") for line in sources)
        assert section[-2:] == ["", ""]
    return found


def test_layout_matches_the_reference_pattern() -> None:
    markdown = render_markdown(make_digest(), SUMMARIES)
    found = check_reference_layout(markdown, DAY)
    assert markdown.split("\n")[0].endswith("(paper_2024-11-15.svg)")
    assert [s[0] for s in found] == ["## 🐱 LLM", "## ⭐ Computer Vision"]  # Empty skipped
    assert found[0][4:9] == ["보고서 요약:", "", "1. 주요 주제:", "   - 하나", ""]
    assert found[0][-4:-2] == [
        " - Cut Your Losses (http://arxiv.org/abs/2411.09009v1)",
        " - ClinicalBench (http://arxiv.org/abs/2411.06469v1)",
    ]


@pytest.fixture
def seed() -> Path:
    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not files:
        pytest.skip(f"reference digest absent ({SEED})")
    return files[0]


def test_reference_digest_is_reproduced_byte_for_byte(seed: Path) -> None:
    """Rebuild the reference's data and render it: the only change is .png -> .svg."""
    reference = seed.read_text(encoding="utf-8")
    day = dt.date.fromisoformat(FIRST_LINE.match(reference.split("\n")[0]).group(1))  # type: ignore[union-attr]
    groups, briefings = [], {}
    for number, section in enumerate(sections(reference)):
        emoji, name = section[0][3:].split(" ", 1)
        label = section.index("**출처:**")
        papers = []
        for index, line in enumerate(section[label + 2 : -2]):
            title, url = re.fullmatch(r" - (.*) \((\S+)\)", line).groups()  # type: ignore[union-attr]
            papers.append(paper(f"{number}.{index}", title, url))
        groups.append(CategoryGroup(Category(name, emoji), tuple(papers)))
        briefings[name] = briefing(name, "\n".join(section[4 : label - 1]))
    rendered = render_markdown(Digest(day, ("hf",), tuple(groups)), briefings)
    assert rendered == reference.replace(".png)", ".svg)", 1)
    check_reference_layout(rendered, day)


def test_english_labels_and_category_filter() -> None:
    markdown = render_markdown(
        make_digest(), SUMMARIES, language="en", categories=["Computer Vision"]
    )
    found = check_reference_layout(markdown, DAY)
    assert [s[0] for s in found] == ["## ⭐ Computer Vision"]
    assert "**Summary:**" in found[0] and "**Sources:**" in found[0]
    assert found[0][4].startswith("_No briefing yet") and "`insights export`" in found[0][4]


def test_a_filtered_export_says_why_briefings_are_left_out() -> None:
    digest = make_digest()
    for language, said in (("ko", "_필터 “[x]”에 맞는 논문"), ("en", "_Only the ")):
        markdown = render_markdown(digest, SUMMARIES, language=language, filtered="[x]")
        found = sections(markdown)
        assert len(found) >= 2
        for section in found:
            assert section[4].startswith(said.replace("[x]", "\\[x\\]")), section[4]
            assert "⚠️" not in section[4]  # left out on purpose, not a failure
        assert all(text.text not in markdown for text in SUMMARIES.values() if text)
    data = json.loads(render_json(digest, SUMMARIES, filtered="robot"))
    assert all(c["summary"] is None and c["filtered"] == "robot" for c in data["categories"])


def test_missing_and_incomplete_briefings_say_so() -> None:
    briefings = {
        "LLM": briefing("LLM", "1. 주제", complete=False, missing_parts=(4, 5)),
        "Computer Vision": None,
    }
    llm, vision = sections(render_markdown(make_digest(), briefings))
    assert llm[4] == "_⚠️ 이 요약은 완전하지 않습니다 (누락된 부분: 4, 5)._"
    assert llm[5:7] == ["", "1. 주제"]
    assert vision[4] == (
        "_요약이 아직 없습니다 — 리더에서 카테고리를 열거나 `insights export`로 생성하세요._"
    )
    english = render_markdown(
        make_digest(), {"LLM": briefing("LLM", "x", complete=False)}, language="en"
    )
    assert "_⚠️ This briefing is incomplete._" in english.split("\n")


def parse(markdown: str) -> list[Token]:
    """Tokens as a permissive renderer would see them (markdown-it's own link filter off)."""
    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser.parse(markdown)


def inert_report(markdown: str) -> tuple[int, list[str], list[str]]:
    """(number of h1/h2 headings, raw HTML fragments, link/image targets) as a parser sees them."""
    headings, html, targets = 0, [], []
    for token in parse(markdown):
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            headings += 1
        if token.type.startswith("html"):
            html.append(token.content)
        for child in token.children or []:
            if child.type.startswith("html"):
                html.append(child.content)
            if child.type in ("link_open", "image"):
                targets.append(str(child.attrs.get("href") or child.attrs.get("src")))
    return headings, html, targets


HOSTILE_TITLES = [
    "[red]x[/red]",
    "| a | b |",
    "line one\nline two\r\n## injected",
    "[click](javascript:alert(1))",
    "x](javascript:alert(1))",
    "# fake",
    "\x1b[31mred\x1b[0m\u202e",
    "<script>alert(1)</script>",
    "*bold* _it_ `code` \\ <img src=x onerror=alert(1)>",
    "&lt;b&gt;entity&lt;/b&gt; &amp;lt;",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_are_inert(title: str) -> None:
    digest = Digest(DAY, ("hf",), (CategoryGroup(Category("LLM", "🐱"), (paper("1", title),)),))
    markdown = render_markdown(digest, {})
    found = check_reference_layout(markdown, DAY)
    sources = found[0][found[0].index("**출처:**") + 2 : -2]
    assert len(sources) == 1 and "\x1b" not in sources[0] and "\u202e" not in sources[0]
    headings, html, targets = inert_report(markdown)
    assert headings == 2  # the title line and the one category
    assert html == []
    assert all(t.startswith(("http://", "https://", "paper_")) for t in targets)
    # The source line reads back as exactly the title as shown: plain text, nothing else.
    inline = [t for t in parse(sources[0]) if t.type == "inline"]
    assert len(inline) == 1
    children = inline[0].children
    assert children is not None
    assert {child.type for child in children} == {"text"}
    expected = f"{shown_text(title)} (http://arxiv.org/abs/1v1)"
    assert "".join(child.content for child in children) == expected


def test_non_http_urls_are_dropped() -> None:
    papers = (
        paper("1", "JS", "javascript:alert(1)"),
        paper("2", "Data", "data:text/html,<b>x</b>"),
        paper("3", "FTP", "ftp://example.org/x"),
        paper("4", "Spaced", "http://example.org/a b"),
        paper("5", "Fine", "https://example.org/ok"),
    )
    digest = Digest(DAY, ("hf",), (CategoryGroup(Category("LLM", "🐱"), papers),))
    lines = render_markdown(digest, {}).split("\n")
    assert [line for line in lines if line.startswith(" - ")] == [
        " - JS",
        " - Data",
        " - FTP",
        " - Spaced",
        " - Fine (https://example.org/ok)",
    ]


def test_hostile_briefing_cannot_break_the_document() -> None:
    text = (
        "# Fake Title\n## 🐱 Fake Category\n#hashtag\nSetext\n---\n**출처:**\n"
        "> # quoted\n\n- # listed\n\n1. ## numbered\n   ```\n   open in a list\n\n"
        "<script>alert(1)</script>\n<!-- unclosed comment\n"
        "[bad](javascript:alert(1)) [good](https://example.org)\n\n"
        "[ref]: javascript:x\n\nsee [ref]\n"
        "\x1b[2J cleared\n```python\n# inside a fence\nnever closed"
    )
    digest = make_digest()
    markdown = render_markdown(digest, {"LLM": briefing("LLM", text)})
    headings, html, targets = inert_report(markdown)
    assert headings == 3  # title + LLM + Computer Vision: nothing faked, nothing swallowed
    assert html == []
    # Only the app writes links in an export: the model's own link stays as text.
    assert "https://example.org" not in targets and "good (https://example.org)" in markdown
    assert not [t for t in parse(markdown) if t.type == "fence"]
    assert all(t.startswith(("http://", "https://", "paper_")) for t in targets)
    llm = sections(markdown)[0]
    assert "**Fake Title**" in llm and "**🐱 Fake Category**" in llm
    assert llm.count("**출처:**") == 1 and "\x1b" not in markdown
    assert [line for line in markdown.split("\n") if line.startswith("## ")] == [
        "## 🐱 LLM",
        "## ⭐ Computer Vision",
    ]


def test_json_round_trips_into_the_same_digest() -> None:
    digest = make_digest()
    briefings = {
        "LLM": briefing(
            "LLM", "요약\n둘째 줄", complete=False, missing_parts=(5,), usage=Usage(10, 20, 2)
        ),
        "Computer Vision": None,
    }
    text = render_json(digest, briefings, language="ko")
    data = json.loads(text)
    assert data["day"] == "2024-11-15" and data["language"] == "ko"
    assert [c["name"] for c in data["categories"]] == ["LLM", "Computer Vision"]
    first = data["categories"][0]
    assert first["count"] == 2 and first["emoji"] == "🐱"
    assert first["summary"]["missing_parts"] == [5] and first["summary"]["complete"] is False
    assert first["papers"][0]["id"] == "2411.09009" and first["papers"][0]["version"] == 1
    assert first["summary"]["checks"]["parts_missing"] == [1, 2, 3, 4, 5]
    back, back_briefings = digest_from_json(text)
    non_empty = tuple(g for g in digest.groups if g.count)
    assert back == Digest(digest.day, digest.sources, non_empty)
    # Checks made at export (the briefing was cached before checks existed) come back too.
    llm = back_briefings["LLM"]
    assert llm is not None and llm.checks is not None and llm.checks.papers == 2
    original = briefings["LLM"]
    assert original is not None
    assert back_briefings == {**briefings, "LLM": replace(original, checks=llm.checks)}


def test_json_category_filter_and_bad_input() -> None:
    text = render_json(make_digest(), {}, language="en", categories=["Computer Vision"])
    assert [c["name"] for c in json.loads(text)["categories"]] == ["Computer Vision"]
    for bad in ("", "[]", '{"day": "yesterday"}', '{"day": "2024-11-15", "categories": [{}]}'):
        with pytest.raises(ExportError) as caught:
            digest_from_json(bad)
        assert "\n" not in str(caught.value) and str(caught.value).startswith("not an insights")


def test_write_markdown_with_its_chart(tmp_path: Path) -> None:
    result = write_export(make_digest(), SUMMARIES, path=None, export_dir=tmp_path / "out")
    assert result.path == tmp_path / "out" / "insights-2024-11-15.md"
    assert result.image_path == tmp_path / "out" / image_name_for(DAY)
    markdown = result.path.read_text(encoding="utf-8")
    check_reference_layout(markdown, DAY)
    assert markdown == render_markdown(make_digest(), SUMMARIES)
    svg = result.image_path.read_text(encoding="utf-8")
    assert ET.fromstring(svg).tag.endswith("svg") and SVG_MARKER in svg
    second = write_export(make_digest(), {}, path=None, export_dir=tmp_path / "out")
    assert second.path.name == "insights-2024-11-15-2.md"
    assert markdown == result.path.read_text(encoding="utf-8")  # first one untouched


def test_a_failure_is_said_in_a_document_of_a_free_name(tmp_path: Path) -> None:
    digest = make_digest()
    name = digest.groups[0].name
    result = write_export(
        digest, {}, path=None, export_dir=tmp_path, failures={name: "the model timed out"}
    )
    assert result.path.name == "insights-2024-11-15.md"
    assert "the model timed out" in result.path.read_text(encoding="utf-8")


def test_given_chart_text_is_drawn(tmp_path: Path) -> None:
    result = write_export(
        make_digest(), {}, path=tmp_path / "a.md", export_dir=tmp_path, chart_text="MY CHART"
    )
    assert result.image_path is not None
    assert "MY&#160;CHART" in result.image_path.read_text(encoding="utf-8")


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        write_export(make_digest(), {}, path=target, export_dir=tmp_path)
    assert str(caught.value) == f"{target} exists; use --force to overwrite"
    assert target.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / image_name_for(DAY)).exists()  # nothing written at all
    write_export(make_digest(), {}, path=target, export_dir=tmp_path, force=True)
    assert target.read_text(encoding="utf-8").startswith("# Daily Artificial")
    json_target = tmp_path / "day.json"
    json_target.write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError, match="exists; use --force"):
        write_export(make_digest(), {}, path=json_target, export_dir=tmp_path, fmt="json")
    result = write_export(
        make_digest(), {}, path=json_target, export_dir=tmp_path, fmt="json", force=True
    )
    assert result.image_path is None and digest_from_json(json_target.read_text())[0].day == DAY


def test_foreign_image_is_kept_but_our_own_is_regenerated(tmp_path: Path) -> None:
    image = tmp_path / image_name_for(DAY)
    image.write_text("<svg>someone else's</svg>", encoding="utf-8")
    with pytest.raises(ExportError, match="not our chart; use --force"):
        write_export(make_digest(), {}, path=None, export_dir=tmp_path)
    assert image.read_text(encoding="utf-8") == "<svg>someone else's</svg>"
    assert list(tmp_path.glob("*.md")) == []
    write_export(make_digest(), {}, path=None, export_dir=tmp_path, force=True)
    assert SVG_MARKER in image.read_text(encoding="utf-8")  # forced: now ours
    second = write_export(make_digest(), {}, path=None, export_dir=tmp_path, chart_text="NEW")
    # The second document (-2.md) keeps a chart of its own; the first one's is untouched.
    assert second.image_path == tmp_path / image_name_for(DAY).replace(".svg", "-2.svg")
    assert "NEW" in second.image_path.read_text(encoding="utf-8")
    assert f"]({second.image_path.name})" in second.path.read_text(encoding="utf-8")
    assert "NEW" not in image.read_text(encoding="utf-8")


def test_a_document_of_no_paper_is_never_written(tmp_path: Path) -> None:
    empty = replace(make_digest(), groups=())
    mine = tmp_path / "mine.md"
    mine.write_text("my notes\n", encoding="utf-8")
    for fmt in ("markdown", "json"):
        for path, force in ((None, False), (mine, True)):
            with pytest.raises(NothingToExport) as caught:
                write_export(
                    empty, {}, path=path, export_dir=tmp_path / "out", fmt=fmt, force=force
                )
            assert str(caught.value) == "no papers on 2024-11-15; nothing to export"
            # A category of the day that holds no paper is nothing either.
            with pytest.raises(NothingToExport) as caught:
                write_export(
                    make_digest(),
                    {},
                    path=path,
                    export_dir=tmp_path / "out",
                    fmt=fmt,
                    force=force,
                    categories=["Empty"],
                )
            assert str(caught.value) == "no papers on 2024-11-15 in Empty; nothing to export"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.md"]
    assert mine.read_text(encoding="utf-8") == "my notes\n"


def test_unwritable_path_is_one_line_and_leaves_no_temp_files(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker / "sub" / "out.md", tmp_path / "dir.md"):
        (tmp_path / "dir.md").mkdir(exist_ok=True)
        with pytest.raises(ExportError) as caught:
            write_export(make_digest(), {}, path=target, export_dir=tmp_path, force=True)
        message = str(caught.value)
        shown = target.parent if "sub" in str(target) else target
        assert "\n" not in message and str(shown) in message
    with pytest.raises(ExportError):
        write_export(make_digest(), {}, path=None, export_dir=blocker / "exports")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a-file", "dir.md"]


def test_bad_format_and_unknown_category(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        write_export(make_digest(), {}, path=None, export_dir=tmp_path, fmt="pdf")
    with pytest.raises(ExportError, match="no such category on 2024-11-15: Nope"):
        write_export(make_digest(), {}, path=None, export_dir=tmp_path, categories=["Nope"])
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_text(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    atomic_write_text(target, "one 한글\n")
    atomic_write_text(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    with pytest.raises(TargetExistsError):
        atomic_write_text(target, "three\n", overwrite=False)
    assert target.read_text(encoding="utf-8") == "two\n"
    (tmp_path / "d").mkdir()
    with pytest.raises(ExportError) as caught:
        atomic_write_text(tmp_path / "d", "x")  # replacing a directory fails late
    assert isinstance(caught.value, InsightsError) and "cannot write" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "f.txt"]
    assert free_path(tmp_path, "f", ".txt") == tmp_path / "f-2.txt"
    assert free_path(tmp_path, "g", ".txt") == tmp_path / "g.txt"


def load_hf_day(path: Path) -> list[Paper]:
    """A tiny private loader for a Hugging Face daily-papers file."""
    out = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        data = item["paper"]
        out.append(
            Paper(
                arxiv_id=data["id"],
                version=1,
                title=data["title"],
                authors=tuple(a["name"] for a in data.get("authors", ())),
                abstract=data.get("summary", ""),
                primary_category="",
                categories=(),
                announced=DAY,
                abs_url=f"https://arxiv.org/abs/{data['id']}",
                pdf_url=f"https://arxiv.org/pdf/{data['id']}",
                sources=("hf",),
                upvotes=data.get("upvotes"),
            )
        )
    return out


@pytest.mark.corpus
def test_corpus_day_exports_and_parses_back(corpus: Path, tmp_path: Path) -> None:
    papers = load_hf_day(corpus / "hf-daily-papers" / "hf-daily-papers-2024-11-19.json")
    language = tuple(p for p in papers if "language" in p.title.lower())
    rest = tuple(p for p in papers if p not in language)
    digest = Digest(
        DAY,
        ("hf",),
        (
            CategoryGroup(Category("LLM", "🐱"), language),
            CategoryGroup(Category("Other", "📄"), rest),
        ),
    )
    result = write_export(digest, {}, path=None, export_dir=tmp_path)
    markdown = result.path.read_text(encoding="utf-8")
    found = check_reference_layout(markdown, DAY)
    expected = [g for g in digest.groups if g.count]
    assert len(found) == len(expected)
    for section, group in zip(found, expected, strict=True):
        sources = section[section.index("**출처:**") + 2 : -2]
        assert len(sources) == group.count
        for line, item in zip(sources, group.papers, strict=True):
            assert line.endswith(f"(https://arxiv.org/abs/{item.arxiv_id})")
    assert inert_report(markdown)[1] == []
    assert result.image_path is not None
    ET.fromstring(result.image_path.read_text(encoding="utf-8"))
