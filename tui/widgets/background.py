"""The reader's background work: fetching days, writing exports, reading days ahead.

Each job runs in a worker of this (never drawn) widget and answers it by message; it
says how the job went on the status line and in notices. The messages bubble on to the
screen, which decides what a fetched day changes on screen.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from ...core.errors import InsightsError
from ...core.text import clean_line
from .. import jobs
from ..display import written_line
from ..messages import (
    CatchUpFinished,
    CatchUpProgress,
    ExportFailed,
    ExportFinished,
    FetchFailed,
    FetchFinished,
    NothingExported,
)
from ..notices import error_line, notice, show_service_notices
from .status_bar import StatusBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...core.models import Digest
    from ...core.service import InsightsService

TOAST_WIDTH = 60  # cells of a notice, at most half the screen (Textual's Toast)
PREFETCH_DELAY = 0.3  # seconds after a day is shown before its neighbours are opened
# What an unexpected error in each worker group is called in its notice.
FAILURE_TITLES = {
    "fetch": "Fetch failed",
    "export": "Export failed",
    "briefing": "Briefing failed",
    "prefetch": "Reading a day failed",
}


class Background(Widget):
    """Runs the jobs; ``shown`` tells which day is on screen (for what a failure kept)."""

    def __init__(
        self,
        service: InsightsService,
        shown: Callable[[], dt.date | None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.service = service
        self._shown = shown
        self._prefetch_timer: Timer | None = None

    @property
    def status(self) -> StatusBar:
        """The screen's status line."""
        return self.screen.query_one(StatusBar)

    # -- fetching ----------------------------------------------------------------------
    def fetch(
        self, day: dt.date | None, *, startup: bool = False, sources: tuple[str, ...] | None = None
    ) -> None:
        """Fetch ``day`` (None: the newest announced); ``startup`` marks the start-up
        fetch, which nobody asked for: it fails calmly."""
        from ...core.sources.names import short_source

        origin = f" from {', '.join(map(short_source, sources))}" if sources else ""
        what = day.isoformat() if day else "the newest day"
        self.status.busy(f"fetching {what}{origin}…")
        job = jobs.fetch(self.service, day, sources, self.post_message, startup=startup)
        self.run_worker(job, group="fetch", exclusive=True, exit_on_error=False)

    @on(FetchFailed)
    def _fetch_failed(self, message: FetchFailed) -> None:
        reason = clean_line(message.message)
        if message.startup:
            # Every launch without a network would otherwise open on a red toast.
            shown = self._shown()
            kept = f"showing the cached {shown:%a} {shown.isoformat()}" if shown else "no day"
            # Short enough for 80 columns: the header names the day, the notice the reason.
            said = "newest day not fetched; cached day shown" if shown else "newest day not fetched"
            self.status.idle(said, day=shown)
            notice(self, f"could not fetch the newest day ({reason}); {kept}", severity="warning")
        else:
            self.status.idle(f"fetch failed: {reason}")
            notice(self, reason, title="Fetch failed", severity="error")
        show_service_notices(self, self.service)

    @on(FetchFinished)
    def _fetch_finished(self, message: FetchFinished) -> None:
        """Say how it went; the screen (the message bubbles on) shows the day."""
        result = message.result
        self.status.idle(clean_line(result.message))
        for warning in result.warnings:
            notice(self, warning, severity="warning")
        show_service_notices(self, self.service)
        if result.empty:
            notice(self, result.message)

    # -- catching up -------------------------------------------------------------------
    def catch_up(self, sources: tuple[str, ...] | None) -> bool:
        """Fetch the days missing since the newest fetched one (up to 14), oldest first,
        from ``sources`` (None: the configured ones); False when none is missing, or when
        a source is a file or a feed (a day of its own, not a calendar)."""
        from ...core.catchup import auto_since, plan
        from ...core.config import SOURCE_NAMES

        names = sources or self.service.config.sources
        if any(name.strip().lower() not in SOURCE_NAMES for name in names):
            return False
        try:
            since = auto_since(self.service)
            days = plan(self.service, since).missing if since is not None else ()
        except InsightsError:
            return False  # the plain fetch says what is wrong
        if not days:
            return False
        self.status.busy(f"catching up {len(days)} days since {days[0].isoformat()}…")
        job = jobs.catch_up(self.service, days, sources, self.post_message)
        self.run_worker(job, group="fetch", exclusive=True, exit_on_error=False)
        return True

    @on(CatchUpProgress)
    def _catch_up_progress(self, message: CatchUpProgress) -> None:
        self.status.busy(f"catching up {message.done}/{message.total}: {message.line.text()}")

    @on(CatchUpFinished)
    def _catch_up_finished(self, message: CatchUpFinished) -> None:
        """Say how it went; the screen (the message bubbles on) shows the newest day."""
        lines = message.lines
        papers = sum(line.papers for line in lines)
        fetched = sum(1 for line in lines if not line.failed)
        failed = next((line for line in lines if line.failed), None)
        briefing = f"caught up {fetched} of {len(lines)} days, {papers} papers"
        self.status.idle(briefing)
        for line in lines:
            for warning in line.warnings:
                notice(self, warning, severity="warning")
        if failed is not None:
            notice(self, clean_line(failed.text()), title="Catch-up stopped", severity="error")
        else:
            notice(self, briefing, title="Caught up")
        show_service_notices(self, self.service)

    # -- exporting and reading ahead ---------------------------------------------------
    def export(
        self,
        digest: Digest,
        categories: Sequence[str] | None,
        language: str,
        filtered: str = "",
    ) -> None:
        """Write ``digest`` (its ``categories``, or all) in a thread; ``filtered``: the
        filter that made it, which leaves the briefings out (saying why)."""
        job = partial(
            jobs.export, self.service, digest, categories, language, self.post_message, filtered
        )
        self.run_worker(job, thread=True, group="export", exclusive=True, exit_on_error=False)

    @on(ExportFinished)
    def _export_finished(self, message: ExportFinished) -> None:
        width = min(TOAST_WIDTH, self.app.size.width // 2) - 4  # its border and padding
        notice(self, written_line(message.result, width), title="Exported")

    @on(NothingExported)
    def _nothing_exported(self, message: NothingExported) -> None:
        notice(self, message.reason, severity="warning")  # not a failure: nothing to write

    @on(ExportFailed)
    def _export_failed(self, message: ExportFailed) -> None:
        notice(self, message.message, title="Export failed", severity="error")

    def prefetch_later(self, days: list[dt.date]) -> None:
        """Open ``days`` once the screen has settled: a thread parsing them while a frame
        is drawn would slow that frame (they share the GIL)."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_DELAY, partial(self.prefetch, days))

    def prefetch(self, days: list[dt.date]) -> None:
        """Open ``days`` in a thread so stepping onto them answers at once."""
        job = partial(self._open_quietly, days)
        self.run_worker(job, thread=True, group="prefetch", exclusive=True, exit_on_error=False)

    def _open_quietly(self, days: list[dt.date]) -> None:
        # An unreadable day is said when the user steps onto it; a guess ahead stays quiet.
        with contextlib.suppress(InsightsError):
            self.service.prefetch(days)

    # -- workers that failed unexpectedly ------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any error a job did not expect becomes one notice; a prefetch may find notices
        (a corrupt file moved aside)."""
        if event.state is WorkerState.ERROR:
            self.worker_failed(event.worker)
        elif event.state is WorkerState.SUCCESS and event.worker.group == "prefetch":
            show_service_notices(self, self.service)

    def worker_failed(self, worker: Worker[object]) -> None:
        """Say that ``worker`` (of any widget) died of an unexpected error."""
        line = error_line(worker.error) if worker.error is not None else "unknown error"
        if worker.group == "fetch":
            self.status.idle(f"fetch failed: {line}")
        elif worker.group == "briefing":
            crashed = getattr(worker.node, "briefing_crashed", None)
            if callable(crashed):
                crashed(line)
        notice(self, line, title=FAILURE_TITLES.get(worker.group, "Failed"), severity="error")
        show_service_notices(self, self.service)
