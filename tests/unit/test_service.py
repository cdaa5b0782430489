"""The facade the reader and the CLI share, on a real cache in a temporary INSIGHTS_HOME."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from tests.support.loopback import Handler, Loopback, Request


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
    assert service.first_run_banner


def test_a_day_from_another_source_ends_the_first_run_banner(service: InsightsService) -> None:
    from daily_ai_insights.core.papers import Assignment
    from tests.support.papers import make_paper

    oldest = service.days()[0].day
    earlier = oldest - dt.timedelta(days=3)  # not the newest: every day is looked at
    papers = [make_paper("2411.90001", announced=earlier, sources=("arxiv",))]
    topic = service.taxonomy.categories[0].name
    service.store.save_day(
        earlier,
        papers,
        [Assignment("2411.90001", topic)],
        sources=("arxiv",),
        taxonomy_version=service.sorting,
    )
    assert service.first_run_banner is None
    assert service.day_counts()[0] == (earlier, 1)


def test_open_day_is_remembered_until_the_file_changes(service: InsightsService) -> None:
    day = service.newest_day()
    assert day is not None
    first = service.open_day(day)
    assert first is not None
    assert service.open_day(day) is first  # from memory, not parsed again
    papers = [p for g in first.groups for p in g.papers]
    renamed = dataclasses.replace(papers[0], title="A new title", version=papers[0].version + 1)
    service.store.save_day(day, [renamed], [], sources=("hf",), taxonomy_version=service.sorting)
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


def test_a_fetched_day_is_opened_from_what_was_stored_not_read_back(
    service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fetch_day builds the digest from the merged day it stored; opening it after is
    the same digest, and neither parses the day file nor classifies again."""
    import daily_ai_insights.core.store.dayfile as dayfile
    import daily_ai_insights.core.topics.classify as classify_module

    newest = service.newest_day()
    assert newest is not None
    before = service.open_day(newest)
    assert before is not None
    reads: list[object] = []
    real_parse = dayfile.parse_day_file

    def counting_parse(*args):  # type: ignore[no-untyped-def]
        reads.append(args)
        return real_parse(*args)

    monkeypatch.setattr(dayfile, "parse_day_file", counting_parse)
    classified: list[int] = []
    real_classify = classify_module.classify

    def counting_classify(papers, *args, **kwargs):  # type: ignore[no-untyped-def]
        classified.append(len(papers))
        return real_classify(papers, *args, **kwargs)

    monkeypatch.setattr(classify_module, "classify", counting_classify)
    result = asyncio.run(service.fetch_day(newest, ["sample"]))
    assert result.count == before.paper_count  # the sample again: merged, not doubled
    assert len(classified) == 1  # once, at fetch
    after = service.open_day(newest)
    assert after is not None and after.paper_count == result.count
    assert [(g.name, g.count) for g in after.groups] == [(g.name, g.count) for g in before.groups]
    assert reads == [] and len(classified) == 1
    assert service.is_cached(newest) and not service.is_cached(newest + dt.timedelta(days=400))


