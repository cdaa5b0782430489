"""Briefings streamed from a loopback OpenAI-compatible server into the Markdown widget."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from daily_ai_insights.core.briefings.fallback import NO_PARTS
from daily_ai_insights.core.briefings.offline import IN_PLACE_LABELS, offline_briefing
from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.widgets.briefing_view import BriefingView
from daily_ai_insights.tui.widgets.category_list import CategoryList
from daily_ai_insights.tui.widgets.category_panel import CategoryPanel
from tests.app.conftest import SIZE, go_online, main_screen, sample_service, shown_digest
from tests.support.fake_openai import FakeOpenAI, fake_openai_server


@pytest.fixture
def model(offline_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A fake model server. Offline mode turns the model off too, so the app runs online
    with a fake fetch (see :func:`_service`): nothing reaches the internet."""
    monkeypatch.delenv("INSIGHTS_OFFLINE")
    (offline_home / "config").mkdir(exist_ok=True)
    (offline_home / "config" / "config.toml").write_text("[llm]\nmax_retries = 0\n")
    with fake_openai_server() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("INSIGHTS_MODEL", "fake-model")
        monkeypatch.setenv("INSIGHTS_SUMMARIZER", "llm")
        yield fake


def _service() -> InsightsService:
    """The sample service whose start-up fetch fails at once (a calm warning)."""
    service = sample_service()
    go_online(service).error = SourceError("no network in tests")
    return service


async def _open_written(pilot: Pilot[None]) -> CategoryPanel:
    """Open the highlighted category and wait until its briefing is written: its panel."""
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen.query_one(CategoryPanel)


async def _until(pilot: Pilot[None], condition: object) -> None:
    for _ in range(250):
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def test_briefing_streams_while_the_user_moves_then_is_cached(model: FakeOpenAI) -> None:
    model.chunk_size = 6  # many small deltas
    service = _service()
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "j", "j")  # move on while it streams
        categories = app.screen.query_one(CategoryList)
        category = categories.expanded[0]
        panel = app.screen.query_one(CategoryPanel)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.briefing is not None and panel.briefing.complete
        source = panel.shown_text
        assert "주제 및 테마" in source and "앞으로 지켜볼 점" in source
        usage = str(panel.query_one(".briefing-usage").render())
        assert "tokens" in usage and "fake-model" in usage
        assert model.calls >= 1
        digest = shown_digest(app)
        assert service.cached_briefing(digest, category, "ko") is not None
        calls = model.calls
        await pilot.press("k", "k", "left", "right")  # collapse and open again: from the cache
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = main_screen(app).current_panel()
        assert isinstance(again, BriefingView), "the second opening reads the cache"
        assert again.briefing == panel.briefing and not again.streaming
        assert model.calls == calls


