"""The last view, restored at the next start: the day, what was open and where the cursor
was on each day visited, the papers' order, the trend (``c``), the language, the theme,
and whether the banner was dismissed.

Written as JSON next to the cache, atomically: a crash mid-write leaves the old file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..core.store.atomic import replace_atomically
from .widgets.list_rows import Sort

Row = tuple[str, str | None]  # (category, arxiv_id or None for the category row)
DAYS_KEPT = 60  # days whose open categories and cursor are remembered


class DayView(NamedTuple):
    """What was open on one day, and the row the cursor was on (None: the first)."""

    expanded: tuple[str, ...] = ()
    row: Row | None = None


class Looks(NamedTuple):
    """How every day is shown: the papers' order and whether the chart is the trend."""

    sort: Sort = "listed"
    trend: bool = False


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the reader was looking at. ``language`` and ``theme`` are kept only when
    the reader changed them from the configured ones."""

    day: dt.date | None = None
    expanded: tuple[str, ...] = ()
    row: Row | None = None
    language: str | None = None
    theme: str | None = None
    banner_dismissed: bool = False
    days: tuple[tuple[dt.date, DayView], ...] = field(default=())  # oldest visit first
    sort: Sort = "listed"  # the papers' order (``s``), on every day
    trend: bool = False  # the chart showed the trend of recent days

    def view_of(self, day: dt.date) -> DayView:
        """The view remembered for ``day`` (nothing open, the first row, if none)."""
        if day == self.day:
            return DayView(self.expanded, self.row)
        return dict(self.days).get(day, DayView())

    def with_view(self, day: dt.date | None, view: DayView) -> ViewState:
        """This state showing ``day`` with ``view``, remembered among the days visited."""
        days = [(d, v) for d, v in self.days if d != day]
        if day is not None and view != DayView():
            days.append((day, view))
        return replace(
            self, day=day, expanded=view.expanded, row=view.row, days=tuple(days[-DAYS_KEPT:])
        )


def _row(raw: Any) -> Row | None:
    if (
        isinstance(raw, list)
        and len(raw) == 2
        and isinstance(raw[0], str)
        and (raw[1] is None or isinstance(raw[1], str))
    ):
        return (raw[0], raw[1])
    return None


def _names(raw: Any) -> tuple[str, ...]:
    return tuple(name for name in raw if isinstance(name, str)) if isinstance(raw, list) else ()


def _day(raw: Any) -> dt.date | None:
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    return None


def _sort(raw: Any) -> Sort:
    return "upvotes" if raw == "upvotes" else "newest" if raw == "newest" else "listed"


def _text(raw: Any) -> str | None:
    return raw if isinstance(raw, str) and raw else None


def load_state(path: Path) -> ViewState:
    """The saved view, or an empty one when the file is missing or unreadable; any part
    that does not read back is left at its default."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return ViewState()
    if not isinstance(data, dict):
        return ViewState()
    days: list[tuple[dt.date, DayView]] = []
    raw_days = data.get("days")
    for key, raw in raw_days.items() if isinstance(raw_days, dict) else ():
        day = _day(key)
        if day is not None and isinstance(raw, dict):
            days.append((day, DayView(_names(raw.get("expanded")), _row(raw.get("row")))))
    return ViewState(
        day=_day(data.get("day")),
        expanded=_names(data.get("expanded")),
        row=_row(data.get("row")),
        language=_text(data.get("language")),
        theme=_text(data.get("theme")),
        banner_dismissed=data.get("banner_dismissed") is True,
        days=tuple(days[-DAYS_KEPT:]),
        sort=_sort(data.get("sort")),
        trend=data.get("trend") is True,
    )


def save_state(path: Path, state: ViewState) -> None:
    """Write ``state`` atomically; failures are ignored (the view is a convenience).

    Written on every expand and day switch, so without fsync: a power cut may lose the
    last view, never leave half a file.
    """
    data = {
        "day": state.day.isoformat() if state.day else None,
        "expanded": list(state.expanded),
        "row": list(state.row) if state.row else None,
        "language": state.language,
        "theme": state.theme,
        "banner_dismissed": state.banner_dismissed,
        "sort": state.sort,
        "trend": state.trend,
        "days": {
            day.isoformat(): {"expanded": list(view.expanded), "row": view.row}
            for day, view in state.days
        },
    }
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, payload, overwrite=True, durable=False)
    except OSError:
        pass


class ViewKeeper:
    """The view as the reader changes it, written to ``path`` only when it changed.

    ``written`` says the file holds ``state`` already (a start on the remembered view
    writes nothing); ``configured`` is the config's language and theme, which are not
    kept (only a change from them is).
    """

    def __init__(
        self, path: Path, state: ViewState, *, written: bool, configured: tuple[str, str]
    ) -> None:
        self.path = path
        self.state = state
        self._saved: ViewState | None = state if written else None
        self._configured = configured

    def update(
        self, day: dt.date | None, view: DayView, language: str, theme: str, looks: Looks
    ) -> None:
        """The reader shows ``day`` with ``view``, in ``language`` and ``theme``, its
        papers in ``looks.sort`` order, the trend or not."""
        configured_language, configured_theme = self._configured
        self.state = replace(
            self.state.with_view(day, view),
            language=language if language != configured_language else None,
            theme=theme if theme != configured_theme else None,
            sort=looks.sort,
            trend=looks.trend,
        )

    def dismiss_banner(self) -> None:
        """The banner was dismissed: it stays away."""
        self.state = replace(self.state, banner_dismissed=True)

    def save(self) -> None:
        """Write the state when it changed since it was last written (or read)."""
        if self.state != self._saved:
            save_state(self.path, self.state)
            self._saved = self.state
