"""A briefing from a real local model (llama.cpp's OpenAI-compatible server).

Skipped unless ``llama_cpp.server`` is importable and INSIGHTS_TEST_GGUF names a model.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from daily_ai_insights.core.briefings.llm import LLMWriter
from daily_ai_insights.core.briefings.service import BriefingDone, BriefingService
from daily_ai_insights.core.config import LLMConfig
from daily_ai_insights.core.models import Category, CategoryGroup
from daily_ai_insights.core.papers import Paper

pytestmark = pytest.mark.localmodel

MODEL = os.environ.get("INSIGHTS_TEST_GGUF", "")


class _Cache:
    def get_briefing(self, day: dt.date, key: str) -> None:
        return None

    def put_briefing(self, briefing: object) -> None:
        pass


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama_cpp not installed")
@pytest.mark.skipif(not Path(MODEL).is_file(), reason="set INSIGHTS_TEST_GGUF to a GGUF model")
async def test_local_model_writes_a_briefing(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", MODEL, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        llm = LLMConfig(
            base_url=f"http://127.0.0.1:{port}/v1",
            api_key="local",
            model="local",
            summarizer="llm",
            first_token_timeout=300,
        )
        day = dt.date(2024, 11, 15)
        paper = Paper(
            "2411.09009", 1, "Cut Your Losses in Large-Vocabulary Language Models", ("A",),
            "We propose Cut Cross-Entropy, which cuts the memory of the loss computation.",
            "cs.LG", ("cs.LG",), day, "https://arxiv.org/abs/2411.09009", "",
        )  # fmt: skip
        group = CategoryGroup(Category("LLM", "🐱"), (paper,))
        svc = BriefingService(llm, _Cache(), writer=LLMWriter(llm))
        events = [e async for e in svc.stream(day, group, "en")]
        assert isinstance(events[-1], BriefingDone)
        assert events[-1].briefing.text
    finally:
        server.terminate()
        server.wait(timeout=30)


SERVER_URL = os.environ.get("INSIGHTS_TEST_MODEL_URL", "")


@pytest.mark.skipif(
    not SERVER_URL, reason="set INSIGHTS_TEST_MODEL_URL to a running server's /v1 URL"
)
def test_sample_export_against_a_running_server_names_every_outcome(home: Path) -> None:
    """Every category ends complete or with a failure that names its cause; no request
    is refused for its length (see docs/local-models.md for a run)."""
    import json

    from tests.e2e.test_cli import run_insights

    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    env = {"OPENAI_BASE_URL": SERVER_URL, "OPENAI_API_KEY": "x", "INSIGHTS_MODEL": "local"}
    done = run_insights(home, "export", "--format", "json", env=env, timeout=3600)
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    for category in data["categories"]:
        briefing, error = category["summary"], category.get("summary_error") or ""
        assert (briefing and briefing["complete"]) or len(error) > 20, category["name"]
        assert "exceed" not in error and "too long" not in error
