"""From a briefing to a cited paper: ``#`` asks for a source number and opens that paper.

The list's cursor goes to the paper and the pane shows its detail (its own abstract);
Esc goes back to the category and its briefing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.key_bar import KeyBar


class CiteScreen(ModalScreen[int | None]):
    """Ask which of ``count`` sources to open; answers its number (1-based) or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, category: str, count: int) -> None:
        super().__init__()
        self.category, self.count = category, count
        self.numbers = "1" if count == 1 else f"1-{count}"  # what may be typed

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-dialog", classes="dialog"):
            yield Static(Text(f"Open a source of {self.category}", style="bold"))
            yield Input(placeholder=self.numbers, restrict=r"[0-9]*", max_length=6)
            yield Static("the number in [ ] of the briefing and the source list", id="goto-message")
        yield KeyBar()  # this dialog's keys, over the day's

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        number = int(event.value) if event.value.isdigit() else 0
        if 1 <= number <= self.count:
            self.dismiss(number)
            return
        message = self.query_one("#goto-message", Static)
        typed = f"{event.value} is not one of {self.numbers}"
        message.update(typed if event.value else f"type a number: {self.numbers}")
        message.add_class("-error")

    def action_cancel(self) -> None:
        """Esc: back, nothing opened."""
        self.dismiss(None)
