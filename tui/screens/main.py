"""The main screen: one day's chart and categories on the left, the detail on the right.

Fetching, exporting and worker failures live in :mod:`tui.screens.main_fetch`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input

from ...core.errors import InsightsError
from ...core.models import Digest
from ...core.text import safe_url
from ...core.topics.digest import paper_key
from .. import keymap
from ..messages import CategoryToggled, PaperChosen, RowHighlighted, WarmedUp
from ..notices import notice
from ..state import ViewState, save_state
from ..widgets.category_hint import CategoryHint
from ..widgets.category_list import CategoryList
from ..widgets.chart import DistributionChart
from ..widgets.day_header import DayHeader
from ..widgets.key_bar import KeyBar
from ..widgets.status_bar import StatusBar
from .main_panels import PanelsScreen

if TYPE_CHECKING:
    from ...core.service import InsightsService
    from ..widgets.briefing_view import BriefingView
    from ..widgets.category_panel import CategoryPanel
    from ..widgets.filter_input import FilterInput
    from ..widgets.paper_detail import PaperDetail

TREND_DAYS = 7
TEXT_FIELD_ACTIONS = frozenset(("filter", "goto"))  # their keys are priority bindings
PREFETCH_DELAY = 0.3  # seconds after a day is shown before its neighbours are opened
WARM_UP_DELAY = 0.6  # seconds after start before the panes' modules are imported ahead
TREND_HEIGHT = 12
OUTLINE_FROM = 300  # papers: a day this big takes 20 ms and more to read at start


class MainScreen(PanelsScreen):
    """Shows one day; every I/O step runs in a worker and answers with a message."""

    # Focused as soon as it is composed, so the first frame already shows the focused
    # cursor (a focus() in on_mount lands a frame later, after the banner's button).
    AUTO_FOCUS = "#categories"
    # g and / open a text field: as priority bindings they run before the keys typed
    # after them are handed out, so those keys go into the field (see check_action).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket,h", "previous_day", "Prev day", id=keymap.DAY_PREVIOUS),
        Binding("right_square_bracket,l", "next_day", "Next day", id=keymap.DAY_NEXT),
        Binding("t", "newest_day", "Newest", id=keymap.DAY_NEWEST),
        Binding("g", "goto", "Go to date", id=keymap.DAY_GOTO, priority=True),
        Binding("r", "refresh", "Refresh", id=keymap.DAY_REFRESH),
        Binding("e", "export", "Export", id=keymap.EXPORT),
        Binding("slash", "filter", "Filter", id=keymap.FILTER, priority=True),
        Binding("o", "open_link", "Open link", id=keymap.OPEN_LINK),
        Binding("c", "toggle_chart", "Day/trend chart", id=keymap.CHART_TOGGLE),
        Binding("escape", "escape", "Clear filter / close banner", show=False, id="main.escape"),
    ]

    def __init__(
        self,
        service: InsightsService,
        *,
        state: ViewState,
        banner: str | None = None,
        requested: dt.date | None = None,
    ) -> None:
        """``requested`` is the day the user asked for (``--date``): never left by itself."""
        super().__init__()
        self.service = service
        self.language = service.config.language
        self.digest: Digest | None = None
        self._state = state
        # What state.json holds, when known (a requested day is not from it): a view
        # unchanged since it was read is not written again.
        self._saved: ViewState | None = state if requested is None else None
        self._banner = banner
        self._requested = requested
        self._panels: dict[str, CategoryPanel] = {}  # a panel of its own: streams, failures
        # One line-API view, kept mounted, shows whichever expanded category has a cached
        # summary: changing its lines is far cheaper than mounting a panel each time.
        self._shared: BriefingView | None = None
        self._shared_for: str | None = None  # the category it shows now
        self._scrolled: dict[str, float] = {}  # where it was scrolled, per open category
        self._panel_serial = 0
        self._prerender_timer: Timer | None = None
        self._prerendered: tuple[object, str, set[str]] = (None, "", set())
        self._prerender_first: str | None = None
        self._touched = False  # the user moved since start: a background fetch won't jump days
        self._follow = False  # opened on the newest day by itself: may follow a newer one
        self._trend = False  # the chart shows the last TREND_DAYS cached days instead of one
        self._prefetch_timer: Timer | None = None

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        if self._banner:
            from ..widgets.banner import Banner  # a first run's: not needed to start again

            yield Banner(self._banner, id="banner")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield DistributionChart(self._draw_chart, id="chart")
                yield CategoryList(id="categories")
            with ContentSwitcher(id="detail", initial="detail-hint"):
                yield CategoryHint(id="detail-hint")
        yield StatusBar(id="status")
        yield KeyBar(id="keys")

    def _draw_chart(self, digest: Digest, width: int, height: int | None) -> str:
        if self._trend:
            return self.service.trend_chart(TREND_DAYS, width, height or TREND_HEIGHT)
        return self.service.distribution_chart(digest, width, height)

    def action_toggle_chart(self) -> None:
        """Switch the chart between the day's distribution and the trend of recent days."""
        self._trend = not self._trend
        self.query_one(DistributionChart).show(
            self.digest, lines=TREND_HEIGHT if self._trend else None
        )

    async def on_mount(self) -> None:
        self._update_label()
        wanted = self._state.day
        first = wanted if wanted is not None else self._newest()
        # A big day is first drawn from the index (its counts) and its file read once that
        # frame is out; otherwise parse it once here and hand it to show_day.
        digest = self._outline(first) if first is not None else None
        if digest is None and wanted is not None:
            digest = self.open_digest(wanted)[0]
        day = first if digest is not None else self._newest()
        if digest is None and wanted is not None and wanted == self._requested:
            how = "offline" if self.service.config.offline else "press g to fetch it"
            shown = f"showing {day.isoformat()}" if day else "nothing else is cached"
            notice(self, f"{wanted.isoformat()} is not cached — {shown}; {how}", severity="warning")
        await self.show_day(day, expanded=list(self._state.expanded), digest=digest)
        if self.digest is not None and self.digest.outline:
            self.call_after_refresh(self.complete_day)
        self.set_timer(WARM_UP_DELAY, self._warm_up)
        newest = self._newest()
        self._follow = self._requested is None and (
            self.digest is None or self.digest.day == newest
        )
        if not self.service.config.offline:
            self.fetch(None, newest=True)

    # -- days ---------------------------------------------------------------------
    def _outline(self, day: dt.date) -> Digest | None:
        """``day`` from the index when it is big enough to be worth it and nothing is open."""
        if self._state.expanded:
            return None  # an open category shows papers in the first frame
        with contextlib.suppress(InsightsError):  # then the day file is read as usual
            outline = self.service.outline_day(day)
            if outline is not None and (not outline.outline or outline.paper_count >= OUTLINE_FROM):
                return outline
        return None

    async def complete_day(self) -> None:
        """Give a day drawn from the index its papers (called after the first frame, and
        before any key or click is handled, so no action ever sees an outline)."""
        outline = self.digest
        if outline is None or not outline.outline:
            return
        digest, _ = self.open_digest(outline.day)
        if digest is not None:
            # reload_day replaces self.digest before it first awaits: a second call
            # (a key arriving meanwhile) finds the whole day and returns above.
            await self.reload_day(digest)
            return
        newest = self._newest()  # the file was corrupt (now moved aside) or is gone
        if newest is None or newest == outline.day or not await self.show_day(newest):
            await self.show_day(None)

    @property
    def follows_newest(self) -> bool:
        """True while a background fetch may switch to the newest day: the reader opened
        on the newest cached day by itself and the user has not moved since."""
        return self._follow and not self._touched and not self.query_one(CategoryList).moved

    async def show_day(
        self,
        day: dt.date | None,
        expanded: list[str] | None = None,
        *,
        digest: Digest | None = None,
    ) -> bool:
        """Open ``day`` from the cache (or show ``digest``, already open); False if not shown."""
        if day is None:
            digest = None
        elif digest is None or digest.day != day:
            digest, ok = self.open_digest(day)
            if not ok:
                return False
            if digest is None:
                notice(self, f"{day.isoformat()} is not cached", severity="warning")
                return False
        await self._drop_panels()
        self.digest = digest
        neighbours = self._show_frame(digest)
        categories = self.query_one(CategoryList)
        categories.show_digest(digest, expanded or [])
        await self._show_detail(categories.current_row)
        self._save()
        if neighbours is not None:
            self._schedule_prefetch(list(neighbours))
        if self._shared is not None:
            self._schedule_prerender()  # the new day's overviews and briefings
        self.drain_notices()
        return True

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Import what opening a category needs (Rich's Markdown, both panes, Textual's
        Markdown widget: ~50 ms), the two dialogs, the filter box and the paper pane while
        the reader sits idle after start, not on the first key. They are kept out of start
        itself, which they slow."""
        import rich.markdown  # noqa: F401
        from textual.widgets import Markdown  # noqa: F401

        from ..widgets import (
            paper_detail,  # noqa: F401
        )

        self.post_message(WarmedUp())

    @on(WarmedUp)
    async def _warmed_up(self) -> None:
        """Mount the view that shows overviews and cached briefings, if none is yet, so the
        day's briefings are drawn ahead while the reader is idle: their first opening is
        then a repaint too."""
        if self._shared is not None or self.digest is None or not self.digest.groups:
            return
        switchers = self.query(ContentSwitcher)
        if not switchers or not switchers.first().is_attached:
            return  # the reader is closing (q pressed while the imports ran)
        from ..widgets.briefing_view import BriefingView

        switcher = switchers.first()
        group = self.digest.groups[0]
        self._shared = BriefingView(
            self.service, self.digest, group, self.language, None, id="panel-cached"
        )
        await switcher.add_content(self._shared)
        if switcher.current == "detail-hint":
            await self._show_detail(self.query_one(CategoryList).current_row)
        self._schedule_prerender()

    def _schedule_prefetch(self, days: list[dt.date | None]) -> None:
        """Open the neighbours once the screen has settled: a thread parsing them while
        the first frame is drawn would slow that frame (they share the GIL)."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_DELAY, lambda: self._prefetch(days))

    async def reload_day(self, digest: Digest) -> None:
        """Show a fresh ``digest`` of the day on screen: the cursor, the open categories and
        the panels whose papers did not change (a summary mid-stream, say) all stay."""
        categories = self.query_one(CategoryList)
        row = categories.current_row
        stale = []
        for name, panel in list(self._panels.items()):
            group = digest.group(name)
            if group is not None and paper_key(group.papers) == paper_key(panel.group.papers):
                panel.rebind(digest, group)
            else:
                stale.append(self._panels.pop(name))
        self._shared_for = None  # shown again from the fresh digest below
        if stale:
            self.query_one(ContentSwitcher).current = "detail-hint"
            for panel in stale:
                await panel.remove()  # cancels its summary worker
        self.digest = digest
        self._show_frame(digest)
        categories.show_digest(digest, categories.expanded, keep=row)
        await self._show_detail(categories.current_row)
        self._save()

    def _show_frame(self, digest: Digest | None) -> tuple[dt.date | None, dt.date | None] | None:
        """Header and chart for ``digest``; the cached days before and after it, if listed."""
        days = [day for day, count in self._index() if count]
        at = days.index(digest.day) if digest is not None and digest.day in days else None
        self.query_one(DayHeader).show(digest, (at + 1, len(days)) if at is not None else None)
        self.query_one(DistributionChart).show(digest, lines=TREND_HEIGHT if self._trend else None)
        if at is None:
            return None
        return (days[at - 1] if at > 0 else None, days[at + 1] if at + 1 < len(days) else None)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, days: list[dt.date | None]) -> None:
        """Open the neighbouring days in the background so [ and ] answer at once."""
        # An unreadable day is said when the user steps onto it; a guess ahead stays quiet.
        with contextlib.suppress(InsightsError):
            self.service.prefetch(days)

    # -- the list and the detail pane ------------------------------------------------------
    @on(RowHighlighted)
    async def _row_highlighted(self, message: RowHighlighted) -> None:
        await self._show_detail((message.category, message.arxiv_id))

    @on(PaperChosen)
    async def _paper_chosen(self) -> None:
        await self._paper_pane()
        self.query_one("#paper-scroll").focus()

    @on(CategoryToggled)
    async def _category_toggled(self, message: CategoryToggled) -> None:
        self._touched = True
        if not message.expanded:
            panel = self._panels.pop(message.category, None)
            if panel is not None:
                await panel.remove()  # cancels its summary worker
            self._scrolled.pop(message.category, None)
            if self._shared_for == message.category:
                self._shared_for = None  # read the cache again when it is reopened
        await self._show_detail(self.query_one(CategoryList).current_row)
        self._save()

    async def _show_detail(self, row: tuple[str, str | None] | None) -> None:
        switcher = self.query_one(ContentSwitcher)
        categories = self.query_one(CategoryList)
        group = categories.group_of(row[0]) if row else None
        if row is None or group is None or self.digest is None:
            self.query_one(CategoryHint).show(None)
            switcher.current = "detail-hint"
            return
        category, arxiv_id = row
        if arxiv_id is not None:
            paper = next((p for p in group.papers if p.arxiv_id == arxiv_id), None)
            if paper is not None:
                (await self._paper_pane()).show(paper, group)
                self.query_one("#paper-scroll").scroll_home(animate=False)
                switcher.current = "paper-scroll"
            return
        if category in categories.expanded:
            panel = self._panels.get(category) or await self._show_cached(group)
            if panel is None:
                panel = await self._own_panel(group)
            if panel.is_attached:
                switcher.current = panel.id
            return
        shared = self._shared
        if shared is not None:
            # The pane that shows briefings shows the overview too: opening the category
            # then changes its lines, not which pane shows (no layout of the screen).
            if self._shared_for is not None:
                self._scrolled[self._shared_for] = shared.scroll_y
                self._shared_for = None
            shared.show_overview(self.digest, group)
            switcher.current = shared.id
            self._schedule_prerender(resting_on=group.name)
            return
        self.query_one(CategoryHint).show(group)
        switcher.current = "detail-hint"

    async def _paper_pane(self) -> PaperDetail:
        """The paper pane, mounted when a paper is first shown: two widgets fewer to mount
        and style before the first frame."""
        from ..widgets.paper_detail import PaperDetail

        found = self.query(PaperDetail)
        if found:
            return found.first()
        detail = PaperDetail(id="paper")
        await self.query_one(ContentSwitcher).add_content(VerticalScroll(detail, id="paper-scroll"))
        return detail

    def _update_label(self) -> None:
        label = f"{self.language} · {self.service.summarizer_label}"
        self.query_one(StatusBar).set_label(label)

    # -- filter, links, export -------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` and ``g`` in the filter box (a text field) are typed, not commands."""
        return not (action in TEXT_FIELD_ACTIONS and isinstance(self.focused, Input))

    async def action_filter(self) -> None:
        """Show the filter box and type into it."""
        box = await self._filter_box()
        box.display = True
        # At once, not through focus() (which waits its turn behind the keys already
        # queued): what is typed right after / goes into the box, not to the list.
        self.set_focus(box)

    async def _filter_box(self) -> FilterInput:
        """The filter box, mounted when first asked for: an Input mounted at start would
        delay the first frame by about 15 ms (its stylesheet, its cursor)."""
        from ..widgets.filter_input import FilterInput

        boxes = self.query(FilterInput)
        if boxes:
            return boxes.first()
        box = FilterInput(id="filter")
        await self.query_one("#left").mount(box, before=self.query_one(CategoryList))
        return box

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(CategoryList).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(CategoryList).focus()

    def on_filter_input_cleared(self) -> None:
        """Escape in the filter box (named, not ``@on``: the box's module loads with it)."""
        self.query_one("#filter").display = False
        self.query_one(CategoryList).set_filter("")
        self.query_one(CategoryList).focus()

    async def action_escape(self) -> None:
        """Clear the filter if it shows, else close the banner."""
        boxes = self.query("#filter")
        if boxes and boxes.first().display:
            from ..widgets.filter_input import FilterInput

            boxes.first(FilterInput).action_clear_filter()
        elif self.query("#banner"):
            from ..widgets.banner import Banner

            await self.query_one("#banner", Banner).close()

    def action_open_link(self) -> None:
        """Open the highlighted paper's abstract page (http(s) links only)."""
        row = self.query_one(CategoryList).current_row
        group = self.query_one(CategoryList).group_of(row[0]) if row else None
        if row is None or row[1] is None or group is None:
            notice(self, "choose a paper first", severity="warning")
            return
        paper = next(p for p in group.papers if p.arxiv_id == row[1])
        url = safe_url(paper.abs_url)
        if not url:
            notice(self, "this paper has no http(s) link", severity="warning")
            return
        self.app.open_url(url)

    # -- state ---------------------------------------------------------------------------
    def _save(self) -> None:
        day = self.digest.day if self.digest else None
        expanded = tuple(self.query_one(CategoryList).expanded)
        state = ViewState(day, expanded)
        if state != self._saved:
            save_state(self.service.config.paths.state_file, state)
            self._saved = state
