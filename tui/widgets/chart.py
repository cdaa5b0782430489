"""The category chart, drawn to fit its pane each time the pane is painted: the shown
day's distribution, or (``c``) each category's share over the days around it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from ...core.errors import InsightsError
from ...core.models import Digest
from ...core.text import strip_controls
from ...core.topics.chart import days_trend_chart, distribution_chart

if TYPE_CHECKING:
    from ...core.service import InsightsService

TREND_DAYS = 7
TREND_HEIGHT = 22  # the plot, its legend and what moved; app.tcss caps it


class DistributionChart(Widget):
    """Plot text from the service, shown as plain text (never markup).

    The chart is drawn when the widget renders, at its size then: it is in the same
    frame as the rest of the screen, the first frame included (a chart drawn on the
    first resize event would come one frame later). A new size marks the widget dirty,
    so a resize draws again; the same digest at the same size is drawn once.
    """

    def __init__(
        self, service: InsightsService, *, id: str | None = None, trend: bool = False
    ) -> None:
        super().__init__(id=id, markup=False, classes="-trend" if trend else "")
        self.service = service
        self.trend = trend  # the shares over TREND_DAYS days instead of the day's counts
        self._digest: Digest | None = None
        self._drawn: tuple[tuple[object, ...], Text] | None = None
        self._column = (0, 0)  # the list column's content size, for the trend's height

    def toggle_trend(self) -> None:
        """Switch between the day's distribution and the trend of the days around it."""
        self.trend = not self.trend
        self.set_class(self.trend, "-trend")
        self.show(self._digest)

    def fit_trend(self, width: int, height: int) -> None:
        """Fit the trend to a column's content ``width`` x ``height``: the stylesheet's
        share of it for a plot, or just the lines of the table of sparklines the trend
        becomes where a plot would be a few rows (80x24), so the list keeps the rest."""
        self._column = (width, height)
        if self.trend:
            self.show(self._digest)

    def _trend_rows(self) -> int:
        width, height = self._column
        width -= self.styles.padding.left + self.styles.padding.right
        most = min(TREND_HEIGHT, height * 3 // 4 - 1)  # app.tcss: 75 %, less the border
        if self._digest is None or width < 10 or most < 3:
            return TREND_HEIGHT
        lines = len(self._plot(self._digest, width, most).plain.splitlines())
        return lines if lines < most else TREND_HEIGHT

    def show(self, digest: Digest | None) -> None:
        """Chart ``digest`` (None clears the chart) in as many lines as it has categories
        (the trend in its own height); the stylesheet caps the height."""
        self._digest = digest
        rows = self._trend_rows() if self.trend else (len(digest.topics) + 1 if digest else 0)
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
        key = (self._digest, self.trend, width, height)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = key, self._plot(self._digest, width, height)
        return self._drawn[1]

    def _plot(self, digest: Digest, width: int, height: int) -> Text:
        try:
            if self.trend:
                days = self.service.days()
                chart = days_trend_chart(days, digest.day, TREND_DAYS, width, height)
            else:
                chart = distribution_chart(digest.category_counts, width, height)
        except InsightsError as error:
            chart = f"chart unavailable: {error}"
        # Plot text could carry anything; strip escapes and cut lines to the pane.
        lines = [strip_controls(line)[:width] for line in chart.splitlines()[:height]]
        return Text("\n".join(lines), no_wrap=True, overflow="crop")
