"""The left pane's list: categories, and the papers of the expanded ones, one row each."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.models import CategoryGroup, Digest
from .. import keymap
from ..compat import set_scroll_size
from ..messages import CategoryToggled, PaperChosen, RowHighlighted
from .list_rows import (
    SORT_NAMES,
    ListView,
    Row,
    Sort,
    category_parts,
    filtered,
    fit,
    list_rows,
    paper_parts,
    position_text,
)

if TYPE_CHECKING:
    from textual.message import Message

    from ...core.papers import Paper


class CategoryList(ScrollView, can_focus=True):
    """Categories with emoji, name and count; an expanded category lists its papers under it.

    Drawn with the line API: a row is rendered only when it is on screen, so opening a
    category of a thousand papers costs what the visible rows cost.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id=keymap.LIST_BACK),
        Binding("j,down", "cursor_down", "Down", id=keymap.DOWN, show=False),
        Binding("k,up", "cursor_up", "Up", id=keymap.UP, show=False),
        Binding("home", "first", "First", id=keymap.FIRST, show=False),
        Binding("end", "last", "Last", id=keymap.LAST, show=False),
        Binding("pagedown", "page_down", "Page down", id=keymap.PAGE_DOWN, show=False),
        Binding("pageup", "page_up", "Page up", id=keymap.PAGE_UP, show=False),
        Binding("enter,space", "toggle_row", "Open/close", id=keymap.TOGGLE),
        Binding("right", "expand", "Expand", id=keymap.EXPAND, show=False),
        Binding("left", "collapse", "Collapse", id=keymap.COLLAPSE, show=False),
        Binding("s", "sort", "Sort", id=keymap.SORT),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "category-list--cursor",
        "category-list--cursor-blurred",
        "category-list--hover",
    }

    def __init__(self, *, id: str | None = None, sort: Sort = "listed") -> None:
        super().__init__(id=id)
        self.digest: Digest | None = None
        self.expanded: list[str] = []
        self.filter_text = ""
        self.moved = False  # the user moved the cursor (j/k, …) since the list was made
        self.sort: Sort = sort
        self.bars = False  # a small bar after each category's count (the chart is hidden)
        self.read_ids: frozenset[str] = frozenset()
        self.starred_ids: frozenset[str] = frozenset()
        self.watched_ids: frozenset[str] = frozenset()  # the papers of the ★ Watchlist
        self._rows: list[Row] = []
        self._cursor: int | None = None
        self._hover: int | None = None
        self._papers: dict[Row, Paper] = {}  # the paper of each paper row
        self._upvotes = False  # some paper of the day has upvotes: rows show them
        self._most = 0  # the largest category's count (the bars' scale)
        self._counts: dict[str, str] = {}  # the count shown on each category row
        # Each row's text, unstyled, by what it shows: opening a category moves the rows
        # below it, but draws only the rows that are new.
        self._drawn: dict[tuple[object, ...], Strip] = {}
        # The styles of a paint, looked up once per paint (render_lines):
        self._base = self._cursor_style = self._hover_style = Style()

    # -- building ---------------------------------------------------------------
    def show_digest(
        self, digest: Digest | None, expanded: list[str], *, keep: Row | None = None
    ) -> None:
        """Show ``digest`` with the categories in ``expanded`` open; the cursor goes to
        ``keep`` (or its category when the paper is gone), else to the top."""
        if digest is not self.digest:
            self._drawn.clear()
            self._upvotes = digest is not None and any(
                paper.upvotes is not None for group in digest.groups for paper in group.papers
            )
            self._most = max((group.count for group in digest.groups), default=0) if digest else 0
            self.watched_ids = frozenset(
                p.arxiv_id
                for g in (digest.groups if digest else ())
                if g.gathered
                for p in g.papers
            )
        had_rows = bool(self._rows)
        self.digest = digest
        names = {g.name for g in digest.groups} if digest else set()
        self.expanded = [name for name in expanded if name in names]
        self._rebuild(keep)
        if had_rows != bool(self._rows):
            self.refresh_bindings()  # an empty day offers nothing to open, sort or filter

    def set_filter(self, text: str) -> int:
        """Show only papers whose title or abstract contains ``text`` (case-insensitive);
        how many do."""
        self.filter_text = text.strip()
        self._rebuild(self.current_row)
        return len(self._papers)

    @property
    def highlighted(self) -> int | None:
        """The index of the highlighted row (None when the list is empty)."""
        return self._cursor

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        self._move_to(index)

    @property
    def current_row(self) -> Row | None:
        """The highlighted row."""
        index = self._cursor
        if index is None or not 0 <= index < len(self._rows):
            return None
        return self._rows[index]

    @property
    def current_paper(self) -> Paper | None:
        """The paper of the highlighted row, when it is a paper's."""
        row = self.current_row
        return self._papers.get(row) if row is not None else None

    @property
    def rows(self) -> list[Row]:
        """Every row shown, in order."""
        return list(self._rows)

    def group_of(self, category: str) -> CategoryGroup | None:
        """The shown day's group called ``category``."""
        return self.digest.group(category) if self.digest else None

    @property
    def has_upvotes(self) -> bool:
        """True when some paper of the day has Hugging Face upvotes."""
        return self._upvotes

    def shown_digest(self) -> Digest | None:
        """The day as the list shows it: under a filter, only the matching papers (of the
        categories that have any); else the whole day."""
        digest = self.digest
        if digest is None or not self.filter_text:
            return digest
        return filtered(digest, self.filter_text)

    def position(self) -> str:
        """Where the cursor is: ``37/213 · LLM`` on a paper, ``3/14 topics`` on a category."""
        row = self.current_row
        return "" if row is None else position_text(self._rows, row, self.sort)

    def count_shown(self, category: str) -> str:
        """The count on ``category``'s row (``12``, ``3/12``, ``✓12``; ``2 of 12`` filtered)."""
        return self._counts.get(category, "")

    def set_marks(self, read: frozenset[str], starred: frozenset[str]) -> None:
        """Which papers are read (dim rows, unread counts) and starred (★)."""
        if (read, starred) != (self.read_ids, self.starred_ids):
            self.read_ids, self.starred_ids = read, starred
            self._rebuild(self.current_row)

    def _rebuild(self, keep: Row | None) -> None:
        before = self.current_row
        groups = self.digest.groups if self.digest else ()
        view = ListView(self.expanded, self.filter_text, self.sort, self.read_ids)
        rows, self._papers, self._counts = list_rows(groups, view)
        self._rows = rows
        self._hover = None
        set_scroll_size(self, Size(self.virtual_size.width, len(rows)))
        index: int | None = None
        if rows:
            index = rows.index(keep) if keep in rows else 0
            if keep is not None and keep not in rows:
                # The paper row went away (collapsed or filtered): stay on its category.
                category_row = (keep[0], None)
                index = rows.index(category_row) if category_row in rows else 0
        self._cursor = None
        self._move_to(index, announce=False)
        if (before is not None and before[1] is not None) != self._on_paper(self._cursor):
            self.refresh_bindings()  # from a paper to a category row, or back
        self.refresh()
        if self.current_row != before:
            self._announce()

    # -- the cursor -------------------------------------------------------------
    def _move_to(self, index: int | None, *, announce: bool = True) -> None:
        if index is not None:
            index = max(0, min(index, len(self._rows) - 1)) if self._rows else None
        old = self._cursor
        if index == old:
            return
        self._cursor = index
        if self._on_paper(old) != self._on_paper(index):
            self.refresh_bindings()  # Escape (back to the category) shows on papers only
        for row in (old, index):
            if row is not None:
                self.refresh_line(row)
        if index is not None:
            self._scroll_to_row(index)
        if announce:
            self._announce()

    def _on_paper(self, index: int | None) -> bool:
        return (
            index is not None and 0 <= index < len(self._rows) and self._rows[index][1] is not None
        )

    def _scroll_to_row(self, index: int) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif height and index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def _announce(self) -> None:
        row = self.current_row
        if row is not None:
            self._tell_screen(RowHighlighted(row[0], row[1]))
        elif self.filter_text and self.digest is not None and self.digest.groups:
            self._tell_screen(RowHighlighted("", None))  # the filter left no row

    # -- drawing ----------------------------------------------------------------
    def _row_parts(self, index: int) -> tuple[Text, Text]:
        category, arxiv_id = self._rows[index]
        if arxiv_id is not None:
            read, starred = arxiv_id in self.read_ids, arxiv_id in self.starred_ids
            paper = self._papers[(category, arxiv_id)]
            watched = arxiv_id in self.watched_ids
            return paper_parts(paper, self._upvotes, read=read, starred=starred, watched=watched)
        count = self._counts.get(category, "")
        most = self._most if self.bars else None
        return category_parts(self.group_of(category), category, self._arrow(category), count, most)

    def _arrow(self, category: str) -> str:
        if category in self.expanded:
            return "open"
        return "matching" if self.filter_text else "closed"

    def _draw_row(self, index: int, width: int, full: int) -> Strip:
        """Row ``index`` cut to ``width`` cells, padded to ``full`` (under the scrollbar)."""
        row = self._rows[index]
        if row[1] is None:  # a category row: its arrow, count and bar change
            key: tuple[object, ...] = (row, self._arrow(row[0]), self._counts.get(row[0]))
            key += (self.bars,)
        else:
            key = (row, self._upvotes, row[1] in self.read_ids, row[1] in self.starred_ids)
            key += (row[1] in self.watched_ids,)
        key += (width, full)
        strip = self._drawn.get(key)
        if strip is None:
            head, tail = self._row_parts(index)
            strip = self._drawn[key] = fit(head, tail, width, full, self.app.console)
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible rows; the styles are looked up once per paint, not once per row."""
        self._base = self.rich_style
        cursor = "category-list--cursor" if self.has_focus else "category-list--cursor-blurred"
        self._cursor_style = self._base + self.get_component_rich_style(cursor)
        self._hover_style = self._base + self.get_component_rich_style("category-list--hover")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Row ``scroll_y + y``, styled for the cursor or the mouse when it is there."""
        index = round(self.scroll_y) + y
        full = self.size.width
        if not 0 <= index < len(self._rows):
            return Strip.blank(full, self._base)
        if index == self._cursor:
            style = self._cursor_style
        elif index == self._hover:
            style = self._hover_style
        else:
            style = self._base
        strip = self._draw_row(index, self.scrollable_content_region.width, full)
        return strip.apply_style(style).apply_meta({"row": index})

    def on_resize(self) -> None:
        """Rows are drawn again at the new width."""
        self._drawn.clear()
        if self._cursor is not None:
            self._scroll_to_row(self._cursor)

    def on_focus(self) -> None:
        """The cursor takes its focused colours."""
        self.refresh()

    def on_blur(self) -> None:
        """The cursor takes its blurred colours."""
        self.refresh()

    # -- the mouse --------------------------------------------------------------
    def _row_at(self, event: events.MouseEvent) -> int | None:
        row = event.style.meta.get("row")
        return row if isinstance(row, int) and 0 <= row < len(self._rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovered rows are tinted."""
        row = self._row_at(event)
        if row != self._hover:
            for old in (self._hover, row):
                if old is not None:
                    self.refresh_line(old)
            self._hover = row

    def on_leave(self) -> None:
        """The mouse left: no row is hovered."""
        if self._hover is not None:
            self.refresh_line(self._hover)
            self._hover = None

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor there and acts like Enter."""
        row = self._row_at(event)
        if row is not None:
            self.highlighted = row
            self.action_toggle_row()

    # -- actions ----------------------------------------------------------------
    def _step(self, delta: int) -> None:
        self.moved = True
        if self._rows:
            start = self._cursor if self._cursor is not None else -1 if delta > 0 else 0
            self._move_to(start + delta)

    def action_cursor_down(self) -> None:
        """Down/j: the next row."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """Up/k: the previous row."""
        self._step(-1)

    def action_first(self) -> None:
        """Home: the first row."""
        self.moved = True
        self._move_to(0)

    def action_last(self) -> None:
        """End: the last row."""
        self.moved = True
        self._move_to(len(self._rows) - 1)

    def action_page_down(self) -> None:
        """Page down: a screenful further."""
        self._step(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """Page up: a screenful back."""
        self._step(-max(1, self.scrollable_content_region.height - 1))

    def action_toggle_row(self) -> None:
        """Enter/Space: open or close a category; on a paper, choose it."""
        row = self.current_row
        if row is None:
            return
        category, arxiv_id = row
        if arxiv_id is not None:
            self._tell_screen(PaperChosen(category, arxiv_id))
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

    def action_back(self) -> None:
        """Escape on a paper: back to its category's row (elsewhere: the screen's back)."""
        row = self.current_row
        if row is None or row[1] is None:
            raise SkipAction()
        self.moved = True
        self.highlighted = self._rows.index((row[0], None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back shows only on a paper's row; opening and sorting only where there are rows."""
        if action == "back":
            row = self.current_row
            return row is not None and row[1] is not None
        if action in ("toggle_row", "sort"):
            return bool(self._rows)
        return True

    def action_sort(self) -> None:
        """s: papers as listed, by upvotes (on days that have them), or newest first."""
        order: list[Sort] = (
            ["listed", "upvotes", "newest"] if self._upvotes else ["listed", "newest"]
        )
        self.sort = (
            order[(order.index(self.sort) + 1) % len(order)] if self.sort in order else "listed"
        )
        self._rebuild(self.current_row)
        self.notify_sorted()

    def notify_sorted(self) -> None:
        """Say the order the papers are in now."""
        from ..notices import notice

        notice(self, f"papers {SORT_NAMES[self.sort]}")

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
