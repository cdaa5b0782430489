"""Small display helpers shared by the widgets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.models import Category
from ..core.text import emoji_cells

if TYPE_CHECKING:
    from ..core.export.document import ExportResult


def emoji(category: Category) -> str:
    """The category's emoji, bare and two cells wide (``·`` when it has none)."""
    return emoji_cells(category.emoji) or "· "


def written_line(result: ExportResult, width: int) -> str:
    """What an export wrote, for a notice ``width`` cells wide: each file by name (the
    chart only if one was written), then their folder, shortened to fit."""
    names = result.path.name
    if result.image_path is not None:
        names += f" and its chart {result.image_path.name}"
    return f"wrote {names} in {short_folder(result.path.parent, width)}"


def short_folder(folder: Path, width: int) -> str:
    """``folder`` with the home folder as ``~``; longer than ``width``, its first parts
    give way to ``…`` (a path broken mid-name across lines reads worse)."""
    text, home = str(folder), str(Path.home())
    if text == home or text.startswith(home + os.sep):
        text = "~" + text[len(home) :]
    if len(text) <= width:
        return text
    *parents, kept = text.split(os.sep)
    for part in reversed(parents):
        if len(part) + len(kept) + 3 > width:  # "…/" and a separator
            break
        kept = f"{part}{os.sep}{kept}"
    return f"…{os.sep}{kept}"
