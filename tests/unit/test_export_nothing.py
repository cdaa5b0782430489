"""An export that would hold no paper writes nothing and says why, in one line the CLI and
the reader share: a day without papers, every paper muted, categories without papers, a
filter matching none. On a real cache in a temporary INSIGHTS_HOME."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.config import ListsConfig, load_config
from daily_ai_insights.core.errors import NothingToExport
from daily_ai_insights.core.export.document import FORMATS
from daily_ai_insights.core.models import Digest
from daily_ai_insights.core.service import InsightsService


@pytest.fixture
def service(home: Path) -> InsightsService:
    built = InsightsService(load_config())
    assert built.ensure_sample() is not None
    return built


def newest(service: InsightsService) -> Digest:
    day = service.newest_day()
    assert day is not None
    digest = service.open_day(day)
    assert digest is not None and digest.paper_count > 0
    return digest


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def own_file(tmp_path: Path) -> Path:
    """A file of the user's, alone in its folder."""
    mine = tmp_path / "mine" / "notes.md"
    mine.parent.mkdir()
    mine.write_text("my notes\n", encoding="utf-8")
    return mine


def refused(service: InsightsService, digest: Digest, mine: Path, **options: object) -> list[str]:
    """Why every way of exporting ``digest`` was refused: to the export folder and over
    ``mine`` with force, in each format. Nothing may be written by any of them."""
    before = mine.read_text(encoding="utf-8")
    reasons = []
    for path, force in ((None, False), (mine, True)):
        for fmt in FORMATS:
            with pytest.raises(NothingToExport) as caught:
                service.export(
                    digest,
                    language="ko",
                    path=path,
                    fmt=fmt,
                    force=force,
                    **options,  # type: ignore[arg-type]
                )
            reasons.append(str(caught.value))
    assert mine.read_text(encoding="utf-8") == before  # not replaced, even with force
    assert files_under(mine.parent) == [mine.name]
    assert files_under(service.config.paths.export_dir) == []
    return reasons


def test_a_day_without_papers_exports_nothing(service: InsightsService, tmp_path: Path) -> None:
    day = newest(service).day + dt.timedelta(days=1)
    service.store.save_day(day, [], [], sources=("hf",), taxonomy_version=service.sorting)
    digest = service.open_day(day)
    assert digest is not None and digest.paper_count == 0
    mine = own_file(tmp_path)
    reasons = refused(service, digest, mine, categories=None)
    assert set(reasons) == {f"no papers on {day.isoformat()}; nothing to export"}
    # Naming categories changes nothing: the day has none.
    llm = refused(service, digest, mine, categories=["LLM"])
    assert set(llm) == set(reasons)


def test_a_filter_matching_no_paper_exports_nothing(
    service: InsightsService, tmp_path: Path
) -> None:
    digest = newest(service)
    shown = replace(digest, groups=())  # what the reader's filter leaves of the day
    mine = own_file(tmp_path)
    reasons = refused(service, shown, mine, categories=None, filtered="zzqqxx")
    day = digest.day.isoformat()
    assert set(reasons) == {f"no paper of {day} matches the filter “zzqqxx”; nothing to export"}


def test_categories_without_papers_export_nothing_and_mixed_ones_only_theirs(
    service: InsightsService, tmp_path: Path
) -> None:
    digest = newest(service)
    empty = [c.name for c in service.taxonomy.categories if digest.group(c.name) is None]
    assert len(empty) >= 2
    mine = own_file(tmp_path)
    reasons = refused(service, digest, mine, categories=empty[:2])
    day = digest.day.isoformat()
    said = f"no papers on {day} in {empty[0]} or {empty[1]}; nothing to export"
    assert set(reasons) == {said}
    # With one category that has papers, only that one is written.
    present = digest.topics[0]
    result = service.export(
        digest, categories=[empty[0], present.name], language="en", path=tmp_path / "one.md"
    )
    text = result.path.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 1 and headings[0].endswith(present.name)
    assert text.count("\n - ") == present.count


def test_a_day_whose_papers_are_all_muted_exports_nothing(
    service: InsightsService, tmp_path: Path
) -> None:
    whole = newest(service)
    service.set_lists(ListsConfig(mute=tuple(p.title for g in whole.topics for p in g.papers)))
    digest = service.open_day(whole.day)
    assert digest is not None and digest.paper_count == 0
    assert digest.muted == whole.paper_count
    mine = own_file(tmp_path)
    reasons = refused(service, digest, mine, categories=None)
    day = whole.day.isoformat()
    hides = f"all {whole.paper_count} papers" if whole.paper_count > 1 else "the one paper"
    assert set(reasons) == {f"the mute list hides {hides} on {day}; nothing to export"}
    service.show_muted = True  # H: shown again, they export
    shown = service.open_day(whole.day)
    assert shown is not None
    result = service.export(shown, categories=None, language="en", path=tmp_path / "all.md")
    assert result.path.read_text(encoding="utf-8").count("\n - ") == whole.paper_count
