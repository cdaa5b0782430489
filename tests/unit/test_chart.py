"""The category charts: layout, widths in terminal cells, colour and odd inputs."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from rich.cells import cell_len

from daily_ai_insights.core.models import DayInfo
from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.topics.chart import distribution_chart, trend_chart
from daily_ai_insights.core.topics.digest import build_digest
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from daily_ai_insights.core.topics.trend import Trend, build_trend, even_ticks, moves_line
from tests.support.papers import make_paper

ESC = "\x1b"
SIX = [
    ("🪸", "Multimodal", 2),
    ("🐱", "LLM", 3),
    ("🍋", "Graph Neural Networks", 1),
    ("✈️", "Natural Language Processing", 1),
    ("⭐", "Computer Vision", 3),
    ("🤩", "Model training technique", 2),
]
TWENTY = [("🔹", f"Topic number {i:02d}", (i * 7) % 23) for i in range(20)]


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def bar(line: str) -> int:
    return line.count("▇")


@pytest.mark.parametrize("width", [30, 40, 80])
@pytest.mark.parametrize("rows", [[], SIX[:1], SIX, TWENTY], ids=["0", "1", "6", "20"])
def test_no_line_is_wider_than_the_width(rows: list[tuple[str, str, int]], width: int) -> None:
    chart = distribution_chart(rows, width)
    assert widest(chart) <= width
    assert ESC not in chart


def test_no_categories_is_one_line() -> None:
    chart = distribution_chart([], 80)
    assert chart == "Category distribution: no papers"


def test_one_category() -> None:
    lines = distribution_chart([("🐱", "LLM", 4)], 40).splitlines()
    assert lines[0] == "Category distribution (4 papers)"
    assert lines[1].startswith("🐱 LLM ")
    assert lines[1].endswith(" 4")
    assert bar(lines[1]) > 0


def test_rows_keep_their_order_with_counts_at_the_end() -> None:
    ranked = sorted(SIX, key=lambda row: -row[2])
    lines = distribution_chart(ranked, 80).splitlines()[1:]
    assert [int(line.split()[-1]) for line in lines] == [count for _, _, count in ranked]
    assert lines[0].startswith("🐱 LLM")
    assert lines[1].startswith("⭐ Computer Vision")
    # Bars are proportional: 3 papers get the longest bar, 1 paper about a third of it.
    assert bar(lines[0]) == bar(lines[1]) > bar(lines[2]) > bar(lines[-1]) > 0
    assert abs(bar(lines[-1]) * 3 - bar(lines[0])) <= 3


def test_a_digest_draws_other_last_as_its_list_shows_it() -> None:
    taxonomy = default_taxonomy()
    names = ["LLM", "Other", "Other", "Other", "Computer Vision", "Computer Vision"]
    papers = [make_paper(f"2406.{i:05d}") for i in range(len(names))]
    assignments = [Assignment(p.arxiv_id, n, 1.0) for p, n in zip(papers, names, strict=True)]
    digest = build_digest(dt.date(2026, 6, 4), ("listing",), papers, assignments, taxonomy)
    lines = distribution_chart(digest.category_counts, 80).splitlines()[1:]
    assert [line.split()[1] for line in lines] == ["Computer", "LLM", "Other"]
    assert [g.name for g in digest.groups] == ["Computer Vision", "LLM", "Other"]


def test_bars_and_counts_line_up_despite_double_width_emoji() -> None:
    lines = distribution_chart(SIX, 80).splitlines()[1:]
    ends = {cell_len(line) for line in lines}
    assert ends == {80}  # every count ends in the last column
    starts = {cell_len(line[: line.index("▇")]) for line in lines}
    assert len(starts) == 1  # every bar starts in the same column


def test_names_start_in_one_column_after_one_and_two_cell_emoji() -> None:
    rows = [("✈️", "Natural Language Processing", 5), ("🐱", "LLM", 4), ("🛡️", "Safety", 3)]
    lines = distribution_chart(rows, 80).splitlines()[1:]
    starts = {
        cell_len(line[: line.index(name[:5])])
        for line, (_, name, _) in zip(lines, rows, strict=True)
    }
    assert starts == {3}, lines  # the emoji's two cells and a space


def test_zero_counts_are_empty_bars() -> None:
    lines = distribution_chart([("🐱", "LLM", 2), ("📦", "Other", 0)], 40).splitlines()
    assert lines[2].startswith("📦 Other")
    assert lines[2].endswith(" 0")
    assert bar(lines[2]) == 0
    only_zero = distribution_chart([("📦", "Other", 0)], 40)
    assert "0 papers" in only_zero and bar(only_zero) == 0


def test_long_names_are_cut_with_an_ellipsis() -> None:
    name = "An extraordinarily long category name that cannot possibly fit"
    chart = distribution_chart([("⭐", name, 5)], 40)
    assert "…" in chart
    assert name not in chart
    assert widest(chart) <= 40


def test_height_keeps_the_top_and_says_how_many_more() -> None:
    chart = distribution_chart(TWENTY, 60, height=8)
    lines = chart.splitlines()
    assert len(lines) == 8
    assert lines[-1].startswith("+14 more")
    shown = [int(line.split()[-1]) for line in lines[1:-1]]
    assert shown == [count for _, _, count in TWENTY][:6]


def test_narrow_width_degrades_gracefully() -> None:
    for width in (10, 16, 20, 30):
        chart = distribution_chart(SIX, width)
        assert widest(chart) <= max(width, 16)
        assert len(chart.splitlines()) == 7
        assert all(line.split()[-1].isdigit() for line in chart.splitlines()[1:])


def test_colour_uses_ansi_and_monochrome_has_none() -> None:
    plain = distribution_chart(SIX, 60)
    coloured = distribution_chart(SIX, 60, color=True)
    assert ESC not in plain
    assert ESC in coloured
    assert coloured != plain


def test_untrusted_names_lose_their_control_characters() -> None:
    chart = distribution_chart([("🐱", "LLM\x1b[31m\nred", 1)], 40)
    assert ESC not in chart and len(chart.splitlines()) == 2


def day(number: int) -> dt.date:
    return dt.date(2026, 6, 1) + dt.timedelta(days=number)


def info(number: int, counts: dict[str, int], sources: tuple[str, ...] = ("arxiv",)) -> DayInfo:
    return DayInfo(day(number), sum(counts.values()), sources, tuple(counts.items()))


# arXiv days of ~100 papers; LLM falls from 79 % to 5 % on the last one.
ARXIV = [
    info(i, {"LLM": 79, "Computer Vision": 10, "AI Agents": 8, "Tiny": 0, "Robotics": 3})
    for i in range(6)
] + [info(6, {"LLM": 5, "Computer Vision": 40, "AI Agents": 30, "Tiny": 1, "Robotics": 24})]
# Hugging Face days of ~30 papers in between: a different kind, left out.
HF = [info(i, {"LLM": 30}, ("hf",)) for i in (7, 8)]


@pytest.mark.parametrize("width", [30, 40, 80])
def test_trend_fits_and_names_what_fell_and_rose(width: int) -> None:
    trend = build_trend(ARXIV + HF, day(6))
    chart = trend_chart(trend, width, 16)
    assert ESC not in chart
    assert widest(chart) <= width
    line = moves_line(trend)
    assert line.startswith("06-07 vs the 6 days before")
    assert "falling LLM −74" in line and "rising Computer Vision +30" in line


def test_trend_is_of_the_days_around_the_shown_one_and_of_its_kind() -> None:
    trend = build_trend(ARXIV + HF, day(3), span=3)
    assert trend.days == (day(1), day(2), day(3))
    hf = build_trend(ARXIV + HF, day(8))
    assert hf.days == (day(7), day(8))  # Hugging Face days only
    assert dict(hf.series)["LLM"] == (100.0, 100.0)


def test_trend_plots_shares_with_even_ticks_and_keeps_the_top_categories() -> None:
    trend = build_trend(ARXIV, day(6), top=3)
    assert [name for name, _ in trend.series] == ["LLM", "Computer Vision", "AI Agents"]
    chart = trend_chart(trend, 120, 40)
    assert "Tiny" not in chart and "06-01" in chart and "06-07" in chart
    assert "80%" in chart and "40%" in chart and "0%" in chart
    assert even_ticks(79) == [0, 20, 40, 60, 80] and even_ticks(12) == [0, 5, 10, 15]


def test_trend_without_days_and_in_colour() -> None:
    assert trend_chart(build_trend([], day(0)), 80, 10) == "Category trend: no cached days"
    assert ESC in trend_chart(build_trend(ARXIV, day(6)), 80, 16, color=True)
    assert moves_line(build_trend(ARXIV, day(0))) == "No earlier day of this kind to compare with"


def test_bars_scale_to_the_largest_with_halves_rounded_up() -> None:
    """The largest count fills the bar room, the others in proportion (28.5 cells: 29)."""
    lines = distribution_chart([("", "a", 240), ("", "b", 180), ("", "c", 0)], 48).splitlines()
    room = bar(lines[1])
    assert room == 48 - 1 - 3 - 2  # width - label - count - two spaces
    assert bar(lines[2]) == int(room * 180 / 240 + 0.5) and bar(lines[3]) == 0


def test_a_wide_chart_fills_its_width() -> None:
    chart = distribution_chart(SIX, 160)
    assert max(cell_len(line) for line in chart.splitlines()[1:]) == 160


@pytest.mark.parametrize("height", range(15, 41, 3))
def test_every_y_tick_of_the_trend_is_drawn_once_and_evenly(height: int) -> None:
    import itertools
    import re

    chart = trend_chart(build_trend(ARXIV, day(6)), 60, height)
    labels = [int(m) for m in re.findall(r"^\s*(\d+)%┤", chart, re.MULTILINE)]
    assert len(labels) >= 2 and labels[-1] == 0  # from the top down to 0 %
    steps = {a - b for a, b in itertools.pairwise(labels)}
    assert len(steps) == 1 and steps.pop() > 0, labels  # none skipped, none doubled
    assert labels[0] >= 79  # the highest share is on the scale


def test_listing_days_of_different_files_are_days_of_one_kind() -> None:
    """Each listing day is stored with its own file as source: still one kind of day."""
    files = [f"/data/listings/2026-06-0{n + 1}.jsonl" for n in range(3)]
    listings = [
        info(n, {"LLM": 60, "Computer Vision": 40}, (name,)) for n, name in enumerate(files)
    ] + [info(3, {"LLM": 20, "Computer Vision": 80}, ("https://example.org/2026-06-04.jsonl",))]
    mixed = [info(4, {"LLM": 50}, ("hf", files[0]))]  # a listing and hf together: another kind
    trend = build_trend(listings + HF + mixed, day(3))
    assert trend.days == (day(0), day(1), day(2), day(3))
    assert moves_line(trend).startswith("06-04 vs the 3 days before")
    assert "rising Computer Vision +40" in moves_line(trend)
    assert build_trend(listings + HF + mixed, day(4)).days == (day(4),)


def statement(chart: str, trend: Trend) -> list[str]:
    """The chart's last lines: the statement of what moved, from its date on."""
    lines = chart.splitlines()
    start = max(n for n, line in enumerate(lines) if line.startswith(f"{trend.shown:%m-%d} vs"))
    return lines[start:]


