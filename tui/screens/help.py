"""The help screen: every key the reader answers to, with what it does (after remapping)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import HelpRow

NOTES = (
    "In the list, Enter/Space/→ open a category (its summary is written the first time) "
    "and ←/Enter close it; h/l and [/] change the day. Links are clickable where the "
    "terminal supports it. Remap keys in config.toml under [keymap] with the ids shown."
)


def help_table(rows: list[HelpRow]) -> Table:
    """A three-column table: keys, what they do, the id to remap them."""
    table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Key", no_wrap=True)
    table.add_column("Action", ratio=1)
    table.add_column(Text("Id (for [keymap])"), style="dim", no_wrap=True)
    for row in rows:
        table.add_row(Text(row.keys, style="bold"), Text(row.description), Text(row.binding_id))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every binding; any of Escape, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[HelpRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_table(self.rows), id="help-table")
                yield Static(Text(NOTES, style="dim"), id="help-notes")
            yield Static(Text("Escape closes", style="dim"), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
