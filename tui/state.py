"""The last view (day and open categories), restored at the next start.

Written as JSON next to the cache, atomically: a crash mid-write leaves the old file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.store.atomic import replace_atomically


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the reader was looking at."""

    day: dt.date | None = None
    expanded: tuple[str, ...] = ()


def load_state(path: Path) -> ViewState:
    """The saved view, or an empty one when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ViewState()
    if not isinstance(data, dict):
        return ViewState()
    day: dt.date | None = None
    raw_day = data.get("day")
    if isinstance(raw_day, str):
        try:
            day = dt.date.fromisoformat(raw_day)
        except ValueError:
            day = None
    raw_expanded = data.get("expanded")
    expanded: tuple[str, ...] = ()
    if isinstance(raw_expanded, list):
        expanded = tuple(name for name in raw_expanded if isinstance(name, str))
    return ViewState(day=day, expanded=expanded)


def save_state(path: Path, state: ViewState) -> None:
    """Write ``state`` atomically; failures are ignored (the view is a convenience).

    Written on every expand and day switch, so without fsync: a power cut may lose the
    last view, never leave half a file.
    """
    data = {
        "day": state.day.isoformat() if state.day else None,
        "expanded": list(state.expanded),
    }
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, payload, overwrite=True, durable=False)
    except OSError:
        pass
