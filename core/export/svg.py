"""The category chart as a self-contained SVG image, drawn by Rich."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..models import Digest
from ..text import clean_line, strip_controls
from ..topics.chart import distribution_chart

# Rich's SVG pulls Fira Code from a CDN; an exported report should not phone home when
# opened, so the @font-face rules of its stylesheet go and the image falls back to local
# monospace. Only the stylesheet is touched, never the text drawn after it.
_FONT_FACE = re.compile(r"\s*@font-face \{[^}]*\}")

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
    return _without_remote_fonts(console.export_svg(title=clean_line(title)))


def _without_remote_fonts(svg: str) -> str:
    """``svg`` (as Rich's public ``export_svg`` writes it) without its ``@font-face`` rules."""
    style, end, rest = svg.partition("</style>")
    return _FONT_FACE.sub("", style) + end + rest


def chart_rows(digest: Digest) -> list[tuple[str, str, int]]:
    """The ``(emoji, name, count)`` rows of the non-empty groups, in digest order."""
    return [(g.category.emoji, g.name, g.count) for g in digest.groups if g.count]


def chart_text(rows: Sequence[tuple[str, str, int]], width: int = DEFAULT_CHART_WIDTH) -> str:
    """The distribution chart as plain text (``core.topics.chart`` without colour)."""
    return distribution_chart(rows, width, None, color=False)


def digest_chart_svg(digest: Digest, *, width: int = DEFAULT_CHART_WIDTH) -> str:
    """The day's category distribution chart of ``digest`` as SVG."""
    text = chart_text(chart_rows(digest), width)
    return chart_svg(text, title=f"Category Distribution {digest.day.isoformat()}")
