"""The category distribution chart, drawn to fit its pane each time the pane is painted."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget

from ...core.errors import InsightsError
from ...core.models import Digest
from ...core.text import strip_controls

ChartFunction = Callable[[Digest, int, int | None], str]


class DistributionChart(Widget):
    """Plot text from the service, shown as plain text (never markup).

    The chart is drawn when the widget renders, at its size then: it is in the same
    frame as the rest of the screen, the first frame included (a chart drawn on the
    first resize event would come one frame later). A new size marks the widget dirty,
    so a resize draws again; the same digest at the same size is drawn once.
    """

    def __init__(self, draw: ChartFunction, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._draw = draw
        self._digest: Digest | None = None
        self._drawn: tuple[tuple[object, int, int], Text] | None = None

    def show(self, digest: Digest | None, *, lines: int | None = None) -> None:
        """Chart ``digest`` (None clears the chart) in ``lines`` lines, or as many as it has
        categories; the stylesheet caps the height."""
        self._digest = digest
        rows = lines if lines is not None else (len(digest.groups) + 1 if digest else 0)
        # Its height comes from here (a change lays the screen out); the text is cut to
        # the pane, so drawing it never does.
        self.styles.height = max(rows + 1, 4)  # + the bottom border
        self._drawn = None  # what is drawn may change without the digest changing
        self.refresh()

    def render(self) -> Text:
        """The chart for the digest shown, at the pane's size now."""
        width, height = self.content_size
        if self._digest is None or width < 10 or height < 3:
            return Text()
        key = (self._digest, width, height)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = key, self._plot(self._digest, width, height)
        return self._drawn[1]

    def _plot(self, digest: Digest, width: int, height: int) -> Text:
        try:
            chart = self._draw(digest, width, height)
        except InsightsError as error:
            chart = f"chart unavailable: {error}"
        # Plot text could carry anything; strip escapes and cut lines to the pane.
        lines = [strip_controls(line)[:width] for line in chart.splitlines()[:height]]
        return Text("\n".join(lines), no_wrap=True, overflow="crop")
