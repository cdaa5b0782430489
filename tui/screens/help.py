"""The help screen: every key the reader answers to, with what it does (after remapping)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.key_bar import KeyBar

NOTES = (
    "Escape always goes back: from the paper pane to the list, from a paper to its "
    "category, out of the filter, the trend chart and dialogs. ctrl+p lists every command with "
    "its key. Remap keys in config.toml under [keymap] with the ids shown."
)


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One line of the help screen."""

    keys: str
    description: str
    binding_id: str
    section: str = ""


def help_rows(
    bindings: Iterable[Binding],
    keymap: Mapping[str, str],
    display: Callable[[str], str],
    section: str = "",
) -> list[HelpRow]:
    """Bindings (one per key, as Textual merges them) grouped by id, with the keys they
    answer to now: a keymap entry replaces the defaults of its id."""
    order: list[str] = []
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for binding in bindings:
        if not binding.description or binding.system:
            continue
        ident = binding.id or binding.action
        if ident not in first:
            order.append(ident)
            first[ident] = binding
            keys[ident] = []
        if binding.key not in keys[ident]:
            keys[ident].append(binding.key)
    rows = []
    for ident in order:
        binding = first[ident]
        shown = keys[ident]
        if binding.id and binding.id in keymap:
            shown = [key.strip() for key in keymap[binding.id].split(",") if key.strip()]
        rows.append(
            HelpRow(
                ", ".join(display(key) for key in shown),
                binding.description,
                binding.id or "",
                section,
            )
        )
    return rows


def help_table(rows: list[HelpRow]) -> Table:
    """A three-column table: keys, what they do, the id to remap them."""
    table = Table(box=None, expand=True, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Key", no_wrap=True)
    table.add_column("Action", ratio=1)
    table.add_column(Text("Id (for [keymap])"), style="dim", no_wrap=True)
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            table.add_row(Text(f"\n{section}", style="bold underline"), "", "")
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
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_table(self.rows), id="help-table")
                yield Static(Text(NOTES, style="dim"), id="help-notes")
            yield Static(Text("Escape closes", style="dim"), id="help-hint")
        yield KeyBar()  # this dialog's keys, over the day's

    def action_close(self) -> None:
        self.dismiss(None)
