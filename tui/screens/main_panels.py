"""The detail panels of the main screen: one shared line-API view for cached summaries,
and a panel of its own for each category whose summary streams (or failed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import ContentSwitcher

from ...core.errors import InsightsError
from ...core.models import CategoryGroup
from ..notices import notice
from ..widgets.category_list import CategoryList
from .main_days import DaySteppingScreen

PRERENDER_DELAY = 0.3  # seconds after a cached briefing shows before others are drawn ahead
PRERENDER_STEP = 0.05  # seconds between two categories drawn ahead
PRERENDER_RESTING = 0.05  # seconds the cursor rests on a closed category before it is drawn

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..widgets.briefing_view import BriefingView
    from ..widgets.category_panel import CategoryPanel


class PanelsScreen(DaySteppingScreen):
    """Which panel shows an expanded category, and the panels' lifetimes."""

    _panels: dict[str, CategoryPanel]
    _shared: BriefingView | None
    _shared_for: str | None
    _scrolled: dict[str, float]
    _panel_serial: int
    _prerender_timer: Timer | None
    _prerendered: tuple[object, str, set[str]]  # (digest, language, categories done)
    _prerender_first: str | None  # the category drawn ahead before the others

    # -- provided by MainScreen --------------------------------------------------------
    async def _show_detail(self, row: tuple[str, str | None] | None) -> None:
        """Show what belongs to ``row`` in the detail pane."""
        raise NotImplementedError

    def _update_label(self) -> None:
        """Refresh the status line's language and summariser label."""
        raise NotImplementedError

    # -- panels ----------------------------------------------------------------------------
    async def _show_cached(self, group: CategoryGroup) -> BriefingView | None:
        """The shared view showing ``group``'s cached summary; None when it has none."""
        assert self.digest is not None
        shared = self._shared
        if shared is not None and self._shared_for == group.name:
            return shared
        try:
            summary = self.service.cached_summary(self.digest, group.name, self.language)
        except InsightsError:
            return None  # a panel of its own says so calmly
        if summary is None:
            return None
        if shared is None:
            from ..widgets.briefing_view import BriefingView

            shared = BriefingView(
                self.service, self.digest, group, self.language, summary, id="panel-cached"
            )
            self._shared = shared
            self._scrolled.pop(group.name, None)
            await self.query_one(ContentSwitcher).add_content(shared)
        else:
            if self._shared_for is not None:
                self._scrolled[self._shared_for] = shared.scroll_y
            scroll_y = self._scrolled.pop(group.name, 0.0)
            shared.show_cached(self.digest, group, self.language, summary, scroll_y=scroll_y)
        self._shared_for = group.name
        self._schedule_prerender()
        return shared

    def _schedule_prerender(self, resting_on: str | None = None) -> None:
        """Draw ahead once the reader is idle; the category the cursor rests on (a closed
        one, whose Enter is likely next) first and sooner, then the rest of the day."""
        if self._prerender_timer is not None:
            self._prerender_timer.stop()
        self._prerender_first = resting_on
        delay = PRERENDER_RESTING if resting_on is not None else PRERENDER_DELAY
        self._prerender_timer = self.set_timer(delay, self._prerender_next)

    def _prerender_next(self) -> None:
        """Render ahead the lines of one more category of the day shown (its overview and
        its cached briefing), then come back after a pause: moving onto a category and
        opening it become repaints, and a key pressed meanwhile waits a few ms at most."""
        shared, digest = self._shared, self.digest
        if shared is None or digest is None:
            return
        if not shared.has_size:
            if shared.display:  # shown, but not laid out yet: come back after its first frame
                self._prerender_timer = self.set_timer(PRERENDER_STEP, self._prerender_next)
            return  # hidden (another pane shows): drawn ahead once it shows (_show_detail)
        if self._prerendered[:2] != (digest, self.language):
            self._prerendered = (digest, self.language, set())
        done = self._prerendered[2]
        first = self._prerender_first
        for group in sorted(digest.groups, key=lambda group: group.name != first):
            if group.name in done:
                continue
            done.add(group.name)
            drew = shared.prerender(digest, group, None)
            try:
                summary = self.service.cached_summary(digest, group.name, self.language)
            except InsightsError:
                summary = None  # said when the category is opened
            if summary is not None:
                drew = shared.prerender(digest, group, summary) or drew
            if drew:
                self._prerender_timer = self.set_timer(PRERENDER_STEP, self._prerender_next)
                return

    async def _own_panel(self, group: CategoryGroup, *, regenerate: bool = False) -> CategoryPanel:
        """A panel of ``group``'s own, which streams its summary and lives until collapsed."""
        if self._shared_for == group.name:
            self._shared_for = None
        self._panel_serial += 1
        # Imported here: its Markdown widget costs ~40 ms, a cost only the first
        # summary that streams should pay, not every start.
        from ..widgets.category_panel import CategoryPanel

        assert self.digest is not None
        panel = CategoryPanel(
            self.service,
            self.digest,
            group,
            self.language,
            regenerate=regenerate,
            id=f"panel-{self._panel_serial}",
        )
        self._panels[group.name] = panel
        await self.query_one(ContentSwitcher).add_content(panel)
        return panel

    async def _drop_panels(self) -> None:
        panels = list(self._panels.values())
        self._panels.clear()
        self._shared_for = None  # the shared panel stays mounted, hidden, for the next one
        self._scrolled.clear()
        switcher = self.query_one(ContentSwitcher)
        if switcher.current in {panel.id for panel in panels}:
            switcher.current = "detail-hint"  # the shared view may stay: it is shown again
        for panel in panels:
            await panel.remove()

    def current_panel(self) -> CategoryPanel | BriefingView | None:
        """The panel of the highlighted category, if it is expanded."""
        categories = self.query_one(CategoryList)
        row = categories.current_row
        if row is None or row[0] not in categories.expanded:
            return None
        if row[0] == self._shared_for:
            return self._shared
        return self._panels.get(row[0])

    async def set_language(self, language: str) -> None:
        """Show summaries in ``language`` from now on (panels are rebuilt)."""
        self.language = language
        self.service.set_language(language)
        await self._drop_panels()
        await self._show_detail(self.query_one(CategoryList).current_row)
        self._update_label()

    def regenerate_summary(self) -> None:
        """Write the highlighted category's summary again, bypassing the cache."""
        panel = self.current_panel()
        if panel is None:
            notice(self, "open a category first (Enter)", severity="warning")
            return
        own = self._panels.get(panel.group.name)
        if own is not None and own is panel:
            own.regenerate()
        else:
            # The shared view never streams: the category gets a panel of its own.
            self.call_later(self._regenerate_apart, panel.group)

    async def _regenerate_apart(self, group: CategoryGroup) -> None:
        await self._own_panel(group, regenerate=True)
        await self._show_detail(self.query_one(CategoryList).current_row)
