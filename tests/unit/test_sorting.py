"""A cached day sorted by other topics or an older classifier is sorted again, once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.errors import InsightsError
from daily_ai_insights.core.papers import Assignment
from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.core.topics.classify import classify
from daily_ai_insights.core.topics.digest import CLASSIFIER_REVISION, sorting_key

ROOT = Path(__file__).resolve().parents[2]
# What decides the offline classifier's answers (the topics are in the key already).
CLASSIFIER_FILES = (
    "core/topics/classify.py",
    "core/topics/terms.py",
    "core/topics/learned.py",
    "core/topics/packed.py",
    "core/data/learned.json",
)
# Each revision with the digest of those files. A change to them needs a new revision
# (cached days are sorted again with it) and a new row here.
REVISIONS = {"8": "c0459706fdf677dd"}


def classifier_digest() -> str:
    digest = hashlib.sha256()
    for name in CLASSIFIER_FILES:
        digest.update((ROOT / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def test_a_changed_classifier_has_a_new_revision() -> None:
    assert REVISIONS.get(CLASSIFIER_REVISION) == classifier_digest(), (
        "the classifier changed: bump CLASSIFIER_REVISION in core/topics/digest.py "
        "and add it to REVISIONS"
    )


@pytest.fixture
def service(home: Path) -> InsightsService:
    built = InsightsService(load_config())
    assert built.ensure_sample() is not None
    return built


def store_wrongly(service: InsightsService, key: str) -> tuple[dict[str, str], str]:
    """Store the newest day with every offline label wrong under ``key``; the right ones."""
    day = service.newest_day()
    assert day is not None
    stored = service.store.load_day(day)
    assert stored is not None
    right = {a.arxiv_id: a.category for a in classify(stored.papers, service.taxonomy)}
    names = [c.name for c in service.taxonomy.categories]
    wrong = [
        Assignment(p.arxiv_id, names[(names.index(right[p.arxiv_id]) + 1) % len(names)])
        for p in stored.papers
    ]
    service.store.save_day(day, (), wrong, sources=(), taxonomy_version=key)
    return right, stored.fetched_at


def categories(service: InsightsService) -> dict[str, str]:
    day = service.newest_day()
    assert day is not None
    digest = service.open_day(day)
    assert digest is not None
    return {p.arxiv_id: g.name for g in digest.groups for p in g.papers}


@pytest.mark.parametrize("older", ["{topics}+1", "{topics}", "other-topics+8"])
def test_a_day_sorted_by_an_older_classifier_is_sorted_again_and_kept(
    service: InsightsService, older: str
) -> None:
    right, fetched_at = store_wrongly(service, older.format(topics=service.taxonomy.version))
    day = service.newest_day()
    assert day is not None and service.outline_day(day) is None  # the index counts are old
    assert categories(service) == right
    stored = service.store.load_day(day)
    assert stored is not None
    assert stored.taxonomy_version == service.sorting == sorting_key(service.taxonomy)
    assert {a.arxiv_id: a.category for a in stored.assignments} == right
    assert stored.fetched_at == fetched_at  # sorted again, not fetched again
    # Written once: a new reader opens it from the index, and nothing is rewritten.
    stamp = service.store.day_stamp(day)
    fresh = InsightsService(load_config())
    outline = fresh.outline_day(day)
    assert outline is not None and outline.paper_count == len(right)
    assert categories(fresh) == right and fresh.store.day_stamp(day) == stamp


def test_a_models_labels_stay_while_the_topics_do(service: InsightsService) -> None:
    right, _ = store_wrongly(service, f"{service.taxonomy.version}+1")
    day = service.newest_day()
    assert day is not None
    chosen = sorted(right)[0]
    moved = "Other" if right[chosen] != "Other" else "LLM"
    label = Assignment(chosen, moved, 1.0, ("model: test",), "llm")
    service.store.save_day(day, (), [label], sources=(), taxonomy_version="x+1")
    # Other topics: the model's label is not trusted either.
    assert categories(service)[chosen] == right[chosen]
    service.store.save_day(
        day, (), [label], sources=(), taxonomy_version=f"{service.taxonomy.version}+1"
    )
    assert categories(service) == right | {chosen: moved}


def test_a_day_that_cannot_be_written_is_sorted_again_in_memory(
    service: InsightsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    right, _ = store_wrongly(service, f"{service.taxonomy.version}+1")

    def refuse(*args: object, **kwargs: object) -> None:
        raise InsightsError("the cache is read-only")

    monkeypatch.setattr(service.store, "save_day", refuse)
    assert categories(service) == right


def test_corrections_still_win_over_a_new_sorting(service: InsightsService) -> None:
    right, _ = store_wrongly(service, f"{service.taxonomy.version}+1")
    day = service.newest_day()
    assert day is not None
    digest = service.sorted_day(day)
    assert digest is not None
    paper = digest.groups[0].papers[0]
    target = next(c.name for c in service.taxonomy.categories if c.name != right[paper.arxiv_id])
    service.move_paper(digest, paper.arxiv_id, target)
    store_wrongly(service, f"{service.taxonomy.version}+1")
    fresh = InsightsService(load_config())
    assert categories(fresh) == right | {paper.arxiv_id: target}


def test_a_fetch_into_a_day_sorted_by_an_older_classifier_sorts_all_its_papers(
    service: InsightsService, tmp_path: Path
) -> None:
    import asyncio
    import json

    right, _ = store_wrongly(service, f"{service.taxonomy.version}+1")
    day = service.newest_day()
    assert day is not None
    stored = service.store.load_day(day)
    assert stored is not None
    one = stored.papers[0]
    # A listing of that day with one of its papers: the others are kept from before.
    listing = tmp_path / f"{day.isoformat()}.jsonl"
    record = {"id": one.arxiv_id, "title": one.title, "summary": one.abstract}
    listing.write_text(json.dumps({**record, "categories": list(one.categories)}) + "\n")
    result = asyncio.run(service.fetch_day(day, [str(listing)]))
    assert result.count == len(right)
    saved = service.store.load_day(day)
    assert saved is not None and saved.taxonomy_version == service.sorting
    assert {a.arxiv_id: a.category for a in saved.assignments} == right
    assert categories(service) == right
