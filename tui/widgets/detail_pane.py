"""The right pane: what the list's cursor is on, a category's briefing or a paper.

It owns the panels that show briefings (one shared line-API view for cached ones, a
panel of its own for each that streams), where each was scrolled, and the timers that
draw the day's briefings ahead while the reader is idle.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher

from ...core.errors import InsightsError
from ...core.service import OFFLINE_WRITER
from .. import keymap
from ..messages import BackToList, WarmedUp
from ..notices import NO_CATEGORY, notice
from .category_hint import CategoryHint

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.await_complete import AwaitComplete
    from textual.timer import Timer
    from textual.widget import Widget

    from ...core.models import CategoryGroup, Digest
    from ...core.service import InsightsService
    from .briefing_view import BriefingView
    from .category_panel import CategoryPanel
    from .paper_detail import PaperDetail

Row = tuple[str, str | None]  # (category, arxiv_id or None for the category row)

PRERENDER_DELAY = 0.3  # seconds after a cached briefing shows before others are drawn ahead
PRERENDER_STEP = 0.05  # seconds between two categories drawn ahead
PRERENDER_RESTING = 0.05  # seconds the cursor rests on a closed category before it is drawn
HINT_ID = "detail-hint"
PAPER_ID = "paper-scroll"
SHARED_ID = "panel-cached"


class DetailPane(ContentSwitcher):
    """Shows the row it is given; keeps the day's panels and draws briefings ahead."""

    # Keys while the focus is in the pane (the paper or a briefing): the way back first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,left,enter", "back", "Back to list", id=keymap.PANE_BACK),
        Binding("k", "scroll_up", "Up", show=False, id=keymap.PANE_UP),
        Binding("j", "scroll_down", "Down", show=False, id=keymap.PANE_DOWN),
        Binding("home", "top", "Top", show=False, id=keymap.PANE_TOP),
        Binding("end", "bottom", "Bottom", show=False, id=keymap.PANE_BOTTOM),
    ]

    def __init__(self, service: InsightsService, language: str, *, id: str | None = None) -> None:
        super().__init__(id=id, initial=HINT_ID)
        self.service = service
        self.language = language
        self.digest: Digest | None = None
        self._row: Row | None = None  # the row shown, and which categories were open
        self._expanded: frozenset[str] = frozenset()
        self._panels: dict[str, CategoryPanel] = {}  # a panel of its own: streams, failures
        # One line-API view, kept mounted, shows whichever expanded category has a cached
        # briefing (and every closed one's overview): changing its lines is far cheaper
        # than mounting a panel each time.
        self._shared: BriefingView | None = None
        self._shared_for: str | None = None  # the open category it shows now
        self._scrolled: dict[str, float] = {}  # where it was scrolled, per open category
        self._serial = 0
        self._prerender_timer: Timer | None = None
        self._prerendered: tuple[object, str, set[str]] = (None, "", set())
        self._prerender_first: str | None = None
        self._paper: PaperDetail | None = None  # mounted when a paper is first shown
        self._paper_mounted: AwaitComplete | None = None

    def compose(self) -> ComposeResult:
        yield CategoryHint(id=HINT_ID)

    # -- what the screen tells it ---------------------------------------------------------
    async def show_day(self, digest: Digest | None) -> None:
        """A new day: every panel of the last one goes (their briefings stop)."""
        await self._drop_panels()
        self.digest = digest
        if self._shared is not None:
            self._schedule_prerender()  # the new day's overviews and briefings

    def empty_reason(self, digest: Digest | None) -> str:
        """Why ``digest`` (None: no day) has nothing to show."""
        from ..day_gaps import empty_reason

        return empty_reason(digest, self.service.config.offline)

    async def reload(self, digest: Digest) -> None:
        """A fresh ``digest`` of the day shown: panels whose papers did not change stay
        (a briefing mid-stream, say), the others go."""
        from ...core.topics.digest import paper_key

        stale = []
        for name, panel in list(self._panels.items()):
            group = digest.group(name)
            if group is not None and paper_key(group.papers) == paper_key(panel.group.papers):
                panel.rebind(digest, group)
            else:
                stale.append(self._panels.pop(name))
        self._shared_for = None  # shown again from the fresh digest
        if stale:
            self.current = HINT_ID
            for panel in stale:
                await panel.remove()  # cancels its briefing worker
        self.digest = digest

    async def show(self, row: Row | None, expanded: Collection[str]) -> None:
        """Show what belongs to the list's ``row``; ``expanded`` are its open categories."""
        self._row, self._expanded = row, frozenset(expanded)
        digest = self.digest
        group = digest.group(row[0]) if row and digest else None
        if row is None or group is None or digest is None:
            empty = "" if digest is not None and digest.groups else self.empty_reason(digest)
            if row == ("", None) and digest is not None and digest.groups:
                empty = "No paper of this day matches the filter.\nEsc clears it."
            self.query_one(CategoryHint).show(None, empty)
            self.current = HINT_ID
            return
        category, arxiv_id = row
        if arxiv_id is not None:
            paper = next((p for p in group.papers if p.arxiv_id == arxiv_id), None)
            if paper is not None:
                (await self._paper_pane()).show(paper, group)
                self.query_one(f"#{PAPER_ID}").scroll_home(animate=False)
                self.current = PAPER_ID
            return
        if category in self._expanded and not digest.outline:
            panel = self._panels.get(category) or await self._show_cached(group)
            if panel is None:
                panel = await self._own_panel(group)
            if panel.is_attached:
                self.current = panel.id
            return
        shared = self._shared
        if shared is not None and shared.is_attached:  # (not while it is being mounted)
            # The pane that shows briefings shows the overview too: opening the category
            # then changes its lines, not which pane shows (no layout of the screen).
            if self._shared_for is not None:
                self._scrolled[self._shared_for] = shared.scroll_y
                self._shared_for = None
            shared.show_overview(digest, group)
            self.current = shared.id
            self._schedule_prerender(resting_on=group.name)
            return
        self.query_one(CategoryHint).show(group)
        self.current = HINT_ID

    async def close_category(self, category: str) -> None:
        """``category`` was closed in the list: its own panel goes, its scroll is forgotten."""
        panel = self._panels.pop(category, None)
        if panel is not None:
            await panel.remove()  # cancels its briefing worker
        self._scrolled.pop(category, None)
        if self._shared_for == category:
            self._shared_for = None  # read the cache again when it is reopened

    async def set_language(self, language: str) -> None:
        """Briefings in ``language`` from now on: every panel is built again."""
        self.language = language
        await self._drop_panels()
        await self.show(self._row, self._expanded)

    def current_panel(self) -> CategoryPanel | BriefingView | None:
        """The panel of the row shown, when that is an open category."""
        row = self._row
        if row is None or row[1] is not None or row[0] not in self._expanded:
            return None
        if row[0] == self._shared_for:
            return self._shared
        return self._panels.get(row[0])

    def regenerate(self) -> bool:
        """Write the briefing of the open category of the row (its own row or one of its
        papers) again, bypassing the cache; False when the row is in no open category."""
        row, digest = self._row, self.digest
        group = digest.group(row[0]) if row and digest and row[0] in self._expanded else None
        if group is None:
            notice(self, NO_CATEGORY, severity="warning")
            return False
        if self.service.writer_label == OFFLINE_WRITER:
            notice(self, f"no model is set: the offline extract of {group.name} is written again")
        else:
            notice(self, f"writing the briefing of {group.name} again…")
        own = self._panels.get(group.name)
        if own is not None:
            own.regenerate()
        else:
            # The shared view never streams: the category gets a panel of its own.
            self.call_later(self._regenerate_apart, group)
        return True

    async def _regenerate_apart(self, group: CategoryGroup) -> None:
        await self._own_panel(group, regenerate=True)
        await self.show(self._row, self._expanded)

    @property
    def shown(self) -> Widget | None:
        """The widget showing now (the paper, a briefing, or the hint)."""
        return self.visible_content

    def focus_shown(self) -> None:
        """Put the focus in what shows, to scroll it with the keys."""
        shown = self.visible_content
        if shown is not None and shown.focusable:
            shown.focus()

    # -- keys, while the focus is in the pane ---------------------------------------------
    def action_back(self) -> None:
        """Back to the list (Escape, ← or Enter)."""
        self.post_message(BackToList())

    def _scrolled_widget(self) -> Widget | None:
        shown = self.visible_content
        return shown if shown is not None and shown.has_focus else None

    def action_scroll_up(self) -> None:
        """k: up a line."""
        if (shown := self._scrolled_widget()) is not None:
            shown.scroll_up(animate=False)

    def action_scroll_down(self) -> None:
        """j: down a line."""
        if (shown := self._scrolled_widget()) is not None:
            shown.scroll_down(animate=False)

    def action_top(self) -> None:
        """Home: the top."""
        if (shown := self._scrolled_widget()) is not None:
            shown.scroll_home(animate=False)

    def action_bottom(self) -> None:
        """End: the bottom."""
        if (shown := self._scrolled_widget()) is not None:
            shown.scroll_end(animate=False)

    # -- warming up after start -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Import what opening a category needs (Rich's Markdown, both panes, Textual's
        Markdown widget: ~50 ms) while the reader sits idle after start, not on the first
        key; the dialogs and the filter box too. They are kept out of start, which they slow."""
        import rich.markdown  # noqa: F401
        from textual.widgets import Markdown  # noqa: F401

        from ..screens import goto, help  # noqa: F401
        from . import briefing_view, category_panel, filter_input, paper_detail  # noqa: F401

        self.post_message(WarmedUp())

    @on(WarmedUp)
    async def _warmed_up(self) -> None:
        """Mount the view that shows overviews and cached briefings, so the day's
        briefings are drawn ahead while the reader is idle: their first opening is then
        a repaint too."""
        digest = self.digest
        if self._shared is not None or digest is None or not digest.groups:
            return
        if not self.is_attached:
            return  # the reader is closing (q pressed while the imports ran)
        from .briefing_view import BriefingView

        group = digest.groups[0]
        self._shared = BriefingView(self.service, digest, group, self.language, None, id=SHARED_ID)
        await self.add_content(self._shared)
        if self.current == HINT_ID:
            await self.show(self._row, self._expanded)
        self._schedule_prerender()

    # -- panels -----------------------------------------------------------------------------
    async def _paper_pane(self) -> PaperDetail:
        """The paper pane, mounted when a paper is first shown: two widgets fewer to mount
        and style before the first frame."""
        if self._paper is None:
            from .paper_detail import PaperDetail

            # Kept before the mount is awaited: a second call meanwhile (a restored row
            # and the list's highlight) waits for the same mount instead of a second one.
            self._paper = PaperDetail(id="paper")
            self._paper_mounted = self.add_content(VerticalScroll(self._paper, id=PAPER_ID))
        if self._paper_mounted is not None:
            await self._paper_mounted
        return self._paper

    async def _show_cached(self, group: CategoryGroup) -> BriefingView | None:
        """The shared view showing ``group``'s cached briefing; None when it has none."""
        digest = self.digest
        assert digest is not None
        shared = self._shared
        if shared is not None and self._shared_for == group.name:
            return shared
        try:
            briefing = self.service.cached_briefing(digest, group.name, self.language)
        except InsightsError:
            return None  # a panel of its own says so calmly
        if briefing is None:
            return None
        if shared is None:
            from .briefing_view import BriefingView

            shared = BriefingView(
                self.service, digest, group, self.language, briefing, id=SHARED_ID
            )
            self._shared = shared
            self._scrolled.pop(group.name, None)
            await self.add_content(shared)
        else:
            if self._shared_for is not None:
                self._scrolled[self._shared_for] = shared.scroll_y
            scroll_y = self._scrolled.pop(group.name, 0.0)
            shared.show_cached(digest, group, self.language, briefing, scroll_y=scroll_y)
        self._shared_for = group.name
        self._schedule_prerender()
        return shared

    async def _own_panel(self, group: CategoryGroup, *, regenerate: bool = False) -> CategoryPanel:
        """A panel of ``group``'s own, which streams its briefing and lives until closed."""
        if self._shared_for == group.name:
            self._shared_for = None
        self._serial += 1
        # Imported here: its Markdown widget costs ~40 ms, a cost only the first
        # briefing that streams should pay, not every start.
        from .category_panel import CategoryPanel

        assert self.digest is not None
        panel = CategoryPanel(
            self.service,
            self.digest,
            group,
            self.language,
            regenerate=regenerate,
            id=f"panel-{self._serial}",
        )
        self._panels[group.name] = panel
        await self.add_content(panel)
        return panel

    async def _drop_panels(self) -> None:
        panels = list(self._panels.values())
        self._panels.clear()
        self._shared_for = None  # the shared view stays mounted, hidden, for the next one
        self._scrolled.clear()
        if self.current in {panel.id for panel in panels}:
            self.current = HINT_ID  # the shared view may stay: it is shown again
        for panel in panels:
            await panel.remove()

    # -- drawing ahead ----------------------------------------------------------------------
    def _schedule_prerender(self, resting_on: str | None = None) -> None:
        """Draw ahead once the reader is idle; the category the cursor rests on (a closed
        one, whose Enter is likely next) first and sooner, then the rest of the day."""
        if self._prerender_timer is not None:
            self._prerender_timer.stop()
        self._prerender_first = resting_on
        delay = PRERENDER_RESTING if resting_on is not None else PRERENDER_DELAY
        self._prerender_timer = self.set_timer(delay, self._prerender_next)

    def prerendered_names(self) -> frozenset[str]:
        """The categories of the day shown whose lines are drawn ahead."""
        digest, language, done = self._prerendered
        return (
            frozenset(done) if (digest, language) == (self.digest, self.language) else frozenset()
        )

    def _prerender_next(self) -> None:
        """Render ahead the lines of one more category of the day shown (its overview and
        its cached briefing), then come back after a pause: moving onto a category and
        opening it become repaints, and a key pressed meanwhile waits a few ms at most."""
        shared, digest = self._shared, self.digest
        if shared is None or digest is None or digest.outline:
            return
        if not shared.has_size:
            if shared.display:  # shown, but not laid out yet: come back after its first frame
                self._prerender_timer = self.set_timer(PRERENDER_STEP, self._prerender_next)
            return  # hidden (another pane shows): drawn ahead once it shows
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
                briefing = self.service.cached_briefing(digest, group.name, self.language)
            except InsightsError:
                briefing = None  # said when the category is opened
            if briefing is not None:
                drew = shared.prerender(digest, group, briefing) or drew
            if drew:
                self._prerender_timer = self.set_timer(PRERENDER_STEP, self._prerender_next)
                return
