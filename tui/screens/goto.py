"""The go-to-date dialog: an Input that validates YYYY-MM-DD and says when a day isn't cached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from ...core.dates import parse_day, refuse_future
from ...core.errors import InsightsError
from ...core.text import clean_line
from ..notices import OFFLINE
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ...core.models import Digest
    from ...core.service import InsightsService


@dataclass(frozen=True, slots=True)
class GoTo:
    """The dialog's answer: open ``day`` (fetching it first when ``fetch``)."""

    day: dt.date
    fetch: bool = False


class GoToDateScreen(ModalScreen[GoTo | None]):
    """Ask for a day; a day that isn't cached needs a second Enter, which fetches it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self, is_cached: Callable[[dt.date], bool], *, offline: bool, initial: str = ""
    ) -> None:
        super().__init__()
        self._is_cached = is_cached
        self._offline = offline
        self._initial = initial
        self._confirm: dt.date | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-dialog", classes="dialog"):
            yield Static(Text("Go to date", style="bold"), id="goto-title")
            yield Input(
                value=self._initial,
                placeholder="YYYY-MM-DD",
                id="goto-input",
                max_length=10,
                restrict=r"[0-9-]*",
            )
            yield Static("", id="goto-message", markup=False)
            yield Static(
                Text("Enter to open · Escape to cancel", style="dim"), id="goto-hint", markup=False
            )
        yield KeyBar()  # this dialog's keys, over the day's

    def _say(self, message: str, *, error: bool) -> None:
        label = self.query_one("#goto-message", Static)
        label.update(Text(message))
        label.set_class(error, "-error")

    @on(Input.Changed, "#goto-input")
    def _changed(self) -> None:
        self._confirm = None
        self._say("", error=False)

    @on(Input.Submitted, "#goto-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._say("type a date as YYYY-MM-DD", error=True)
            return
        try:
            parsed = parse_day(event.value)
            refuse_future(parsed)
        except ValueError as error:
            self._say(str(error), error=True)
            return
        try:
            cached = self._is_cached(parsed)
        except InsightsError as error:
            self._say(clean_line(f"cannot open {parsed.isoformat()}: {error}"), error=True)
            return
        if cached:
            self.dismiss(GoTo(parsed))
            return
        uncached = f"{parsed.isoformat()} is not cached{_weekend(parsed)}"
        if self._offline:
            self._say(f"{uncached}, and {OFFLINE}", error=True)
            return
        if self._confirm == parsed:
            self.dismiss(GoTo(parsed, fetch=True))
            return
        self._confirm = parsed
        self._say(f"{uncached}: press Enter again to fetch it", error=False)

    def action_cancel(self) -> None:
        """Close the dialog without a day."""
        self.dismiss(None)


def _weekend(day: dt.date) -> str:
    """A word on a weekend day, when arXiv announces no papers; else nothing."""
    return f" ({day:%A}: arXiv announces no papers at weekends)" if day.weekday() >= 5 else ""


async def ask_for_day(
    screen: Screen[None],
    service: InsightsService,
    digest: Digest | None,
    answered: Callable[[GoTo | None], Awaitable[None]],
) -> None:
    """Open the dialog over ``screen``, starting from the day shown; ``answered`` gets
    the answer."""
    dialog = GoToDateScreen(
        lambda day: service.open_day(day) is not None,
        offline=service.config.offline,
        initial=digest.day.isoformat() if digest else "",
    )
    await screen.app.push_screen(dialog, answered)
    # At once, not when the dialog gets round to it: keys typed right after g go in.
    dialog.set_focus(dialog.query_one("#goto-input"))
