"""The direction of dependency, and the one import package, checked in fresh interpreters."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

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


WALK_CORE = """
import importlib, pkgutil, daily_ai_insights.core as core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + "."))
for name in names:
    importlib.import_module(name)
print("imported:" + ",".join(names))
"""


def test_no_core_module_imports_textual() -> None:
    """Every module of ``core`` (found, not listed by hand), imported in one interpreter."""
    loaded = _modules_after(WALK_CORE)
    walked = next(line for line in loaded if line.startswith("imported:"))
    names = walked.removeprefix("imported:").split(",")
    assert "daily_ai_insights.core.service" in names
    assert "daily_ai_insights.core.sources.hf" in names
    textual = sorted(name for name in loaded if name == "textual" or name.startswith("textual."))
    assert textual == []


def test_the_command_line_does_not_import_the_reader_or_openai() -> None:
    """A command such as ``insights days`` needs neither Textual nor the model client."""
    loaded = _modules_after("import daily_ai_insights.cli.commands, daily_ai_insights.cli.main")
    assert not {name for name in loaded if name.split(".")[0] in ("textual", "openai")}


@pytest.mark.slow
def test_the_wheel_installs_one_import_package(tmp_path: Path) -> None:
    """Built and installed into a fresh venv, the wheel brings ``daily_ai_insights`` and no
    top-level ``core``, ``tui``, ``cli`` or ``prompts``; the ``insights`` command runs."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {"core", "tui", "cli", "prompts"} & tops == set()
    assert "daily_ai_insights" in tops

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, system_site_packages=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import importlib.util as u, json, daily_ai_insights.core.service;"
        "print(json.dumps([n for n in ('core', 'tui', 'cli', 'prompts') if u.find_spec(n)]))"
    )
    # From an empty folder with only the venv's own site-packages in front.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    found = subprocess.run(
        [str(python), "-I", "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    assert found.stdout.strip() == "[]"
    assert (Path(site) / "daily_ai_insights" / "prompts" / "briefing_ko.txt").is_file()
    assert (Path(site) / "daily_ai_insights" / "core" / "data" / "taxonomy.toml").is_file()


def test_no_module_of_the_app_is_over_450_lines() -> None:
    """A file that grows past this is split by job (the house rule)."""
    long = {
        str(path.relative_to(REPO)): count
        for folder in ("core", "tui", "cli")
        for path in (REPO / folder).rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}
