"""Local model servers that just work: context windows learned or assumed, refusals for
length answered by smaller requests, interrupted streams retried one at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from daily_ai_insights.core.briefings.call import request_tokens
from daily_ai_insights.core.briefings.server import (
    _from_models,
    _from_ollama,
    _from_props,
    context_in,
    is_local,
    is_too_long,
    state_for,
)
from daily_ai_insights.core.briefings.service import (
    BriefingChunk,
    BriefingDone,
    BriefingEvent,
    BriefingProgress,
    BriefingRestarted,
    BriefingService,
)
from daily_ai_insights.core.models import CategoryGroup
from tests.e2e.test_briefing_llm import DAY, failure, group_of, run, service
from tests.e2e.test_cli import run_insights
from tests.support.fake_openai import FakeOpenAI, fake_openai_server, request_size


async def english(svc: BriefingService, group: CategoryGroup) -> list[BriefingEvent]:
    return [event async for event in svc.stream(DAY, group, "en")]


def earlier_plan(body: dict[str, Any], bodies: list[dict[str, Any]]) -> bool:
    """Whether ``body`` is a map part of a plan that a later one (more parts) replaced.

    The server records requests as they arrive, not as they were sent: a request of the
    replaced plan that was already on its way may arrive after the first of the new one.
    """

    def parts(request: dict[str, Any]) -> int | None:
        found = re.search(r"batch \d+ of (\d+)", request["messages"][-1]["content"])
        return int(found.group(1)) if found else None

    mine = parts(body)
    last = max((n for n in map(parts, bodies) if n is not None), default=None)
    return mine is not None and last is not None and mine < last


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as running:
        yield running


def test_context_windows_are_read_where_servers_publish_them() -> None:
    vllm = {"data": [{"id": "m", "max_model_len": 8192}, {"id": "n", "max_model_len": 4096}]}
    assert _from_models(vllm, "n") == 4096
    lmstudio = {"data": [{"id": "q", "max_context_length": 32768}]}
    assert _from_models(lmstudio, "other") == 32768  # one model listed: that one
    assert _from_models({"data": [{"id": "m"}]}, "m") is None
    assert _from_props({"default_generation_settings": {"n_ctx": 4096}}) == 4096
    assert _from_ollama({"parameters": "num_ctx 8192\nstop x"}) == 8192
    # Ollama runs a model with a small default context, whatever the model allows.
    assert _from_ollama({"model_info": {"llama.context_length": 131072}}) == 4096
    junk: object
    for junk in (None, [], "x", {"data": "x"}, {"data": [1, None]}):
        assert _from_models(junk, "m") is None and _from_props(junk) is None
    assert context_in("Requested tokens (9319) exceed context window of 4096") == 4096
    assert context_in("This model's maximum context length is 8192 tokens.") == 8192
    assert is_too_long("Requested tokens (9319) exceed context window of 4096")
    assert not is_too_long("invalid model")
    assert is_local("http://127.0.0.1:8080/v1") and is_local("http://localhost:11434/v1")
    assert is_local("http://192.168.1.5:1234/v1") and not is_local("https://api.openai.com/v1")


async def test_a_published_context_is_fitted_from_the_first_request(fake: FakeOpenAI) -> None:
    fake.scenario, fake.context, fake.publish_context = "too_long", 3000, True
    events = await english(service(fake), group_of(30, words=120))
    assert isinstance(events[-1], BriefingDone), events[-1]
    bodies = fake.bodies
    assert len(bodies) > 2  # split into map requests, then merged
    for body in bodies:
        assert request_size(body) + body["max_tokens"] <= 3000  # never refused


async def test_a_400_naming_the_context_fits_the_budget_to_it(fake: FakeOpenAI) -> None:
    fake.scenario, fake.context = "too_long", 3500  # below the 4,096 assumed for local
    events = await run(service(fake), group_of(12, words=120))
    assert isinstance(events[-1], BriefingDone), events[-1]
    bodies = fake.bodies
    refused = [b for b in bodies if request_size(b) + b["max_tokens"] > 3500]
    # Refused only when planned before the budget was fitted (requests then in flight,
    # which may reach the server after the first fitted one), never after.
    assert refused and len(refused) <= 3 and all(earlier_plan(b, bodies) for b in refused)
    assert state_for(fake.base_url, "test-model").context == 3500


async def test_an_empty_stream_after_a_long_request_halves_the_budget(fake: FakeOpenAI) -> None:
    fake.scenario, fake.context = "empty_when_long", 1800
    events = await english(service(fake), group_of(20, words=120))
    assert isinstance(events[-1], BriefingDone), events[-1]
    labels = [e.label for e in events if isinstance(e, BriefingProgress)]
    assert any(label.startswith("too long for the model") for label in labels)
    bodies = fake.bodies
    refused = [b for b in bodies if request_size(b) > 1800]
    assert refused and len(refused) <= 3 and all(earlier_plan(b, bodies) for b in refused)
    # The working budget is remembered for this server and model: no refusal next time.
    before = len(fake.bodies)
    events = await english(service(fake), group_of(20, words=121))
    assert isinstance(events[-1], BriefingDone)
    assert all(request_size(b) <= 1800 for b in fake.bodies[before:])


async def test_a_context_too_small_for_the_prompt_says_what_to_do(fake: FakeOpenAI) -> None:
    fake.scenario, fake.context, fake.publish_context = "too_long", 1200, True
    events = await run(service(fake), group_of(3))
    message = failure(events).message
    assert message.startswith("the model's context is too small for the prompt")
    assert "larger context" in message and fake.bodies == []


async def test_a_stream_ended_before_its_first_token_is_retried(fake: FakeOpenAI) -> None:
    fake.scenario = "interrupt_first"
    events = await run(service(fake), group_of(2))
    assert isinstance(events[-1], BriefingDone), events[-1]
    assert len(fake.bodies) == 2
    # From now on that server gets one request at a time.
    assert state_for(fake.base_url, "test-model").serial


async def test_a_stream_cut_off_part_way_restarts_and_is_never_kept_cut(
    fake: FakeOpenAI,
) -> None:
    fake.scenario = "cut_midway_first"
    events = await run(service(fake), group_of(2))
    done = events[-1]
    assert isinstance(done, BriefingDone), done
    restarts = [e for e in events if isinstance(e, BriefingRestarted)]
    assert [r.reason for r in restarts] == ["the model server cut the answer off; asking again"]
    assert len(fake.bodies) == 2
    # What streamed after the restart is the whole answer, and it is what was kept.
    after = events[events.index(restarts[0]) + 1 :]
    streamed = "".join(e.text for e in after if isinstance(e, BriefingChunk))
    assert streamed.strip() == done.briefing.text.strip() and done.briefing.complete
    assert state_for(fake.base_url, "test-model").serial


async def test_a_stream_cut_off_every_time_fails_with_what_to_do(fake: FakeOpenAI) -> None:
    fake.scenario = "cut_midway_always"
    events = await run(service(fake), group_of(2))
    message = failure(events).message
    assert "ended the stream after" in message and "max_concurrency = 1" in message
    assert len(fake.bodies) == 3  # asked, then twice again: never more
    assert not any(isinstance(e, BriefingDone) for e in events)


async def test_a_map_part_cut_off_part_way_is_asked_again(fake: FakeOpenAI) -> None:
    fake.scenario = "cut_midway_first"
    events = await run(service(fake, input_budget_tokens=2_500), group_of(30, words=120))
    assert isinstance(events[-1], BriefingDone), events[-1]
    assert not any(isinstance(e, BriefingRestarted) for e in events)  # a part is not shown
    progress = [e for e in events if isinstance(e, BriefingProgress)]
    assert progress and progress[0].total > 1


def test_a_local_server_that_says_nothing_of_itself_gets_one_request_at_a_time(
    home: Path,
) -> None:
    """llama-cpp-python publishes no context window: assumed small and serial from the
    start, so no stream is ever cut off by the next request."""
    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    with fake_openai_server() as model:
        model.scenario = "interrupting"
        env = {"OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "x", "INSIGHTS_MODEL": "m"}
        done = run_insights(home, "export", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        assert model.interrupted == 0
    data = json.loads(done.stdout)
    assert all(c["summary"] and c["summary"]["complete"] for c in data["categories"])


async def test_estimated_token_counts_are_marked(fake: FakeOpenAI) -> None:
    fake.scenario = "ok_no_usage"
    events = await run(service(fake), group_of(2))
    done = events[-1]
    assert isinstance(done, BriefingDone) and done.briefing.usage.estimated
    fake.scenario = "ok"
    events = await run(service(fake), group_of(3))
    done = events[-1]
    assert isinstance(done, BriefingDone) and not done.briefing.usage.estimated


async def test_a_base_url_without_v1_is_a_wrong_url(fake: FakeOpenAI) -> None:
    root = fake.loopback.url
    events = await run(service(fake, base_url=root), group_of(2))
    assert failure(events).message == (
        f"wrong URL: {root} has no chat route (404); did you mean {root}/v1?"
    )


async def test_a_korean_briefing_is_planned_from_english_parts(fake: FakeOpenAI) -> None:
    # The parts are notes for the merge: English takes a third of the tokens of Korean,
    # so each holds more papers. The merge, the text shown, is asked for in Korean.
    events = await run(service(fake, input_budget_tokens=2_500), group_of(30, words=120))
    assert isinstance(events[-1], BriefingDone), events[-1]
    asked = [body["messages"][-1]["content"] for body in fake.bodies]
    parts = [text for text in asked if "<<<PAPERS" in text]
    merges = [text for text in asked if "<<<PARTIALS" in text]
    assert len(parts) > 1 and len(parts) + len(merges) == len(asked)
    assert all("in English Markdown" in text for text in parts)
    assert all("한국어 요약 보고서" in text for text in merges)
    numbered = sum(len(re.findall(r"(?m)^\[\d+\] ", text)) for text in parts)
    assert numbered == 30  # every paper in exactly one part


async def test_a_failed_map_part_is_named(fake: FakeOpenAI) -> None:
    fake.scenario = "length"
    events = await run(service(fake, input_budget_tokens=2_500), group_of(30, words=120))
    message = failure(events).message
    # A local server that tells nothing is taken to hold 4,096 tokens: that window, not
    # the setting, bounds the answer.
    assert re.fullmatch(
        r"part \d+ of \d+ stopped at max_output_tokens \([\d,]+\), all that its 4,096-token"
        r" context window leaves; give the server a larger context \(.*\)",
        message,
    ), message


def test_export_at_default_concurrency_against_an_interrupting_server(
    home: Path,
) -> None:
    """A server that ends a running stream when another request arrives (llama-cpp-python)
    still gives every category a briefing: retried, then one request at a time."""
    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    with fake_openai_server() as model:
        model.scenario = "interrupting"
        model.publish_context = True  # known: asked two at a time until it interrupts
        env = {
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "sk-test",
            "INSIGHTS_MODEL": "fake-model",
        }
        done = run_insights(home, "export", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        assert model.interrupted >= 1
    data = json.loads(done.stdout)
    assert all(c["summary"] and c["summary"]["complete"] for c in data["categories"])
    assert all(request_tokens(b["messages"]) > 0 for b in model.bodies)
