"""The `/` filter: a labelled box that narrows the day's papers by text in titles and
abstracts, and says how many match."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from .. import keymap

# The box keeps at least this many cells: the count leaves out "· Esc clears" first.
BOX_ROOM = 12


class FilterInput(Input):
    """An Input that clears itself and says so on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id=keymap.FILTER_CLEAR),
        Binding("enter", "submit", "Done", id=keymap.FILTER_DONE),
    ]

    class Cleared(Message):
        """Escape was pressed: the filter is empty again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="words in titles and abstracts", id=id, compact=True)

    def action_clear_filter(self) -> None:
        """Empty the box and tell the bar, which hides."""
        self.value = ""
        self.post_message(self.Cleared())


class FilterBar(Horizontal):
    """``Filter`` and the box, then how many papers match (or that none does)."""

    class Changed(Message):
        """The text to filter by changed."""

        def __init__(self, bar: FilterBar, text: str) -> None:
            super().__init__()
            self.bar = bar
            self.text = text

    class Closed(Message):
        """The filter was cleared and the bar hidden."""

    class Done(Message):
        """Enter in the box: back to the list, the filter kept."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Filter", style="bold"), id="filter-label")
        yield FilterInput(id="filter")
        yield Static("", id="filter-count", markup=False)

    @property
    def box(self) -> FilterInput:
        """The text box."""
        return self.query_one(FilterInput)

    @property
    def text(self) -> str:
        """What is typed now."""
        return self.box.value.strip() if self.display else ""

    def show_count(self, matches: int, total: int) -> None:
        """``12/213`` papers match, or ``no matches``; where the bar is wide enough,
        that Escape clears (the key bar says it too): the box keeps room to type in."""
        count = self.query_one("#filter-count", Static)
        label = self.query_one("#filter-label", Static)
        # Cells left beside the label and the count's margin and the bar's padding.
        room = self.size.width - label.size.width - 4
        if not self.box.value.strip():
            count.update("")
        elif matches:
            short = f"{matches}/{total} match"
            said = f"{short} · Esc clears"
            count.update(Text(said if room - len(said) >= BOX_ROOM else short, style="dim"))
        else:
            said = "no matches · Esc clears"
            short = "no matches"
            count.update(Text(said if room - len(said) >= BOX_ROOM else short, style="bold"))
        count.set_class(not matches and bool(self.box.value.strip()), "-none")

    @on(Input.Changed, "#filter")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    @on(FilterInput.Cleared)
    def _cleared(self, event: FilterInput.Cleared) -> None:
        event.stop()
        self.display = False
        self.post_message(self.Closed())
