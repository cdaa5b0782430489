"""``insights export`` as a user runs it, on the bundled sample, offline, in real processes.

A day without papers, or categories that have none that day, write nothing (no file
replaced, even with --force), print one line on stderr and exit 1. The ★ Watchlist is
the reader's: stdout leaves it out as a file does."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.conftest import REPO
from tests.e2e.test_cli import run_insights

WEEKEND, FRIDAY = "2024-11-16", "2024-11-15"  # both in the bundled sample's week


def fetch_sample_week(home: Path) -> None:
    for day in (FRIDAY, WEEKEND):
        fetched = run_insights(home, "--offline", "fetch", "--date", day, "--source", "sample")
        assert fetched.returncode == 0, fetched.stderr


def own_file(tmp_path: Path) -> Path:
    mine = tmp_path / "mine" / "notes.md"
    mine.parent.mkdir()
    mine.write_text("my notes\n", encoding="utf-8")
    return mine


def test_a_day_without_papers_exports_nothing(home: Path, tmp_path: Path) -> None:
    fetch_sample_week(home)
    mine = own_file(tmp_path)
    for extra in (
        (),
        ("--format", "json"),
        ("--output", str(mine), "--force"),
        ("--output", str(mine), "--force", "--format", "json"),
        ("--category", "LLM"),
    ):
        result = run_insights(home, "--offline", "export", "--date", WEEKEND, *extra)
        assert result.returncode == 1, (extra, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr == f"insights: no papers on {WEEKEND}; nothing to export\n", extra
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert [p.name for p in mine.parent.iterdir()] == [mine.name]  # no chart beside it
    assert not (home / "exports").exists() or list((home / "exports").iterdir()) == []


def test_categories_without_papers_that_day_export_nothing(home: Path, tmp_path: Path) -> None:
    fetch_sample_week(home)
    listed = run_insights(home, "--offline", "export", "--date", FRIDAY, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    present = [c["name"] for c in json.loads(listed.stdout)["categories"]]
    taxonomy = REPO / "core" / "data" / "taxonomy.toml"
    names = [c["name"] for c in tomllib.loads(taxonomy.read_text(encoding="utf-8"))["category"]]
    empty = [name for name in names if name not in present]
    assert len(empty) >= 2 and present
    mine = own_file(tmp_path)
    # Typed in another case, as a user would; each exists in the taxonomy.
    chosen = ("--category", empty[0].lower(), "--category", empty[1].upper())
    for extra in ((), ("--output", str(mine), "--force")):
        result = run_insights(home, "--offline", "export", "--date", FRIDAY, *chosen, *extra)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert result.stderr == (
            f"insights: no papers on {FRIDAY} in {empty[0]} or {empty[1]}; nothing to export\n"
        )
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert [p.name for p in mine.parent.iterdir()] == [mine.name]
    # One with papers among them: it alone is exported, and the other is named as left out.
    output = tmp_path / "one.json"
    one = run_insights(
        home,
        "--offline",
        "export",
        "--date",
        FRIDAY,
        "--category",
        empty[0],
        "--category",
        present[0],
        "--format",
        "json",
        "--output",
        str(output),
    )
    assert one.returncode == 0, one.stderr
    assert f"{empty[0]}: no papers on {FRIDAY}; left out\n" in one.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    assert [c["name"] for c in document["categories"]] == [present[0]]
    # A name that is no category at all is still a mistake, said as before.
    typo = run_insights(home, "--offline", "export", "--date", FRIDAY, "--category", "robots")
    assert typo.returncode == 1
    assert typo.stderr.startswith(f"insights: no category 'robots' on {FRIDAY} (there are: ")


def test_the_watchlist_stays_in_the_reader_on_stdout_as_in_a_file(
    home: Path, tmp_path: Path
) -> None:
    fetch_sample_week(home)
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text('[lists]\nwatch = ["language"]\n')
    for fmt in ("markdown", "json"):
        out = tmp_path / f"day.{fmt}"
        written = run_insights(
            home, "--offline", "export", "--date", FRIDAY, "--format", fmt, "--output", str(out)
        )
        printed = run_insights(home, "--offline", "export", "--date", FRIDAY, "--format", fmt)
        assert written.returncode == printed.returncode == 0, (written.stderr, printed.stderr)
        assert "Watchlist" not in printed.stdout
        assert "Watchlist" not in out.read_text(encoding="utf-8")
        if fmt == "json":
            groups = json.loads(printed.stdout)["categories"]
            on_file = json.loads(out.read_text(encoding="utf-8"))["categories"]
            assert [g["name"] for g in groups] == [g["name"] for g in on_file]
            ids = [paper["id"] for g in groups for paper in g["papers"]]
            assert len(ids) == len(set(ids))  # a watched paper once, in its topic
            assert ids == [paper["id"] for g in on_file for paper in g["papers"]]
