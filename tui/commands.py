"""The command palette (ctrl+p): every action of the reader, following the screen's state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from . import keymap
from .widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from .app import InsightsApp
    from .screens.main import MainScreen

Command = tuple[str, str, Callable[[], Any], str]  # name, help, callback, binding id
CURRENT = "   ✓ current"  # after the theme in use


def palette_commands(app: InsightsApp, screen: MainScreen) -> list[Command]:
    """Every command the palette offers on ``screen`` now: name, help, callback, key id."""
    other = "en" if screen.language == "ko" else "ko"
    return [
        ("Go to date…", "open a cached day, or fetch one", screen.action_goto, keymap.DAY_GOTO),
        ("Newest day", "show the newest cached day", screen.action_newest_day, keymap.DAY_NEWEST),
        (
            "Previous day",
            "the cached day before this one",
            screen.action_previous_day,
            keymap.DAY_PREVIOUS,
        ),
        ("Next day", "the cached day after this one", screen.action_next_day, keymap.DAY_NEXT),
        (
            "Refresh day",
            "fetch this day again from its sources",
            screen.action_refresh,
            keymap.DAY_REFRESH,
        ),
        *(
            (
                f"Refresh from {label}",
                f"fetch this day again from {label} only",
                partial(screen.action_refresh, (name,)),
                "",
            )
            for name, label in (("hf", "Hugging Face"), ("arxiv", "arXiv"))
        ),
        (
            "Chart: day / trend",
            "the day's categories or the last 7 days",
            screen.action_toggle_chart,
            keymap.CHART_TOGGLE,
        ),
        (
            "Regenerate briefing",
            "write the open category's briefing again",
            screen.pane.regenerate,
            keymap.REGENERATE,
        ),
        (
            "Export open categories",
            "Markdown and SVG chart (what the filter shows)",
            screen.action_export,
            keymap.EXPORT,
        ),
        ("Export whole day", "every category", partial(screen.action_export, everything=True), ""),
        ("Filter papers", "by text in titles and abstracts", screen.action_filter, keymap.FILTER),
        (
            "Sort papers",
            "as listed, by upvotes, or newest first",
            screen.categories.action_sort,
            keymap.SORT,
        ),
        (
            "Open abstract page",
            "the highlighted paper's arXiv page",
            app.action_open_link,
            keymap.OPEN_LINK,
        ),
        (
            "Open PDF",
            "the highlighted paper's PDF",
            partial(app.action_open_link, "pdf"),
            keymap.OPEN_PDF,
        ),
        (
            "Copy link",
            "the highlighted paper's link, to the clipboard",
            app.action_copy_link,
            keymap.COPY_LINK,
        ),
        (
            "Move paper to…",
            "put the highlighted paper in another category, for good",
            app.action_move_paper,
            keymap.MOVE_PAPER,
        ),
        (
            "Star / unstar paper",
            "keep the highlighted paper in the starred list",
            partial(app.action_reading, "toggle_star"),
            keymap.STAR,
        ),
        ("Starred papers", "every starred paper, of any day", app.action_starred, keymap.STARRED),
        (
            "Mark read / unread",
            "the highlighted paper",
            partial(app.action_reading, "toggle_read"),
            keymap.READ_TOGGLE,
        ),
        (
            "Mark category read",
            "every paper of the highlighted category",
            partial(app.action_reading, "mark_category_read"),
            keymap.CATEGORY_READ,
        ),
        (
            "Next unread paper",
            "on this day or a later one",
            app.action_next_unread,
            keymap.NEXT_UNREAD,
        ),
        ("Search all days", "titles, abstracts and authors", app.action_search, keymap.SEARCH),
        (
            "Watch / mute lists",
            "words that mark papers, or hide them",
            app.action_lists,
            keymap.LISTS,
        ),
        (
            "Show / hide muted papers",
            "the papers the mute list hides",
            app.action_toggle_muted,
            keymap.MUTED,
        ),
        (
            "Open source [n]",
            "a paper the briefing cites, by its number",
            app.action_cite,
            keymap.CITE,
        ),
        (
            f"Language: {'English' if other == 'en' else 'Korean'} ({other})",
            f"briefings and exports in {other}",
            partial(app.switch_language, other),
            keymap.LANGUAGE,
        ),
        ("Keys", "this app's keys, by pane", app.action_help, keymap.HELP),
        ("Quit", "leave the reader", app.action_quit, keymap.QUIT),
    ]


def _shown(app: InsightsApp, name: str, binding_id: str) -> Text:
    """The command's name, and its key (dim) when it has one."""
    keys = app.keys_of(binding_id) if binding_id else ""
    return Text.assemble(name, (f"   {keys}", "dim") if keys else "")


class InsightsCommands(Provider):
    """Commands of the main screen; nothing while a dialog is open."""

    def _available(self) -> list[Command]:
        from .app import InsightsApp
        from .screens.main import MainScreen

        app, screen = self.app, self.screen
        if not isinstance(app, InsightsApp) or not isinstance(screen, MainScreen):
            return []
        return palette_commands(app, screen)

    async def discover(self) -> Hits:
        for name, help_text, callback, binding_id in self._available():
            shown = _shown(self.app, name, binding_id)  # type: ignore[arg-type]
            yield DiscoveryHit(shown, _runner(callback), text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, binding_id in self._available():
            score = matcher.match(name)
            if score > 0:
                shown = matcher.highlight(name)
                keys = _shown(self.app, "", binding_id).plain  # type: ignore[arg-type]
                if keys:
                    shown = shown + Content.styled(keys, "dim")
                yield Hit(score, shown, _runner(callback), name, help_text)


def _runner(callback: Callable[[], Any]) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        result = callback()
        if hasattr(result, "__await__"):
            await result

    return run


class ThemeCommands(Provider):
    """The themes, the one in use marked (Textual's own picker does not say which)."""

    def _themes(self) -> list[tuple[str, bool, Callable[[], None]]]:
        """Every theme, the one in use first: it shows (highlighted) as the picker opens."""
        app = self.app

        def use(name: str) -> None:
            app.theme = name

        names = sorted(app.available_themes, key=lambda name: (name != app.theme, name))
        return [(name, name == app.theme, partial(use, name)) for name in names]

    async def discover(self) -> Hits:
        for name, current, callback in self._themes():
            shown = Text.assemble(name, (CURRENT, "dim") if current else "")
            yield DiscoveryHit(shown, callback, text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, current, callback in self._themes():
            score = matcher.match(name)
            if score > 0:
                shown = matcher.highlight(name)
                if current:
                    shown = shown + Content.styled(CURRENT, "dim")
                yield Hit(score, shown, callback, name)


class Palette(CommandPalette):
    """Textual's palette with a key bar of its own, as every dialog has: the day's keys
    behind it would be typed into its search, not run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "Close", id="palette.close"),
    ]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield KeyBar()
