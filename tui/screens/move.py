"""The move picker: choose the category a paper belongs to (the reader's correction).

``m`` on a paper opens it; Enter moves the paper there for good (it is kept in
``<data_dir>/reader/corrections.json``), Escape leaves it where it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import InsightsError
from ...core.text import clean_line, shown_text
from ..display import emoji
from ..notices import NO_PAPER, notice
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...core.models import Digest, Taxonomy
    from ...core.papers import Paper
    from ...core.service import InsightsService
    from ..state import Row
    from ..widgets.category_list import CategoryList


# The dialog's rows besides the list: frame, padding, title, the paper's title (up to three
# rows) and its margin, the hint.
AROUND_THE_LIST = 10
LIST_ROWS = 16  # at most: fourteen categories and the list's frame (as app.tcss says)


class MoveScreen(ModalScreen[str | None]):
    """Every category of the taxonomy; the cursor starts on the paper's own (Enter there
    changes nothing), and the ones it also fits are marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("j", "step(1)", "Down", show=False),
        Binding("k", "step(-1)", "Up", show=False),
    ]

    def __init__(
        self, paper: Paper, current: str, taxonomy: Taxonomy, also: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self._paper = paper
        self._current = current
        self._taxonomy = taxonomy
        self._also = also

    def compose(self) -> ComposeResult:
        options = []
        for category in self._taxonomy.categories:
            label = Text(f"{emoji(category)} {clean_line(category.name)}")
            if category.name == self._current:
                label.append("  (here now)", style="dim")
            elif category.name in self._also:
                label.append("  (also fits)", style="dim")
            options.append(Option(label, id=category.name))
        with Vertical(id="move-dialog", classes="dialog"):
            yield Static(Text("Move to", style="bold"), id="move-title", markup=False)
            yield Static(
                Text(shown_text(self._paper.title) or self._paper.arxiv_id, style="italic"),
                id="move-paper",
                markup=False,
            )
            yield OptionList(*options, id="move-options")
            yield Static(
                Text("↑↓ or j k · Enter moves · Escape cancels", style="dim"),
                id="move-hint",
                markup=False,
            )
        yield KeyBar()  # this dialog's keys, over the day's

    def on_mount(self) -> None:
        options = self.query_one("#move-options", OptionList)
        # On the paper's own category: Enter there changes nothing.
        options.highlighted = next(
            (i for i, c in enumerate(self._taxonomy.categories) if c.name == self._current), 0
        )
        options.focus()

    def on_resize(self, event: events.Resize) -> None:
        """Give the list the rows the dialog (at most 90 % of the screen) has left: on a
        short screen it scrolls, and its cursor and the hint stay in view."""
        options = self.query_one("#move-options", OptionList)
        room = int((event.size.height - 1) * 0.9) - AROUND_THE_LIST  # less the key bar
        options.styles.max_height = max(3, min(LIST_ROWS, room))
        self.call_after_refresh(options.scroll_to_highlight)

    def action_step(self, by: int) -> None:
        """``j`` and ``k`` move as in the list."""
        options = self.query_one("#move-options", OptionList)
        if by > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(OptionList.OptionSelected, "#move-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(None if chosen == self._current else chosen)

    def action_cancel(self) -> None:
        """Close the picker; the paper stays where it is."""
        self.dismiss(None)


async def move_selected_paper(
    screen: Screen[Any],
    categories: CategoryList,
    digest: Digest | None,
    service: InsightsService,
    reload_day: Callable[[Digest, Row | None], Awaitable[None]],
) -> None:
    """Open the picker for the paper under the cursor; move it when a category is chosen."""
    row = categories.current_row
    group = categories.group_of(row[0]) if row else None
    paper = None
    if row is not None and group is not None and digest is not None and not digest.outline:
        paper = next((p for p in group.papers if p.arxiv_id == row[1]), None)
    if paper is None or group is None or digest is None:
        notice(screen, NO_PAPER, severity="warning")
        return
    if group.gathered:  # on the watchlist: it moves from its own category
        group = next((g for g in digest.topics if paper in g.papers), group)
    arxiv_id, left = paper.arxiv_id, group.name
    from ..widgets.list_rows import neighbour

    stay = neighbour(categories.rows, row)  # the next paper takes its place under the cursor

    async def answered(category: str | None) -> None:
        if category is None or category == left or categories.digest is not digest:
            return  # cancelled, unchanged, or the day changed while the picker was open
        try:
            moved = service.move_paper(digest, arxiv_id, category)
        except InsightsError as error:
            notice(screen, f"cannot move the paper: {error}", severity="warning")
            return
        await reload_day(moved, stay)
        notice(screen, f"moved to {category}; kept across re-fetches (m again to change)")

    why = group.why(arxiv_id)
    also = why.also if why is not None else ()
    await screen.app.push_screen(MoveScreen(paper, left, service.taxonomy, also), answered)
