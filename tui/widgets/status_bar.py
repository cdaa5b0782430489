"""The bottom status line: a spinner and message while fetching, and who writes summaries."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static


class StatusBar(Horizontal):
    """One line: busy indicator, message, and a label on the right."""

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="status-spinner")
        yield Static("", id="status-message", markup=False)
        yield Static("", id="status-label", markup=False)

    def on_mount(self) -> None:
        self.query_one("#status-spinner").display = False

    def busy(self, message: str) -> None:
        """Show the spinner with ``message``."""
        self.query_one("#status-spinner").display = True
        self.query_one("#status-message", Static).update(Text(message))

    def idle(self, message: str = "") -> None:
        """Hide the spinner; keep ``message``."""
        self.query_one("#status-spinner").display = False
        self.query_one("#status-message", Static).update(Text(message, style="dim"))

    @property
    def is_busy(self) -> bool:
        """True while the spinner shows."""
        return bool(self.query_one("#status-spinner").display)

    def set_label(self, label: str) -> None:
        """The right-hand label (language and summariser)."""
        self.query_one("#status-label", Static).update(Text(label, style="dim"))
