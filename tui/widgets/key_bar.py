"""The key bar at the bottom: what the keys do where the focus is, on one line.

Textual's Footer mounts a widget per key and mounts them all again whenever the focus
moves; this bar is one widget that draws the same keys as one line of text, so it is
in the first frame and a focus change costs a repaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

EDGE = "▏"  # between the keys and the palette key on the right


@dataclass(frozen=True, slots=True)
class KeyHint:
    """One key as the bar shows it."""

    key: str  # the key pressed when the hint is clicked
    display: str  # how the key is written ("⏎", "^p")
    description: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class HintSpan:
    """Where a hint was drawn: cells ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    hint: KeyHint


def key_hints(
    active: Iterable[ActiveBinding], display: Callable[[Binding], str], palette_key: str
) -> tuple[list[KeyHint], KeyHint | None]:
    """The shown keys, one per action in binding order, and the palette's key apart."""
    hints: list[KeyHint] = []
    palette: KeyHint | None = None
    actions: set[str] = set()
    for _node, binding, enabled, _tooltip in active:
        if binding.key == palette_key:
            palette = KeyHint(binding.key, display(binding), binding.description, enabled)
        elif binding.show and binding.action not in actions:
            actions.add(binding.action)
            hints.append(KeyHint(binding.key, display(binding), binding.description, enabled))
    return hints, palette


def hint_cells(hint: KeyHint, *, compact: bool = False) -> tuple[str, str]:
    """The key and description as drawn: `` ⏎ `` and ``Expand ``; compact: ``^p`` and
    `` palette `` (the palette's key, after the edge)."""
    if compact:
        return hint.display, f" {hint.description} " if hint.description else " "
    return f" {hint.display} ", f"{hint.description} " if hint.description else ""


def layout_hints(
    hints: list[KeyHint], palette: KeyHint | None, width: int
) -> tuple[list[HintSpan], HintSpan | None]:
    """Place the hints left to right in ``width`` cells, the palette's key at the right end.

    A hint that does not fit whole is left out, with all that follow it.
    """
    right: HintSpan | None = None
    room = width
    if palette is not None:
        size = cell_len(EDGE) + sum(cell_len(part) for part in hint_cells(palette, compact=True))
        if size <= width:
            right = HintSpan(width - size + cell_len(EDGE), width, palette)
            room = width - size
    spans: list[HintSpan] = []
    x = 0
    for hint in hints:
        size = sum(cell_len(part) for part in hint_cells(hint))
        if x + size > room:
            break
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
        self._hints: tuple[list[KeyHint], KeyHint | None] | None = None
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
        spans, right = layout_hints(*self._hints, self.size.width)
        self._spans = [*spans, right] if right is not None else spans
        styles = (
            self.get_component_rich_style("key-bar--key"),
            self.get_component_rich_style("key-bar--description"),
            self.get_component_rich_style("key-bar--hover"),
        )
        text = Text(no_wrap=True, overflow="crop", end="")
        for span in spans:
            self._append_hint(text, span.hint, styles)
        if right is not None:
            text.append(" " * (right.start - cell_len(EDGE) - text.cell_len))
            text.append(EDGE, self.get_component_rich_style("key-bar--edge"))
            self._append_hint(text, right.hint, styles, compact=True)
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
