"""The left column: the chart, the filter bar (when asked for) and the category list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical

from .category_list import CategoryList

CHART_SHARE = 0.35  # of the column's height at most (app.tcss: #chart max-height)
OUTSIDE_ROWS = 3  # rows of the screen above and below the column: header, status, keys

if TYPE_CHECKING:
    from .filter_input import FilterBar


class ListColumn(Vertical):
    """Holds the list and runs its filter: the bar is mounted when first asked for (an
    Input mounted at start would delay the first frame by about 15 ms)."""

    @property
    def categories(self) -> CategoryList:
        """The list of categories and papers."""
        return self.query_one(CategoryList)

    def fit_chart(self) -> None:
        """Show the chart when all the day's categories fit in it (a third of the column),
        or the trend when asked for (``c``); else hide it and draw a small bar after each
        category's count in the list."""
        from .chart import DistributionChart

        categories = self.categories
        chart = self.query_one(DistributionChart)
        groups = len(categories.digest.topics) if categories.digest else 0
        # Before the first layout the column has no size yet: judge by the screen's
        # (less the header, status line and key bar), so that the first frame already
        # looks as the settled one; the resize that follows corrects the guess.
        height = self.size.height or self.screen.size.height - OUTSIDE_ROWS
        fits = groups + 2 <= height * CHART_SHARE
        compact = not (fits or chart.trend)
        if chart.display == compact or categories.bars != compact:
            chart.display = not compact
            categories.bars = compact
            categories.refresh()
        if chart.trend:
            chart.fit_trend(self.content_size.width or self.screen.size.width, height)

    def toggle_trend(self) -> None:
        """Switch the chart between the day's distribution and the trend (``c``)."""
        from .chart import DistributionChart

        self.query_one(DistributionChart).toggle_trend()
        self.fit_chart()

    def close_trend(self) -> bool:
        """Back from the trend to the day's chart; False when it was not showing."""
        from .chart import DistributionChart

        if not self.query_one(DistributionChart).trend:
            return False
        self.toggle_trend()
        return True

    @property
    def showing_trend(self) -> bool:
        """True while the chart shows the trend of recent days."""
        from .chart import DistributionChart

        return self.query_one(DistributionChart).trend

    def on_resize(self) -> None:
        """The chart, or the bars in the list, for the new height."""
        self.fit_chart()

    @property
    def filtering(self) -> bool:
        """True while the filter bar shows."""
        bars = self.query("#filter-bar")
        return bool(bars) and bars.first().display

    async def open_filter(self) -> None:
        """Show the filter bar and type into it."""
        from .filter_input import FilterBar

        bars = self.query(FilterBar)
        if bars:
            bar = bars.first()
        else:
            bar = FilterBar(id="filter-bar")
            await self.mount(bar, before=self.categories)
        bar.display = True
        # At once, not through focus() (which waits its turn behind the keys already
        # queued): what is typed right after / goes into the box, not to the list.
        self.screen.set_focus(bar.box)

    def close_filter(self) -> bool:
        """Clear and hide the filter; False when it was not showing."""
        if not self.filtering:
            return False
        from .filter_input import FilterBar

        self.query_one(FilterBar).box.action_clear_filter()
        return True

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        """Narrow the list (named, not ``@on``: the bar's module loads with the bar)."""
        message.stop()
        categories = self.categories
        matches = categories.set_filter(message.text)
        total = categories.digest.paper_count if categories.digest else 0
        message.bar.show_count(matches, total)

    def on_filter_bar_done(self, message: FilterBar.Done) -> None:
        """Enter in the box: back to the list, the filter kept."""
        message.stop()
        self.categories.focus()

    def on_filter_bar_closed(self, message: FilterBar.Closed) -> None:
        """Escape in the box: the filter is gone."""
        message.stop()
        self.categories.set_filter("")
        self.categories.focus()
