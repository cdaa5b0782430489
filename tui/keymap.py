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
PANE_BACK = "pane.back"
PANE_UP = "pane.up"
PANE_DOWN = "pane.down"
PANE_TOP = "pane.top"
PANE_BOTTOM = "pane.bottom"


def keymap_from_config(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The config's ``(binding id, keys)`` pairs as the mapping ``App.set_keymap`` takes."""
    return {binding_id.strip(): keys.strip() for binding_id, keys in pairs if keys.strip()}