@pytest.mark.parametrize("width", [16, 24, 33, 51, 69, 120])
@pytest.mark.parametrize("height", [12, 16, 22])
def test_what_moved_is_said_whole_on_lines_that_fit(width: int, height: int) -> None:
    trend = build_trend(ARXIV + HF, day(6))
    chart = trend_chart(trend, width, height)
    said = statement(chart, trend)
    assert all(cell_len(line) <= width for line in said) and "…" not in "".join(said)
    assert " ".join(line.strip() for line in said) in {moves_line(trend, n) for n in (1, 2, 3)}
    if height >= 16 and width >= 51:
        assert " ".join(line.strip() for line in said) == moves_line(trend)  # room: all of it
    assert len(chart.splitlines()) <= height or width < 33  # nothing left to cut off


@pytest.mark.parametrize(("width", "height"), [(33, 18), (51, 22), (69, 22)])
def test_the_legend_is_below_the_plot_and_names_every_line(width: int, height: int) -> None:
    trend = build_trend(ARXIV, day(6))
    lines = trend_chart(trend, width, height).splitlines()
    top = next(n for n, line in enumerate(lines) if "┌" in line)
    bottom = next(n for n, line in enumerate(lines) if "└" in line)
    plot = "\n".join(lines[top : bottom + 1])
    assert {char for char in plot if char.isalpha()} <= {"x", "o"}, plot  # markers, no names
    legend = "\n".join(lines[bottom + 2 :])  # below the dates
    for (name, _), marker in zip(trend.series, "•+xo*", strict=True):
        assert f"{marker} {name}" in legend
        assert marker in plot or height < 20  # a small plot may draw one line over another


