"""The reader: an App that gets an injected :class:`InsightsService` and shows one day at a time.

``cli.commands`` builds the service and calls :func:`run_app`; tests build the App directly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.errors import InsightsError
from . import keymap
from .commands import InsightsCommands
from .notices import notice, show_service_notices
from .screens.main import MainScreen
from .state import ViewState, load_state
from .widgets.category_list import CategoryList

if TYPE_CHECKING:
    from ..core.service import InsightsService


class InsightsApp(App[None]):
    """Daily AI Insights."""

    TITLE = "Daily AI Insights"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {InsightsCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id=keymap.QUIT),
        Binding("question_mark,f1", "help", "Keys", id=keymap.HELP),
        Binding("L", "toggle_language", "ko/en", id=keymap.LANGUAGE),
    ]

    def __init__(
        self,
        service: InsightsService,
        *,
        day: dt.date | None = None,
        banner: str | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        state = load_state(service.config.paths.state_file)
        if day is not None:
            state = ViewState(day, state.expanded if state.day == day else ())
        # An unreadable cache is said by the main screen; the reader still opens.
        with contextlib.suppress(InsightsError):
            if state.day is None and service.newest_day() is None:
                service.ensure_sample()
        self._state = state
        self._requested = day
        self.keys: dict[str, str] = {}  # the user's keymap (binding id -> keys)
        self._banner = banner if banner is not None else service.first_run_banner
        if service.config.theme in self.available_themes:
            self.theme = service.config.theme

    def get_default_screen(self) -> Screen[None]:
        """The main screen, on the remembered (or requested) day."""
        return MainScreen(
            self.service, state=self._state, banner=self._banner, requested=self._requested
        )

    def on_mount(self) -> None:
        self.keys = keymap.keymap_from_config(self.service.config.keymap)
        self.set_keymap(self.keys)
        show_service_notices(self, self.service)
        self.call_after_refresh(_collect_from_now_on)

    def action_help(self) -> None:
        """Show every key and what it does."""
        from .screens.help import HelpScreen, help_rows  # not needed to start
        from .widgets.detail_pane import DetailPane
        from .widgets.filter_input import FilterInput

        if isinstance(self.screen, HelpScreen):
            return
        bindings: list[Binding] = []
        for node in (type(self), MainScreen, CategoryList, DetailPane, FilterInput):
            bindings.extend(Binding.make_bindings(node.BINDINGS))
        rows = help_rows(bindings, self.keys, lambda key: self.get_key_display(Binding(key, "")))
        self.push_screen(HelpScreen(rows))

    async def action_toggle_language(self) -> None:
        """Switch summaries between Korean and English."""
        current = self.service.config.language
        await self.switch_language("en" if current == "ko" else "ko")

    async def switch_language(self, language: str) -> None:
        """Summaries and exports in ``language`` from now on."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            await screen.set_language(language)
        else:
            self.service.set_language(language)
        notice(self, f"summaries in {'English' if language == 'en' else 'Korean'}")

    def browser_available(self) -> bool:
        """True when a link can be opened in a browser (not a text one in this terminal)."""
        from .links import browser_available

        return browser_available()

    def action_next_theme(self) -> None:
        """Cycle to the next registered theme."""
        names = sorted(self.available_themes)
        self.theme = names[(names.index(self.theme) + 1) % len(names)]


def _collect_from_now_on() -> None:
    """Turn the garbage collector back on after start (``cli.main`` turns it off).

    What start made lives as long as the app: frozen, later collections skip it.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_app(
    service: InsightsService, *, day: dt.date | None = None, banner: str | None = None
) -> None:
    """Run the reader on ``service``, opening ``day`` (default: last viewed or newest)."""
    app = InsightsApp(service, day=day, banner=banner)
    app.run()
