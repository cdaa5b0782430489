"""Sources that send the wrong JSON types give one-line SourceErrors, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.sources import registry
from daily_ai_insights.core.sources.hf import parse_hf
from daily_ai_insights.core.sources.http import Http
from daily_ai_insights.core.sources.listing import parse_listing_jsonl

DAY = dt.date(2024, 11, 15)


def hf_item(**paper: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "2411.00001", "title": "Good", "summary": "S"}
    return {"paper": {**base, **paper}, "publishedAt": "2024-11-15T01:00:00.000Z"}


@pytest.mark.parametrize(
    "paper",
    [
        {"title": 5},
        {"title": ["a", "b"]},
        {"summary": {"text": "x"}},
        {"authors": [{"name": ["x"]}, {"name": 3}, "plain", {"name": "Kept"}]},
        {"upvotes": float("inf")},
        {"upvotes": float("nan")},
        {"upvotes": "12"},
    ],
)
def test_hf_wrong_types_are_dropped_not_raised(paper: dict[str, object]) -> None:
    papers = parse_hf(json.dumps([hf_item(**paper)]), DAY)
    assert [p.arxiv_id for p in papers] == ["2411.00001"]
    assert all(isinstance(a, str) for a in papers[0].authors)
    assert papers[0].upvotes is None


def test_hf_upvotes_overflowing_json() -> None:
    body = json.dumps([hf_item()]).replace('"title": "Good"', '"title": "Good", "upvotes": 1e400')
    (paper,) = parse_hf(body, DAY)
    assert paper.upvotes is None
    (paper,) = parse_hf(body.replace("1e400", "Infinity"), DAY)
    assert paper.upvotes is None


def test_hf_title_falls_back_when_the_item_title_is_not_text() -> None:
    item = hf_item()
    item["title"] = 5
    (paper,) = parse_hf(json.dumps([item]), DAY)
    assert paper.title == "Good"


def test_hf_numeric_ids_are_unusable() -> None:
    with pytest.raises(SourceError, match="no usable paper"):
        parse_hf(json.dumps([hf_item(id=2411.00001)]), DAY)


def test_listing_wrong_types() -> None:
    lines = [
        {
            "id": "2411.00002",
            "title": 5,
            "summary": ["x"],
            "comment": {"a": 1},
            "categories": ["cs.AI", 3, None],
            "authors": [["A"], "Bo"],
        },
        {"id": 7, "title": "numeric id"},
    ]
    papers = parse_listing_jsonl("\n".join(json.dumps(x) for x in lines), DAY)
    assert len(papers) == 1
    paper = papers[0]
    assert (paper.title, paper.abstract, paper.comment) == ("", "", "")
    assert paper.categories == ("cs.AI",)
    assert paper.authors == ("Bo",)


class Broken:
    """A source with a bug: its parser raises something that is not an InsightsError."""

    name = "broken"

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        raise self.error


@pytest.mark.parametrize(
    "error", [TypeError("secret \x1b[2J title"), OverflowError("x"), RecursionError()]
)
async def test_unexpected_source_errors_become_one_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    config = load_config({"INSIGHTS_HOME": str(home)})
    monkeypatch.setattr(registry, "make_source", lambda name, config: Broken(error))
    async with Http() as http:
        with pytest.raises(SourceError) as caught:
            await registry.fetch_sources(DAY, ["hf"], config, http=http)
    message = str(caught.value)
    assert message == f"unexpected answer from broken: {type(error).__name__}"
