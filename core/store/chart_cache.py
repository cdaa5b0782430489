"""Distribution charts already drawn, kept beside the cache (``charts.json``).

Drawing a chart loads plotext, about 20 ms, which a start would spend before its first
frame. A chart depends only on its rows, its size and the drawing code, so the last
few drawn are kept: a start on the same day in the same terminal shows its chart
without plotext. The key names the drawing code (``core/chart.py`` and plotext's
files, by size and time), so an edit or an upgrade draws afresh. A file that does not
read back cleanly is a cache miss, and is replaced on the next write.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import CacheError
from .jsonfile import read_json, write_json_atomic

KEEP = 16  # charts kept: a few days at a few pane sizes

Rows = Sequence[tuple[str, str, int]]


def _file_stamp(path: str | None) -> str:
    if not path:
        return "-"
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def drawing_code_stamp() -> str:
    """Changes whenever ``core/chart.py`` or the installed plotext changes."""
    chart = Path(__file__).parent.parent / "topics" / "chart.py"
    spec = importlib.util.find_spec("plotext")
    return f"{_file_stamp(str(chart))}/{_file_stamp(spec.origin if spec else None)}"


class ChartCache:
    """The kept charts, by key (see :meth:`key`); read on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._charts: dict[str, str] | None = None
        self._stamp: str | None = None

    def key(self, rows: Rows, width: int, height: int | None, color: bool) -> str:
        """What a chart is drawn from: rows, size, colour and the drawing code."""
        if self._stamp is None:
            self._stamp = drawing_code_stamp()
        return json.dumps([self._stamp, width, height, color, [list(row) for row in rows]])

    def get(self, key: str) -> str | None:
        """The chart kept under ``key``, if any."""
        return self._load().get(key)

    def put(self, key: str, chart: str) -> None:
        """Keep ``chart`` (the newest ``KEEP`` are kept); a file that cannot be written
        is skipped: the chart is simply drawn again next time."""
        charts = self._load()
        charts.pop(key, None)
        charts[key] = chart
        while len(charts) > KEEP:
            del charts[next(iter(charts))]
        with contextlib.suppress(CacheError):
            write_json_atomic(self.path, charts, durable=False)

    def _load(self) -> dict[str, str]:
        if self._charts is None:
            self._charts = {}
            with contextlib.suppress(CacheError):
                data = read_json(self.path)
                if isinstance(data, dict):
                    self._charts = {
                        k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)
                    }
        return self._charts
