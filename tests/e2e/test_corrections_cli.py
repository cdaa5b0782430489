"""A paper moved by the reader stays moved through ``insights fetch`` and ``export``:
real processes, a loopback server standing in for Hugging Face, a real INSIGHTS_HOME."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.service import InsightsService
from tests.e2e.test_cli import run_insights, serve_hf_day
from tests.support.loopback import Loopback

DAY = dt.date(2024, 11, 15)


def _export(home: Path, out: Path) -> dict[str, dict[str, object]]:
    """Each exported paper by id: its category, assignment and ``also``."""
    result = run_insights(
        home, "export", "--date", DAY.isoformat(), "--format", "json", "--output", str(out)
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    papers: dict[str, dict[str, object]] = {}
    for category in document["categories"]:
        methods = {a["id"]: a for a in category["assignments"]}
        for paper in category["papers"]:
            assert isinstance(paper["also"], list)
            papers[paper["id"]] = {
                "category": category["name"],
                "method": methods[paper["id"]]["method"],
                "also": paper["also"],
            }
    return papers


@pytest.mark.corpus
def test_a_correction_survives_a_deleted_cache_and_a_refetch(
    home: Path, server: Loopback, corpus: Path, tmp_path: Path
) -> None:
    serve_hf_day(server, corpus)
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    fetch = ("fetch", "--date", DAY.isoformat(), "--source", "hf")
    assert run_insights(home, *fetch, env=env).returncode == 0
    before = _export(home, tmp_path / "before.json")
    assert len(before) == 7

    # The reader moves one paper (what the picker does, through the same service).
    service = InsightsService(load_config())
    digest = service.open_day(DAY)
    assert digest is not None
    arxiv_id = "2411.09595"  # LLaMA-Mesh
    source = str(before[arxiv_id]["category"])
    target = "AI Agents" if source != "AI Agents" else "LLM"
    service.move_paper(digest, arxiv_id, target)
    corrections = home / "data" / "reader" / "corrections.json"
    assert corrections.is_file()

    # Quit, delete the cache, fetch the day again: still where the reader put it.
    shutil.rmtree(home / "data" / "cache")
    fetched = run_insights(home, *fetch, env=env)
    assert fetched.returncode == 0, fetched.stderr
    assert f"{target}" in fetched.stdout
    after = _export(home, tmp_path / "after.json")
    assert after[arxiv_id]["category"] == target
    assert after[arxiv_id]["method"] == "corrected"
    # Only that paper moved; the others are where the classifier put them.
    assert {k: v["category"] for k, v in after.items() if k != arxiv_id} == {
        k: v["category"] for k, v in before.items() if k != arxiv_id
    }
    # The fetch's counts agree with the export.
    counts = {
        line.rsplit(None, 1)[0].split(" ", 1)[1].strip(): int(line.rsplit(None, 1)[1])
        for line in fetched.stdout.strip().splitlines()[1:]
    }
    exported = {name: 0 for name in counts}
    for paper in after.values():
        exported[str(paper["category"])] = exported.get(str(paper["category"]), 0) + 1
    assert counts == {k: v for k, v in exported.items() if v}
