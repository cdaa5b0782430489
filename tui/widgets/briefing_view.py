"""A category's cached briefing, or a closed category's overview, drawn with Textual's
line API.

Showing another category here changes what the lines say, never which widgets exist or
which one shows, so it costs a repaint of this pane rather than a layout of the screen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.markdown_safe import safe_markdown
from ..compat import set_scroll_size
from .briefing_text import (
    HINT,
    Line,
    as_strip,
    briefing_markdown,
    check_text,
    fallback_note,
    group_texts,
    source_lines,
    usage_line,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ...core.briefings.record import Briefing
    from ...core.models import CategoryGroup, Digest
    from ...core.service import InsightsService

READ_WIDTH = 100  # cells: longer lines are hard to read on a wide terminal
RENDERS_KEPT = 64  # briefings and overviews whose lines are kept (per width)
PART_CLASSES = (
    "briefing-view--title",
    "briefing-view--description",
    "briefing-view--section",
    "briefing-view--status",
    "briefing-view--usage",
)


@dataclass(frozen=True)
class LineFormat:
    """How the lines are drawn: wrapped at ``width`` cells, padded to ``full`` (the
    scrollbar's gutter included), with the theme's part ``styles``."""

    width: int
    full: int
    styles: tuple[Style, ...]


class BriefingView(ScrollView, can_focus=True):
    """Title, cached briefing, usage and sources of one category, as pre-rendered lines;
    or, for a closed category (no briefing), its title, description and a hint.

    The lines of each (category, briefing, width) are rendered once and kept, so opening a
    category again only repaints. A briefing that streams lives in a ``CategoryPanel``.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = set(PART_CLASSES)

    def __init__(
        self,
        service: InsightsService,
        digest: Digest,
        group: CategoryGroup,
        language: str,
        briefing: Briefing | None,
        *,
        id: str | None = None,
    ) -> None:
        """Show ``group``'s cached ``briefing``, or its overview when None (drawn once the
        view has a size)."""
        super().__init__(id=id, classes="category-panel")
        self.service = service
        self.digest, self.group, self.language = digest, group, language
        self.briefing: Briefing | None = briefing  # None: the overview of a closed category
        self.shown_text = safe_markdown(briefing.text) if briefing else ""  # Markdown on screen
        self.streaming = False  # never: it shows finished briefings only
        self.failed: str | None = None
        self._lines: list[Line] = []
        self._rendered: OrderedDict[tuple[object, ...], list[Line]] = OrderedDict()
        self._format = LineFormat(0, 0, ())  # how self._lines were drawn
        self._line_style = Style()  # the widget's own style, while its lines are drawn

    # -- what it shows -----------------------------------------------------------------
    def show_cached(
        self,
        digest: Digest,
        group: CategoryGroup,
        language: str,
        briefing: Briefing,
        *,
        scroll_y: float = 0.0,
    ) -> None:
        """Show ``group``'s cached ``briefing``, scrolled to ``scroll_y``."""
        if digest is not self.digest:
            self._rendered.clear()  # another day, or a fresh copy of this one
        self.digest, self.group, self.language, self.briefing = digest, group, language, briefing
        self.shown_text = safe_markdown(briefing.text)
        self._render_lines()
        self.refresh()
        self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def show_overview(self, digest: Digest, group: CategoryGroup) -> None:
        """Show closed ``group``'s title, count and description, then how to open it."""
        if digest is not self.digest:
            self._rendered.clear()
        self.digest, self.group, self.briefing = digest, group, None
        self.shown_text = ""
        self._render_lines()
        self.refresh()
        self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def has_size(self) -> bool:
        """True once the view has been laid out (lines can be drawn ahead at its size)."""
        return self._format.width > 0

    @property
    def lines(self) -> list[Strip]:
        """Every line of the briefing, rendered at the view's width."""
        return [self._strip(index) for index in range(len(self._lines))]

    @property
    def plain_lines(self) -> list[str]:
        """The text of every line, without trailing spaces."""
        return [strip.text.rstrip() for strip in self.lines]

    def _strip(self, index: int) -> Strip:
        """Line ``index`` as a Strip, made once (the list is kept in self._rendered too)."""
        line = self._lines[index]
        if not isinstance(line, Strip):
            line = self._lines[index] = as_strip(line, self._format.full)
        return line

    # -- rendering ---------------------------------------------------------------------
    def _render_lines(self, styles: tuple[Style, ...] | None = None) -> None:
        # Hidden (another pane shows) the view has no size: draw at the size it had, which
        # is the size it gets back, and on_resize draws again if that changed meanwhile.
        width = self._text_width() or self._format.width
        full = self.size.width or self._format.full
        if width <= 0:
            self._lines = []
            return  # never shown yet: drawn once the view has a size (on_resize)
        line_format = LineFormat(width, full, styles or self._part_styles())
        lines = self._lines_of(self.group, self.briefing, line_format)
        self._lines, self._format = lines, line_format
        set_scroll_size(self, Size(width, len(lines)))

    def _text_width(self) -> int:
        """The width lines are wrapped at: the pane's, capped for reading."""
        return min(self.scrollable_content_region.width, READ_WIDTH)

    def prerender(self, digest: Digest, group: CategoryGroup, briefing: Briefing | None) -> bool:
        """Render ``group``'s lines (its overview when ``briefing`` is None) ahead, at the
        view's size, so that showing them later is only a repaint. False when there was
        nothing to do (another day shows, the view was never drawn, or the lines are kept)."""
        if digest is not self.digest or self._format.width <= 0:
            return False
        if self._key(group, briefing, self._format) in self._rendered:
            return False
        self._lines_of(group, briefing, self._format)
        return True

    def _key(
        self, group: CategoryGroup, briefing: Briefing | None, line_format: LineFormat
    ) -> tuple[object, ...]:
        if briefing is None:
            return (group.name, group.count, line_format)
        label = self.service.writer_label  # the usage line names it for model-less ones
        return (group.name, group.count, briefing, label, line_format)

    def _lines_of(
        self, group: CategoryGroup, briefing: Briefing | None, line_format: LineFormat
    ) -> list[Line]:
        """The kept lines of ``group``'s ``briefing`` in ``line_format``, rendered if need be."""
        key = self._key(group, briefing, line_format)
        lines = self._rendered.get(key)
        if lines is None:
            lines = self._render_all(group, briefing, line_format)
            self._rendered[key] = lines
            while len(self._rendered) > RENDERS_KEPT:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return lines

    def _part_styles(self) -> tuple[Style, ...]:
        """The theme's styles of the title, description, headings, status and usage."""
        return tuple(self.get_component_rich_style(name) for name in PART_CLASSES)

    def _render_all(
        self, group: CategoryGroup, briefing: Briefing | None, line_format: LineFormat
    ) -> list[Line]:
        """Every line in ``line_format``: painted as it is kept, nothing cut or padded."""
        width, full, styles = line_format.width, line_format.full, line_format.styles

        def render(renderable: RenderableType, style: Style | None = None) -> list[Strip]:
            return self._render_part(renderable, width, full, style)

        title_style, description_style, section_style, status_style, usage_style = styles
        title, description, sources_heading = group_texts(group)
        blank = Strip.blank(full)
        lines: list[Line] = [blank, *render(title, title_style)]
        if description.plain:
            lines += render(description, description_style)
        lines.append(blank)
        if briefing is None:
            return lines + render(Text(HINT, style="dim"))
        from rich.markdown import Markdown

        lines += render(Text("Briefing", style="bold"), section_style)
        if not briefing.complete:
            lines += render(Text("⚠ this briefing is incomplete"), status_style)
        note = fallback_note(briefing, self.app)
        if note:
            lines += render(Text(note), status_style)
        lines += render(Markdown(briefing_markdown(briefing, group), hyperlinks=True))
        lines += render(check_text(briefing, group))
        lines += render(usage_line(briefing, self.service.writer_label), usage_style)
        lines.append(blank)
        lines += render(sources_heading, section_style)
        lines += source_lines(group, width, render, full)
        return lines

    def _render_part(
        self, renderable: RenderableType, width: int, full: int, style: Style | None = None
    ) -> list[Strip]:
        console = self.app.console
        options = console.options.update_width(width).update(highlight=False)
        segments = console.render(renderable, options)
        if style is not None:
            segments = Segment.apply_style(segments, style)
        gutter = [Segment(" " * (full - width))] if full > width else []
        return [
            Strip([*line, *gutter], full)
            for line in Segment.split_and_crop_lines(
                segments, width, pad=True, include_new_lines=False
            )
        ]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines: the widget's style is looked up once, not once per line, and
        lines drawn at another size or with another theme's colours (or focus tint) are
        drawn again first, so a view shown for the first time paints whole at once."""
        self._line_style = self.rich_style
        styles = self._part_styles()
        drawn = self._format
        size = (self._text_width(), self.size.width)
        if size[0] > 0 and (
            not self._lines or styles != drawn.styles or size != (drawn.width, drawn.full)
        ):
            self._render_lines(styles)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the visible region, from the pre-rendered lines."""
        index = self.scroll_offset.y + y
        style = self._line_style
        if index >= len(self._lines):
            return Strip.blank(self.size.width, style)
        return self._strip(index).apply_style(style)

    def on_resize(self) -> None:
        """Render again at the new width (the rendered widths stay cached)."""
        size = (self._text_width(), self.size.width)
        if size[0] > 0 and size != (self._format.width, self._format.full):
            self._render_lines()
            self.refresh()
