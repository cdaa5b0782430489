"""Papers a listing brings again of the days before are named (real files, a real Store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.store.days import Store
from daily_ai_insights.core.store.repeats import repeats_of
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


def test_only_papers_of_dateless_sources_stored_on_a_day_just_before_are_repeats(
    tmp_path: Path,
) -> None:
    store = store_with(tmp_path, FRIDAY, [paper("1", LISTING), paper("2", LISTING)])
    saturday = [
        paper("1", "/data/2026-06-06.jsonl"),  # Friday's again
        paper("2", "hf", "/data/2026-06-06.jsonl"),  # Hugging Face dates it: not a repeat
        paper("3", "/data/2026-06-06.jsonl"),  # new
    ]
    repeats = repeats_of(store, FRIDAY + dt.timedelta(days=1), saturday)
    assert repeats.seen_on == {"1": FRIDAY}
    assert repeats.line().startswith("1 paper of the listing already on Fri 2026-06-05 (")
    # A week and more later, or the same day fetched again: no repeats.
    assert repeats_of(store, FRIDAY + dt.timedelta(days=8), saturday).seen_on == {}
    assert repeats_of(store, FRIDAY, saturday).seen_on == {}
    assert repeats_of(store, FRIDAY, saturday).line() == ""
