"""The main screen: one day's chart and categories on the left, the detail on the right."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static

from core.errors import InsightsError
from core.models import Digest
from core.text import clean_line, safe_url
from tui import keymap
from tui.display import emoji
from tui.messages import (
    CategoryToggled,
    ExportFailed,
    ExportFinished,
    FetchFailed,
    FetchFinished,
    PaperChosen,
    RowHighlighted,
)
from tui.screens.goto import GoTo, GoToDateScreen
from tui.state import ViewState, save_state
from tui.widgets.banner import Banner
from tui.widgets.category_list import CategoryList
from tui.widgets.chart import DistributionChart
from tui.widgets.day_header import DayHeader
from tui.widgets.filter_input import FilterInput
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from core.service import InsightsService
    from tui.widgets.category_panel import CategoryPanel

HINT = "Enter, Space or → opens a category and writes its summary; ← closes it."
TREND_DAYS = 7
TREND_HEIGHT = 12


class MainScreen(Screen[None]):
    """Shows one day; every I/O step runs in a worker and answers with a message."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket,h", "previous_day", "Prev day", id=keymap.DAY_PREVIOUS),
        Binding("right_square_bracket,l", "next_day", "Next day", id=keymap.DAY_NEXT),
        Binding("t", "newest_day", "Newest", id=keymap.DAY_NEWEST),
        Binding("g", "goto", "Go to date", id=keymap.DAY_GOTO),
        Binding("r", "refresh", "Refresh", id=keymap.DAY_REFRESH),
        Binding("e", "export", "Export", id=keymap.EXPORT),
        Binding("slash", "filter", "Filter", id=keymap.FILTER),
        Binding("o", "open_link", "Open link", id=keymap.OPEN_LINK),
        Binding("c", "toggle_chart", "Day/trend chart", id=keymap.CHART_TOGGLE),
        Binding("escape", "escape", "Clear filter / close banner", show=False, id="main.escape"),
    ]

    def __init__(
        self, service: InsightsService, *, state: ViewState, banner: str | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self.language = service.config.language
        self.digest: Digest | None = None
        self._state = state
        self._banner = banner
        self._panels: dict[str, CategoryPanel] = {}
        self._panel_serial = 0
        self._touched = False  # the user moved since start: a background fetch won't jump days
        self._trend = False  # the chart shows the last TREND_DAYS cached days instead of one

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        if self._banner:
            yield Banner(self._banner, id="banner")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield DistributionChart(self._draw_chart, id="chart")
                yield FilterInput(id="filter")
                yield CategoryList(id="categories")
            with ContentSwitcher(id="detail", initial="detail-hint"):
                yield Static(Text(HINT, style="dim"), id="detail-hint")
                with VerticalScroll(id="paper-scroll"):
                    yield PaperDetail(id="paper")
        yield StatusBar(id="status")
        yield Footer()

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
        self.query_one("#filter").display = False
        self._update_label()
        day = self._state.day
        # Parse the remembered day once and hand it to show_day (a 1,000-paper day costs ~17 ms).
        digest = self.service.open_day(day) if day is not None else None
        if digest is None:
            day = self.service.newest_day()
        await self.show_day(day, expanded=list(self._state.expanded), digest=digest)
        self.query_one(CategoryList).focus()
        if not self.service.config.offline:
            self.fetch(None, newest=True)

    # -- days ---------------------------------------------------------------------
    async def show_day(
        self,
        day: dt.date | None,
        expanded: list[str] | None = None,
        *,
        digest: Digest | None = None,
    ) -> bool:
        """Open ``day`` from the cache (or show ``digest``, already open); False if not cached."""
        if digest is None or digest.day != day:
            digest = self.service.open_day(day) if day else None
        if day is not None and digest is None:
            self.notify(f"{day.isoformat()} is not cached", severity="warning")
            return False
        await self._drop_panels()
        self.digest = digest
        days = [info.day for info in self.service.days() if info.count]
        position = (days.index(day) + 1, len(days)) if day in days else None
        self.query_one(DayHeader).show(digest, position)
        self.query_one(DistributionChart).show(digest, lines=TREND_HEIGHT if self._trend else None)
        categories = self.query_one(CategoryList)
        categories.show_digest(digest, expanded or [])
        await self._show_detail(categories.current_row)
        self._save()
        if position is not None:
            before = days[position[0] - 2] if position[0] > 1 else None
            after = days[position[0]] if position[0] < len(days) else None
            self._prefetch([before, after])
        return True

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, days: list[dt.date | None]) -> None:
        """Open the neighbouring days in the background so [ and ] answer at once."""
        self.service.prefetch(days)

    async def _step_day(self, later: bool) -> None:
        if self.digest is None:
            self.notify("no day on screen", severity="warning")
            return
        current = self.digest.day
        step = self.service.next_day(current) if later else self.service.previous_day(current)
        if step is None:
            self.notify(f"no {'later' if later else 'earlier'} day with papers is cached")
            return
        low, high = sorted((current, step))
        skipped = [i.day for i in self.service.days() if low < i.day < high and not i.count]
        self._touched = True
        await self.show_day(step)
        if skipped:
            listed = ", ".join(d.isoformat() for d in skipped[:3])
            self.notify(f"skipped {len(skipped)} day(s) without papers: {listed}")

    async def action_previous_day(self) -> None:
        await self._step_day(later=False)

    async def action_next_day(self) -> None:
        await self._step_day(later=True)

    async def action_newest_day(self) -> None:
        self._touched = True
        await self.show_day(self.service.newest_day())

    def action_goto(self) -> None:
        initial = self.digest.day.isoformat() if self.digest else ""
        dialog = GoToDateScreen(
            lambda day: self.service.open_day(day) is not None,
            offline=self.service.config.offline,
            initial=initial,
        )
        self.app.push_screen(dialog, self._goto_answered)

    async def _goto_answered(self, answer: GoTo | None) -> None:
        if answer is None:
            return
        self._touched = True
        if answer.fetch:
            self.fetch(answer.day)
        else:
            await self.show_day(answer.day)

    # -- fetching ---------------------------------------------------------------------
    def action_refresh(self, sources: tuple[str, ...] | None = None) -> None:
        if self.service.config.offline:
            self.notify("offline: fetching is turned off", severity="warning")
            return
        self.fetch(self.digest.day if self.digest else None, sources=sources)

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def fetch(
        self, day: dt.date | None, newest: bool = False, sources: tuple[str, ...] | None = None
    ) -> None:
        """Fetch ``day`` (None: the newest announced) and report with a message."""
        status = self.query_one(StatusBar)
        origin = f" from {', '.join(sources)}" if sources else ""
        status.busy(f"fetching {day.isoformat() if day else 'the newest day'}{origin}…")
        try:
            result = await self.service.fetch_day(day, sources)
        except InsightsError as error:
            self.post_message(FetchFailed(str(error)))
        else:
            self.post_message(FetchFinished(result, newest))

    @on(FetchFailed)
    def _fetch_failed(self, message: FetchFailed) -> None:
        reason = clean_line(message.message)
        self.query_one(StatusBar).idle(f"fetch failed: {reason}")
        self.notify(reason, title="Fetch failed", severity="error")

    @on(FetchFinished)
    async def _fetch_finished(self, message: FetchFinished) -> None:
        result = message.result
        self.query_one(StatusBar).idle(clean_line(result.message))
        for warning in result.warnings:
            self.notify(clean_line(warning), severity="warning")
        if result.empty:
            self.notify(clean_line(result.message))
            return
        current = self.digest.day if self.digest else None
        if result.day == current:
            await self.show_day(result.day, self.query_one(CategoryList).expanded)
        elif not message.newest or not self._touched or current is None:
            await self.show_day(result.day)
        else:
            self.notify(f"{clean_line(result.message)} — press t to open it")
        self.notify(clean_line(result.message), title="Fetched")

    # -- the list and the detail pane ------------------------------------------------------
    @on(RowHighlighted)
    async def _row_highlighted(self, message: RowHighlighted) -> None:
        await self._show_detail((message.category, message.arxiv_id))

    @on(PaperChosen)
    def _paper_chosen(self) -> None:
        self.query_one("#paper-scroll").focus()

    @on(CategoryToggled)
    async def _category_toggled(self, message: CategoryToggled) -> None:
        self._touched = True
        if not message.expanded:
            panel = self._panels.pop(message.category, None)
            if panel is not None:
                await panel.remove()  # cancels its summary worker
        await self._show_detail(self.query_one(CategoryList).current_row)
        self._save()

    async def _show_detail(self, row: tuple[str, str | None] | None) -> None:
        switcher = self.query_one(ContentSwitcher)
        categories = self.query_one(CategoryList)
        group = categories.group_of(row[0]) if row else None
        if row is None or group is None or self.digest is None:
            switcher.current = "detail-hint"
            return
        category, arxiv_id = row
        if arxiv_id is not None:
            paper = next((p for p in group.papers if p.arxiv_id == arxiv_id), None)
            if paper is not None:
                self.query_one(PaperDetail).show(paper, group)
                self.query_one("#paper-scroll").scroll_home(animate=False)
                switcher.current = "paper-scroll"
            return
        if category in categories.expanded:
            panel = self._panels.get(category)
            if panel is None:
                # Imported here: its Markdown widget costs ~40 ms, a cost only the first
                # expanded category should pay, not every start.
                from tui.widgets.category_panel import CategoryPanel

                self._panel_serial += 1
                panel = CategoryPanel(
                    self.service,
                    self.digest,
                    group,
                    self.language,
                    id=f"panel-{self._panel_serial}",
                )
                self._panels[category] = panel
                await switcher.add_content(panel)
            if panel.is_attached:
                switcher.current = panel.id
            return
        hint = self.query_one("#detail-hint", Static)
        text = Text()
        text.append(f"{emoji(group.category)} ")
        text.append(clean_line(group.name), style="bold")
        text.append(f"  {group.count} papers\n")
        text.append(clean_line(group.category.description) + "\n\n", style="italic")
        text.append(HINT, style="dim")
        hint.update(text)
        switcher.current = "detail-hint"

    async def _drop_panels(self) -> None:
        panels = list(self._panels.values())
        self._panels.clear()
        self.query_one(ContentSwitcher).current = "detail-hint"
        for panel in panels:
            await panel.remove()

    def current_panel(self) -> CategoryPanel | None:
        """The panel of the highlighted category, if it is expanded."""
        row = self.query_one(CategoryList).current_row
        return self._panels.get(row[0]) if row else None

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
            self.notify("open a category first (Enter)", severity="warning")
            return
        panel.regenerate()

    def _update_label(self) -> None:
        label = f"{self.language} · {self.service.summarizer_label}"
        self.query_one(StatusBar).set_label(label)

    # -- filter, links, export -------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(CategoryList).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(CategoryList).focus()

    @on(FilterInput.Cleared)
    def _filter_cleared(self) -> None:
        box = self.query_one(FilterInput)
        box.display = False
        self.query_one(CategoryList).set_filter("")
        self.query_one(CategoryList).focus()

    async def action_escape(self) -> None:
        box = self.query_one(FilterInput)
        if box.display:
            box.action_clear_filter()
        elif self.query("#banner"):
            await self.query_one(Banner).close()

    def action_open_link(self) -> None:
        row = self.query_one(CategoryList).current_row
        group = self.query_one(CategoryList).group_of(row[0]) if row else None
        if row is None or row[1] is None or group is None:
            self.notify("choose a paper first", severity="warning")
            return
        paper = next(p for p in group.papers if p.arxiv_id == row[1])
        url = safe_url(paper.abs_url)
        if not url:
            self.notify("this paper has no http(s) link", severity="warning")
            return
        self.app.open_url(url)

    def action_export(self, everything: bool = False) -> None:
        if self.digest is None:
            self.notify("nothing to export", severity="warning")
            return
        expanded = self.query_one(CategoryList).expanded
        self.export(self.digest, None if everything or not expanded else list(expanded))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self, digest: Digest, categories: list[str] | None) -> None:
        """Write the export in a thread (files and SVG); report with a message."""
        try:
            path = self.service.export(digest, categories=categories, language=self.language)
        except InsightsError as error:
            self.post_message(ExportFailed(str(error)))
        else:
            self.post_message(ExportFinished(path))

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        self.notify(f"wrote {message.path}", title="Exported")

    @on(ExportFailed)
    def _export_failed(self, message: ExportFailed) -> None:
        self.notify(clean_line(message.message), title="Export failed", severity="error")

    # -- state ---------------------------------------------------------------------------
    def _save(self) -> None:
        day = self.digest.day if self.digest else None
        expanded = tuple(self.query_one(CategoryList).expanded)
        save_state(self.service.config.paths.state_file, ViewState(day, expanded))
