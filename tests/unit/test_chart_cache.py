"""Charts already drawn are kept on disk, so a start draws its chart without plotext."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import daily_ai_insights.core.topics.chart as chart_module
from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.store.chart_cache import KEEP, ChartCache, _file_stamp

ROWS = [("🐱", "LLM", 5), ("⭐", "Computer Vision", 3)]


def test_a_kept_chart_reads_back_in_a_new_cache(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path / "charts.json")
    key = cache.key(ROWS, 40, 10, False)
    assert cache.get(key) is None
    cache.put(key, "the chart")
    assert ChartCache(tmp_path / "charts.json").get(key) == "the chart"


def test_the_key_names_everything_a_chart_is_drawn_from(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path / "charts.json")
    keys = {
        cache.key(ROWS, 40, 10, False),
        cache.key(ROWS, 41, 10, False),
        cache.key(ROWS, 40, None, False),
        cache.key(ROWS, 40, 10, True),
        cache.key([("🐱", "LLM", 6), ROWS[1]], 40, 10, False),
        cache.key([("🐈", "LLM", 5), ROWS[1]], 40, 10, False),
    }
    assert len(keys) == 6


def test_the_drawing_code_stamp_follows_the_file(tmp_path: Path) -> None:
    code = tmp_path / "chart.py"
    code.write_text("x = 1\n")
    before = _file_stamp(str(code))
    code.write_text("x = 22\n")
    assert _file_stamp(str(code)) != before
    assert _file_stamp(str(tmp_path / "missing.py")) == _file_stamp(None) == "-"


def test_only_the_newest_charts_are_kept(tmp_path: Path) -> None:
    cache = ChartCache(tmp_path / "charts.json")
    keys = [cache.key(ROWS, width, None, False) for width in range(20, 20 + KEEP + 3)]
    for number, key in enumerate(keys):
        cache.put(key, f"chart {number}")
    kept = json.loads((tmp_path / "charts.json").read_text("utf-8"))
    assert list(kept) == keys[3:]
    assert cache.get(keys[0]) is None and cache.get(keys[-1]) == f"chart {KEEP + 2}"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"k": 3}', ""])
def test_an_unreadable_file_is_a_miss_and_is_replaced(tmp_path: Path, content: str) -> None:
    path = tmp_path / "charts.json"
    path.write_text(content, encoding="utf-8")
    cache = ChartCache(path)
    key = cache.key(ROWS, 40, 10, False)
    assert cache.get(key) is None
    cache.put(key, "drawn")
    assert json.loads(path.read_text("utf-8")) == {key: "drawn"}


def test_an_unwritable_folder_only_costs_a_redraw(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    cache = ChartCache(blocked / "charts.json")
    key = cache.key(ROWS, 40, 10, False)
    cache.put(key, "drawn")  # cannot be written: nothing raised
    assert blocked.read_text() == "a file where the folder should be"
    assert cache.get(key) == "drawn"  # still known to this process


def test_the_service_draws_a_chart_once(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = InsightsService(load_config())
    assert service.ensure_sample() is not None
    newest = service.newest_day()
    assert newest is not None
    digest = service.open_day(newest)
    assert digest is not None
    drawn = service.distribution_chart(digest, 44, 8)
    assert drawn.splitlines()[0].startswith("Category distribution")

    def must_not_draw(*args: object, **kwargs: object) -> str:
        raise AssertionError("the kept chart should have been used")

    monkeypatch.setattr(chart_module, "distribution_chart", must_not_draw)
    again = InsightsService(load_config())
    assert again.distribution_chart(digest, 44, 8) == drawn
    with pytest.raises(AssertionError):
        again.distribution_chart(digest, 45, 8)  # another width: drawn afresh


def test_a_start_with_a_kept_chart_does_not_load_plotext(home: Path) -> None:
    script = (
        "import sys\n"
        "from daily_ai_insights.core.config import load_config\n"
        "from daily_ai_insights.core.service import InsightsService\n"
        "service = InsightsService(load_config())\n"
        "service.ensure_sample()\n"
        "digest = service.open_day(service.newest_day())\n"
        "chart = service.distribution_chart(digest, 44, 8)\n"
        "print('plotext' in sys.modules, chart.splitlines()[1])\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split(maxsplit=1)

    first, second = run(), run()
    assert first[0] == "True" and second[0] == "False"
    assert first[1] == second[1]
