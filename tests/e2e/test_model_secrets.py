"""A model that echoes its key: masked before the text is shown, cached or exported."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from daily_ai_insights.core.briefings.service import BriefingChunk, BriefingDone, BriefingFailed
from daily_ai_insights.core.redact import MASK, redact
from tests.e2e.test_briefing_llm import KEY, MemoryCache, group_of, run, service
from tests.support.fake_openai import BRIEFING_KO, FakeOpenAI, fake_openai_server

BEARER = "Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature"
OTHER = "sk-proj-" + "Q" * 40


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as running:
        yield running


@pytest.mark.parametrize("chunk_size", [3, 7, 24, 4096])
async def test_an_echoed_key_never_leaves_the_stream(fake: FakeOpenAI, chunk_size: int) -> None:
    fake.chunk_size = chunk_size  # the key arrives split at every possible place
    fake.text = BRIEFING_KO.replace(
        "\n", f" 키: {KEY} 헤더: Authorization: {BEARER} 다른 키 {OTHER}\n", 1
    )
    cache = MemoryCache()
    events = await run(service(fake, cache), group_of(3))
    shown = "".join(e.text for e in events if isinstance(e, BriefingChunk))
    done = events[-1]
    assert isinstance(done, BriefingDone), done
    for text in (shown, done.briefing.text, *(s.text for s in cache.items.values())):
        assert KEY not in text and "eyJhbGciOiJIUzI1NiJ9" not in text and OTHER not in text
        assert MASK in text
    assert "키:" in shown and "다른 키" in shown  # the rest of the text is kept


async def test_a_server_error_that_quotes_the_key_is_masked(fake: FakeOpenAI) -> None:
    fake.scenario = "401"
    events = await run(service(fake), group_of(1))
    assert isinstance(events[-1], BriefingFailed)
    assert KEY not in events[-1].message


def test_a_local_placeholder_key_is_no_secret_to_mask() -> None:
    # OPENAI_API_KEY=x for a local server must not turn "max_output_tokens" into "ma***".
    assert redact("stopped at max_output_tokens", ("x",)) == "stopped at max_output_tokens"
    assert redact("ollama says", ("ollama",)) == "ollama says"


def test_redact_masks_keys_and_keeps_words() -> None:
    text = f"a {KEY} b bearer abcdefghij c sk-{'x' * 20} d sk-short skill"
    assert redact(text, (KEY,)) == f"a {MASK} b {MASK} c {MASK} d sk-short skill"
    assert redact("nothing here", ("",)) == "nothing here"
