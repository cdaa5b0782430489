"""Hostile config and taxonomy files: one line naming the file and key, never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.errors import ExportError, InsightsError
from daily_ai_insights.core.export.files import check_target
from daily_ai_insights.core.store.atomic import atomic_write_text
from tests.e2e.test_cli import run_insights

DEEP = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"


def config_file(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["config.toml", "taxonomy.toml"])
def test_deep_nesting_is_one_line_naming_the_file(home: Path, name: str) -> None:
    path = home / "config" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEEP, encoding="utf-8")
    result = run_insights(home, "--offline", "fetch", "--source", "sample")
    # A bad config stops the command; a bad taxonomy falls back to the built-in topics.
    assert result.returncode == (1 if name == "config.toml" else 0), result
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and name in result.stderr
    assert "nested too deeply" in result.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("http_timeout = nan\n", "http_timeout must be a finite number"),
        ("http_timeout = inf\n", "http_timeout must be a finite number"),
        ("http_timeout = 0\n", "http_timeout must be between 0.5 and 3600"),
        ("[llm]\nmax_concurrency = 0\n", "llm.max_concurrency must be between 1 and 64"),
        ("[llm]\nmax_output_tokens = 1e300\n", "llm.max_output_tokens must be"),
    ],
)
def test_numbers_out_of_range_name_the_key(home: Path, text: str, said: str) -> None:
    path = config_file(home, text)
    with pytest.raises(InsightsError, match=said) as caught:
        load_config({"INSIGHTS_HOME": str(home)}, config_file=path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400"])
def test_a_bad_number_in_the_environment_names_the_variable(home: Path, value: str) -> None:
    with pytest.raises(InsightsError, match="INSIGHTS_HTTP_TIMEOUT") as caught:
        load_config({"INSIGHTS_HOME": str(home), "INSIGHTS_HTTP_TIMEOUT": value})
    assert "\n" not in str(caught.value)


def test_stale_temp_files_of_a_killed_export_are_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "digest.md"
    old = tmp_path / ".digest.md.k1ll3d.tmp"
    fresh = tmp_path / ".digest.md.wr1t1ng.tmp"
    other = tmp_path / ".notes.md.k1ll3d.tmp"
    for path in (old, fresh, other):
        path.write_text("partial", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for path in (old, other):
        os.utime(path, (an_hour_ago, an_hour_ago))
    atomic_write_text(target, "whole")
    assert target.read_text(encoding="utf-8") == "whole"
    assert not old.exists()  # ours, and left long ago by a killed write
    assert fresh.exists() and other.exists()  # maybe being written; not this file's


@pytest.mark.parametrize("kind", ["device", "link", "fifo"])
def test_force_replaces_only_regular_files(tmp_path: Path, kind: str) -> None:
    if kind == "device":
        target = Path("/dev/null")
    elif kind == "link":
        target = tmp_path / "link.md"
        target.symlink_to(tmp_path / "real.md")
        (tmp_path / "real.md").write_text("mine", encoding="utf-8")
    else:
        target = tmp_path / "pipe.md"
        os.mkfifo(target)
    with pytest.raises(ExportError, match="--force replaces only regular files"):
        check_target(target, True)


def test_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write") as caught:
        check_target(tmp_path / ("x" * 300 + ".md"), False)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300
