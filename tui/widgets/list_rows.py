"""The category list's rows as text, and what a filter or a sort order keeps of a day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from ...core.text import clean_line, shown_text
from ..display import emoji

if TYPE_CHECKING:
    from rich.console import Console

    from ...core.models import CategoryGroup, Digest
    from ...core.papers import Paper

Sort = Literal["listed", "upvotes", "newest"]
SORT_NAMES: dict[Sort, str] = {
    "listed": "as listed",
    "upvotes": "by upvotes",
    "newest": "newest first",
}
BAR_CELLS = 8
# open, closed, and closed but showing the papers that match the filter
ARROWS = {"open": "▾ ", "closed": "▸ ", "matching": "▹ "}

_BOLD, _DIM, _BAR = Style(bold=True), Style(dim=True), Style(dim=True, bold=True)
_STAR = Style(color="yellow", bold=True)
_WATCHED = Style(color="magenta", bold=True)
_ELLIPSIS = Segment("…")


def matches(paper: Paper, needle: str) -> bool:
    """True when ``needle`` (casefolded) is in the paper's title or abstract."""
    return needle in paper.title.casefold() or needle in paper.abstract.casefold()


def in_order(papers: tuple[Paper, ...], sort: Sort) -> tuple[Paper, ...]:
    """``papers`` as listed, by upvotes (most first, none last) or newest id first."""
    if sort == "upvotes":
        return tuple(sorted(papers, key=lambda paper: -(paper.upvotes or -1)))
    if sort == "newest":
        return tuple(sorted(papers, key=lambda paper: paper.arxiv_id, reverse=True))
    return papers


def filtered(digest: Digest, text: str) -> Digest:
    """``digest`` with only the papers matching ``text``, in the categories that have any."""
    needle = text.casefold()
    groups = []
    for group in digest.groups:
        papers = tuple(paper for paper in group.papers if matches(paper, needle))
        if papers:
            groups.append(replace(group, papers=papers, outline_count=None))
    return replace(digest, groups=tuple(groups))


def paper_parts(
    paper: Paper,
    upvotes: bool,
    *,
    read: bool = False,
    starred: bool = False,
    watched: bool = False,
) -> tuple[Text, Text]:
    """The title (cut if need be; dim once read, ★ when starred, ◆ and bold when the
    watch list matches it) and, on a day with upvotes, ``▲12`` kept at the right."""
    tail = Text()
    if upvotes:
        votes = f"▲{paper.upvotes}" if paper.upvotes is not None else ""
        tail.append(f" {votes:>5}", style=_DIM)
    head = (
        Text(" ◆ ", style=_WATCHED)
        if watched and not starred
        else Text(" ★ " if starred else "   ", style=_STAR)
    )
    title: Style | str = _DIM if read else ""
    if watched:
        title = Style(bold=True, dim=read or None)
    head.append(shown_text(paper.title) or paper.arxiv_id, style=title)
    return head, tail


Row = tuple[str, str | None]  # (category, arxiv id), or (category, None) for its own row


class ListView(NamedTuple):
    """What the list shows of a day: the open categories, a filter, the order, the read."""

    expanded: Sequence[str]
    filter_text: str
    sort: Sort
    read_ids: frozenset[str]


def list_rows(
    groups: Sequence[CategoryGroup], view: ListView
) -> tuple[list[Row], dict[Row, Paper], dict[str, str]]:
    """The rows of ``groups`` as ``view`` shows them, each paper row's paper, and each
    category row's count (``12``, ``3/12``, ``✓12``; under a filter ``2 of 12``)."""
    rows: list[Row] = []
    papers: dict[Row, Paper] = {}
    counts: dict[str, str] = {}
    needle = view.filter_text.casefold()
    for group in groups:
        if not needle:
            shown = group.papers if group.name in view.expanded else ()
        else:
            shown = tuple(paper for paper in group.papers if matches(paper, needle))
        if needle and not shown:
            continue
        shown = in_order(shown, view.sort)
        rows.append((group.name, None))
        # An outline's group has no papers yet: nothing of it can be known as read.
        unread = sum(p.arxiv_id not in view.read_ids for p in group.papers)
        unread = group.count if group.outline_count is not None else unread
        counts[group.name] = count_text(len(shown), group.count, unread, bool(needle))
        for paper in shown:
            row = (group.name, paper.arxiv_id)
            rows.append(row)
            papers[row] = paper
    return rows, papers, counts


def count_text(shown: int, total: int, unread: int, filtering: bool) -> str:
    """A category row's count: ``12`` (all unread), ``3/12`` (3 unread), ``✓12`` (all read);
    under a filter ``2 of 12`` (matching: not to be read as unread)."""
    if filtering:
        return f"{shown} of {total}"
    if unread == total:
        return str(total)
    return f"{unread}/{total}" if unread else f"✓{total}"


def position_text(
    rows: Sequence[tuple[str, str | None]], row: tuple[str, str | None], sort: Sort
) -> str:
    """Where ``row`` is: ``37/213 · LLM`` on a paper, ``3/14 topics`` on a category."""
    category, arxiv_id = row
    if arxiv_id is None:
        names = [name for name, paper in rows if paper is None]
        return f"{names.index(category) + 1}/{len(names)} topics"
    papers = [paper for name, paper in rows if name == category and paper is not None]
    order = f" · {SORT_NAMES[sort]}" if sort != "listed" else ""
    return f"{papers.index(arxiv_id) + 1}/{len(papers)} · {clean_line(category)}{order}"


def category_parts(
    group: CategoryGroup | None, name: str, arrow: str, count: str, most: int | None
) -> tuple[Text, Text]:
    """Arrow, emoji and name (cut if need be); the count, and a bar scaled to ``most``
    (when given), kept whole at the right."""
    head = Text()
    head.append(ARROWS[arrow], style=_BOLD)
    if group is not None:
        head.append(f"{emoji(group.category)} ")
    head.append(clean_line(name), style=_BOLD)
    tail = Text(f"  {count}", style=_DIM)
    if most and group is not None:
        cells = max(1, round(BAR_CELLS * group.count / most)) if group.count else 0
        tail.append(f" {'▇' * cells:<{BAR_CELLS}}", style=_BAR)
    return head, tail


def fit(head: Text, tail: Text, width: int, full: int, console: Console) -> Strip:
    """``head`` cut with an ellipsis so ``tail`` fits after it in ``width`` cells; padded
    to ``full`` (the cells under the scrollbar)."""
    room = max(1, width - tail.cell_len)
    strip = Strip(list(head.render(console)))
    if strip.cell_length > room:
        strip = Strip([*strip.crop(0, room - 1), _ELLIPSIS])
    if tail:
        strip = Strip.join([strip.extend_cell_length(room), Strip(list(tail.render(console)))])
    return strip.crop(0, width).extend_cell_length(full)


def neighbour(rows: Sequence[Row], row: Row | None) -> Row | None:
    """The paper after ``row``'s in its category, else the one before it: where the
    cursor rests when that paper leaves (moved to another category)."""
    if row is None or row[1] is None or row not in rows:
        return None
    at = rows.index(row)
    for other in (*rows[at + 1 : at + 2], *rows[at - 1 : at]):
        if other[0] == row[0]:
            return other
    return None
