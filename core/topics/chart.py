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
_COLORS = ("blue+", "red+", "green+", "orange+", "magenta+", "cyan+")
_PLOT_LEAST = 6  # lines: the title, the frame, one row of plot and the x labels
_LEGEND_NAME = 28  # cells of a name in the legend at most
_TITLES = ("Category trend: % of each day's papers", "% of each day's papers", "% of papers")
_TICK_CELLS = 8  # between two dates below the axis: five cells, a space each side, slack
_PLOT_ROWS = 10  # lines the plot keeps before the statement of what moved is shortened
_PLOT_SMALLEST = 10  # lines of plot (5 rows of lines) below which sparklines read better
_SPARKS = " ▁▂▃▄▅▆▇█"  # a share of 0, then eighths of the largest share
_SAID_SHORT = 3  # lines of what moved under the sparklines at most (else fewer names)
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


def _paint(text: str, color: bool, colour: str = "blue+") -> str:
    if not color or not text:
        return text
    import plotext as plt

    return str(plt.colorize(text, colour))


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
    """Horizontal bars of ``(emoji, name, count)`` rows, in their order, within ``width`` cells.

    A digest gives its own order: largest first, the fallback ("Other") last, as the list
    shows them. With ``height``, at most that many lines: the first rows and "+N more".
    ``color=False`` gives plain text with no escape codes.
    """
    width = max(width, MIN_WIDTH)
    total = sum(max(0, count) for _, _, count in rows)
    heading = _crop(f"{clean_line(title)} ({total} papers)", width)
    if not rows:
        return _crop(f"{clean_line(title)}: no papers", width)
    ordered = list(rows)
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


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces (a word too long for a
    line is cut); later lines indented by two cells."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else ("  " if lines else "") + word
        if cell_len(joined) <= width or not line:
            line = _crop(joined, width)
        else:
            lines.append(line)
            line = _crop("  " + word, width)
    return [*lines, line] if line else lines


def _legend(names: Sequence[str], width: int, color: bool) -> list[str]:
    """``• LLM  + Computer Vision  …``: each series' marker and name, as many to a line as
    fit, below the plot (plotext draws its legend over the lines)."""
    entries = []
    for number, name in enumerate(names):
        marker = _MARKERS[number % len(_MARKERS)]
        label = _crop(f"{marker} {clean_line(name)}", min(width, _LEGEND_NAME + 2))
        shown = _paint(marker, color, _COLORS[number % len(_COLORS)]) + label[1:]
        entries.append((cell_len(label), shown))
    lines: list[str] = []
    used, line = 0, ""
    for cells, shown in entries:
        if line and used + 2 + cells > width:
            lines.append(line)
            used, line = 0, ""
        used, line = (used + 2 + cells, f"{line}  {shown}") if line else (cells, shown)
    return [*lines, line] if line else lines


def _statement(trend: Trend, width: int, lines: int) -> list[str]:
    """What moved, wrapped to ``width``: the fullest form in at most ``lines`` lines (else
    the shortest), so that it is read whole rather than cut."""
    from .trend import moves_line

    wrapped: list[str] = []
    for most in (3, 2, 1):
        wrapped = _wrap(moves_line(trend, most), width)
        if len(wrapped) <= lines:
            break
    return wrapped


def _tick_days(trend: Trend, width: int) -> list[int]:
    """Which days get a date below the axis: the shown one, the first and last, then
    others, as long as no two labels would touch. plotext drops a label that would touch
    another, and which one depends on the order it places them in, which varies from
    run to run (it passes them through a set)."""
    count = len(trend.days)
    canvas = max(1, width - 7)  # less the y labels and the frame
    step = next((s for s in range(1, count) if canvas * s / count >= _TICK_CELLS), count)
    at = trend.days.index(trend.shown) if trend.shown in trend.days else count - 1
    picked: list[int] = []
    for day in (at, 0, count - 1, *range(count)):  # the shown day, the ends, the rest
        if all(abs(day - other) >= step for other in picked):
            picked.append(day)
    return sorted(picked)


def trend_chart(trend: Trend, width: int, height: int, *, color: bool = False) -> str:
    """Each category's share of its day's papers as lines, the legend below them, then what
    moved, in ``height`` lines when they leave the plot its least room."""
    width = max(width, MIN_WIDTH)
    if not trend.days:
        return _crop("Category trend: no cached days", width)
    ticks = [day.strftime("%m-%d") for day in trend.days]
    highest = max((share for _, shares in trend.series for share in shares), default=0.0)
    legend = _legend([name for name, _ in trend.series], width, color)
    said = _statement(trend, width, max(1, height - len(legend) - _PLOT_ROWS))
    size = max(_PLOT_LEAST, height - len(legend) - len(said))
    if size < _PLOT_SMALLEST:
        return "\n".join(_sparklines(trend, width, height))
    import plotext as plt

    from .trend import even_ticks

    yticks = even_ticks(highest, rows=size - 4)  # less the title, frame and x labels

    with _LOCK:
        plt.clear_figure()
        xs = list(range(1, len(trend.days) + 1))
        for number, (_, shares) in enumerate(trend.series):
            marker = _MARKERS[number % len(_MARKERS)]
            plt.plot(xs, list(shares), marker=marker, color=_COLORS[number % len(_COLORS)])
        picked = _tick_days(trend, width)
        # Half a day of room at each end: no label is pushed off the edge into the next.
        plt.xlim(0.5, len(xs) + 0.5)
        plt.xticks([xs[i] for i in picked], [ticks[i] for i in picked])
        plt.ylim(0, yticks[-1])
        plt.yticks(yticks, [f"{tick}%" for tick in yticks])
        # plotext leaves out a title wider than the plot: a shorter one then.
        plt.title(next((t for t in _TITLES if len(t) <= width - 3), _TITLES[-1]))
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
    return "\n".join([*lines, *legend, *said])


def _sparklines(trend: Trend, width: int, height: int) -> list[str]:
    """The trend where a plot would be a few rows: a line per category with a bar per
    day (eighths of the largest share) and its share on the shown day, then what moved."""
    first, last = trend.days[0], trend.days[-1]
    title = f"% of papers, {first:%m-%d}…{last:%m-%d}"
    names = [clean_line(name) for name, _ in trend.series]
    tail = len(trend.days) + 6  # " ▁▂▃▄▅ 12%"
    longest = max(map(cell_len, names), default=1)
    # As wide as the longest name or the title (with the date over the shares) asks.
    cells = min(width, max(longest + tail, cell_len(title) + 7))
    highest = max((share for _, shares in trend.series for share in shares), default=0.0)
    at = trend.days.index(trend.shown) if trend.shown in trend.days else len(trend.days) - 1
    rows = []
    for name, (_, shares) in zip(names, trend.series, strict=True):
        bars = "".join(
            _SPARKS[0] if share <= 0 else _SPARKS[max(1, round(8 * share / highest))]
            for share in shares
        )
        rows.append(_crop(f"{_fit(name, cells - tail)} {bars} {shares[at]:3.0f}%", width))
    # The shown day's date heads the column of its shares; a range with no room for it
    # goes whole (cut, "11-13…1…" read as a date).
    if cell_len(title) > cells - 6:
        title = "% of papers"
    heading = _crop(_fit(title, cells - 6) + f" {trend.shown:%m-%d}", width)
    # A short statement: the room it would take is the list's.
    said = _statement(trend, width, max(1, min(_SAID_SHORT, height - 1 - len(rows))))
    return [heading, *rows, *said]


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
