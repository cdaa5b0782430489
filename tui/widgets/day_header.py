"""The line above everything: date, weekday, sources and the paper count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...core.models import Digest
from ...core.sources.names import short_source


def header_text(
    digest: Digest | None, position: tuple[int, int] | None = None, unread: int | None = None
) -> Text:
    """``Sunday 2024-11-17 · 42 papers, 12 unread · hf, arxiv · day 3/5``."""
    text = Text()
    text.append("Daily AI Insights", style="bold")
    if digest is None:
        text.append("  ·  no day cached yet: press r to fetch", style="dim")
        return text
    text.append("  ")
    text.append(f"{digest.day:%A} {digest.day.isoformat()}", style="bold")
    text.append(f"  ·  {digest.paper_count} papers")
    if unread is not None and unread < digest.paper_count:
        text.append(f", {unread} unread" if unread else ", all read")
    sources = ", ".join(short_source(s) for s in digest.sources)
    if sources:
        text.append(f"  ·  {sources}", style="dim")
    if position is not None:
        text.append(f"  ·  day {position[0]}/{position[1]}", style="dim")
    return text


class DayHeader(Static):
    """Shows which day is on screen."""

    _shown: tuple[Digest | None, tuple[int, int] | None] = (None, None)
    _unread: int | None = None

    def show(self, digest: Digest | None, position: tuple[int, int] | None = None) -> None:
        """Display ``digest``'s day; ``position`` is (index, total) among cached days."""
        before = self._shown[0]
        if digest is None or before is None or before.day != digest.day:
            self._unread = None  # another day: its count comes with its marks
        self._shown = (digest, position)
        # One line high by the stylesheet: new text never needs the screen laid out again.
        self.update(header_text(digest, position, self._unread), layout=False)

    def set_unread(self, unread: int | None) -> None:
        """Say how many of the day's papers are not read yet."""
        self._unread = unread
        self.update(header_text(*self._shown, unread), layout=False)
