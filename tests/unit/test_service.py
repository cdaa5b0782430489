"""The facade the reader and the CLI share, on a real cache in a temporary INSIGHTS_HOME."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from core.config import load_config
from core.service import InsightsService


@pytest.fixture
def service(home: Path) -> InsightsService:
    built = InsightsService(load_config())
    assert built.ensure_sample() is not None
    return built


def test_sample_days_and_neighbours(service: InsightsService) -> None:
    days = [info.day for info in service.days()]
    assert len(days) == 5 and days == sorted(days)
    assert service.newest_day() == days[-1]
    assert service.previous_day(days[2]) == days[1]
    assert service.next_day(days[2]) == days[3]
    assert service.previous_day(days[0]) is None
    assert service.next_day(days[-1]) is None
    assert service.only_sample and service.first_run_banner


def test_open_day_is_remembered_until_the_file_changes(service: InsightsService) -> None:
    day = service.newest_day()
    assert day is not None
    first = service.open_day(day)
    assert first is not None
    assert service.open_day(day) is first  # from memory, not parsed again
    papers = [p for g in first.groups for p in g.papers]
    renamed = dataclasses.replace(papers[0], title="A new title", version=papers[0].version + 1)
    service.store.save_day(
        day, [renamed], [], sources=("hf",), taxonomy_version=service.taxonomy.version
    )
    second = service.open_day(day)
    assert second is not None and second is not first
    titles = {p.title for g in second.groups for p in g.papers}
    assert "A new title" in titles
    assert second.paper_count == first.paper_count


def test_fetch_from_the_sample_source_reports_what_answered(service: InsightsService) -> None:
    result = asyncio.run(service.fetch_day(None, ["sample"]))
    assert not result.empty
    assert result.sources == ("sample",)
    assert sum(count for _, _, count in result.counts) == result.count


def test_summarizer_label_follows_the_config(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert InsightsService(load_config()).summarizer_label == "offline extract"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("INSIGHTS_MODEL", "tiny-model")
    assert InsightsService(load_config()).summarizer_label == "tiny-model"
    monkeypatch.setenv("INSIGHTS_OFFLINE", "1")
    assert InsightsService(load_config()).summarizer_label == "offline extract"


def test_export_writes_markdown_and_chart(service: InsightsService) -> None:
    day = service.newest_day()
    assert day is not None
    digest = service.open_day(day)
    assert digest is not None
    path = service.export(digest, categories=None, language="ko")
    assert path.is_file() and path.parent == service.config.paths.export_dir
    assert (path.parent / f"paper_{day.isoformat()}.svg").is_file()
    again = service.export(digest, categories=None, language="ko")
    assert again != path  # the reader never overwrites an earlier export