@pytest.mark.parametrize(("width", "height"), [(33, 8), (33, 13), (60, 12), (16, 9)])
def test_a_trend_too_short_for_a_plot_is_a_table_of_sparklines(width: int, height: int) -> None:
    trend = build_trend(ARXIV, day(5))  # 06-06 of 06-01…06-07: the shown day is not last
    lines = trend_chart(trend, width, height).splitlines()
    assert not any("┌" in line or "┤" in line for line in lines)  # no plot of a few rows
    assert all(cell_len(line) <= width for line in lines)
    assert lines[0].endswith(" 06-06") and (width < 30 or "06-01…06-07" in lines[0])
    at = trend.days.index(trend.shown)
    highest = max(share for _, shares in trend.series for share in shares)
    for (name, shares), line in zip(trend.series, lines[1:], strict=False):
        assert line.startswith(name[: max(1, min(len(name), width - 13) - 1)])
        assert line.endswith(f"{shares[at]:3.0f}%")
        sparks = line[-5 - len(trend.days) : -5]
        assert line[-5 - len(trend.days) - 1] == " " and line[-5] == " "
        # Eighths of the largest share, none for a zero: the largest is a full block.
        for share, spark in zip(shares, sparks, strict=True):
            assert (spark == " ") == (share == 0)
            assert spark == "█" or share < highest
    said = statement("\n".join(lines), trend)
    assert " ".join(line.strip() for line in said) in {moves_line(trend, n) for n in (1, 2, 3)}


