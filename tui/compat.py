"""Where the reader leans on how Textual works inside, beyond what its API promises.

Everything here uses public names, but relies on behaviour Textual does not document
(which reactive lays the screen out, how a scroll view sizes its scrollbars). A Textual
upgrade that changes it fails ``tests/app/test_compat.py``, one test per function, not
the reader at large. No other module of ``tui/`` assigns to or overrides a private
attribute of Textual or Rich.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_scroll_size(view: ScrollView, size: Size) -> None:
    """Give a line-API ``view`` a new scrollable (virtual) size without a screen layout.

    Assigning ``virtual_size`` lays out the whole screen (the reactive is declared with
    ``layout=True``), a full repaint. The list and the briefing pane never change their
    own size with their content and their vertical scrollbar always shows, so once laid
    out they need only the reactive set quietly, their scrollbar told the new size, the
    scroll offset kept in range, and a repaint of their own.
    """
    if view.virtual_size == size:
        return
    if not view.size or not view.is_attached:
        view.virtual_size = size  # never laid out yet: the first layout sizes it
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.window_size = view.container_size.height - view.scrollbar_size_horizontal
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()
