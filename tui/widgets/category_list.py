"""The left pane's list: categories, and the papers of the expanded ones, as one OptionList."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from core.models import CategoryGroup, Digest, Paper
from core.text import clean_line
from tui import keymap
from tui.display import emoji
from tui.messages import CategoryToggled, PaperChosen, RowHighlighted

Row = tuple[str, str | None]  # (category, arxiv_id or None for the category row)


def _matches(paper: Paper, needle: str) -> bool:
    return needle in paper.title.casefold() or needle in paper.abstract.casefold()


class CategoryList(OptionList):
    """Categories with emoji, name and count; an expanded category lists its papers under it.

    An OptionList (not a ListView) because a day can hold a thousand papers.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", id=keymap.DOWN, show=False),
        Binding("k,up", "cursor_up", "Up", id=keymap.UP, show=False),
        Binding("home", "first", "First", id=keymap.FIRST, show=False),
        Binding("end", "last", "Last", id=keymap.LAST, show=False),
        Binding("enter,space", "toggle_row", "Expand/collapse", id=keymap.TOGGLE),
        Binding("right", "expand", "Expand", id=keymap.EXPAND, show=False),
        Binding("left", "collapse", "Collapse", id=keymap.COLLAPSE, show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.digest: Digest | None = None
        self.expanded: list[str] = []
        self.filter_text = ""
        self.moved = False  # the user moved the cursor (j/k, …) since the list was made
        self._rows: list[Row] = []

    # -- building ---------------------------------------------------------------
    def show_digest(
        self, digest: Digest | None, expanded: list[str], *, keep: Row | None = None
    ) -> None:
        """Show ``digest`` with the categories in ``expanded`` open; the cursor goes to
        ``keep`` (or its category when the paper is gone), else to the top."""
        self.digest = digest
        names = {g.name for g in digest.groups} if digest else set()
        self.expanded = [name for name in expanded if name in names]
        self._rebuild(keep)

    def set_filter(self, text: str) -> None:
        """Show only papers whose title or abstract contains ``text`` (case-insensitive)."""
        self.filter_text = text.strip()
        self._rebuild(self.current_row)

    @property
    def current_row(self) -> Row | None:
        """The highlighted row."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    @property
    def rows(self) -> list[Row]:
        """Every row shown, in order."""
        return list(self._rows)

    def group_of(self, category: str) -> CategoryGroup | None:
        """The shown day's group called ``category``."""
        return self.digest.group(category) if self.digest else None

    def _visible_papers(self, group: CategoryGroup) -> tuple[Paper, ...]:
        if not self.filter_text:
            return group.papers if group.name in self.expanded else ()
        needle = self.filter_text.casefold()
        return tuple(paper for paper in group.papers if _matches(paper, needle))

    def _rebuild(self, keep: Row | None) -> None:
        rows: list[Row] = []
        options: list[Option] = []
        for group in self.digest.groups if self.digest else ():
            papers = self._visible_papers(group)
            if self.filter_text and not papers:
                continue
            is_open = bool(papers) if self.filter_text else group.name in self.expanded
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append("▾ " if is_open else "▸ ", style="bold")
            label.append(f"{emoji(group.category)} ")
            label.append(clean_line(group.name), style="bold")
            count = f"{len(papers)}/{group.count}" if self.filter_text else str(group.count)
            label.append(f"  {count}", style="dim")
            rows.append((group.name, None))
            options.append(Option(label))
            for paper in papers:
                line = Text("   ", no_wrap=True, overflow="ellipsis")
                line.append(clean_line(paper.title) or paper.arxiv_id)
                rows.append((group.name, paper.arxiv_id))
                options.append(Option(line))
        self._rows = rows
        self.set_options(options)
        if rows:
            index = rows.index(keep) if keep in rows else 0
            if keep is not None and keep not in rows:
                # The paper row went away (collapsed or filtered): stay on its category.
                category_row = (keep[0], None)
                index = rows.index(category_row) if category_row in rows else 0
            self.highlighted = index

    # -- actions ----------------------------------------------------------------
    def action_cursor_down(self) -> None:
        """Down/j: the next row."""
        self.moved = True
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up/k: the previous row."""
        self.moved = True
        super().action_cursor_up()

    def action_first(self) -> None:
        """Home: the first row."""
        self.moved = True
        super().action_first()

    def action_last(self) -> None:
        """End: the last row."""
        self.moved = True
        super().action_last()

    def action_page_down(self) -> None:
        """Page down."""
        self.moved = True
        super().action_page_down()  # type: ignore[no-untyped-call]

    def action_page_up(self) -> None:
        """Page up."""
        self.moved = True
        super().action_page_up()  # type: ignore[no-untyped-call]

    def action_toggle_row(self) -> None:
        """Enter/Space: open or close a category; on a paper, choose it."""
        row = self.current_row
        if row is None:
            return
        category, arxiv_id = row
        if arxiv_id is not None:
            self.post_message(PaperChosen(category, arxiv_id))
        elif category in self.expanded:
            self._set_expanded(category, False)
        else:
            self._set_expanded(category, True)

    def action_expand(self) -> None:
        """Right: open the highlighted category."""
        row = self.current_row
        if row is not None and row[1] is None and row[0] not in self.expanded:
            self._set_expanded(row[0], True)

    def action_collapse(self) -> None:
        """Left: close the category the cursor is in, and move to its row."""
        row = self.current_row
        if row is None:
            return
        if row[0] in self.expanded:
            self._set_expanded(row[0], False)
        elif row[1] is not None:
            self.highlighted = self._rows.index((row[0], None))

    def _set_expanded(self, category: str, expanded: bool) -> None:
        if expanded:
            self.expanded.append(category)
        else:
            self.expanded.remove(category)
        self._rebuild((category, None))
        self._tell_screen(CategoryToggled(category, expanded))

    def _tell_screen(self, message: Message) -> None:
        # Straight to the screen rather than bubbling: each hop (list, #left, #body) is a
        # queue of its own, and the screen would lay out the half-done frame in between.
        self.screen.post_message(message)

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        row = self.current_row
        if row is not None:
            self._tell_screen(RowHighlighted(row[0], row[1]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A mouse click selects: treat it like Enter.
        event.stop()
        self.action_toggle_row()
