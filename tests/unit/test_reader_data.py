"""Read marks, stars and the reading list, on real files in a temporary folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from daily_ai_insights.core.reader_data.marks import ReadMarks, Star, Stars
from daily_ai_insights.core.reader_data.reader import ReaderData, star_of
from daily_ai_insights.core.reader_data.reading_list import bibtex, citation_year, render
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)
LATER = dt.date(2024, 11, 18)


def test_read_marks_persist_and_touch_one_day_file(tmp_path: Path) -> None:
    marks = ReadMarks(tmp_path)
    marks.set_read(DAY, ["2411.00001", "2411.00002"])
    marks.set_read(LATER, ["2411.00003"])
    assert sorted(p.name for p in (tmp_path / "read").glob("*.json")) == [
        "2024-11-15.json",
        "2024-11-18.json",
    ]
    again = ReadMarks(tmp_path)
    assert again.is_read("2411.00001") and again.is_read("2411.00003")
    assert not again.is_read("2411.00009")
    assert again.unread(["2411.00001", "2411.00009", "2411.00010"]) == 2
    # Unread: the mark leaves the day file that held it, whatever day it is unmarked on.
    again.set_read(LATER, ["2411.00001"], read=False)
    third = ReadMarks(tmp_path)
    assert not third.is_read("2411.00001") and third.is_read("2411.00002")
    assert json.loads((tmp_path / "read" / "2024-11-15.json").read_text())["read"] == ["2411.00002"]
    third.set_read(DAY, ["2411.00002"], read=False)
    assert not (tmp_path / "read" / "2024-11-15.json").exists()


def test_a_paper_read_on_one_day_is_read_on_another(tmp_path: Path) -> None:
    marks = ReadMarks(tmp_path)
    marks.set_read(DAY, ["2411.00001"])
    marks.set_read(LATER, ["2411.00001"])  # already read: not written twice
    assert not (tmp_path / "read" / "2024-11-18.json").exists()
    assert ReadMarks(tmp_path).read_per_day() == {"2024-11-15": 1}


def test_marking_read_stays_fast_with_a_long_history(tmp_path: Path) -> None:
    marks = ReadMarks(tmp_path)
    for n in range(200):
        day = DAY - dt.timedelta(days=n)
        marks.set_read(day, [f"24{n:03d}.{i:05d}" for i in range(500)])
    fresh = ReadMarks(tmp_path)
    assert len(fresh.read_ids()) == 100_000
    fresh.set_read(DAY, ["2411.99999"])
    # Only the one day's file (500 ids) was rewritten; the other 199 files are untouched.
    assert fresh.is_read("2411.99999")
    newest = max((tmp_path / "read").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    assert newest.name == "2024-11-15.json"


def test_a_corrupt_marks_file_is_moved_aside_with_a_notice(tmp_path: Path) -> None:
    marks = ReadMarks(tmp_path)
    marks.set_read(DAY, ["2411.00001"])
    marks.set_read(LATER, ["2411.00002"])
    (tmp_path / "read" / "2024-11-15.json").write_text("{not json")
    data = ReaderData(tmp_path)
    assert not data.marks.is_read("2411.00001")
    assert data.marks.is_read("2411.00002")
    (notice,) = data.take_notices()
    assert "unreadable" in notice and "moved aside" in notice
    assert list((tmp_path / "read").glob("2024-11-15.json.corrupt-*"))
    data.marks.set_read(DAY, ["2411.00003"])
    assert ReadMarks(tmp_path).is_read("2411.00003")


def test_stars_keep_what_a_citation_needs(tmp_path: Path) -> None:
    paper = make_paper("2411.09703", title="MagicQuill: 50% & more", authors=("Z. Liu", "Q. Wang"))
    data = ReaderData(tmp_path)
    assert data.toggle_star(paper, DAY, "Computer Vision") is True
    other = make_paper("2411.10440", title="LLaVA-o1")
    data.toggle_star(other, LATER, "Multimodal")
    stars = Stars(tmp_path).all()
    assert [s.arxiv_id for s in stars] == ["2411.10440", "2411.09703"]  # newest day first
    first = stars[1]
    assert first.title == "MagicQuill: 50% & more" and first.authors == ("Z. Liu", "Q. Wang")
    assert first.day == DAY and first.category == "Computer Vision"
    assert first.url == "https://arxiv.org/abs/2411.09703"
    assert data.toggle_star(other, LATER, "Multimodal") is False
    assert [s.arxiv_id for s in Stars(tmp_path).all()] == ["2411.09703"]


def test_a_corrupt_stars_file_is_moved_aside(tmp_path: Path) -> None:
    (tmp_path / "stars.json").write_text('{"version": 99}')
    stars = Stars(tmp_path)
    assert stars.all() == []
    assert "not a version 1 stars file" in stars.notices[0]
    assert not (tmp_path / "stars.json").exists()


def test_bibtex_entries() -> None:
    star = star_of(
        make_paper("2411.09703", title="Top-$n\\sigma$ {sampling", authors=("A. B", "C. D")),
        DAY,
        "LLM",
    )
    text = bibtex([star])
    assert text.startswith("@misc{arXiv:2411.09703,\n")
    assert "  title = {{Top-$n\\sigma$ sampling}}," in text  # unbalanced brace dropped
    assert "  author = {A. B and C. D}," in text
    assert "  year = {2024}," in text
    assert "  eprint = {2411.09703}," in text
    assert "  url = {https://arxiv.org/abs/2411.09703}" in text
    assert text.count("{") == text.count("}")
    old = Star("cs/0601001", "Old", (), 2006, "https://arxiv.org/abs/cs/0601001", DAY, "Other")
    assert citation_year(old) == 2006


def test_reading_list_formats(tmp_path: Path) -> None:
    data = ReaderData(tmp_path)
    data.toggle_star(make_paper("2411.00001", title="A [link](x)"), DAY, "LLM")
    stars = data.stars.all()
    assert json.loads(render(stars, "json"))[0]["id"] == "2411.00001"
    markdown = render(stars, "markdown")
    assert "## 2024-11-15" in markdown and "A \\[link\\](x)" in markdown
    assert "No starred papers yet." in render([], "markdown")
