"""The main screen: one day's chart and categories on the left, the detail pane on the right.

It decides which day shows and keeps the view; the list, the pane and the background
jobs (``Background``) own their state and report by message."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from ...core.models import Digest
from ...core.text import clean_line
from .. import keymap
from ..days import DayBook
from ..messages import (
    BackToList,
    CatchUpFinished,
    CategoryToggled,
    FetchFinished,
    PaperChosen,
    RowHighlighted,
    WorkerFailed,
)
from ..notices import OFFLINE, notice, show_service_notices
from ..state import DayView, Looks, ViewKeeper, ViewState
from ..widgets.background import Background
from ..widgets.category_list import CategoryList
from ..widgets.chart import DistributionChart
from ..widgets.day_header import DayHeader
from ..widgets.detail_pane import DetailPane
from ..widgets.key_bar import KeyBar
from ..widgets.list_column import ListColumn
from ..widgets.reading import Reading
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...core.service import InsightsService
    from ..state import Row
    from ..widgets.briefing_view import BriefingView
    from ..widgets.category_panel import CategoryPanel
    from .goto import GoTo

TEXT_FIELD_ACTIONS = frozenset(("filter", "goto"))  # their keys are priority bindings
WARM_UP_DELAY = 0.6  # seconds after start before the panes' modules are imported ahead
SAVE_DELAY = 1.0  # seconds the cursor rests before its row is written to state.json


class MainScreen(Screen[None]):
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
        Binding("o", "app.open_link", "Open link", id=keymap.OPEN_LINK),
        Binding("p", "app.open_link('pdf')", "Open PDF", show=False, id=keymap.OPEN_PDF),
        Binding("y", "app.copy_link", "Copy link", show=False, id=keymap.COPY_LINK),
        Binding("m", "app.move_paper", "Move to…", id=keymap.MOVE_PAPER),
        Binding("c", "toggle_chart", "Day/trend chart", id=keymap.CHART_TOGGLE),
        Binding("escape", "escape", "Clear filter / trend", id=keymap.MAIN_ESCAPE),
    ]

    def __init__(
        self,
        service: InsightsService,
        *,
        state: ViewState,
        banner: str | None = None,
        requested: dt.date | None = None,
        configured: tuple[str, str] = ("", ""),
    ) -> None:
        """``requested`` is the day the user asked for (``--date``): never left by itself;
        ``configured`` the language and theme of the config (the state keeps changes)."""
        super().__init__()
        self.service = service
        self.language = service.config.language
        self.digest: Digest | None = None
        # What state.json holds (a requested day is not from it): a view unchanged since
        # it was read is not written again.
        path = service.config.paths.state_file
        self.views = ViewKeeper(path, state, written=requested is None, configured=configured)
        self._banner = banner
        self._requested = requested
        self._touched = False  # the user moved since start: a background fetch won't jump days
        self._follow = False  # opened on the newest day by itself: may follow a newer one
        self._save_timer: Timer | None = None
        self._caught_up_from: dt.date | None = None  # the day r started a catch-up on
        self.days = DayBook(service, partial(notice, self, severity="warning"))

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        if self._banner:
            from ..widgets.banner import Banner  # a first run's: not needed to start again

            yield Banner(self._banner, id="banner")
        with Horizontal(id="body"):
            with ListColumn(id="left"):
                yield DistributionChart(self.service, id="chart", trend=self.views.state.trend)
                yield CategoryList(id="categories", sort=self.views.state.sort)
            yield DetailPane(self.service, self.language, id="detail")
        yield StatusBar(id="status")
        yield KeyBar(id="keys")
        yield Background(self.service, lambda: self.digest.day if self.digest else None)
        yield Reading()

    @property
    def categories(self) -> CategoryList:
        """The list of categories and papers."""
        return self.query_one(CategoryList)

    @property
    def pane(self) -> DetailPane:
        """The detail pane."""
        return self.query_one(DetailPane)

    def action_toggle_chart(self) -> None:
        """Switch the chart between the day's distribution and the trend of recent days."""
        self.query_one(ListColumn).toggle_trend()
        self.refresh_bindings()  # Esc now closes it

    async def on_mount(self) -> None:
        self._update_label()
        wanted = self.views.state.day
        # A big day is first drawn from the index (its counts) and its file read once that
        # frame is out (an open category shows its papers at once: read it now).
        day, digest = self.days.first(wanted, outline=not self.views.state.expanded)
        self.drain_notices()
        if digest is None and wanted is not None and wanted == self._requested:
            how = "offline" if self.service.config.offline else "press g to fetch it"
            shown = f"showing {day.isoformat()}" if day else "nothing else is cached"
            notice(self, f"{wanted.isoformat()} is not cached — {shown}; {how}", severity="warning")
        await self.show_day(day, digest=digest)
        if self.digest is not None and self.digest.outline:
            self.call_after_refresh(self.complete_day)
        self.set_timer(WARM_UP_DELAY, self.pane.warm_up)
        newest = self.days.newest()
        self._follow = self._requested is None and (
            self.digest is None or self.digest.day == newest
        )
        if not self.service.config.offline:
            self.query_one(Background).fetch(None, startup=True)

    # -- days ---------------------------------------------------------------------
    def open_digest(self, day: dt.date) -> tuple[Digest | None, bool]:
        """(digest or None when not cached, True), or (None, False) after a notice."""
        try:
            return self.days.open(day)
        finally:
            self.drain_notices()  # a corrupt file is moved aside while opening: say so

    async def complete_day(self) -> None:
        """Give a day drawn from the index its papers (called after the first frame, and
        before anything that needs the papers: opening, filtering, exporting)."""
        outline = self.digest
        if outline is None or not outline.outline:
            return
        digest, _ = self.open_digest(outline.day)
        if digest is not None:
            # reload_day replaces self.digest before it first awaits: a second call
            # (a key arriving meanwhile) finds the whole day and returns above.
            await self.reload_day(digest)
            return
        newest = self.days.newest()  # the file was corrupt (now moved aside) or is gone
        if newest is None or newest == outline.day or not await self.show_day(newest):
            await self.show_day(None)

    @property
    def follows_newest(self) -> bool:
        """True while a background fetch may switch to the newest day: the reader opened
        on the newest cached day by itself and the user has not moved since."""
        return self._follow and not self._touched and not self.categories.moved

    async def show_day(self, day: dt.date | None, *, digest: Digest | None = None) -> bool:
        """Open ``day`` from the cache (or show ``digest``, already open), as it was last
        left (its open categories, the cursor's row); False if not shown."""
        if day is None:
            digest = None
        elif digest is None or digest.day != day:
            digest, ok = self.open_digest(day)
            if not ok:
                return False
            if digest is None:
                notice(self, f"{day.isoformat()} is not cached", severity="warning")
                return False
        self._remember()  # the day left, as it was left
        view = self.views.state.view_of(day) if day is not None else DayView()
        pane = self.pane
        if pane.has_focus_within:
            self.categories.focus()  # what the pane showed is gone: back to the list
        await pane.show_day(digest)
        if self.query("#banner") and digest is not None and set(digest.sources) - {"sample"}:
            # The sample's how-to goes once a fetched day shows.
            await self.query_one("#banner").remove()
            self.refresh_bindings()
        self.digest = digest
        neighbours = self._show_frame(digest)
        categories = self.categories
        categories.show_digest(digest, list(view.expanded), keep=view.row)
        self.query_one(ListColumn).fit_chart()  # by the day's categories, just shown
        await pane.show(categories.current_row, categories.expanded)
        self.call_after_refresh(self.query_one(Reading).show_marks)
        self.query_one(StatusBar).day_shown(digest.day if digest else None)
        self.query_one(StatusBar).set_position(self.categories.position())
        self.save_view()
        if neighbours:
            self.query_one(Background).prefetch_later(neighbours)
        self.drain_notices()
        return True

    async def reload_day(self, digest: Digest, keep: Row | None = None) -> None:
        """Show a fresh ``digest`` of the day on screen: the cursor (or ``keep``), the open
        categories and the panels whose papers did not change (mid-stream, say) all stay."""
        categories = self.categories
        row = keep or categories.current_row
        self.digest = digest
        await self.pane.reload(digest)
        self._show_frame(digest)
        categories.show_digest(digest, categories.expanded, keep=row)
        self.query_one(DayHeader).set_unread(Reading.unread(digest, categories.read_ids))
        await self.pane.show(categories.current_row, categories.expanded)
        self.query_one(StatusBar).set_position(categories.position())  # an empty list: none
        self.save_view()

    def _show_frame(self, digest: Digest | None) -> list[dt.date]:
        """Header and chart for ``digest``; the cached days before and after it."""
        days = self.days.with_papers()
        at = days.index(digest.day) if digest is not None and digest.day in days else None
        fetched = self.service.fetched_at(digest.day) if digest is not None else None
        position = (at + 1, len(days)) if at is not None else None
        self.query_one(DayHeader).show(digest, position, fetched)
        self.query_one(DistributionChart).show(digest)
        return [] if at is None else days[max(0, at - 1) : at] + days[at + 1 : at + 2]

    async def _step_day(self, later: bool) -> None:
        if self.digest is None:
            notice(self, "no day on screen", severity="warning")
            return
        step, said = self.days.step(self.digest.day, later)
        if step is not None:
            self._touched = True
            if not await self.show_day(step):
                return
        if said:
            notice(self, said)

    async def action_previous_day(self) -> None:
        """Show the cached day before this one that has papers."""
        await self._step_day(later=False)

    async def action_next_day(self) -> None:
        """Show the cached day after this one that has papers."""
        await self._step_day(later=True)

    async def action_newest_day(self) -> None:
        """Show the newest cached day."""
        self._touched = True
        await self.show_day(self.days.newest())

    async def action_goto(self) -> None:
        """Ask for a date; open it, or fetch it when it is not cached."""
        from .goto import ask_for_day  # not needed to start

        await ask_for_day(self, self.service, self.digest, self._goto_answered)

    async def _goto_answered(self, answer: GoTo | None) -> None:
        if answer is None:
            return
        self._touched = True
        if answer.fetch:
            self.query_one(Background).fetch(answer.day)
        else:
            await self.show_day(answer.day)

    # -- the list and the detail pane ------------------------------------------------------
    @on(RowHighlighted)
    async def _row_highlighted(self, message: RowHighlighted) -> None:
        await self.pane.show((message.category, message.arxiv_id), self.categories.expanded)
        self.query_one(Reading).seen(message.arxiv_id)
        self.query_one(StatusBar).set_position(self.categories.position())
        self._save_soon()

    @on(PaperChosen)
    async def _paper_chosen(self, message: PaperChosen) -> None:
        self.query_one(Reading).mark([message.arxiv_id], read=True)
        await self.complete_day()
        await self.pane.show(self.categories.current_row, self.categories.expanded)
        self.pane.focus_shown()

    @on(CategoryToggled)
    async def _category_toggled(self, message: CategoryToggled) -> None:
        self._touched = True
        await self.complete_day()  # an outline's category has no papers to list yet
        if not message.expanded:
            await self.pane.close_category(message.category)
        await self.pane.show(self.categories.current_row, self.categories.expanded)
        self.save_view()

    @on(BackToList)
    def _back_to_list(self) -> None:
        self.categories.focus()

    def current_panel(self) -> CategoryPanel | BriefingView | None:
        """The panel of the highlighted category, if it is expanded."""
        return self.pane.current_panel()

    async def set_language(self, language: str) -> None:
        """Show briefings in ``language`` from now on (panels are rebuilt)."""
        self.language = language
        self.service.set_language(language)
        await self.pane.set_language(language)
        self._update_label()

    def _update_label(self) -> None:
        label = f"{self.language} · {self.service.writer_label}"
        self.query_one(StatusBar).set_label(label)

    # -- filter, links -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the filter box ``/`` and ``g`` are typed; an empty day has nothing to filter."""
        if action == "filter" and (self.digest is None or not self.digest.groups):
            return False
        if action == "escape":  # shown, and taken, only with a filter or the trend to close
            column = self.query(ListColumn)
            return bool(column) and (column.first().filtering or column.first().showing_trend)
        return not (action in TEXT_FIELD_ACTIONS and isinstance(self.focused, Input))

    async def action_filter(self) -> None:
        """Show the filter box and type into it."""
        await self.query_one(ListColumn).open_filter()
        await self.complete_day()

    def action_escape(self) -> None:
        """Back out of what is open: the filter, else the trend (then Esc goes to the app)."""
        column = self.query_one(ListColumn)
        if not column.close_filter():
            column.close_trend()
        self.refresh_bindings()

    def on_banner_dismissed(self) -> None:
        """Dismissed: not shown at the next start either (named: loaded with the banner)."""
        self.views.dismiss_banner()
        self.save_view()
        self.refresh_bindings()

    # -- fetching and exporting ----------------------------------------------------------
    def drain_notices(self) -> None:
        """Show what the service noticed lately (e.g. corrupt files it moved aside)."""
        show_service_notices(self, self.service)

    def action_refresh(self, sources: tuple[str, ...] | None = None) -> None:
        """Fetch the day on screen again: from ``sources`` when given, else from its own."""
        if self.service.config.offline:
            notice(self, OFFLINE.capitalize(), severity="warning")
            return
        day = self.digest.day if self.digest else None
        sources = sources or self.service.refresh_sources(day)  # a listing's day: its listing
        newest = day is None or day == self.days.newest()
        if newest and self.query_one(Background).catch_up(sources):  # days missing since
            self._caught_up_from = day
            return
        self.query_one(Background).fetch(day, sources=sources)

    @on(FetchFinished)
    async def _fetch_finished(self, message: FetchFinished) -> None:
        """Show the fetched day when it is the one on screen, or when the reader follows
        the newest day; otherwise say how to open it."""
        result = message.result
        if result.empty:
            return
        current = self.digest.day if self.digest else None
        if result.day == current:
            digest, ok = self.open_digest(result.day)
            if digest is not None:
                await self.reload_day(digest)
            elif ok:
                await self.show_day(None)
        elif not message.newest or current is None or self.follows_newest:
            await self.show_day(result.day)
        else:
            # The user asked for this day or moved: never switch away under them.
            notice(self, f"fetched {clean_line(result.message)} — press t to open it")
            return
        notice(self, result.message, title="Fetched")

    @on(CatchUpFinished)
    async def _caught_up(self) -> None:
        """The newest day, unless the user went elsewhere meanwhile."""
        newest, shown = self.days.newest(), self.digest.day if self.digest else None
        if newest is not None and shown == self._caught_up_from:
            await self.show_day(newest)

    async def action_export(self, everything: bool = False) -> None:
        """Export the open categories (or all); under a filter, the papers it shows."""
        await self.complete_day()
        if self.digest is None:
            notice(self, "nothing to export", severity="warning")
            return
        listed = self.categories
        shown = listed.shown_digest()  # under a filter: what the list shows
        expanded = [] if shown is not self.digest else listed.expanded
        categories = None if everything or not expanded else list(expanded)
        filtered = listed.filter_text if shown is not self.digest else ""
        self.query_one(Background).export(shown or self.digest, categories, self.language, filtered)

    @on(WorkerFailed)
    def _widget_worker_failed(self, message: WorkerFailed) -> None:
        self.query_one(Background).worker_failed(message.worker)

    # -- state ---------------------------------------------------------------------------
    def _remember(self) -> None:
        """Note the view on screen now (the first row is remembered as None)."""
        categories = self.categories
        row = categories.current_row if categories.highlighted else None
        view = DayView(tuple(categories.expanded), row)
        day = self.digest.day if self.digest else None
        looks = Looks(categories.sort, self.query_one(ListColumn).showing_trend)
        self.views.update(day, view, self.language, self.app.theme, looks)

    def save_view(self) -> None:
        """Write the view to state.json when it changed since last written."""
        self._remember()
        self.views.save()

    def _save_soon(self) -> None:
        """The cursor moved: written once it rests (not on every key), or on quitting."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_view)
