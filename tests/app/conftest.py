"""Fixtures for driving the reader: the real service on a temp INSIGHTS_HOME with the sample."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import load_config
from core.service import InsightsService
from tui.app import InsightsApp

SIZE = (100, 32)


@pytest.fixture
def offline_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """INSIGHTS_HOME with fetching off: no test may reach the internet."""
    monkeypatch.setenv("INSIGHTS_OFFLINE", "1")
    return home


def sample_service() -> InsightsService:
    """The real service from the current environment, loaded with the bundled sample."""
    built = InsightsService(load_config())
    assert built.ensure_sample() is not None
    return built


@pytest.fixture
def service(offline_home: Path) -> InsightsService:
    """The real service, offline, loaded with the bundled sample."""
    return sample_service()


@pytest.fixture
def make_app(service: InsightsService) -> Callable[..., InsightsApp]:
    """Build the App on the sample service; ``banner=""`` keeps the banner away."""

    def build(**kwargs: object) -> InsightsApp:
        kwargs.setdefault("banner", "")
        return InsightsApp(service, **kwargs)  # type: ignore[arg-type]

    return build
