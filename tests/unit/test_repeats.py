"""Papers a listing brings again are left out of the later day (real files, a real Store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.store.days import Store
from daily_ai_insights.core.store.repeats import without_repeats
from tests.support.papers import make_paper

FRIDAY = dt.date(2026, 6, 5)
LISTING = "/data/2026-06-05.jsonl"


def paper(arxiv_id: str, *sources: str) -> Paper:
    return make_paper(arxiv_id, sources=sources, announced=FRIDAY)


def store_with(tmp_path: Path, day: dt.date, papers: list[Paper]) -> Store:
    store = Store(tmp_path)
    labels = [Assignment(p.arxiv_id, "LLM", 1.0, (), "offline") for p in papers]
    store.save_day(day, papers, labels, sources=(LISTING,), taxonomy_version="t")
    return store


def test_only_papers_of_dateless_sources_stored_on_a_day_just_before_are_left_out(
    tmp_path: Path,
) -> None:
    store = store_with(tmp_path, FRIDAY, [paper("1", LISTING), paper("2", LISTING)])
    saturday = [
        paper("1", "/data/2026-06-06.jsonl"),  # Friday's again: left out
        paper("2", "hf", "/data/2026-06-06.jsonl"),  # Hugging Face dates it: kept
        paper("3", "/data/2026-06-06.jsonl"),  # new
    ]
    repeats = without_repeats(store, FRIDAY + dt.timedelta(days=1), saturday)
    assert [p.arxiv_id for p in repeats.kept] == ["2", "3"]
    assert repeats.seen_on == {"1": FRIDAY}
    assert repeats.line().startswith("1 paper of the listing already on Fri 2026-06-05")
    # A week and more later, or the same day fetched again: nothing is left out.
    assert without_repeats(store, FRIDAY + dt.timedelta(days=8), saturday).seen_on == {}
    assert without_repeats(store, FRIDAY, saturday).seen_on == {}
    assert without_repeats(store, FRIDAY, saturday).line() == ""
