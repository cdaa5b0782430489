"""Binding ids (what users remap in ``[keymap]`` of config.toml) and the help table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
OPEN_LINK = "paper.open"
TOGGLE = "list.toggle"
EXPAND = "list.expand"
COLLAPSE = "list.collapse"
DOWN = "list.down"
UP = "list.up"
FIRST = "list.first"
LAST = "list.last"


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
    bindings: Iterable[Binding], keymap: Mapping[str, str], display: Mapping[str, str]
) -> list[HelpRow]:
    """Every binding with the keys it answers to now (the keymap wins), deduplicated by id."""
    rows: list[HelpRow] = []
    seen: set[str] = set()
    for binding in bindings:
        if not binding.description:
            continue
        ident = binding.id or binding.action
        if ident in seen:
            continue
        seen.add(ident)
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        shown = ", ".join(display.get(key.strip(), key.strip()) for key in keys.split(","))
        rows.append(HelpRow(shown, binding.description, binding.id or ""))
    return rows
