"""The reader: an App that gets an injected :class:`InsightsService` and shows one day at a time.

``cli.commands`` builds the service and calls :func:`run_app`; tests build the App directly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.errors import InsightsError
from . import keymap
from .notices import NO_CATEGORY, NO_PAPER, notice, show_service_notices
from .screens.main import MainScreen
from .state import load_state
from .widgets.category_list import CategoryList
from .widgets.reading import Reading

if TYPE_CHECKING:
    from textual.command import Provider

    from ..core.papers import Paper
    from ..core.service import InsightsService
    from .links import Which
    from .screens.found import Found


def _commands() -> type[Provider]:
    """The palette's provider of the reader's commands (loaded when the palette opens)."""
    from .commands import InsightsCommands

    return InsightsCommands


class InsightsApp(App[None]):
    """Daily AI Insights."""

    TITLE = "Daily AI Insights"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id=keymap.QUIT),
        Binding("question_mark,f1", "help", "Keys", id=keymap.HELP),
        Binding("L", "toggle_language", "ko/en", id=keymap.LANGUAGE),
        Binding("f,ctrl+f", "search", "Search all days", id=keymap.SEARCH),
        Binding("S", "starred", "Starred papers", id=keymap.STARRED),
        Binding("asterisk", "reading('toggle_star')", "Star", id=keymap.STAR),
        Binding("u", "reading('toggle_read')", "Read/unread", id=keymap.READ_TOGGLE),
        Binding("n", "next_unread", "Next unread", id=keymap.NEXT_UNREAD),
        Binding("M", "reading('mark_category_read')", "Category read", id=keymap.CATEGORY_READ),
        Binding("number_sign", "cite", "Open source [n]", id=keymap.CITE),
        Binding("R", "regenerate", "Regenerate briefing", id=keymap.REGENERATE, show=False),
        Binding("w", "lists", "Watch/mute lists", id=keymap.LISTS, show=False),
        Binding("H", "toggle_muted", "Show/hide muted", id=keymap.MUTED, show=False),
        # Esc that nothing else took (the banner says its own key).
        Binding(
            "escape", "dismiss_banner", "Dismiss the banner", id=keymap.BANNER_DISMISS, show=False
        ),
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
            state = state.with_view(day, state.view_of(day))
        # An unreadable cache is said by the main screen; the reader still opens.
        with contextlib.suppress(InsightsError):
            if state.day is None and service.newest_day() is None:
                service.ensure_sample()
        self._state = state
        self._requested = day
        self.keys: dict[str, str] = {}  # the user's keymap (binding id -> keys)
        if banner is None and not state.banner_dismissed:
            banner = service.first_run_banner
        self._banner = banner
        # What the config says; the state keeps what the reader changed since (L, a theme).
        self._configured = (service.config.language, service.config.theme)
        if state.language in ("ko", "en"):
            service.set_language(state.language)
        for theme in (service.config.theme, state.theme):
            if theme in self.available_themes:
                self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        """The main screen, on the remembered (or requested) day."""
        return MainScreen(
            self.service,
            state=self._state,
            banner=self._banner,
            requested=self._requested,
            configured=self._configured,
        )

    def on_mount(self) -> None:
        self.keys = keymap.keymap_from_config(self.service.config.keymap)
        self.set_keymap(self.keys)
        show_service_notices(self, self.service)
        self.call_after_refresh(_collect_from_now_on)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    async def action_quit(self) -> None:
        """Write the view (the cursor's row included), then leave."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_view()
        self.exit()

    def _sections(self) -> list[tuple[str, list[Binding]]]:
        from .widgets.detail_pane import DetailPane
        from .widgets.filter_input import FilterInput

        palette = Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
        bindings = [
            *Binding.make_bindings(self.BINDINGS),
            palette,
            *Binding.make_bindings(MainScreen.BINDINGS),
        ]
        on_papers = [b for b in bindings if b.id in keymap.ON_PAPERS]
        screen_keys = {b.id for b in Binding.make_bindings(MainScreen.BINDINGS)}
        return [
            ("Everywhere", [b for b in bindings if b.id not in keymap.ON_PAPERS | screen_keys]),
            ("The day", [b for b in bindings if b.id in screen_keys - keymap.ON_PAPERS]),
            ("Papers and briefings", on_papers),
            ("The list", list(Binding.make_bindings(CategoryList.BINDINGS))),
            ("The paper or briefing pane", list(Binding.make_bindings(DetailPane.BINDINGS))),
            ("The filter box", list(Binding.make_bindings(FilterInput.BINDINGS))),
        ]

    def keys_of(self, binding_id: str) -> str:
        """The keys that run the binding ``binding_id`` now, as the key bar writes them."""
        if binding_id in self.keys:
            keys = [key.strip() for key in self.keys[binding_id].split(",")]
        else:
            keys = [
                binding.key
                for _, bindings in self._sections()
                for binding in bindings
                if binding.id == binding_id
            ]
        return ", ".join(self.get_key_display(Binding(key, "")) for key in keys if key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys for a paper are dimmed while the cursor is on a category."""
        return None if _for_a_paper(action, parameters) and self._paper() is None else True

    def on_key(self, event: events.Key) -> None:
        """A dimmed key for a paper, pressed on a category row, says why it did nothing
        (no binding took the key: it came up to the app)."""
        screen = self.screen
        active = screen.active_bindings.get(event.key) if isinstance(screen, MainScreen) else None
        if active is not None and not active.enabled and self._paper() is None:
            _, action, parameters = parse(active.binding.action)
            if _for_a_paper(action, parameters):
                notice(self, NO_PAPER, severity="warning")

    def action_help(self) -> None:
        """Show the app's keys, grouped by where they work."""
        from .screens.help import HelpScreen, help_rows  # not needed to start

        if isinstance(self.screen, HelpScreen):
            return
        rows = []
        for title, bindings in self._sections():
            display = lambda key: self.get_key_display(Binding(key, ""))  # noqa: E731
            rows += help_rows(bindings, self.keys, display, title)
        self.push_screen(HelpScreen(rows))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Of Textual's own commands only the theme picker: ours cover the rest (one Keys
        entry, which shows this app's keys, not Textual's key panel)."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                help = f"{command.help} (now {self.theme})"  # asked anew at each opening
                yield SystemCommand(command.title, help, self._pick_theme)

    def action_command_palette(self) -> None:
        """The command palette, with its own key bar."""
        from .commands import Palette

        if self.use_command_palette and not isinstance(self.screen, Palette):
            self.push_screen(Palette(id="--command-palette"))

    def _pick_theme(self) -> None:
        """Textual's theme picker, the theme in use marked."""
        from .commands import Palette, ThemeCommands

        self.push_screen(Palette(providers=[ThemeCommands], placeholder="Search for themes…"))

    def _theme_changed(self, theme: object) -> None:
        notice(self, f"theme: {self.theme}")
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_view()

    async def action_toggle_language(self) -> None:
        """Switch briefings between Korean and English."""
        current = self.service.config.language
        await self.switch_language("en" if current == "ko" else "ko")

    async def switch_language(self, language: str) -> None:
        """Briefings and exports in ``language`` from now on."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            await screen.set_language(language)
        else:
            self.service.set_language(language)
        notice(self, f"briefings in {'English' if language == 'en' else 'Korean'}")

    def _paper(self) -> Paper | None:
        screen = self.screen
        return screen.categories.current_paper if isinstance(screen, MainScreen) else None

    def action_open_link(self, which: Which = "abs") -> None:
        """Open the highlighted paper's abstract page (or PDF); shown and copied when no
        browser can be started."""
        from .links import open_link

        open_link(self, self._paper(), which)

    async def action_move_paper(self) -> None:
        """Move the highlighted paper to another category, for good (a picker asks which)."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            from .screens.move import move_selected_paper  # not needed to start

            await move_selected_paper(
                screen, screen.categories, screen.digest, screen.service, screen.reload_day
            )

    def _reading(self) -> Reading | None:
        screen = self.screen
        return screen.query_one(Reading) if isinstance(screen, MainScreen) else None

    def action_reading(self, what: str) -> None:
        """Star, read/unread or mark a category read, on the main screen."""
        reading = self._reading()
        if reading is not None and what in ("toggle_star", "toggle_read", "mark_category_read"):
            getattr(reading, what)()

    async def action_dismiss_banner(self) -> None:
        """Close the first-run banner for good."""
        from .widgets.banner import Banner

        for banner in self.screen.query(Banner):
            await banner.close()

    def action_lists(self) -> None:
        """Edit the watch and mute lists."""
        reading = self._reading()
        if reading is not None:
            reading.edit_lists()

    async def action_toggle_muted(self) -> None:
        """Show or hide the papers the mute list matches."""
        reading = self._reading()
        if reading is not None:
            await reading.toggle_muted()

    async def action_next_unread(self) -> None:
        """The next unread paper, in this day and then in later days."""
        reading = self._reading()
        if reading is not None:
            await reading.next_unread()

    def action_search(self) -> None:
        """Search every cached day; the chosen paper opens in its day."""
        from .screens.found import FoundScreen, search_with  # not needed to start

        if isinstance(self.screen, MainScreen):
            title = "Search every cached day  (Esc: back, Enter: open)"
            self.push_screen(FoundScreen(title, search=search_with(self.service)), self._open)

    def action_starred(self) -> None:
        """Every starred paper, newest day first; the chosen one opens in its day."""
        from .screens.found import FoundScreen, starred_groups

        if isinstance(self.screen, MainScreen):
            try:
                groups = starred_groups(self.service)
            except InsightsError as error:
                notice(self, str(error), severity="warning")
                return
            self.push_screen(FoundScreen("Starred papers  (Esc: back)", groups=groups), self._open)

    def action_regenerate(self) -> None:
        """Write the open category's briefing again, asking the model anew."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.pane.regenerate()

    def action_cite(self) -> None:
        """Open a paper the briefing cites by its number (Esc comes back)."""
        from .screens.cite import CiteScreen

        reading = self._reading()
        group = reading.category() if reading is not None else None
        if reading is None or group is None or not group.papers:
            notice(self, NO_CATEGORY, severity="warning")
            return

        async def chosen(number: int | None) -> None:
            digest = reading.main.digest
            if number is not None and digest is not None:
                paper = group.papers[number - 1]
                await reading.open_paper(digest.day, group.name, paper.arxiv_id)

        self.push_screen(CiteScreen(group.name, group.count), chosen)

    async def _open(self, found: Found | None) -> None:
        reading = self._reading()
        if found is not None and reading is not None:
            await reading.open_paper(found.day, found.category, found.arxiv_id)

    def action_copy_link(self, which: Which = "abs") -> None:
        """Copy the highlighted paper's link to the clipboard (OSC 52)."""
        from .links import copy_link

        copy_link(self, self._paper(), which)

    def browser_available(self) -> bool:
        """True when a link can be opened in a browser (not a text one in this terminal)."""
        from .links import browser_available

        return browser_available()


def _for_a_paper(action: str, parameters: tuple[object, ...]) -> bool:
    """True for the actions on the highlighted paper (open, copy, move, star, read)."""
    return action in ("open_link", "copy_link", "move_paper") or (
        action == "reading" and parameters[:1] in (("toggle_star",), ("toggle_read",))
    )


def _collect_from_now_on() -> None:
    """Turn the garbage collector back on after start (``cli.main`` turns it off).

    What start made lives as long as the app: frozen, later collections skip it.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_app(service: InsightsService, *, day: dt.date | None = None) -> None:
    """Run the reader on ``service``, opening ``day`` (default: last viewed or newest);
    the sample's banner shows until it is dismissed once."""
    app = InsightsApp(service, day=day)
    app.run()
