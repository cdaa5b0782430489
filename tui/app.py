"""The reader: an App that gets an injected :class:`InsightsService` and shows one day at a time.

``cli.commands`` builds the service and calls :func:`run_app`; tests build the App directly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.errors import InsightsError
from . import keymap
from .commands import InsightsCommands
from .css_cache import FILE_NAME as PARSED_CSS_FILE
from .css_cache import CachedStylesheet, ParsedRules
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
        # Parsing the CSS is ~10 ms of every start: the rules come from the last run.
        self.parsed_css = ParsedRules(service.config.paths.cache_dir / PARSED_CSS_FILE)
        self.stylesheet = CachedStylesheet(self.parsed_css, variables=self.get_css_variables())
        state = load_state(service.config.paths.state_file)
        if day is not None:
            state = ViewState(day, state.expanded if state.day == day else ())
        # An unreadable cache is said by the main screen; the reader still opens.
        with contextlib.suppress(InsightsError):
            if state.day is None and service.newest_day() is None:
                service.ensure_sample()
        self._state = state
        self._requested = day
        self._banner = banner if banner is not None else service.first_run_banner
        if service.config.theme in self.available_themes:
            self.theme = service.config.theme

    def get_default_screen(self) -> Screen[None]:
        """The main screen, on the remembered (or requested) day."""
        return MainScreen(
            self.service, state=self._state, banner=self._banner, requested=self._requested
        )

    def on_mount(self) -> None:
        self.set_keymap(keymap.keymap_from_config(self.service.config.keymap))
        show_service_notices(self, self.service)
        self.call_after_refresh(_collect_from_now_on)
        self.call_after_refresh(self.parsed_css.save)  # a first run, or a new Textual

    async def on_event(self, event: events.Event) -> None:
        """Input waits for the papers of a day still drawn from the index."""
        if isinstance(event, events.InputEvent):
            for screen in self.screen_stack:
                if isinstance(screen, MainScreen):
                    await screen.complete_day()
        await super().on_event(event)

    def action_help(self) -> None:
        """Show every key and what it does."""
        from .screens.help import HelpScreen, help_rows  # not needed to start
        from .widgets.filter_input import FilterInput

        if isinstance(self.screen, HelpScreen):
            return
        bindings = []
        for node in (type(self), MainScreen, CategoryList, FilterInput):
            for key_bindings in node._merge_bindings().key_to_bindings.values():
                bindings.extend(key_bindings)
        rows = help_rows(bindings, self._keymap, lambda key: self.get_key_display(Binding(key, "")))
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
    app.parsed_css.save()  # CSS first parsed after start (a dialog, another theme)
