"""Text charts for the reader and export: the day's distribution and the trend of days.

The distribution is plain bars scaled here (as plotext scales them, rounding halves
up), with labels and counts laid out in terminal cells: plotext measures labels with
``len()``, so double-width emoji would push its bars out of line. It needs no plotext,
so the reader's first frame draws it without loading plotext (about 20 ms); plotext
colours the bars when asked and draws the trend chart.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

from ..models import DayInfo
from ..text import clean_line, emoji_cells

if TYPE_CHECKING:
    from .trend import Trend  # the trend loads with its chart (c), not at start

MIN_WIDTH = 16
_BAR = "▇"
_ELLIPSIS = "…"
_MARKERS = ("•", "+", "x", "o", "*", "#")
# plotext keeps one global figure; two threads drawing at once would mix their charts.
_LOCK = threading.Lock()


def _fit(text: str, cells: int) -> str:
    """``text`` cropped (with an ellipsis) or padded to exactly ``cells`` cells."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return set_cell_size(text, cells)
    return set_cell_size(text, cells - 1) + _ELLIPSIS


def _crop(line: str, width: int) -> str:
    """``line`` shortened to at most ``width`` cells (no padding)."""
    return line if cell_len(line) <= width else _fit(line, width).rstrip()


def _bar_lengths(counts: Sequence[int], cells: int) -> list[int]:
    """How many cells each count's bar takes: the largest fills ``cells``, the others in
    proportion, halves rounded up."""
    largest = max(counts)
    if largest <= 0:
        return [0 for _ in counts]
    return [min(cells, int(cells * max(0, count) / largest + 0.5)) for count in counts]


def _paint(text: str, color: bool) -> str:
    if not color or not text:
        return text
    import plotext as plt

    return str(plt.colorize(text, "blue+"))


def _label(emoji: str, name: str) -> str:
    emoji, name = emoji_cells(clean_line(emoji)), clean_line(name)
    return f"{emoji} {name}" if emoji else name


def distribution_chart(
    rows: Sequence[tuple[str, str, int]],
    width: int,
    height: int | None = None,
    *,
    color: bool = False,
    title: str = "Category distribution",
) -> str:
    """Horizontal bars of ``(emoji, name, count)`` rows, largest first, within ``width`` cells.

    With ``height``, at most that many lines: the top categories and a "+N more" line.
    ``color=False`` gives plain text with no escape codes.
    """
    width = max(width, MIN_WIDTH)
    total = sum(max(0, count) for _, _, count in rows)
    heading = _crop(f"{clean_line(title)} ({total} papers)", width)
    if not rows:
        return _crop(f"{clean_line(title)}: no papers", width)
    ordered = sorted(rows, key=lambda row: -row[2])  # stable: equal counts keep their order
    hidden: list[tuple[str, str, int]] = []
    if height is not None:
        room = max(1, height - 1)  # the heading takes one line
        if len(ordered) > room:
            keep = max(0, room - 1)  # and the "+N more" line another
            ordered, hidden = ordered[:keep], ordered[keep:]
    counts = [max(0, count) for _, _, count in ordered]
    count_cells = max((len(str(c)) for c in counts), default=1)
    labels = [_label(emoji, name) for emoji, name, _ in ordered]
    widest = max((cell_len(label) for label in labels), default=0)
    label_cells = min(widest, max(6, width // 3))
    bar_cells = width - label_cells - count_cells - 2
    if bar_cells < 3:  # very narrow: give the bars a little room back from the labels
        label_cells = max(3, width - count_cells - 5)
        bar_cells = width - label_cells - count_cells - 2
    lengths = _bar_lengths(counts, bar_cells) if counts else []
    lines = [heading]
    for label, count, length in zip(labels, counts, lengths, strict=True):
        bar = _paint(_BAR * length, color)
        padding = " " * (bar_cells - length)
        lines.append(f"{_fit(label, label_cells)} {bar}{padding} {count:>{count_cells}}".rstrip())
    if hidden:
        more = sum(max(0, count) for _, _, count in hidden)
        lines.append(_crop(f"+{len(hidden)} more ({more} papers)", width))
    return "\n".join(lines)


def trend_chart(trend: Trend, width: int, height: int, *, color: bool = False) -> str:
    """Each category's share of its day's papers, as lines with a legend, then what moved."""
    width = max(width, MIN_WIDTH)
    if not trend.days:
        return _crop("Category trend: no cached days", width)
    ticks = [day.strftime("%m-%d") for day in trend.days]
    highest = max((share for _, shares in trend.series for share in shares), default=0.0)
    size = max(6, height - 1)
    import plotext as plt

    from .trend import even_ticks, moves_line

    yticks = even_ticks(highest, rows=size - 4)  # less the title, frame and x labels

    with _LOCK:
        plt.clear_figure()
        xs = list(range(1, len(trend.days) + 1))
        for number, (name, shares) in enumerate(trend.series):
            # Emoji would break plotext's legend alignment: names only, kept short.
            label = _fit(clean_line(name), 18).rstrip()
            plt.plot(xs, list(shares), label=label, marker=_MARKERS[number % len(_MARKERS)])
        step = max(1, len(trend.days) // max(1, (width - 10) // 7))
        plt.xticks(xs[::step], ticks[::step])
        plt.ylim(0, yticks[-1])
        plt.yticks(yticks, [f"{tick}%" for tick in yticks])
        plt.title("Category trend: % of each day's papers")
        plt.plotsize(width, size)
        if not color:
            plt.theme("clear")
        drawn = plt.build()
        plt.clear_figure()
    if not color:
        drawn = plt.uncolorize(drawn)
    lines = [line.rstrip() for line in drawn.splitlines()]
    if not color:
        lines = [_crop(line, width) for line in lines]
    lines.append(_crop(moves_line(trend), width))
    return "\n".join(lines)


def days_trend_chart(
    infos: Sequence[DayInfo],
    around: dt.date | None,
    days: int,
    width: int,
    height: int,
    *,
    color: bool = False,
) -> str:
    """:func:`trend_chart` of up to ``days`` of ``infos`` around ``around`` (None: newest)."""
    from .trend import build_trend

    shown = around or max((i.day for i in infos if i.count), default=dt.date.today())
    return trend_chart(build_trend(infos, shown, days), width, height, color=color)
