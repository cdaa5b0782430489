"""The `/` filter box: narrows the day's papers by text in titles and abstracts."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from .. import keymap


class FilterInput(Input):
    """An Input that clears itself and says so on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id=keymap.FILTER_CLEAR),
    ]

    class Cleared(Message):
        """Escape was pressed: the filter is empty again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="filter titles and abstracts…", id=id, compact=True)

    def action_clear_filter(self) -> None:
        """Empty the box and tell the screen, which hides it."""
        self.value = ""
        self.post_message(self.Cleared())
