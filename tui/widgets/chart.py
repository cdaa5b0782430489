"""The category distribution chart, redrawn to fit its pane whenever the pane changes size."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.widgets import Static

from core.errors import InsightsError
from core.models import Digest

ChartFunction = Callable[[Digest, int, int | None], str]


class DistributionChart(Static):
    """Plot text from the service, shown as plain text (never markup)."""

    def __init__(self, draw: ChartFunction, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._draw = draw
        self._digest: Digest | None = None
        self._drawn_for: tuple[object, int, int] | None = None

    def show(self, digest: Digest | None, *, lines: int | None = None) -> None:
        """Chart ``digest`` (None clears the chart) in ``lines`` lines, or as many as it has
        categories; the stylesheet caps the height."""
        self._digest = digest
        rows = lines if lines is not None else (len(digest.groups) + 1 if digest else 0)
        self.styles.height = max(rows + 1, 4)  # + the bottom border
        self._drawn_for = None  # what is drawn may change without the digest changing
        self._redraw()

    def on_resize(self, event: events.Resize) -> None:
        """Redraw to the new size (plot text has a fixed width)."""
        self._redraw()

    def _redraw(self) -> None:
        width, height = self.content_region.width, self.content_region.height
        if self._digest is None or width < 10 or height < 3:
            self.update("", layout=False)
            self._drawn_for = None
            return
        key = (self._digest, width, height)
        if key == self._drawn_for:
            return
        try:
            chart = self._draw(self._digest, width, height)
        except InsightsError as error:
            chart = f"chart unavailable: {error}"
        # Plot text could carry anything; strip escapes and cut lines to the pane.
        lines = [Text.from_ansi(line).plain[:width] for line in chart.splitlines()[:height]]
        # Its height is set in show() (that lays the screen out when it changes); the
        # text is cut to the pane, so drawing it never does.
        self.update(Text("\n".join(lines), no_wrap=True, overflow="crop"), layout=False)
        self._drawn_for = key
