"""The right pane for one expanded category: its streamed briefing, usage and sources."""

from __future__ import annotations

import asyncio
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...core.briefings.record import Briefing
from ...core.errors import InsightsError
from ...core.models import CategoryGroup, Digest
from ...core.text import clean_line, clean_multiline, safe_url
from ..messages import WorkerFailed
from ..notices import notice, show_service_notices
from .briefing_text import (
    briefing_markdown,
    check_text,
    fallback_note,
    group_texts,
    sources_text,
    usage_line,
)

if TYPE_CHECKING:
    from textual.widgets import Markdown
    from textual.widgets.markdown import MarkdownStream

    from ...core.service import InsightsService


class _RenderedOnce:
    """A Rich renderable whose segments are kept per width.

    Textual renders a Static's content once to measure its height and again to paint it;
    a briefing's Markdown costs a few ms each time, so the second time reuses the first.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._segments: dict[tuple[int, str], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, str(options.justify))
        segments = self._segments.get(key)
        if segments is None:
            if len(self._segments) > 4:  # a few widths at most (the scrollbar comes and goes)
                self._segments.clear()
            segments = self._segments[key] = list(console.render(self.renderable, options))
        yield from segments


async def _stop(stream: MarkdownStream) -> None:
    """Stop ``stream``; its task cancelled before it ever ran re-raises CancelledError from
    ``stop()``, which would turn a failure (or a finished briefing) into a cancellation."""
    try:
        await stream.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # this worker itself is being cancelled (the panel went away)


class CategoryPanel(VerticalScroll):
    """Briefing (streamed the first time, cached afterwards) and sources of one category.

    The stream runs in this widget's worker, so removing the panel cancels it cleanly.
    """

    def __init__(
        self,
        service: InsightsService,
        digest: Digest,
        group: CategoryGroup,
        language: str,
        *,
        regenerate: bool = False,
        id: str | None = None,
    ) -> None:
        """``regenerate`` writes the briefing afresh at once, bypassing the cache."""
        super().__init__(id=id, classes="category-panel")
        self.service = service
        self.digest = digest
        self.group = group
        self.language = language
        self.streaming = False
        self.failed: str | None = None
        self.briefing: Briefing | None = None
        self.shown_text = ""  # the Markdown source on screen (sanitised)
        self._streamed: list[str] = []
        self._regenerate = regenerate

    def compose(self) -> ComposeResult:
        title, description, sources = group_texts(self.group)
        yield Static(title, classes="panel-title")
        described = Static(description, classes="panel-description")
        described.display = bool(description.plain)
        yield described
        yield Static(Text("Briefing", style="bold"), classes="section-title")
        yield Static("", classes="briefing-status", markup=False)
        # A finished briefing is one Static rendering Rich's Markdown: ~10x cheaper to show
        # than Textual's Markdown widget, which is mounted only while a briefing streams.
        yield Static("", classes="briefing")
        yield Static("", classes="briefing-check", markup=False)
        yield Static("", classes="briefing-usage", markup=False)
        yield Static(sources, classes="section-title sources-title")
        yield Static(sources_text(self.group), classes="sources")

    async def on_mount(self) -> None:
        if self._regenerate:
            self.stream_briefing(regenerate=True)
            return
        try:
            cached = self.service.cached_briefing(self.digest, self.group.name, self.language)
        except InsightsError as error:
            # The briefing cache is unreadable: say so calmly; r-egenerate can still write one.
            self.failed = clean_line(str(error))
            self._set_status(f"⚠ cannot read the cached briefing: {self.failed}")
            notice(self, f"cannot read the cached briefing: {error}", severity="warning")
            return
        if cached is not None:
            await self._show_briefing(cached)
        else:
            self.stream_briefing()

    def regenerate(self) -> None:
        """Write the briefing again, bypassing the cache."""
        self.stream_briefing(regenerate=True)

    def rebind(self, digest: Digest, group: CategoryGroup) -> None:
        """Follow a fresh digest of the same day whose group has the same papers."""
        self.digest, self.group = digest, group
        self.query_one(".sources", Static).update(sources_text(group))

    def briefing_crashed(self, reason: str) -> None:
        """The briefing worker died of an unexpected error: show it as failed, not writing."""
        self.streaming = False
        self.failed = clean_line(reason) or "the briefing failed"
        self._set_status(f"⚠ not written: {self.failed}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Hand an unexpected error to the screen (``StateChanged`` does not bubble)."""
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))

    async def _show_briefing(self, briefing: Briefing) -> None:
        from rich.markdown import Markdown as RichMarkdown

        self.briefing = briefing
        self.shown_text = briefing_markdown(briefing, self.group)
        finished = self.query_one(".briefing", Static)
        finished.update(_RenderedOnce(RichMarkdown(self.shown_text, hyperlinks=True)))
        finished.display = True
        for streamed in self.query(".briefing-stream"):
            await streamed.remove()
        self.query_one(".briefing-check", Static).update(check_text(briefing, self.group))
        self.query_one(".briefing-usage", Static).update(
            usage_line(briefing, self.service.writer_label)
        )
        fallback = fallback_note(briefing, self.app)
        self._set_status(
            fallback or (None if briefing.complete else "⚠ this briefing is incomplete")
        )

    def _set_status(self, message: str | None) -> None:
        status = self.query_one(".briefing-status", Static)
        status.update(Text(message or ""))
        status.display = bool(message)

    @work(exclusive=True, group="briefing", exit_on_error=False)
    async def stream_briefing(self, regenerate: bool = False) -> None:
        """Stream the briefing into the Markdown widget (deltas batched by MarkdownStream)."""
        from textual.widgets import Markdown

        from ...core.briefings.service import (
            BriefingChunk,
            BriefingDone,
            BriefingFailed,
            BriefingProgress,
            BriefingRestarted,
        )

        for old in self.query(".briefing-stream"):
            await old.remove()
        markdown = Markdown("", open_links=False, classes="briefing briefing-stream")
        finished = self.query_one(".briefing", Static)
        finished.display = False
        await self.mount(markdown, after=finished)
        self.query_one(".briefing-usage", Static).update("")
        self.query_one(".briefing-check", Static).update("")
        self.streaming, self.failed, self.briefing = True, None, None
        self._streamed, self.shown_text = [], ""
        self._set_status(f"writing with {self.service.writer_label}…")
        stream = Markdown.get_stream(markdown)
        try:
            events: Any = self.service.brief(
                self.digest, self.group.name, self.language, regenerate=regenerate
            )
            async with aclosing(events):
                async for event in events:
                    if isinstance(event, BriefingChunk):
                        self._streamed.append(event.text)
                        self.shown_text += clean_multiline(event.text)
                        await stream.write(clean_multiline(event.text))
                    elif isinstance(event, BriefingProgress):
                        label = clean_line(event.label)
                        self._set_status(f"writing {event.done}/{event.total} {label}…")
                    elif isinstance(event, BriefingRestarted):
                        # The first answer failed its check: the second replaces it.
                        await _stop(stream)
                        await markdown.update("")
                        stream = Markdown.get_stream(markdown)
                        self._streamed, self.shown_text = [], ""
                        reason = clean_line(event.reason)
                        self._set_status(f"asking {self.service.writer_label} once more: {reason}…")
                    elif isinstance(event, BriefingDone):
                        await _stop(stream)
                        await self._show_briefing(event.briefing)
                        if event.uncached:
                            reason = clean_line(event.uncached)
                            notice(self, f"{reason}; written again next time", severity="warning")
                    elif isinstance(event, BriefingFailed):
                        self._fail(event.message)
        except InsightsError as error:
            self._fail(str(error))
        finally:
            self.streaming = False
            await _stop(stream)

    def _fail(self, message: str) -> None:
        self.failed = clean_line(message) or "the briefing failed"
        # A partial text may show above, but nothing was written: say so.
        self._set_status(f"⚠ not written: {self.failed}")
        notice(self, self.failed, title="Briefing failed", severity="error")
        show_service_notices(self, self.service)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link clicked in a streaming briefing: only http(s) links are opened."""
        event.stop()
        url = safe_url(event.href)
        if url:
            self.app.open_url(url)
        else:
            notice(self, "only http(s) links are opened", severity="warning")
