"""A model answer with none of the five parts, against a real loopback model server: the
offline extract stands in, labelled, in the service, its cache, the export and the log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.briefings.checks import check_briefing
from daily_ai_insights.core.briefings.fallback import NO_PARTS
from daily_ai_insights.core.briefings.offline import IN_PLACE_LABELS, offline_briefing
from daily_ai_insights.core.briefings.service import (
    BriefingDone,
    BriefingEvent,
    BriefingRestarted,
)
from daily_ai_insights.core.export.document import digest_from_json
from daily_ai_insights.core.redact import MASK
from tests.e2e.test_briefing_llm import DAY, MemoryCache, group_of, run, service
from tests.e2e.test_cli import run_insights
from tests.support.fake_openai import BRIEFING_KO, FakeOpenAI, fake_openai_server

# What SmolLM2-135M writes: prose, no numbered part at all.
RAMBLE = (
    "Sure! Here is a summary of the papers. The papers talk about language models and how"
    " they are evaluated. They are very important for the future of artificial intelligence."
    "\n\nIn conclusion, these papers are interesting and researchers should read them.\n"
)
PARTIAL = BRIEFING_KO.split("**2.")[0]  # part 1 only


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as running:
        yield running


def done_of(events: list[BriefingEvent]) -> BriefingDone:
    assert isinstance(events[-1], BriefingDone), events[-1]
    return events[-1]


async def test_no_parts_after_the_retry_gives_the_offline_extract(fake: FakeOpenAI) -> None:
    fake.text = RAMBLE
    cache = MemoryCache()
    svc = service(fake, cache)
    group = group_of(3)
    events = await run(svc, group)
    assert any(isinstance(e, BriefingRestarted) for e in events)  # asked once more first
    briefing = done_of(events).briefing
    assert len(fake.bodies) == 2
    expected = offline_briefing(group, "ko", in_place=True).strip()
    assert briefing.text == expected and expected.startswith(IN_PLACE_LABELS["ko"])
    assert "Sure!" not in briefing.text
    assert briefing.fallback == NO_PARTS and briefing.extract
    # The model's key, name and cost stay: it is the model's briefing that was replaced.
    assert briefing.model == "test-model" and briefing.usage.calls == 2
    assert briefing.checks == check_briefing(expected, 3, "ko", verbatim=True)
    assert briefing.missing_parts == briefing.checks.parts_missing
    # Cached as such: the next opening shows it at once; regenerating asks the model.
    assert list(cache.items.values()) == [briefing]
    assert svc.cached(DAY, group, "ko") == briefing
    again = await run(svc, group)
    assert done_of(again).briefing == briefing and len(fake.bodies) == 2
    fake.texts = [BRIEFING_KO]
    fresh = done_of(await run(svc, group, regenerate=True)).briefing
    assert len(fake.bodies) == 3
    assert fresh.text == BRIEFING_KO.strip() and not fresh.fallback
    assert svc.cached(DAY, group, "ko") == fresh


async def test_a_partial_or_repaired_answer_is_the_models(fake: FakeOpenAI) -> None:
    fake.text = PARTIAL
    partial = done_of(await run(service(fake), group_of(2))).briefing
    assert partial.text == PARTIAL.strip() and partial.missing_parts == (2, 3, 4, 5)
    assert not partial.fallback and not partial.extract
    fake.calls, fake.texts = 0, [RAMBLE, BRIEFING_KO]
    repaired = done_of(await run(service(fake), group_of(2))).briefing
    assert repaired.text == BRIEFING_KO.strip() and not repaired.fallback


async def test_a_failed_retry_of_an_answer_with_no_parts_gives_the_extract(
    fake: FakeOpenAI,
) -> None:
    fake.text = RAMBLE
    cache = MemoryCache()
    group = group_of(2)
    events: list[BriefingEvent] = []
    async for event in service(fake, cache, max_retries=0).stream(DAY, group, "ko"):
        events.append(event)
        if isinstance(event, BriefingRestarted):
            fake.scenario = "500"  # the corrective request fails
    briefing = done_of(events).briefing
    assert len(fake.bodies) == 2
    assert briefing.fallback == NO_PARTS
    assert briefing.text == offline_briefing(group, "ko", in_place=True).strip()
    assert list(cache.items.values()) == [briefing]


async def test_an_answer_with_no_parts_cached_before_is_asked_again(fake: FakeOpenAI) -> None:
    fake.text = RAMBLE
    cache = MemoryCache()
    svc = service(fake, cache)
    group = group_of(2)
    first = done_of(await run(svc, group)).briefing
    # As an older version (or a run stopped mid-retry) left it: the model's own text.
    old = replace(
        first, text=RAMBLE.strip(), missing_parts=(1, 2, 3, 4, 5), fallback="", checks=None
    )
    cache.items = {old.cache_key: old}
    assert svc.cached(DAY, group, "ko") is None
    fake.texts = [BRIEFING_KO]
    assert done_of(await run(svc, group)).briefing.text == BRIEFING_KO.strip()
    assert len(fake.bodies) == 3


def test_export_carries_the_extract_labelled_and_the_log_the_masked_answer(home: Path) -> None:
    secret = "local-secret-0123456789"  # no sk- form: masked as the configured key
    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    with fake_openai_server() as model:
        model.text = RAMBLE.replace("Here is", f"My key is {secret}. Here is")
        env = {
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": secret,
            "INSIGHTS_MODEL": "fake-model",
            "INSIGHTS_DEBUG": "1",
        }
        done = run_insights(home, "export", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        digest, briefings = digest_from_json(done.stdout)
        assert len(model.bodies) == 2 * len(digest.groups)  # each asked once more
        for group in digest.groups:
            briefing = briefings[group.name]
            assert briefing is not None and briefing.fallback == NO_PARTS
            assert briefing.text == offline_briefing(group, "ko", in_place=True).strip()
            assert briefing.model == "fake-model" and briefing.usage.calls == 2
        said = f"{NO_PARTS}: the offline extract stands in"
        assert done.stderr.count(said) == len(digest.groups)
        # A second export reads the cache: no request, the same labelled text.
        markdown = run_insights(home, "export", env=env)
        assert markdown.returncode == 0 and len(model.bodies) == 2 * len(digest.groups)
    text = markdown.stdout
    assert text.count(IN_PLACE_LABELS["ko"]) == len(digest.groups)
    assert "Sure!" not in text and "Sure!" not in done.stdout
    # The unusable answer is in the debug log only, masked.
    log = (home / "data" / "logs" / "debug.log").read_text(encoding="utf-8")
    assert log.count(NO_PARTS) == len(digest.groups)
    assert f"My key is {MASK}. Here is a summary" in log
    for path in home.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8", errors="replace"), path
    assert secret not in done.stdout + done.stderr + markdown.stdout + markdown.stderr