async def test_collapsing_cancels_the_stream_and_caches_nothing(model: FakeOpenAI) -> None:
    model.scenario, model.delay = "slow_first", 3.0
    service = _service()
    app = InsightsApp(service, banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        panel = app.screen.query_one(CategoryPanel)
        await _until(pilot, lambda: model.calls >= 1 and panel.streaming)
        workers = [w for w in app.workers if w.node is panel]
        category = app.screen.query_one(CategoryList).expanded[0]
        await pilot.press("left")
        await pilot.pause()
        assert not app.screen.query(CategoryPanel)
        assert workers and all(w.is_cancelled for w in workers)
        digest = shown_digest(app)
        assert service.cached_briefing(digest, category, "ko") is None
        before = digest.day
        await pilot.press("h")  # still responsive
        assert shown_digest(app).day != before


async def test_switching_day_cancels_the_stream(model: FakeOpenAI) -> None:
    model.scenario, model.delay = "slow_first", 3.0
    app = InsightsApp(_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        panel = app.screen.query_one(CategoryPanel)
        await _until(pilot, lambda: panel.streaming)
        workers = [w for w in app.workers if w.node is panel]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert all(w.is_cancelled for w in workers)
        assert not app.screen.query(CategoryPanel)


async def test_a_failed_briefing_is_a_notice_and_marked_not_written(model: FakeOpenAI) -> None:
    model.scenario = "401"
    app = InsightsApp(_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        panel = await _open_written(pilot)
        assert panel.failed and panel.briefing is None
        status = str(panel.query_one(".briefing-status").render())
        assert status.startswith("⚠ not written: the model server rejected the API key")
        assert "incomplete" not in status
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "\n" not in errors[0].message


CITED = (
    "**1. 주제 및 테마**\n   - 월드 모델과 비디오 생성 [1, 2]\n   - 근거 없는 주장\n\n"
    "**2. 공통 키워드·트렌드·패턴**\n   - 비디오와 일관성\n\n"
    "**3. 주요 이벤트 및 중요 정보**\n   - 5초 안에 이미지를 만듦 [99]\n\n"
    "**4. 다양한 부문에 미치는 영향**\n   - 영상 제작에 영향 [3]\n\n"
    "**5. 결론 및 향후 주목할 발전**\n   - 더 세밀한 제어가 기대됨\n"
)


async def test_a_briefing_shows_its_check_line_marks_and_citation_links(
    model: FakeOpenAI,
) -> None:
    model.text = CITED
    app = InsightsApp(_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        panel = await _open_written(pilot)
        assert panel.briefing is not None and panel.briefing.checks is not None
        check = str(panel.query_one(".briefing-check").render())
        assert check.startswith("⚠ 출처 없는 주장 1개 · [99]: 이 ") and "번호" in check
        papers = panel.group.papers
        # Known citations link to their paper; unknown ones and uncited claims are marked.
        assert f"[\\[1\\]]({papers[0].abs_url}), [\\[2\\]]({papers[1].abs_url})" in panel.shown_text
        assert "[99]⚠" in panel.shown_text and "[99](" not in panel.shown_text
        assert "근거 없는 주장 ⚠" in panel.shown_text
        # Opened again, from the cache: the same line under the briefing.
        await pilot.press("left", "right")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = main_screen(app).current_panel()
        assert isinstance(view, BriefingView)
        assert any(line.startswith("⚠ 출처 없는 주장 1개") for line in view.plain_lines)


async def test_a_briefing_in_the_wrong_language_is_asked_once_more(model: FakeOpenAI) -> None:
    english = CITED.replace("월드 모델과 비디오 생성", "world models and video generation")
    model.texts = [
        english.replace("근거 없는 주장", "an unsupported claim of the paper")
        .replace("비디오와 일관성", "video and consistency over time")
        .replace("5초 안에 이미지를 만듦", "renders an image in five seconds")
        .replace("영상 제작에 영향", "matters for film production")
        .replace("더 세밀한 제어가 기대됨", "finer control is expected soon"),
        CITED,
    ]
    app = InsightsApp(_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        panel = await _open_written(pilot)
        assert model.calls == 2
        assert panel.briefing is not None and panel.briefing.text.startswith("**1. 주제")
        assert "world models" not in panel.shown_text  # the first answer is gone
        check = str(panel.query_one(".briefing-check").render())
        assert check.endswith("한 번 다시 요청함")


RAMBLE = (
    "Sure! Here is a summary of the papers. They talk about language models and how they"
    " are evaluated, which matters for the future of artificial intelligence.\n"
)


async def test_an_answer_with_no_parts_shows_the_offline_extract_labelled(
    model: FakeOpenAI,
) -> None:
    model.text = RAMBLE
    service = _service()
    app = InsightsApp(service, banner="")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        panel = await _open_written(pilot)
        assert model.calls == 2  # the corrective retry came first
        briefing = panel.briefing
        assert briefing is not None and briefing.fallback == NO_PARTS
        assert briefing.text == offline_briefing(panel.group, "ko", in_place=True).strip()
        assert panel.shown_text.startswith(IN_PLACE_LABELS["ko"])
        assert "Sure!" not in panel.shown_text
        note = "⚠ fake-model's answer had none of the five parts; R asks it again"
        assert str(panel.query_one(".briefing-status").render()) == note
        usage = str(panel.query_one(".briefing-usage").render())
        assert usage.endswith("· 2 calls · offline extract in place of fake-model")
        check = str(panel.query_one(".briefing-check").render())
        assert "한국어가 아님" not in check  # the extract quotes abstracts: no language check
        # Opened again: the cached extract with the same note, and no request.
        await pilot.press("left", "right")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = main_screen(app).current_panel()
        assert isinstance(view, BriefingView) and view.briefing == briefing
        text = " ".join(line.removeprefix("▌").strip() for line in view.plain_lines)
        assert note in text and IN_PLACE_LABELS["ko"].removeprefix("> ") in text
        assert model.calls == 2
        # The export carries the same extract, labelled, not the unusable answer.
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        name = f"insights-{shown_digest(app).day.isoformat()}.md"
        exported = (service.config.paths.export_dir / name).read_text(encoding="utf-8")
        assert IN_PLACE_LABELS["ko"] in exported and "Sure!" not in exported
        # R asks the model again: a good answer now replaces the extract, in the cache too.
        model.text = CITED
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert model.calls == 3
        fresh = app.screen.query_one(CategoryPanel)
        assert fresh.briefing is not None and not fresh.briefing.fallback
        assert fresh.briefing.text == CITED.strip()
        assert not fresh.query_one(".briefing-status").display
        cached = service.cached_briefing(shown_digest(app), panel.group.name, "ko")
        assert cached == fresh.briefing


async def test_an_answer_with_some_parts_stays_the_models(model: FakeOpenAI) -> None:
    model.text = CITED.split("**3.")[0]  # parts 1 and 2
    app = InsightsApp(_service(), banner="")
    async with app.run_test(size=SIZE) as pilot:
        panel = await _open_written(pilot)
        assert model.calls == 2
        assert panel.briefing is not None and not panel.briefing.fallback
        assert panel.briefing.text == model.text.strip()
        assert not panel.query_one(".briefing-status").display
        usage = str(panel.query_one(".briefing-usage").render())
        assert usage.endswith("fake-model  ⚠ parts 3, 4, 5 missing")
