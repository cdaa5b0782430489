"""The trend chart (``c``) on days fetched from listing files, one file a day: the days it
compares, and that it reads whole at the sizes a terminal has."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.topics.trend import build_trend, moves_line
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.widgets.chart import DistributionChart

DAY = dt.date(2026, 6, 4)
TOPICS = {
    "llm": ("Large language model reasoning study", "We study large language models."),
    "vision": ("Vision transformer for image segmentation", "An image segmentation model."),
    "robot": ("Robot manipulation policy from demonstrations", "A robot arm learns grasping."),
    "speech": ("Speech recognition for noisy audio", "Automatic speech recognition on audio."),
    "rl": ("Reinforcement learning with reward shaping", "A reinforcement learning agent."),
}
EARLY = {"llm": 6, "vision": 1, "robot": 1, "speech": 1, "rl": 1}
LATE = {"llm": 1, "vision": 3, "robot": 3, "speech": 3}  # on DAY: many categories move


def listing(mix: dict[str, int], start: int) -> str:
    """A daily-arXiv-ai-enhanced JSONL listing with ``mix`` papers of each topic."""
    lines = []
    for topic, count in mix.items():
        title, summary = TOPICS[topic]
        for _ in range(count):
            record = {"id": f"2606.{start:05d}", "title": f"{title} {start}", "summary": summary}
            lines.append(json.dumps({**record, "categories": ["cs.AI"], "authors": ["A. B"]}))
            start += 1
    return "\n".join(lines) + "\n"


@pytest.fixture
async def listing_days(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> InsightsService:
    """06-01..06-04 fetched from their own local listing files; then an offline service."""
    fetching = InsightsService(load_config())
    for number in range(4):
        day = dt.date(2026, 6, 1 + number)
        path = tmp_path / f"{day.isoformat()}.jsonl"
        path.write_text(listing(LATE if day == DAY else EARLY, 100 * (number + 1)))
        assert (await fetching.fetch_day(day, [str(path)])).count == 10
    monkeypatch.setenv("INSIGHTS_OFFLINE", "1")
    return InsightsService(load_config())


def chart_text(app: InsightsApp) -> tuple[str, int]:
    """The chart pane's text and its width."""
    chart = app.screen.query_one(DistributionChart)
    return str(chart.render()), chart.content_size.width


async def test_c_on_a_listing_day_compares_it_with_the_listing_days_before(
    listing_days: InsightsService,
) -> None:
    assert len({info.sources for info in listing_days.days()}) == 4  # one file a day
    app = InsightsApp(listing_days, day=DAY, banner="")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        text, _ = chart_text(app)
        assert "No earlier day" not in text
        assert "06-01" in text and "06-04" in text
        assert "06-04 vs the 3 days before" in text and "falling LLM −50" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (250, 70)])
async def test_the_trend_reads_whole_and_escape_leaves_it(
    listing_days: InsightsService, size: tuple[int, int]
) -> None:
    app = InsightsApp(listing_days, day=DAY, banner="")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        text, width = chart_text(app)
        lines = text.splitlines()
        # What moved: every word of it on screen, on lines that fit, nothing cut.
        start = next((n for n, line in enumerate(lines) if line.startswith("06-04 vs")), None)
        assert start is not None, text
        said = " ".join(line.strip() for line in lines[start:])
        trend = build_trend(listing_days.days(), DAY)
        assert said in {moves_line(trend, most) for most in (1, 2, 3)}, text
        assert "…" not in said and all(len(line) <= width for line in lines)
        if size != (80, 24):
            assert said == moves_line(trend), text  # room enough to name them all
        if size == (80, 24):  # too short for a plot: a line of sparklines per category
            assert lines[0].startswith("% of papers, 06-01…06-04") and "┌" not in text
            assert any(line.startswith("LLM ") for line in lines[1:start]), text
        else:  # the legend is below the plot: no name is drawn over the lines
            top = next(n for n, line in enumerate(lines) if "┌" in line)
            bottom = next(n for n, line in enumerate(lines) if "└" in line)
            assert {c for line in lines[top:bottom] for c in line if c.isalpha()} <= {"x", "o"}
            legend = "\n".join(lines[bottom + 2 : start])
            assert "• LLM" in legend and "Speech & Audio" in legend, text
        await pilot.press("escape")
        await pilot.pause()
        chart = app.screen.query_one(DistributionChart)
        assert not chart.trend and "Category distribution" in str(chart.render())
