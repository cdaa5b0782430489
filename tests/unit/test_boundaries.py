"""The direction of dependency and the cost of startup, checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys

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
