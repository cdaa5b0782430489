"""The watch and mute lists, edited from the reader (``w``); kept in config.toml.

Watched papers are gathered in a ★ Watchlist group at the top of each day and marked ◆
in the list; muted ones are hidden (``H`` shows them). Phrases are whole words in any
case, separated by commas.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...core.config import ListsConfig
from ...core.text import clean_line
from ..widgets.key_bar import KeyBar

FIELDS = (
    ("watch", "Watch phrases", "e.g. world model, reward model"),
    ("watch_authors", "Watch authors", "e.g. Yann LeCun"),
    ("mute", "Mute phrases", "e.g. crypto, stock prediction"),
)
MAX_ITEMS = 200  # per list: more is a paste gone wrong


def parse_items(text: str) -> tuple[str, ...]:
    """The comma-separated phrases of ``text``, trimmed, each once (in any case), in order."""
    items: dict[str, str] = {}
    for part in text.split(","):
        item = " ".join(clean_line(part).split())
        if item:
            items.setdefault(item.casefold(), item)
    return tuple(items.values())[:MAX_ITEMS]


class ListsScreen(ModalScreen[ListsConfig | None]):
    """Three fields, one per list; Enter saves all three, Escape keeps the lists as they were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, lists: ListsConfig) -> None:
        super().__init__()
        self._lists = lists

    def compose(self) -> ComposeResult:
        with Vertical(id="lists-dialog", classes="dialog"):
            yield Static(Text("Watch and mute lists", style="bold"), markup=False)
            for name, label, example in FIELDS:
                yield Label(label, classes="lists-label", markup=False)
                yield Input(
                    ", ".join(getattr(self._lists, name)),
                    placeholder=example,
                    id=f"lists-{name}",
                    classes="lists-input",
                )
            yield Static(
                Text(
                    "Comma-separated, whole words, any case · Tab next field · "
                    "Enter to save · Escape to cancel",
                    style="dim",
                ),
                id="lists-hint",
                markup=False,
            )
        yield KeyBar()  # this dialog's keys, over the day's

    def on_mount(self) -> None:
        self.query_one("#lists-watch", Input).focus()

    @on(Input.Submitted, ".lists-input")
    def _save(self) -> None:
        values = {
            name: parse_items(self.query_one(f"#lists-{name}", Input).value) for name, *_ in FIELDS
        }
        self.dismiss(ListsConfig(**values))

    def action_cancel(self) -> None:
        """Close without changing the lists."""
        self.dismiss(None)
