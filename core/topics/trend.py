"""The trend around a day: each category's share of its day's papers, over days of the
same kind (the same kinds of source: listing, hf, arxiv, ...), and what rose or fell
against the days before it.

Shares, not counts: a 30-paper Hugging Face day and a 300-paper arXiv day are not
comparable by raw counts. Pure data; :mod:`chart` draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import DayInfo
from ..sources.names import source_kind
from ..text import clean_line

# A change smaller than this many percentage points is not worth a word.
NOTABLE_POINTS = 3.0


@dataclass(frozen=True, slots=True)
class Trend:
    """Shares (percent of each day's papers) per category over ``days``."""

    days: tuple[dt.date, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    shown: dt.date
    # (category, shown day's share minus the mean share of the days before it), by size
    moves: tuple[tuple[str, float], ...]
    compared: int  # how many days before the shown one the moves are measured against


def day_kind(info: DayInfo) -> frozenset[str]:
    """The kinds of source ``info``'s day came from (a listing is a listing whatever its
    file); a name of no known kind stands for itself."""
    return frozenset(source_kind(name) or name for name in info.sources)


def days_around(infos: Sequence[DayInfo], shown: dt.date, span: int) -> list[DayInfo]:
    """Up to ``span`` days with papers of the shown day's kind, ending at ``shown`` (later
    days fill in when fewer came before), oldest first."""
    with_papers = sorted((i for i in infos if i.count), key=lambda i: i.day)
    here = next((i for i in with_papers if i.day == shown), None)
    if here is None:
        return with_papers[-span:]
    kind = day_kind(here)
    same = [i for i in with_papers if day_kind(i) == kind] or with_papers
    at = next(n for n, i in enumerate(same) if i.day == shown)
    start = max(0, at - span + 1)
    return same[start : start + span]


def _shares(info: DayInfo) -> dict[str, float]:
    total = sum(count for _, count in info.counts) or info.count
    return {name: 100.0 * count / total for name, count in info.counts} if total else {}


def build_trend(infos: Sequence[DayInfo], shown: dt.date, span: int = 7, top: int = 5) -> Trend:
    """The trend of the ``top`` largest categories over the days around ``shown``."""
    days = days_around(infos, shown, span)
    shares = [_shares(info) for info in days]
    totals: dict[str, float] = {}
    for day_shares in shares:
        for name, share in day_shares.items():
            totals[name] = totals.get(name, 0.0) + share
    names = sorted(totals, key=lambda name: (-totals[name], name))
    series = tuple((name, tuple(s.get(name, 0.0) for s in shares)) for name in names[:top])
    at = next((n for n, info in enumerate(days) if info.day == shown), len(days) - 1)
    moves: list[tuple[str, float]] = []
    if at > 0:
        for name in names:
            before = [s.get(name, 0.0) for s in shares[:at]]
            moves.append((name, shares[at].get(name, 0.0) - sum(before) / len(before)))
    moves.sort(key=lambda item: (-abs(item[1]), item[0]))
    return Trend(tuple(i.day for i in days), series, shown, tuple(moves), at)


def moves_line(trend: Trend, most: int = 3) -> str:
    """``06-07 vs the 6 days before (share points): rising LLM +12; falling Robotics −8``
    with at most ``most`` categories each way (or why there is nothing to say)."""
    if not trend.compared:
        return "No earlier day of this kind to compare with"
    base = f"{trend.shown:%m-%d} vs the {trend.compared} day{'s' * (trend.compared != 1)} before"
    up = [(n, d) for n, d in trend.moves if d >= NOTABLE_POINTS][:most]
    down = [(n, d) for n, d in trend.moves if d <= -NOTABLE_POINTS][:most]
    if not up and not down:
        return f"{base}: no category moved by {NOTABLE_POINTS:g} points or more"
    parts = []
    if up:
        parts.append("rising " + ", ".join(f"{clean_line(n)} +{d:.0f}" for n, d in up))
    if down:
        parts.append("falling " + ", ".join(f"{clean_line(n)} −{-d:.0f}" for n, d in down))
    return f"{base} (share points): " + "; ".join(parts)


def even_ticks(highest: float, rows: int = 11) -> list[int]:
    """Round, evenly spaced percent ticks from 0 to at least ``highest``, at most one on
    every other of the plot's ``rows`` (so none is dropped or doubled)."""
    most = max(2, min(6, (rows + 1) // 2))
    for step in (5, 10, 20, 25, 50, 100):
        top = max(step, -(-int(highest) // step) * step)
        if top // step + 1 <= most:
            break
    return list(range(0, top + 1, step))
