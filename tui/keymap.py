"""Binding ids (what users remap in ``[keymap]`` of config.toml) and the help table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

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
OPEN_LINK = "paper.open"
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


def keymap_from_config(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The config's ``(binding id, keys)`` pairs as the mapping ``App.set_keymap`` takes."""
    return {binding_id.strip(): keys.strip() for binding_id, keys in pairs if keys.strip()}


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One line of the help screen."""

    keys: str
    description: str
    binding_id: str


def help_rows(
    bindings: Iterable[Binding], keymap: Mapping[str, str], display: Callable[[str], str]
) -> list[HelpRow]:
    """Bindings (one per key, as Textual merges them) grouped by id, with the keys they
    answer to now: a keymap entry replaces the defaults of its id."""
    order: list[str] = []
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for binding in bindings:
        if not binding.description or binding.system:
            continue
        ident = binding.id or binding.action
        if ident not in first:
            order.append(ident)
            first[ident] = binding
            keys[ident] = []
        if binding.key not in keys[ident]:
            keys[ident].append(binding.key)
    rows = []
    for ident in order:
        binding = first[ident]
        shown = keys[ident]
        if binding.id and binding.id in keymap:
            shown = [key.strip() for key in keymap[binding.id].split(",") if key.strip()]
        rows.append(
            HelpRow(", ".join(display(key) for key in shown), binding.description, binding.id or "")
        )
    return rows
