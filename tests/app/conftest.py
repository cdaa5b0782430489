"""Fixtures for driving the reader: the real service on a temp INSIGHTS_HOME with the sample."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.fetch_result import FetchResult
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.screens.main import MainScreen
from daily_ai_insights.tui.widgets.briefing_view import BriefingView

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


def main_screen(app: InsightsApp) -> MainScreen:
    """The app's current screen, which must be the main screen."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def shown_digest(where: InsightsApp | MainScreen) -> Digest:
    """The digest on the main screen (``where``, or the app's current one), which must show one."""
    digest = (where if isinstance(where, MainScreen) else main_screen(where)).digest
    assert digest is not None
    return digest


Cell = tuple[str, Color | None, Color | None, bool, bool]


def cells(lines: Iterable[Iterable[Segment]]) -> list[list[Cell]]:
    """Every cell of ``lines``: its character, colours, bold and italic (no link ids; of a
    blank only its background, the rest nobody sees)."""
    rows = []
    for line in lines:
        row: list[Cell] = []
        for segment in line:
            style = segment.style
            look = (
                (style.color, style.bgcolor, bool(style.bold), bool(style.italic))
                if style
                else (None, None, False, False)
            )
            blank: Cell = (" ", None, look[1], False, False)
            row += [blank if char == " " else (char, *look) for char in segment.text]
        rows.append(row)
    return rows


def screen_cells(screen: Screen[object]) -> list[list[Cell]]:
    """Every cell of ``screen`` as it would be drawn now (see ``cells``)."""
    return cells(screen._compositor.render_strips())


def type_at_once(app: InsightsApp, text: str) -> None:
    """A key for each character of ``text``, all posted at once, as a fast typist or a paste
    delivers them (``pilot.press`` waits for the app to settle after every key)."""
    assert app._driver is not None
    for char in text:
        event = events.Key(_KEY_NAMES.get(char, char), char)
        event.set_sender(app)
        app._driver.send_message(event)


_KEY_NAMES = {"/": "slash", "-": "minus", "\r": "enter"}


def record_opened_urls(app: InsightsApp) -> list[str]:
    """Stand in for ``app.open_url``: the list of the URLs the app is asked to open."""
    opened: list[str] = []

    def open_url(url: str, *, new_tab: bool = True) -> None:
        opened.append(url)

    app.open_url = open_url  # type: ignore[method-assign]
    app.browser_available = lambda: True  # type: ignore[method-assign]
    return opened


async def open_cached_view(pilot: Pilot[None]) -> BriefingView:
    """Enter on the highlighted category, whose briefing is cached: the view showing it."""
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    view = screen.current_panel()
    assert isinstance(view, BriefingView), "a cached briefing shows in the shared view"
    return view


class FakeFetch:
    """Stands in for ``service.fetch_day``: waits for ``gate`` (when set), then raises
    ``error`` or runs ``store`` (which may write the day) and reports ``day``."""

    def __init__(self, service: InsightsService) -> None:
        self.service = service
        self.calls: list[dt.date | None] = []
        self.gate: asyncio.Event | None = None
        self.error: BaseException | None = None
        self.day: dt.date | None = None
        self.store: Callable[[], None] = lambda: None

    async def __call__(
        self,
        day: dt.date | None = None,
        sources: Sequence[str] | None = None,
        *,
        on_wait: Callable[[str], None] | None = None,
    ) -> FetchResult:
        self.calls.append(day)
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        self.store()
        target = day or self.day or self.service.newest_day()
        assert target is not None
        digest = self.service.open_day(target)
        count = digest.paper_count if digest else 0
        return FetchResult(target, count, count == 0, f"{target.isoformat()}: {count} papers")


def go_online(service: InsightsService) -> FakeFetch:
    """Turn fetching on for ``service``, with a fake fetch (no test reaches the internet)."""
    service.config = dataclasses.replace(service.config, offline=False)
    fake = FakeFetch(service)
    service.fetch_day = fake  # type: ignore[method-assign]
    return fake


def filter_shown(app: InsightsApp) -> bool:
    """True while the filter bar shows."""
    from daily_ai_insights.tui.widgets.filter_input import FilterBar

    bars = app.screen.query(FilterBar)
    return bool(bars) and bars.first().display
