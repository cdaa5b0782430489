"""The go-to-date dialog: an Input that validates YYYY-MM-DD and says when a day isn't cached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


@dataclass(frozen=True, slots=True)
class GoTo:
    """The dialog's answer: open ``day`` (fetching it first when ``fetch``)."""

    day: dt.date
    fetch: bool = False


def parse_day(text: str) -> dt.date | str:
    """The date in ``text``, or a one-line reason it is not a date."""
    value = text.strip()
    if not value:
        return "type a date as YYYY-MM-DD"
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        return f"not a date: {value[:40]!r} (use YYYY-MM-DD, e.g. 2024-11-17)"


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
        with Vertical(id="goto-dialog"):
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
        parsed = parse_day(event.value)
        if isinstance(parsed, str):
            self._say(parsed, error=True)
            return
        if self._is_cached(parsed):
            self.dismiss(GoTo(parsed))
            return
        if self._offline:
            self._say(f"{parsed.isoformat()} is not cached, and the app is offline", error=True)
            return
        if self._confirm == parsed:
            self.dismiss(GoTo(parsed, fetch=True))
            return
        self._confirm = parsed
        self._say(f"{parsed.isoformat()} is not cached: press Enter again to fetch it", error=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
