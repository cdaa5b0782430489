"""Export targets are checked before any briefing is paid for; files follow the umask."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.errors import ExportError
from daily_ai_insights.core.export.document import (
    SVG_MARKER,
    check_target,
    digest_from_json,
    image_name_for,
    render_json,
    write_export,
)
from daily_ai_insights.core.store.atomic import atomic_write_text, current_umask
from daily_ai_insights.core.store.jsonfile import write_json_atomic
from tests.unit.test_export import DAY, SUMMARIES, briefing, make_digest


def test_check_target_accepts_a_new_file_in_a_new_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.md"
    assert check_target(target, False) == target
    assert not (tmp_path / "a").exists()  # checking creates nothing


def test_check_target_refuses_what_the_write_would_refuse(tmp_path: Path) -> None:
    existing = tmp_path / "out.md"
    existing.write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match=r"out.md exists; use --force to overwrite$"):
        check_target(existing, False)
    assert check_target(existing, True) == existing
    with pytest.raises(ExportError, match="it is a directory"):
        check_target(tmp_path, True)
    with pytest.raises(ExportError, match=r"^cannot create .*: .*out.md is not a folder$"):
        check_target(existing / "sub" / "x.md", True)


def test_check_target_looks_at_the_chart_of_a_markdown_export(tmp_path: Path) -> None:
    (tmp_path / image_name_for(DAY)).write_text("<svg>someone else's</svg>", encoding="utf-8")
    target = tmp_path / "out.md"
    assert check_target(target, False) == target  # JSON needs no chart
    with pytest.raises(ExportError, match="is not our chart; use --force"):
        check_target(target, False, chart_day=DAY)
    (tmp_path / image_name_for(DAY)).write_text(f"{SVG_MARKER}\n<svg/>", encoding="utf-8")
    assert check_target(target, False, chart_day=DAY) == target


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_exports_follow_the_umask_but_the_cache_stays_private(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        assert current_umask() == mask
        result = write_export(
            make_digest(), SUMMARIES, path=tmp_path / "out.md", export_dir=tmp_path
        )
        atomic_write_text(tmp_path / "plain.txt", "x")
        write_json_atomic(tmp_path / "cache.json", {"a": 1})
    finally:
        os.umask(old)
    expected = 0o666 & ~mask
    assert stat.S_IMODE(result.path.stat().st_mode) == expected
    assert result.image_path is not None
    assert stat.S_IMODE(result.image_path.stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "cache.json").stat().st_mode) == 0o600


def test_json_keeps_complete_apart_from_missing_parts() -> None:
    digest = make_digest()
    odd = briefing("LLM", "요약", complete=True, missing_parts=(4,))
    text = render_json(digest, {"LLM": odd, "Computer Vision": None})
    written = json.loads(text)["categories"][0]["summary"]
    assert written["complete"] is True and written["missing_parts"] == [4]
    _, back = digest_from_json(text)
    restored = back["LLM"]
    assert restored is not None and restored.checks is not None
    assert restored == replace(odd, checks=restored.checks)


def test_json_from_before_the_shared_dict_form_still_reads() -> None:
    text = render_json(make_digest(), SUMMARIES)
    data = json.loads(text)
    for key in ("day", "category", "key", "model", "prompt_hash", "paper_key"):
        data["categories"][0]["summary"].pop(key)
    _, back = digest_from_json(json.dumps(data))
    restored = back["LLM"]
    assert restored is not None and restored.text == SUMMARIES["LLM"].text  # type: ignore[union-attr]
    assert (restored.day, restored.category, restored.model) == (DAY, "LLM", "")
