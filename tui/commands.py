"""The command palette (ctrl+p): every action of the reader, following the screen's state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import InsightsApp
    from .screens.main import MainScreen

Command = tuple[str, str, Callable[[], Any]]


def _commands(app: InsightsApp, screen: MainScreen) -> list[Command]:
    other = "en" if screen.language == "ko" else "ko"
    commands: list[Command] = [
        ("Go to date…", "open a cached day, or fetch one", screen.action_goto),
        ("Newest day", "show the newest cached day", screen.action_newest_day),
        ("Previous day", "the cached day before this one", screen.action_previous_day),
        ("Next day", "the cached day after this one", screen.action_next_day),
        ("Refresh day", "fetch this day again from the sources", screen.action_refresh),
        *(
            (
                f"Refresh from {label}",
                f"fetch this day again from {label} only",
                partial(screen.action_refresh, (name,)),
            )
            for name, label in (("hf", "Hugging Face"), ("arxiv", "arXiv"))
        ),
        (
            "Chart: day / trend",
            "the day's categories or the last 7 days",
            screen.action_toggle_chart,
        ),
        (
            "Regenerate summary",
            "write the open category's summary again",
            screen.regenerate_summary,
        ),
        ("Export open categories", "Markdown and SVG chart", screen.action_export),
        ("Export whole day", "every category", partial(screen.action_export, everything=True)),
        ("Filter papers", "by text in titles and abstracts", screen.action_filter),
        ("Open source link", "the highlighted paper's arXiv page", screen.action_open_link),
        (
            f"Language: {'English' if other == 'en' else 'Korean'} ({other})",
            f"summaries and exports in {other}",
            partial(app.switch_language, other),
        ),
        ("Theme: next", "cycle through Textual's themes", app.action_next_theme),
        ("Keys", "every binding and its id", app.action_help),
        ("Quit", "leave the reader", app.exit),
    ]
    return commands


class InsightsCommands(Provider):
    """Commands of the main screen; nothing while a dialog is open."""

    def _available(self) -> list[Command]:
        from .app import InsightsApp
        from .screens.main import MainScreen

        app, screen = self.app, self.screen
        if not isinstance(app, InsightsApp) or not isinstance(screen, MainScreen):
            return []
        return _commands(app, screen)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._available():
            yield DiscoveryHit(name, _runner(callback), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), _runner(callback), name, help_text)


def _runner(callback: Callable[[], Any]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        result = callback()
        if hasattr(result, "__await__"):
            await result

    return run
