"""Papers found elsewhere than the day on screen: search results and starred papers.

One modal screen for both: rows grouped by day, each with its category; choosing a row
answers with where the paper is (:class:`Found`), and the main screen opens it there.
Searching runs in a thread worker, a moment after typing stops, and answers by message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import InsightsError
from ...core.text import clean_line, shown_text
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ...core.service import InsightsService

SEARCH_DELAY = 0.2  # seconds after the last key before a search runs


@dataclass(frozen=True, slots=True)
class Found:
    """A paper and where it is shown."""

    day: dt.date
    category: str
    arxiv_id: str
    title: str


Groups = list[tuple[dt.date, list[Found]]]
Search = Callable[[str], tuple[Groups, bool]]  # query -> (groups, more were left out)


class Results(Message):
    """A search finished: its query and what it found, or why it could not run."""

    def __init__(self, query: str, groups: Groups, more: bool, error: str | None) -> None:
        super().__init__()
        self.query, self.groups, self.more, self.error = query, groups, more, error


class FoundScreen(ModalScreen[Found | None]):
    """A list of papers by day; with ``search``, a field above it searches as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(
        self, title: str, *, groups: Groups | None = None, search: Search | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.groups = groups or []
        self.search = search
        self._timer: Timer | None = None
        self.rows: list[Found | None] = []  # per option: its paper (None for a day heading)

    def compose(self) -> ComposeResult:
        with Vertical(id="found-dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            if self.search is not None:
                yield Input(placeholder='words, "a phrase", author names', id="found-query")
            yield Static("", id="found-status", markup=False)
            yield OptionList(id="found-list")
        yield KeyBar()  # this dialog's keys, over the day's

    def on_mount(self) -> None:
        if self.search is not None:
            self.query_one(Input).focus()
            self._say("type to search every cached day: titles, abstracts, authors")
        else:
            self._show(self.groups, more=False)
            self.query_one(OptionList).focus()

    def _say(self, line: str) -> None:
        self.query_one("#found-status", Static).update(line)

    def _show(self, groups: Groups, *, more: bool) -> None:
        options: list[Option] = []
        self.rows = []
        count = 0
        for day, found in groups:
            heading = Text(f"{day:%a} {day.isoformat()}", style="bold")
            options.append(Option(heading, disabled=True))
            self.rows.append(None)
            for item in found:
                line = Text(shown_text(item.title) or item.arxiv_id)
                line.append(f"  · {clean_line(item.category)}", style="dim")
                # Padding, not leading spaces: a title wrapped onto more lines keeps its indent.
                options.append(Option(Padding(line, (0, 0, 0, 2))))
                self.rows.append(item)
                count += 1
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if count:
            listing.highlighted = 1
            days = len(groups)
            # Past the limit only the newest are listed: "on 3 days" is of those, not all.
            papers = (
                f"{count} newest (more match)" if more else f"{count} paper{'s' * (count != 1)}"
            )
            where = f"{papers} on {days} day{'s' * (days != 1)}"
            self._say(where + (" · ↓ or Enter: to the results" if self.search else ""))
        else:
            self._say("no matches" if self.search is not None else "nothing starred yet (*)")

    @on(Input.Changed, "#found-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self._run(text))

    @on(Input.Submitted, "#found-query")
    def action_to_results(self) -> None:
        """From the search field to the results (↓ or Enter); the list then takes ↑↓."""
        if any(row is not None for row in self.rows):
            self.query_one(OptionList).focus()

    def _run(self, text: str) -> None:
        if not text.strip():
            self._show([], more=False)
            self._say("type to search every cached day: titles, abstracts, authors")
            return
        self._say("searching…")
        self._search(text)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str) -> None:
        assert self.search is not None
        try:
            groups, more = self.search(text)
        except (InsightsError, ValueError) as error:
            self.post_message(Results(text, [], False, clean_line(str(error))[:200]))
            return
        self.post_message(Results(text, groups, more, None))

    @on(Results)
    def _results(self, message: Results) -> None:
        if self.search is not None and message.query != self.query_one(Input).value:
            return  # typing went on: a newer search is coming
        if message.error is not None:
            self._show([], more=False)
            self._say(message.error)
            return
        self._show(message.groups, more=message.more)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        found = self.rows[event.option_index] if event.option_index < len(self.rows) else None
        if found is not None:
            self.dismiss(found)

    def action_close(self) -> None:
        """Esc: back to the day, nothing opened."""
        self.dismiss(None)


def found_groups(items: Sequence[Found]) -> Groups:
    """``items`` grouped by day, in their order."""
    groups: dict[dt.date, list[Found]] = {}
    for item in items:
        groups.setdefault(item.day, []).append(item)
    return list(groups.items())


def search_with(service: InsightsService) -> Search:
    """A search over ``service``'s cached days (the index is brought up to date first)."""

    def search(text: str) -> tuple[Groups, bool]:
        results = service.search.search(text, limit=200)
        items = [Found(h.day, h.category, h.arxiv_id, h.title) for h in results.hits]
        return found_groups(items), results.more

    return search


def starred_groups(service: InsightsService) -> Groups:
    """Every starred paper, newest day first."""
    stars = service.reader.stars.all()
    return found_groups([Found(s.day, s.category, s.arxiv_id, s.title) for s in stars])
