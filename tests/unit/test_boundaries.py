"""The direction of dependency and the cost of startup, checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


@pytest.mark.parametrize(
    "module",
    ["core", "core.service", "core.cli", "core.cli_export", "core.store", "core.export"],
)
def test_core_never_imports_textual(module: str) -> None:
    loaded = _modules_after(f"import {module}")
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_startup_does_not_import_openai() -> None:
    """openai costs ~400 ms to import: the reader's startup path must not load it."""
    loaded = _modules_after("import core.service, core.cli, tui.main, tui.app")
    assert "openai" not in loaded
    assert "feedparser" not in loaded
