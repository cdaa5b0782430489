"""Binding ids: what users remap in ``[keymap]`` of config.toml."""

from __future__ import annotations

from collections.abc import Iterable

# Remap any of these in config.toml, e.g. ``[keymap]`` ``"day.previous" = "p,left_square_bracket"``.
QUIT = "app.quit"
HELP = "app.help"
LANGUAGE = "app.language"
DAY_PREVIOUS = "day.previous"
DAY_NEXT = "day.next"
DAY_NEWEST = "day.newest"
DAY_GOTO = "day.goto"
DAY_REFRESH = "day.refresh"
EXPORT = "day.export"
FILTER = "list.filter"
FILTER_CLEAR = "filter.clear"
FILTER_DONE = "filter.done"
OPEN_LINK = "paper.open"
OPEN_PDF = "paper.pdf"
COPY_LINK = "paper.copy"
MOVE_PAPER = "paper.move"
CHART_TOGGLE = "chart.toggle"
TOGGLE = "list.toggle"
EXPAND = "list.expand"
COLLAPSE = "list.collapse"
DOWN = "list.down"
UP = "list.up"
FIRST = "list.first"
LAST = "list.last"
PAGE_DOWN = "list.page_down"
PAGE_UP = "list.page_up"
LIST_BACK = "list.back"
SORT = "list.sort"
PANE_BACK = "pane.back"
PANE_UP = "pane.up"
PANE_DOWN = "pane.down"
PANE_TOP = "pane.top"
PANE_BOTTOM = "pane.bottom"
STAR = "paper.star"
READ_TOGGLE = "paper.read"
NEXT_UNREAD = "list.next_unread"
CATEGORY_READ = "list.category_read"
STARRED = "app.starred"
SEARCH = "app.search"
CITE = "app.cite"
LISTS = "app.lists"
MUTED = "list.muted"
BANNER_DISMISS = "app.banner"
REGENERATE = "briefing.regenerate"


MAIN_ESCAPE = "main.escape"
BACK = frozenset({PANE_BACK, LIST_BACK, MAIN_ESCAPE})  # first in the key bar

# The key bar's short words, and which keys it keeps longest when the line is short
# (their order here); the rest come after, in the order they are bound. ? and q are
# pinned at the right end with the palette's key, at every width.
BAR_LABELS = {
    PANE_BACK: "Back",
    LIST_BACK: "Back",
    MAIN_ESCAPE: "Back",
    FILTER_CLEAR: "Clear",
    FILTER_DONE: "Done",
    TOGGLE: "Open",
    DAY_PREVIOUS: "Day",
    DAY_NEXT: "Day",
    DAY_REFRESH: "Refresh",
    EXPORT: "Export",
    FILTER: "Filter",
    DAY_GOTO: "Date",
    DAY_NEWEST: "Newest",
    SORT: "Sort",
    SEARCH: "Search",
    NEXT_UNREAD: "Unread",
    STAR: "Star",
    OPEN_LINK: "Link",
    CHART_TOGGLE: "Chart",
    LANGUAGE: "ko/en",
    HELP: "Keys",
    QUIT: "Quit",
}
PINNED = (HELP, QUIT)
# What acts on the highlighted paper or the open briefing (a section of the help).
ON_PAPERS = frozenset(
    {
        OPEN_LINK,
        OPEN_PDF,
        COPY_LINK,
        MOVE_PAPER,
        STAR,
        READ_TOGGLE,
        NEXT_UNREAD,
        CATEGORY_READ,
        CITE,
        REGENERATE,
    }
)


def bar_rank(binding_id: str | None) -> int:
    """How long the key bar keeps a key: lower stays longer."""
    order = list(BAR_LABELS)
    return order.index(binding_id) if binding_id in BAR_LABELS else len(order)


def keymap_from_config(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The config's ``(binding id, keys)`` pairs as the mapping ``App.set_keymap`` takes."""
    return {binding_id.strip(): keys.strip() for binding_id, keys in pairs if keys.strip()}