@pytest.mark.parametrize("width", range(16, 36))
def test_the_sparklines_heading_never_cuts_the_range_of_days(width: int) -> None:
    lines = trend_chart(build_trend(ARXIV, day(5)), width, 8).splitlines()
    assert lines[0].endswith(" 06-06") and cell_len(lines[0]) <= width
    heading = lines[0][: -len(" 06-06")].rstrip()
    # The whole range, or none: a narrow list may cut "% of papers" itself.
    assert heading == "% of papers, 06-01…06-07" or "% of papers".startswith(heading.rstrip("…"))


SEEDED = """
import datetime as dt
from daily_ai_insights.core.models import DayInfo
from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.topics.chart import trend_chart
from daily_ai_insights.core.topics.digest import build_digest
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from daily_ai_insights.core.topics.trend import build_trend
days = [dt.date(2026, 6, 1) + dt.timedelta(days=n) for n in range(7)]
shares = [(("LLM", 60 + n), ("Vision", 40 - n)) for n in range(7)]
infos = [DayInfo(d, 100, ("arxiv",), s) for d, s in zip(days, shares, strict=True)]
print(trend_chart(build_trend(infos, days[4]), 51, 22))
"""


def test_the_dates_below_the_axis_are_the_same_whatever_the_hash_seed() -> None:
    """plotext places the dates in a set's order; one that would touch another is dropped."""
    import subprocess
    import sys

    from tests.conftest import REPO

    charts = {
        subprocess.run(
            [sys.executable, "-c", SEEDED],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(4)
    }
    assert len(charts) == 1
    lines = charts.pop().splitlines()
    dates = lines[next(n for n, line in enumerate(lines) if "└" in line) + 1]
    assert "06-05" in dates and "06-01" in dates and "06-07" in dates, dates
