"""The bottom status line: a spinner and message while fetching, and who writes briefings.

One widget drawing one line. Its spinner ticks only while something is busy; Textual's
LoadingIndicator, even hidden, repaints sixteen times a second for as long as it is
mounted.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
TICK = 0.1  # seconds per spinner frame


class StatusBar(Widget, can_focus=False):
    """One line: busy spinner, message, and a label on the right."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--spinner",
        "status-bar--idle",
        "status-bar--label",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._message = ""
        self._label = ""
        self._position = ""
        self._day: dt.date | None = None  # the day the message is about
        self._frame = 0
        self._ticker: Timer | None = None

    @property
    def message(self) -> str:
        """The message shown now."""
        return self._message

    @property
    def label(self) -> str:
        """The right-hand label shown now."""
        return self._label

    @property
    def is_busy(self) -> bool:
        """True while the spinner shows."""
        return self._ticker is not None

    def busy(self, message: str) -> None:
        """Show the spinner with ``message``."""
        self._message = message
        if self._ticker is None:
            self._frame = 0
            self._ticker = self.set_interval(TICK, self._tick)
        self.refresh()

    def idle(self, message: str = "", *, day: dt.date | None = None) -> None:
        """Stop the spinner; keep ``message`` (while ``day`` shows, when given)."""
        self._message = message
        self._day = day
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.refresh()

    def day_shown(self, day: dt.date | None) -> None:
        """Another day shows: a message about the day left goes."""
        if self._day is not None and day != self._day and not self.is_busy:
            self.idle("")

    def set_position(self, position: str) -> None:
        """Where the list's cursor is (``37/213 · LLM``), before the label."""
        if position != self._position:
            self._position = position
            self.refresh()

    def set_label(self, label: str) -> None:
        """The right-hand label (language and writer)."""
        self._label = label
        self.refresh()

    def _tick(self) -> None:
        self._frame += 1
        self.refresh()

    def render(self) -> Text:
        label = Text(no_wrap=True, end="")
        if self._position:
            label.append(f" {self._position} ", self.get_component_rich_style("status-bar--idle"))
        if self._label:
            label.append(f" {self._label} ", self.get_component_rich_style("status-bar--label"))
        line = Text(" ", no_wrap=True, overflow="ellipsis", end="")
        if self.is_busy:
            spinner = SPINNER[self._frame % len(SPINNER)]
            line.append(spinner, self.get_component_rich_style("status-bar--spinner"))
            line.append(" ")
            line.append(self._message)
        else:
            line.append(self._message, self.get_component_rich_style("status-bar--idle"))
        room = max(0, self.size.width - label.cell_len)
        line.truncate(room, overflow="ellipsis", pad=True)
        return Text.assemble(line, label, no_wrap=True, end="")
