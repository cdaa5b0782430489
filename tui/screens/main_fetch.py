"""The fetching, exporting and error-handling half of the main screen.

:class:`MainScreen` derives from :class:`FetchingScreen`; this half starts the background
work, answers its messages and turns any unexpected worker error into one notice
(harlequin's single ``Worker.StateChanged`` handler).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ...core.errors import InsightsError
from ...core.models import Digest
from ...core.text import clean_line
from ..messages import (
    ExportFailed,
    ExportFinished,
    FetchFailed,
    FetchFinished,
    WorkerFailed,
)
from ..notices import error_line, notice, show_service_notices
from ..widgets.category_list import CategoryList
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from ...core.service import InsightsService

# What an unexpected error in each worker group is called in its notice.
FAILURE_TITLES = {
    "fetch": "Fetch failed",
    "export": "Export failed",
    "summary": "Summary failed",
    "prefetch": "Reading a day failed",
}


class FetchingScreen(Screen[None]):
    """Fetch and export workers, their answers, and worker failures."""

    service: InsightsService
    digest: Digest | None
    language: str

    # -- provided by MainScreen --------------------------------------------------------
    async def show_day(
        self,
        day: dt.date | None,
        expanded: list[str] | None = None,
        *,
        digest: Digest | None = None,
    ) -> bool:
        """Open ``day``; False if it could not be shown."""
        raise NotImplementedError

    async def reload_day(self, digest: Digest) -> None:
        """Show a fresh ``digest`` of the day on screen, keeping what did not change."""
        raise NotImplementedError

    def open_digest(self, day: dt.date) -> tuple[Digest | None, bool]:
        """(digest or None when not cached, True), or (None, False) after a notice."""
        raise NotImplementedError

    @property
    def follows_newest(self) -> bool:
        """True while a background fetch may switch the reader to the newest day."""
        raise NotImplementedError

    # -- notices -------------------------------------------------------------------------
    def drain_notices(self) -> None:
        """Show what the service noticed lately (e.g. corrupt files it moved aside)."""
        show_service_notices(self, self.service)

    # -- fetching --------------------------------------------------------------------------
    def action_refresh(self, sources: tuple[str, ...] | None = None) -> None:
        """Fetch the day on screen again: from ``sources`` when given, else from its own."""
        if self.service.config.offline:
            notice(self, "offline: fetching is turned off", severity="warning")
            return
        day = self.digest.day if self.digest else None
        self.fetch(day, sources=sources or self.service.refresh_sources(day))

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def fetch(
        self, day: dt.date | None, newest: bool = False, sources: tuple[str, ...] | None = None
    ) -> None:
        """Fetch ``day`` (None: the newest announced) and report with a message.

        ``newest`` marks the start-up fetch, which nobody asked for: it fails calmly.
        """
        status = self.query_one(StatusBar)
        from ...core.sources.names import short_source

        origin = f" from {', '.join(map(short_source, sources))}" if sources else ""
        status.busy(f"fetching {day.isoformat() if day else 'the newest day'}{origin}…")
        try:
            result = await self.service.fetch_day(day, sources)
        except InsightsError as error:
            self.post_message(FetchFailed(str(error), startup=newest))
        else:
            self.post_message(FetchFinished(result, newest))

    @on(FetchFailed)
    def _fetch_failed(self, message: FetchFailed) -> None:
        reason = clean_line(message.message)
        status = self.query_one(StatusBar)
        if message.startup:
            # Every launch without a network would otherwise open on a red toast.
            kept = f"kept the cached {self.digest.day.isoformat()}" if self.digest else "no day"
            status.idle(f"offline? {kept}")
            notice(self, f"offline? {kept}: {reason}", severity="warning")
        else:
            status.idle(f"fetch failed: {reason}")
            notice(self, reason, title="Fetch failed", severity="error")
        self.drain_notices()

    @on(FetchFinished)
    async def _fetch_finished(self, message: FetchFinished) -> None:
        result = message.result
        self.query_one(StatusBar).idle(clean_line(result.message))
        for warning in result.warnings:
            notice(self, warning, severity="warning")
        self.drain_notices()
        if result.empty:
            notice(self, result.message)
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

    # -- export ------------------------------------------------------------------------------
    def action_export(self, everything: bool = False) -> None:
        """Export the open categories (all of them with ``everything`` or none open)."""
        if self.digest is None:
            notice(self, "nothing to export", severity="warning")
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
        notice(self, f"wrote {message.path}", title="Exported")

    @on(ExportFailed)
    def _export_failed(self, message: ExportFailed) -> None:
        notice(self, message.message, title="Export failed", severity="error")

    # -- workers that failed unexpectedly ------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any error a worker did not expect becomes one notice; prefetches may find notices."""
        if event.state is WorkerState.ERROR:
            self._worker_failed(event.worker)
        elif event.state is WorkerState.SUCCESS and event.worker.group == "prefetch":
            self.drain_notices()

    @on(WorkerFailed)
    def _widget_worker_failed(self, message: WorkerFailed) -> None:
        self._worker_failed(message.worker)

    def _worker_failed(self, worker: Worker[object]) -> None:
        line = error_line(worker.error) if worker.error is not None else "unknown error"
        if worker.group == "fetch":
            self.query_one(StatusBar).idle(f"fetch failed: {line}")
        elif worker.group == "summary":
            crashed = getattr(worker.node, "summary_crashed", None)
            if callable(crashed):
                crashed(line)
        notice(self, line, title=FAILURE_TITLES.get(worker.group, "Failed"), severity="error")
        self.drain_notices()
