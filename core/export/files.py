"""Where an export may be written: free names, existing files, devices and links refused."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from ..errors import ExportError
from ..store.atomic import os_reason
from ..text import clean_line

SVG_MARKER = "<!-- daily-ai-insights category chart -->"


def image_name_for(day: dt.date) -> str:
    """The chart file the Markdown's first line references, e.g. ``paper_2024-11-17.svg``."""
    return f"paper_{day.isoformat()}.svg"


def free_path(directory: Path, stem: str, suffix: str) -> Path:
    """``directory/stem+suffix``, or ``stem-2``, ``stem-3``... whichever does not exist."""
    candidate = directory / f"{stem}{suffix}"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def make_folder(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = clean_line(error.strerror or str(error))
        raise ExportError(f"cannot create {directory}: {reason}") from None


def check_chart(path: Path, *, force: bool) -> None:
    """Fail unless the chart at ``path`` may be (re)written: ours, absent, or ``force``."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if (path.exists() or path.is_symlink()) and force:
        _replaceable(path)
    if path.exists() and not force:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            head = ""
        if SVG_MARKER not in head:
            raise ExportError(f"{path} exists and is not our chart; use --force to overwrite")


def check_target(path: Path, force: bool, *, chart_day: dt.date | None = None) -> Path:
    """Fail early (before any paid briefing) unless ``path`` can be written; return it.

    The file must not exist (unless ``force``) and its folder must exist or be creatable
    and writable. With ``chart_day``, the chart image next to it is checked as well.
    """
    path = Path(path).expanduser()
    try:
        return _check_target(path, force, chart_day)
    except OSError as error:  # a name too long, a loop of links…
        raise ExportError(f"cannot write {_short(path)}: {os_reason(error)}") from None


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else text[:60] + "…" + text[-59:]


def _replaceable(path: Path) -> None:
    """Refuse to replace anything but a regular file (not a device, a link or a pipe)."""
    mode = path.lstat().st_mode
    if not stat.S_ISREG(mode):
        kind = "a link" if stat.S_ISLNK(mode) else "not a regular file"
        raise ExportError(f"{_short(path)} is {kind}: --force replaces only regular files")


def _check_target(path: Path, force: bool, chart_day: dt.date | None) -> Path:
    if path.is_dir():
        raise ExportError(f"cannot write {_short(path)}: it is a directory")
    if path.exists() or path.is_symlink():
        if not force:
            raise ExportError(f"{_short(path)} exists; use --force to overwrite")
        _replaceable(path)
    folder = path.parent.absolute()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ExportError(f"cannot create {folder}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write in {existing}: permission denied")
    if chart_day is not None:
        check_chart(folder / image_name_for(chart_day), force=force)
    return path
