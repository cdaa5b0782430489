"""The key bar at the bottom: what the keys do where the focus is, on one line.

Textual's Footer mounts a widget per key and mounts them all again whenever the focus
moves; this bar is one widget that draws the same keys as one line of text, so it is
in the first frame and a focus change costs a repaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

from .. import keymap

EDGE = "▏"  # between the keys and the palette key on the right


class KeyHint(NamedTuple):
    """One key as the bar shows it."""

    key: str  # the key pressed when the hint is clicked
    display: str  # how the key is written ("⏎", "^p", "[ ]")
    description: str
    enabled: bool
    rank: int = 0  # lower stays longer when the line is short


class HintSpan(NamedTuple):
    """Where a hint was drawn: cells ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    hint: KeyHint


class Hints(NamedTuple):
    """The keys to show: on the left, pinned at the right end, and the palette's."""

    left: list[KeyHint]
    pinned: list[KeyHint]
    palette: KeyHint | None


def key_hints(
    active: Iterable[ActiveBinding], display: Callable[[Binding], str], palette_key: str
) -> Hints:
    """The shown keys: "Back" first, then one per action in binding order (two neighbours
    with the same short word, like ``[`` and ``]``, drawn as one), the pinned ones apart,
    the palette's last."""
    left: list[KeyHint] = []
    pinned: dict[str, KeyHint] = {}
    palette: KeyHint | None = None
    actions: set[str] = set()
    for _node, binding, enabled, _tooltip in active:
        if binding.key == palette_key:
            palette = KeyHint(binding.key, display(binding), binding.description, enabled)
            continue
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        label = keymap.BAR_LABELS.get(binding.id or "", binding.description)
        hint = KeyHint(binding.key, display(binding), label, enabled, keymap.bar_rank(binding.id))
        if binding.id in keymap.PINNED:
            pinned[binding.id] = hint
        elif binding.id in keymap.BACK:
            left.insert(0, hint)  # how to go back comes first, whoever binds it
        elif left and left[-1].description == label and left[-1].enabled == enabled:
            first = left[-1]
            left[-1] = KeyHint(
                first.key, f"{first.display} {hint.display}", label, enabled, first.rank
            )
        else:
            left.append(hint)
    ordered = [pinned[key] for key in keymap.PINNED if key in pinned]
    return Hints(left, ordered, palette)


def hint_cells(hint: KeyHint, *, compact: bool = False) -> tuple[str, str]:
    """The key and description as drawn: `` ⏎ `` and ``Open ``; compact: ``^p`` and
    `` palette `` (the palette's key, after the edge)."""
    if compact:
        return hint.display, f" {hint.description} " if hint.description else " "
    return f" {hint.display} ", f"{hint.description} " if hint.description else ""


def _cells(hint: KeyHint, compact: bool = False) -> int:
    return sum(cell_len(part) for part in hint_cells(hint, compact=compact))


def layout_hints(hints: Hints, width: int) -> tuple[list[HintSpan], list[HintSpan]]:
    """Place the hints in ``width`` cells: the pinned ones and the palette's key at the right
    end, the others from the left; when they do not all fit, the ones of highest rank
    are left out first (a hint is drawn whole or not at all)."""
    right: list[HintSpan] = []
    room = width
    palette = hints.palette
    if palette is not None:
        size = cell_len(EDGE) + _cells(palette, compact=True)
        if size <= room:
            right.append(HintSpan(room - size + cell_len(EDGE), room, palette))
            room -= size
    for hint in reversed(hints.pinned):
        size = _cells(hint)
        if size <= room:
            right.insert(0, HintSpan(room - size, room, hint))
            room -= size
    kept = [(hint, _cells(hint)) for hint in hints.left]
    total = sum(size for _hint, size in kept)
    while kept and total > room:
        # The rightmost of the highest rank goes first.
        drop = max(reversed(range(len(kept))), key=lambda at: kept[at][0].rank)
        total -= kept.pop(drop)[1]
    spans: list[HintSpan] = []
    x = 0
    for hint, size in kept:
        spans.append(HintSpan(x, x + size, hint))
        x += size
    return spans, right


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget, its screen and the app; click one to press it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--edge",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: Hints | None = None
        self._spans: list[HintSpan] = []
        self._hover: KeyHint | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._hints = None
        self.refresh()

    @property
    def hints(self) -> list[KeyHint]:
        """The keys on show now, left to right (the palette's key last)."""
        return [span.hint for span in self._spans]

    def render(self) -> Text:
        if self._hints is None:
            self._hints = key_hints(
                self.screen.active_bindings.values(),
                self.app.get_key_display,
                self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else "",
            )
        spans, right = layout_hints(self._hints, self.size.width)
        self._spans = [*spans, *right]
        styles = (
            self.get_component_rich_style("key-bar--key"),
            self.get_component_rich_style("key-bar--description"),
            self.get_component_rich_style("key-bar--hover"),
        )
        text = Text(no_wrap=True, overflow="crop", end="")
        for span in spans:
            self._append_hint(text, span.hint, styles)
        for span in right:
            compact = span.hint is self._hints.palette
            edge = cell_len(EDGE) if compact else 0
            text.append(" " * (span.start - edge - text.cell_len))
            if compact:
                text.append(EDGE, self.get_component_rich_style("key-bar--edge"))
            self._append_hint(text, span.hint, styles, compact=compact)
        return text

    def _append_hint(
        self, text: Text, hint: KeyHint, styles: tuple[Style, Style, Style], compact: bool = False
    ) -> None:
        key, description, hover = styles
        extra = Style(dim=True) if not hint.enabled else Style()
        if hint == self._hover:
            extra += hover
        key_cells, description_cells = hint_cells(hint, compact=compact)
        text.append(key_cells, key + extra)
        text.append(description_cells, description + extra)

    def _hint_at(self, x: int) -> KeyHint | None:
        return next((span.hint for span in self._spans if span.start <= x < span.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._hint_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        hint = self._hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
