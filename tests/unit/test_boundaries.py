"""The direction of dependency and the cost of startup, checked in fresh interpreters."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def _modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return set(result.stdout.split())


WALK_CORE = """
import importlib, pkgutil, core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))
for name in names:
    importlib.import_module(name)
print("imported:" + ",".join(names))
"""


def test_no_core_module_imports_textual() -> None:
    """Every module of ``core`` (found, not listed by hand), imported in one interpreter."""
    loaded = _modules_after(WALK_CORE)
    walked = next(line for line in loaded if line.startswith("imported:"))
    names = walked.removeprefix("imported:").split(",")
    assert {"core.service", "core.cli", "core.markdown_safe", "core.sources.hf"} <= set(names)
    assert len(names) > 40
    textual = sorted(name for name in loaded if name == "textual" or name.startswith("textual."))
    assert textual == []


def test_startup_does_not_import_openai() -> None:
    """openai costs ~400 ms to import: the reader's startup path must not load it."""
    loaded = _modules_after("import core.service, core.cli, tui.main, tui.app")
    assert "openai" not in loaded
    assert "feedparser" not in loaded


READER_START = """
from core.config import load_config
from core.service import InsightsService
import tui.main, tui.app
service = InsightsService(load_config())
assert service.outline_day(service.newest_day()).outline
"""
NOT_AT_START = {
    "core.papers",
    "core.summary_record",
    "core.store_format",
    "core.tinydb_files",
    "core.fetch_result",
    "core.taxonomy_toml",
    "tinydb",
    "argparse",
    "core.cli",
    # mounted later, if at all: a first run's banner, the filter box, the paper pane
    "tui.widgets.banner",
    "tui.widgets.filter_input",
    "tui.widgets.paper_detail",
}


def test_the_readers_start_loads_no_papers_day_files_or_tinydb(home: Path) -> None:
    """The first frame is drawn from the index: the records of papers and summaries, the
    day-file format, TinyDB and argparse load once a day is read or a command given
    (each frozen dataclass costs about a millisecond to define)."""
    from core.config import load_config
    from core.papers import Assignment
    from core.service import InsightsService
    from tests.support.papers import make_paper

    service = InsightsService(load_config())
    day = dt.date(2024, 11, 15)
    papers = [make_paper(f"2411.{n:05d}", announced=day) for n in range(3)]
    topic = service.taxonomy.categories[0].name
    service.store.save_day(
        day,
        papers,
        [Assignment(paper.arxiv_id, topic) for paper in papers],
        sources=("arxiv",),
        taxonomy_version=service.taxonomy.version,
    )
    loaded = _modules_after(READER_START)
    assert "core.store" in loaded and "tui.app" in loaded
    assert sorted(loaded & NOT_AT_START) == []
