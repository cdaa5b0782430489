"""The category chart as a self-contained SVG image, drawn by Rich."""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Sequence

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from core.models import Digest
from core.text import clean_line, strip_controls

# Rich's template pulls Fira Code from a CDN; an exported report should not phone home
# when opened, so the @font-face rules go and the image falls back to local monospace.
_FONT_FACE = re.compile(r"\s*@font-face \{\{.*?\}\}", re.DOTALL)
_SVG_FORMAT = _FONT_FACE.sub("", CONSOLE_SVG_FORMAT)

_MIN_WIDTH = 20
_MAX_WIDTH = 240
DEFAULT_CHART_WIDTH = 72


def chart_svg(text: str, *, title: str) -> str:
    """Render plain chart ``text`` as SVG; the text is never read as Rich markup."""
    text = strip_controls(text, keep_newlines=True).expandtabs(4).rstrip("\n")
    lines = text.split("\n") if text else [""]
    width = max(_MIN_WIDTH, min(_MAX_WIDTH, max(cell_len(line) for line in lines) + 1))
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
    )
    console.print(Text(text), overflow="crop", no_wrap=True)
    return console.export_svg(title=clean_line(title), code_format=_SVG_FORMAT)


def chart_rows(digest: Digest) -> list[tuple[str, str, int]]:
    """The ``(emoji, name, count)`` rows of the non-empty groups, in digest order."""
    return [(g.category.emoji, g.name, g.count) for g in digest.groups if g.count]


def chart_text(rows: Sequence[tuple[str, str, int]], width: int = DEFAULT_CHART_WIDTH) -> str:
    """The distribution chart as plain text, from ``core.chart`` when it is available."""
    try:
        # Looked up at call time: core.chart is optional, and this module must not need it.
        draw = importlib.import_module("core.chart").distribution_chart
    except (ImportError, AttributeError):
        return plain_bars(rows, width)
    return str(draw(rows, width, None, color=False))


def plain_bars(rows: Sequence[tuple[str, str, int]], width: int = DEFAULT_CHART_WIDTH) -> str:
    """A minimal horizontal bar chart, used when ``core.chart`` is not installed."""
    if not rows:
        return "(no papers)"
    labels = [f"{clean_line(emoji)} {clean_line(name)}".strip() for emoji, name, _ in rows]
    label_width = min(32, max(cell_len(label) for label in labels))
    top = max(max(count for *_, count in rows), 1)
    bar_room = max(8, width - label_width - 8)
    out = []
    for label, (*_, count) in zip(labels, rows, strict=True):
        bar = "█" * max(1 if count else 0, round(count / top * bar_room))
        out.append(f"{set_cell_size(label, label_width)} │{bar} {count}")
    return "\n".join(out)


def digest_chart_svg(digest: Digest, *, width: int = DEFAULT_CHART_WIDTH) -> str:
    """The day's category distribution chart of ``digest`` as SVG."""
    text = chart_text(chart_rows(digest), width)
    return chart_svg(text, title=f"Category Distribution {digest.day.isoformat()}")
