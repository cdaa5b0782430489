"""Shared fixtures: the corpus folder, a temporary INSIGHTS_HOME, a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.loopback import Loopback, loopback_server

REPO = Path(__file__).resolve().parents[1]
# ``../shared`` next to the checkout; a worktree (``/work/wt/x``) sits one level deeper.
SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parents[1] / "shared") if p.is_dir()),
    REPO.parent / "shared",
)
CORPUS = SHARED / "corpus"


@pytest.fixture
def corpus() -> Path:
    """``../shared/corpus``; the test is skipped when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is absent ({CORPUS}); CI provides it")
    return CORPUS


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh INSIGHTS_HOME, with network-facing env vars cleared."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "INSIGHTS_MODEL",
        "INSIGHTS_OFFLINE",
        "INSIGHTS_HF_API_URL",
        "INSIGHTS_ARXIV_RSS_URL",
        "INSIGHTS_ARXIV_API_URL",
        "INSIGHTS_LANGUAGE",
        "INSIGHTS_SUMMARIZER",
        "INSIGHTS_SOURCES",
    ):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv("INSIGHTS_HOME", str(root))
    return root


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A real HTTP server on 127.0.0.1."""
    with loopback_server() as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_model_servers() -> Iterator[None]:
    """What a run learns about model servers (context, budget) never leaks across tests."""
    from daily_ai_insights.core.briefings.server import forget_servers

    forget_servers()
    yield
    forget_servers()
