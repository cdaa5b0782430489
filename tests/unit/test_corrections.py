"""The reader's corrections: kept in their own file, applied, learned from, robust to bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.errors import InsightsError
from daily_ai_insights.core.models import Taxonomy
from daily_ai_insights.core.papers import CORRECTED, Assignment
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.store.corrections import Corrections
from daily_ai_insights.core.topics.digest import paper_key
from daily_ai_insights.core.topics.taxonomy import default_taxonomy
from tests.support.papers import make_paper

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def store(tmp_path: Path) -> Corrections:
    return Corrections(tmp_path / "reader" / "corrections.json")


def test_a_move_is_written_atomically_and_read_by_a_new_instance(store: Corrections) -> None:
    paper = make_paper("2606.00001", title="A VLM benchmark", abstract="x" * 5000)
    store.move(paper, DAY, "Multimodal", "Computer Vision")
    assert store.path.is_file()
    assert not list(store.path.parent.glob("*.tmp"))
    data = json.loads(store.path.read_text(encoding="utf-8"))
    entry = data["corrections"]["2606.00001"]
    assert entry["category"] == "Multimodal" and entry["from"] == "Computer Vision"
    assert entry["day"] == "2026-06-01" and len(entry["abstract"]) == 2000
    again = Corrections(store.path).all()["2606.00001"]
    assert again.category == "Multimodal" and again.title == "A VLM benchmark"
    store.move(paper, DAY, "LLM", "Multimodal")  # moved twice: the last one counts
    assert Corrections(store.path).all()["2606.00001"].category == "LLM"
    store.forget("2606.00001")
    assert Corrections(store.path).all() == {}


def test_apply_moves_only_corrected_papers(store: Corrections) -> None:
    taxonomy = default_taxonomy()
    store.move(make_paper("1"), DAY, "Multimodal", "Computer Vision")
    automatic = [Assignment("1", "Computer Vision", 4.0), Assignment("2", "LLM", 3.0)]
    applied = store.apply(automatic, taxonomy)
    assert applied[0].category == "Multimodal" and applied[0].method == CORRECTED
    assert applied[0].matched == ("moved here by you from Computer Vision",)
    assert applied[1] == automatic[1]
    assert store.days() == {DAY}


def test_a_category_gone_from_the_taxonomy_falls_back_with_one_notice(
    store: Corrections,
) -> None:
    taxonomy = default_taxonomy()
    store.move(make_paper("1"), DAY, "Multimodal", "Computer Vision")
    store.move(make_paper("2"), DAY, "LLM", "Other")
    edited = Taxonomy(tuple(c for c in taxonomy.categories if c.name != "Multimodal"), "edited")
    automatic = [Assignment("1", "Computer Vision"), Assignment("2", "Other")]
    applied = store.apply(automatic, edited)
    assert [a.category for a in applied] == ["Computer Vision", "LLM"]
    store.apply(automatic, edited)  # said once, not on every day opened
    notices = store.take_notices()
    assert len(notices) == 1 and "Multimodal" in notices[0] and "\n" not in notices[0]
    # The correction stays in the file: it counts again if the category comes back.
    assert store.apply(automatic, taxonomy)[0].category == "Multimodal"
    assert [e.category for e in store.examples(edited)] == ["LLM"]


@pytest.mark.parametrize(
    "garbage", ["{not json", "[]", '{"format": 2, "corrections": {}}', '{"format": 1}', "\xff"]
)
def test_a_corrupt_file_is_moved_aside_with_a_notice(store: Corrections, garbage: str) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(garbage, encoding="utf-8", errors="surrogateescape")
    assert store.all() == {}
    notices = store.take_notices()
    assert len(notices) == 1 and "moved aside" in notices[0] and "\n" not in notices[0]
    aside = list(store.path.parent.glob("corrections.json.corrupt-*"))
    assert len(aside) == 1 and not store.path.exists()
    # Nothing lost: the bad bytes are kept aside, and a new move starts a good file.
    store.move(make_paper("1"), DAY, "LLM", "Other")
    assert set(Corrections(store.path).all()) == {"1"}


def test_a_bad_entry_costs_that_entry_only(store: Corrections) -> None:
    store.path.parent.mkdir(parents=True)
    good = {"category": "LLM", "from": "Other", "day": "2026-06-01", "title": "T"}
    entries = {"1": good, "2": {"day": "2026-06-01"}, "3": {**good, "day": "June"}, "4": 7}
    store.path.write_text(json.dumps({"format": 1, "corrections": entries}), encoding="utf-8")
    assert set(store.all()) == {"1"}
    notices = store.take_notices()
    assert len(notices) == 3 and all("skipped" in n and "\n" not in n for n in notices)
    assert store.path.exists()  # not moved aside: the good entry is still there


def test_an_unwritable_folder_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "reader"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = Corrections(blocker / "corrections.json")
    with pytest.raises(InsightsError) as raised:
        store.move(make_paper("1"), DAY, "LLM", "Other")
    assert "\n" not in str(raised.value)


@pytest.fixture
def service(home: Path) -> InsightsService:
    built = InsightsService(load_config())
    assert built.ensure_sample() is not None
    return built


def _where(service: InsightsService, day: dt.date, arxiv_id: str) -> str:
    digest = service.open_day(day)
    assert digest is not None
    return next(g.name for g in digest.groups if any(p.arxiv_id == arxiv_id for p in g.papers))


def test_service_move_survives_a_deleted_cache_and_a_refetch(
    service: InsightsService, home: Path
) -> None:
    day = service.newest_day()
    assert day is not None
    digest = service.open_day(day)
    assert digest is not None
    group = digest.groups[0]
    paper = group.papers[0]
    target = next(c.name for c in service.taxonomy.categories if c.name != group.name)
    before_left = paper_key(group.papers)
    moved = service.move_paper(digest, paper.arxiv_id, target)
    joined = moved.group(target)
    assert joined is not None and paper in joined.papers
    left = moved.group(group.name)
    assert left is None or paper_key(left.papers) != before_left  # its briefing is stale
    assert moved.paper_count == digest.paper_count
    assert service.config.paths.corrections_file == home / "data" / "reader" / "corrections.json"
    # Delete the cache, fetch the day again, open a new service: still moved.
    shutil.rmtree(service.config.paths.cache_dir)
    fresh = InsightsService(load_config())
    fresh.ensure_sample()
    assert fresh.outline_day(day) is None  # the index counts would be the classifier's
    assert _where(fresh, day, paper.arxiv_id) == target


def test_moving_to_an_unknown_category_or_paper_is_refused(service: InsightsService) -> None:
    day = service.newest_day()
    digest = service.open_day(day) if day else None
    assert digest is not None
    with pytest.raises(InsightsError, match="no category"):
        service.move_paper(digest, digest.groups[0].papers[0].arxiv_id, "Astrology")
    with pytest.raises(InsightsError, match="no paper"):
        service.move_paper(digest, "0000.00000", "LLM")
    assert not service.config.paths.corrections_file.exists()