def test_a_fetch_parses_and_classifies_off_the_event_loop(
    service: InsightsService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big listing's parse and classification run in worker threads: the reader's
    event loop keeps drawing meanwhile."""
    import threading

    import daily_ai_insights.core.sources.listing as listing
    import daily_ai_insights.core.topics.classify as classify_module

    record = {
        "categories": ["cs.CL"],
        "authors": ["A B"],
        "title": "Language models",
        "comment": None,
        "summary": "Large language models.",
    }
    lines = [json.dumps({**record, "id": f"2606.{n:05d}"}) for n in range(1, 41)]
    path = tmp_path / "2026-06-02.jsonl"
    path.write_text("\n".join(lines), "utf-8")
    threads: dict[str, str] = {}

    def spy(name: str, real):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            threads[name] = threading.current_thread().name
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(listing, "parse_listing_jsonl", spy("parse", listing.parse_listing_jsonl))
    monkeypatch.setattr(classify_module, "classify", spy("classify", classify_module.classify))

    async def fetch() -> tuple[object, str]:
        result = await service.fetch_day(dt.date(2026, 6, 2), [str(path)])
        return result, threading.current_thread().name

    result, loop_thread = asyncio.run(fetch())
    assert result.count == 40  # type: ignore[attr-defined]
    assert set(threads) == {"parse", "classify"}
    assert loop_thread not in threads.values()


def test_writer_label_follows_the_config(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert InsightsService(load_config()).writer_label == "offline extract"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("INSIGHTS_MODEL", "tiny-model")
    assert InsightsService(load_config()).writer_label == "tiny-model"
    monkeypatch.setenv("INSIGHTS_OFFLINE", "1")
    assert InsightsService(load_config()).writer_label == "offline extract"


def test_export_writes_markdown_and_chart(service: InsightsService) -> None:
    day = service.newest_day()
    assert day is not None
    digest = service.open_day(day)
    assert digest is not None
    result = service.export(digest, categories=None, language="ko")
    path = result.path
    assert path.is_file() and path.parent == service.config.paths.export_dir
    assert result.image_path == path.parent / f"paper_{day.isoformat()}.svg"
    assert result.image_path.is_file()
    assert result.said() == f"wrote {path} (chart: {result.image_path.name})"
    again = service.export(digest, categories=None, language="ko").path
    assert again != path  # the reader never overwrites an earlier export


def test_offline_never_calls_the_model_even_when_llm_is_forced(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.fake_openai import fake_openai_server

    with fake_openai_server() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("INSIGHTS_SUMMARIZER", "llm")
        monkeypatch.setenv("INSIGHTS_OFFLINE", "1")
        (home / "config").mkdir(exist_ok=True)
        service = InsightsService(load_config())
        service.config = dataclasses.replace(
            service.config, llm=dataclasses.replace(service.config.llm, classify=True)
        )
        assert service.writer_label == "offline extract"
        # Fetching the (offline-safe) sample would classify with the model if allowed.
        fetched = asyncio.run(service.fetch_day(None, ["sample"]))
        digest = service.open_day(fetched.day)
        assert digest is not None

        async def brief() -> list[object]:
            return [e async for e in service.brief(digest, digest.groups[0].name, "ko")]

        events = asyncio.run(brief())
        assert fake.loopback.requests == []
    done = events[-1]
    assert type(done).__name__ == "BriefingDone"
    assert done.briefing.model == "offline"  # type: ignore[attr-defined]


def test_an_empty_day_is_remembered_and_skipped(
    home: Path, monkeypatch: pytest.MonkeyPatch, server: Loopback
) -> None:
    empty, full = dt.date(2024, 11, 16), dt.date(2024, 11, 15)
    bodies = {
        empty.isoformat(): b"[]",
        full.isoformat(): json.dumps(
            [{"paper": {"id": "2411.00001", "title": "T", "summary": "S"}}]
        ).encode(),
    }

    def route(handler: Handler, request: Request) -> None:
        day = request.query.get("date", [""])[0]
        handler.send_bytes(200, bodies.get(day, b"1"), "application/json")

    server.route("/hf", route)
    monkeypatch.setenv("INSIGHTS_HF_API_URL", server.url + "/hf")
    service = InsightsService(load_config())
    assert not asyncio.run(service.fetch_day(full, ["hf"])).empty
    result = asyncio.run(service.fetch_day(empty, ["hf"]))
    assert result.empty and result.message == "no papers announced on 2024-11-16"
    infos = {info.day: info for info in service.days()}
    assert infos[empty].count == 0 and infos[empty].sources == ("hf",)
    assert service.newest_day() == full
    assert service.next_day(full) is None and service.previous_day(dt.date(2024, 11, 17)) == full
    # A later empty answer for a day that has papers never empties it.
    bodies[full.isoformat()] = b"[]"
    asyncio.run(service.fetch_day(full, ["hf"]))
    assert {info.day: info.count for info in service.days()}[full] == 1


def test_an_empty_answer_from_a_failing_fetch_is_not_remembered(
    home: Path, monkeypatch: pytest.MonkeyPatch, server: Loopback
) -> None:
    server.route("/hf", lambda handler, request: handler.send_bytes(200, b"[]", "application/json"))
    monkeypatch.setenv("INSIGHTS_HF_API_URL", server.url + "/hf")
    monkeypatch.setenv("INSIGHTS_ARXIV_API_URL", server.url + "/nowhere")
    monkeypatch.setenv("INSIGHTS_ARXIV_RSS_URL", server.url + "/nowhere")
    service = InsightsService(load_config())
    result = asyncio.run(service.fetch_day(dt.date(2024, 11, 15), ["hf", "arxiv"]))
    assert result.empty and result.warnings  # arXiv failed: the day is not known to be empty
    assert service.days() == []
