"""Changing a line-API view's scrollable size without laying out the screen again."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_scroll_size(view: ScrollView, size: Size) -> None:
    """Give ``view`` a new scrollable (virtual) size.

    Assigning ``virtual_size`` makes Textual lay out the whole screen again, which costs
    a full repaint. The list and the briefing pane never change their own size with
    their content (their size comes from the layout, their scrollbars always show), so
    once laid out they only need their scrollbars updated and a repaint of their own.
    """
    if view.virtual_size == size:
        return
    if not view.size or not view.is_attached:
        view.virtual_size = size  # never laid out yet: the first layout sizes it
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)
    view.refresh()
