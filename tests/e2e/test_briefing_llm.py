"""Streamed briefings against a real OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

import daily_ai_insights.core.briefings.llm as briefing_llm
from daily_ai_insights.core.briefings.llm import LLMWriter, request_tokens
from daily_ai_insights.core.briefings.prompts import Prompt, load_prompt
from daily_ai_insights.core.briefings.record import Briefing
from daily_ai_insights.core.briefings.server import state_for
from daily_ai_insights.core.briefings.service import (
    BriefingChunk,
    BriefingDone,
    BriefingEvent,
    BriefingFailed,
    BriefingProgress,
    BriefingService,
)
from daily_ai_insights.core.config import LLMConfig
from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.core.papers import Paper
from tests.support.fake_openai import BRIEFING_KO, FakeOpenAI, fake_openai_server
from tests.support.papers import make_paper

DAY = dt.date(2026, 6, 2)
KEY = "sk-test-secret-key-1234567890"


class MemoryCache:
    """A BriefingCache in a dict."""

    def __init__(self) -> None:
        self.items: dict[str, Briefing] = {}

    def get_briefing(self, day: dt.date, key: str) -> Briefing | None:
        return self.items.get(key)

    def put_briefing(self, briefing: Briefing) -> None:
        self.items[briefing.cache_key] = briefing


def paper(number: int, abstract_words: int = 60) -> Paper:
    abstract = " ".join(f"word{number}x{i}" for i in range(abstract_words)) + "."
    return make_paper(
        f"2606.{number:05d}", title=f"Paper number {number}", abstract=abstract, announced=DAY
    )


def group_of(count: int, words: int = 60) -> CategoryGroup:
    return CategoryGroup(Category("LLM", "🐱"), tuple(paper(i, words) for i in range(count)))


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as running:
        yield running


def service(
    fake: FakeOpenAI, cache: MemoryCache | None = None, **changes: object
) -> BriefingService:
    llm = LLMConfig(
        base_url=fake.base_url,
        api_key=KEY,
        model="test-model",
        summarizer="llm",
        first_token_timeout=5.0,
        token_timeout=5.0,
        max_retries=2,
    )
    llm = replace(llm, **changes)  # type: ignore[arg-type]
    writer = LLMWriter(llm, backoff_base=0.01)
    return BriefingService(llm, cache or MemoryCache(), writer=writer)


async def run(svc: BriefingService, group: CategoryGroup, **kw: object) -> list[BriefingEvent]:
    return [event async for event in svc.stream(DAY, group, "ko", **kw)]  # type: ignore[arg-type]


def failure(events: list[BriefingEvent]) -> BriefingFailed:
    assert isinstance(events[-1], BriefingFailed), events[-1]
    return events[-1]


async def test_normal_stream_is_sanitised_cached_and_complete(fake: FakeOpenAI) -> None:
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(3))
    chunks = [e.text for e in events if isinstance(e, BriefingChunk)]
    assert len(chunks) > 3  # really streamed
    done = events[-1]
    assert isinstance(done, BriefingDone)
    assert "".join(chunks).strip() == done.briefing.text == BRIEFING_KO.strip()
    assert done.briefing.missing_parts == ()
    assert done.briefing.usage.prompt_tokens == 101 and done.briefing.usage.calls == 1
    assert list(cache.items) == [done.briefing.cache_key]
    body = fake.bodies[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert "<<<PAPERS" in body["messages"][1]["content"]


async def test_usage_is_estimated_when_the_server_ignores_include_usage(fake: FakeOpenAI) -> None:
    fake.scenario = "ok_no_usage"
    done = (await run(service(fake), group_of(2)))[-1]
    assert isinstance(done, BriefingDone)
    assert done.briefing.usage.prompt_tokens > 50 and done.briefing.usage.completion_tokens > 10


async def test_cache_hit_makes_no_request(fake: FakeOpenAI) -> None:
    cache = MemoryCache()
    group = group_of(2)
    await run(service(fake, cache), group)
    assert len(fake.bodies) == 1
    events = await run(service(fake, cache), group)
    assert [type(e) for e in events] == [BriefingChunk, BriefingDone]
    assert len(fake.bodies) == 1
    await run(service(fake, cache), group, regenerate=True)
    assert len(fake.bodies) == 2


async def test_changed_prompt_regenerates(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = MemoryCache()
    group = group_of(2)
    svc = service(fake, cache)
    await run(svc, group)
    old_key = svc.cache_key_for(DAY, group, "ko")

    def edited(name: str) -> Prompt:
        prompt = load_prompt(name)
        return Prompt(name, prompt.text + "\n") if name == "briefing_ko" else prompt

    monkeypatch.setattr(briefing_llm, "load_prompt", edited)
    assert svc.cache_key_for(DAY, group, "ko") != old_key
    events = await run(svc, group)
    assert isinstance(events[-1], BriefingDone)
    assert len(fake.bodies) == 2


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("401", "the model server rejected the API key (401): check OPENAI_API_KEY"),
        (
            "404",
            "model 'test-model' not found on http://127.0.0.1:{port}/v1 (404): Error code: 404"
            " - The model `test-model` does not exist; check [llm] model",
        ),
        ("429", "rate limited by the model server (429) after 3 tries; lower [llm]"),
        ("500", "the model server answered 500 three times: Error code: 500 - internal error"),
    ],
)
async def test_status_errors_are_one_line(fake: FakeOpenAI, scenario: str, message: str) -> None:
    fake.scenario = scenario
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(2))
    port = fake.loopback.url.rsplit(":", 1)[1]
    assert failure(events).message.startswith(message.format(port=port))
    assert KEY not in failure(events).message
    assert cache.items == {}
    retried = scenario in ("429", "500")
    assert len(fake.bodies) == (3 if retried else 1)


async def test_429_retry_after_is_honoured_then_ok(fake: FakeOpenAI) -> None:
    fake.scenario = "429_then_ok"
    svc = service(fake)
    svc.writer._caller._backoff_base = 30.0  # Retry-After: 0 must win over this backoff
    started = time.monotonic()
    events = await run(svc, group_of(2))
    assert isinstance(events[-1], BriefingDone)
    assert time.monotonic() - started < 10
    assert len(fake.bodies) == 2


async def test_unreachable_server() -> None:
    with fake_openai_server() as gone:
        url = gone.base_url
    llm = LLMConfig(base_url=url, api_key=KEY, summarizer="llm", max_retries=1)
    svc = BriefingService(llm, MemoryCache(), writer=LLMWriter(llm, backoff_base=0.01))
    events = [e async for e in svc.stream(DAY, group_of(1), "ko")]
    assert failure(events).message == (
        f"cannot reach the model server at {url}: is it running? (check [llm] base_url)"
    )


async def test_no_key_is_a_clear_error(fake: FakeOpenAI) -> None:
    events = await run(service(fake, api_key=""), group_of(1))
    assert failure(events).message.startswith("no API key configured: set OPENAI_API_KEY")


async def test_cut_stream_is_never_cached(fake: FakeOpenAI) -> None:
    fake.scenario = "cut"
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(2))
    failed = failure(events)
    assert re.match(r"the stream broke off after \d+ characters; try again", failed.message)
    assert failed.partial_text and BRIEFING_KO.startswith(failed.partial_text[:20])
    assert cache.items == {}
    assert len(fake.bodies) == 1  # no retry after the first token


async def test_slow_first_token_times_out(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daily_ai_insights.core.briefings.call as call

    monkeypatch.setattr(call, "PREFILL_TOKENS_PER_SECOND", 10**9)  # no allowance for the prompt
    fake.scenario = "slow_first"
    fake.delay = 2.0
    svc = service(fake, first_token_timeout=0.3, max_retries=0)
    events = await run(svc, group_of(1))
    assert failure(events).message == (
        "no token from the model server for 0.3 s; raise [llm] first_token_timeout if the server"
        " is slow"
    )


async def test_a_server_that_stopped_answering_is_named_and_not_waited_for_again(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daily_ai_insights.core.briefings.call as call

    monkeypatch.setattr(call, "PREFILL_TOKENS_PER_SECOND", 10**9)
    monkeypatch.setattr(call, "ALIVE_TIMEOUT", 0.3)
    fake.scenario = "stuck"
    fake.delay = 2.0
    svc = service(fake, first_token_timeout=0.3, max_retries=0)
    stuck = (
        f"the model server at {fake.base_url} stopped answering (silent, and no model list"
        " within 0 s): restart it and try again"
    )
    assert failure(await run(svc, group_of(1))).message == stuck
    asked = len(fake.bodies)
    assert failure(await run(svc, group_of(2))).message == stuck  # at once, not asked
    assert len(fake.bodies) == asked
    fake.scenario = "ok"  # restarted: asked again
    assert isinstance((await run(svc, group_of(3)))[-1], BriefingDone)


async def test_a_server_wedged_part_way_through_an_answer_is_named(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daily_ai_insights.core.briefings.call as call

    monkeypatch.setattr(call, "ALIVE_TIMEOUT", 0.3)
    fake.scenario = "stall"
    fake.delay = 2.0
    events = await run(service(fake, token_timeout=0.3, max_retries=0), group_of(1))
    assert failure(events).message.startswith(
        f"the model server at {fake.base_url} stopped answering"
    )


def test_the_first_token_deadline_allows_for_the_prompt() -> None:
    from daily_ai_insights.core.briefings.call import ModelCaller
    from daily_ai_insights.core.briefings.server import ServerState

    caller = ModelCaller(LLMConfig(first_token_timeout=60.0), ServerState())
    # A 12,000-token prompt at ~125 tokens/s needs ~96 s before its first token.
    prompt = [{"role": "user", "content": "x" * int(12_000 * 3.5)}]
    assert caller.first_token_timeout(prompt) >= 60 + 12_000 / 125


async def test_malformed_chunk_is_an_incomplete_stream(fake: FakeOpenAI) -> None:
    fake.scenario = "malformed"
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(1))
    assert "malformed chunk; stream incomplete" in failure(events).message
    assert cache.items == {}


async def test_escape_sequence_split_across_chunks_is_removed(fake: FakeOpenAI) -> None:
    fake.scenario = "escape"
    events = await run(service(fake), group_of(1))
    shown = "".join(e.text for e in events if isinstance(e, BriefingChunk))
    assert "\x1b" not in shown and "[31m" not in shown and "1mred" not in shown
    done = events[-1]
    assert isinstance(done, BriefingDone) and "bad red text" in done.briefing.text


async def test_output_cut_at_max_tokens_is_incomplete_and_never_cached(fake: FakeOpenAI) -> None:
    fake.scenario = "length"
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(2))
    failed = failure(events)
    # A local server that tells nothing is taken to hold 4,096 tokens: the window, not
    # the setting (1,500), bounded the answer, so the way out is a larger window.
    assert failed.message == (
        "the model stopped at max_output_tokens (1,365), all that its 4,096-token context"
        " window leaves; give the server a larger context (llama.cpp --n_ctx, Ollama num_ctx)"
    )
    assert failed.partial_text and BRIEFING_KO.startswith(failed.partial_text[:20])
    assert cache.items == {}


async def test_output_cut_at_the_setting_says_to_raise_it(fake: FakeOpenAI) -> None:
    fake.scenario = "length"
    state = state_for(fake.base_url, "test-model")
    state.context, state.discovered = 32_768, True  # a server with a large window
    failed = failure(await run(service(fake), group_of(2)))
    assert failed.message == (
        "the model stopped at max_output_tokens (1,500); raise [llm] max_output_tokens"
    )
    assert len(fake.bodies) == 1  # not retried: the same request would stop the same way


@pytest.mark.parametrize("budget", [300, 50, 0])
async def test_a_budget_too_small_for_the_prompt_is_one_line(fake: FakeOpenAI, budget: int) -> None:
    events = await run(service(fake, input_budget_tokens=budget), group_of(3))
    message = failure(events).message
    assert message.startswith(f"input_budget_tokens {budget} is too small for the prompt")
    assert message.endswith("raise [llm] input_budget_tokens")
    assert fake.bodies == []


async def test_map_reduce_stays_in_budget_and_covers_every_paper(fake: FakeOpenAI) -> None:
    group = group_of(40, words=120)
    budget = 3_000
    events = await run(service(fake, input_budget_tokens=budget, max_concurrency=3), group)
    assert isinstance(events[-1], BriefingDone)
    progress = [e for e in events if isinstance(e, BriefingProgress)]
    assert progress and progress[-1].done == progress[-1].total
    bodies = fake.bodies
    assert len(bodies) > 2
    for body in bodies:
        assert request_tokens(body["messages"]) <= budget
    maps = [b for b in bodies if "<<<PAPERS" in b["messages"][1]["content"]]
    seen = "\n".join(b["messages"][1]["content"] for b in maps)
    assert all(f"[{n}] {p.title}" in seen for n, p in enumerate(group.papers, start=1))
    assert "<<<PARTIALS" in bodies[-1]["messages"][1]["content"]
    briefing = events[-1].briefing
    assert briefing.usage.calls == len(bodies)


async def test_one_paper_longer_than_the_budget_is_truncated_not_dropped(fake: FakeOpenAI) -> None:
    group = group_of(1, words=6_000)
    events = await run(service(fake, input_budget_tokens=2_500), group)
    assert isinstance(events[-1], BriefingDone)
    body = fake.bodies[0]
    assert request_tokens(body["messages"]) <= 2_500
    assert "[1] Paper number 0" in body["messages"][1]["content"]


async def test_offline_mode_caches_without_requests(fake: FakeOpenAI) -> None:
    cache = MemoryCache()
    svc = service(fake, cache, summarizer="offline")
    events = await run(svc, group_of(3))
    done = events[-1]
    assert isinstance(done, BriefingDone) and done.briefing.model == "offline"
    # One sentence per paper and no shared word: only part 1 has anything, and the
    # briefing says so rather than claiming five parts.
    assert done.briefing.missing_parts == (2, 3, 4, 5)
    assert fake.bodies == [] and list(cache.items) == [done.briefing.cache_key]


def test_core_does_not_import_openai_at_startup() -> None:
    code = (
        "import sys, daily_ai_insights.core.briefings.service; "
        "import daily_ai_insights.core.briefings.llm, daily_ai_insights.core.briefings.tokens; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('openai', 'textual'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == []
