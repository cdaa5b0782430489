"""The bundled sample: real days that load offline, well-formed, in our own words."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.papers import Paper
from daily_ai_insights.core.sources.sample import SampleSource, load_sample, parse_sample
from daily_ai_insights.core.store.serialize import paper_to_dict
from daily_ai_insights.core.text import clean_block, clean_line

DEFAULT_CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG")
ID = re.compile(r"\d{4}\.\d{4,5}")
WORD = re.compile(r"[a-z0-9]+")
COPY_RUN = 8


def _all_papers() -> list[Paper]:
    source = SampleSource()
    return [paper for day in source.days() for paper in source.papers(day)]


def _raw_json() -> dict[str, Any]:
    text = (
        resources.files("daily_ai_insights.core.data")
        .joinpath("sample.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def _record(**changes: Any) -> dict[str, Any]:
    """A valid paper dict of our own, with ``changes`` applied."""
    record: dict[str, Any] = {
        "id": "2411.00001",
        "version": 1,
        "title": "A Title",
        "authors": ["Ada Lovelace"],
        "abstract": "Short. Two sentences.",
        "primary_category": "cs.LG",
        "categories": ["cs.LG"],
        "announced": "2024-11-15",
        "abs_url": "https://arxiv.org/abs/2411.00001",
        "pdf_url": "https://arxiv.org/pdf/2411.00001",
        "comment": "",
        "sources": ["sample"],
        "upvotes": None,
    }
    record.update(changes)
    return record


# --- shape of the bundled data -------------------------------------------------------------


def test_five_consecutive_announcement_days_all_load() -> None:
    source = SampleSource()
    days = source.days()
    assert len(days) == 5
    assert days == sorted(days)
    assert all(day.weekday() < 5 for day in days)
    # Consecutive weekdays: nothing but a weekend may lie between two sample days.
    for before, after in itertools.pairwise(days):
        gap = [before + dt.timedelta(n) for n in range(1, (after - before).days)]
        assert all(d.weekday() >= 5 for d in gap), (before, after)
    for day in days:
        papers = source.papers(day)
        assert 6 <= len(papers) <= 16, (day, len(papers))
        assert all(paper.announced == day for paper in papers)
        assert all(paper.sources == ("sample",) for paper in papers)


def test_ids_are_unique_per_day_and_well_formed() -> None:
    source = SampleSource()
    for day in source.days():
        ids = [paper.arxiv_id for paper in source.papers(day)]
        assert len(ids) == len(set(ids)), day
        assert all(ID.fullmatch(arxiv_id) for arxiv_id in ids), ids


def test_raw_file_has_no_duplicates_that_loading_would_hide() -> None:
    for day, records in _raw_json()["days"].items():
        ids = [record["id"] for record in records]
        assert len(ids) == len(set(ids)), day


def test_abstracts_are_short_and_non_empty() -> None:
    for paper in _all_papers():
        assert paper.abstract, paper.arxiv_id
        assert len(paper.abstract) < 700, paper.arxiv_id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", paper.abstract) if s]
        assert 2 <= len(sentences) <= 4, (paper.arxiv_id, len(sentences))


def test_titles_and_authors_are_present_and_clean() -> None:
    for paper in _all_papers():
        assert paper.title and paper.title == clean_line(paper.title)
        assert paper.authors and all(a == clean_line(a) and a for a in paper.authors)
        assert paper.abstract == clean_block(paper.abstract)
        assert paper.version >= 1


def test_every_default_category_appears_every_day() -> None:
    source = SampleSource()
    for day in source.days():
        seen = {c for paper in source.papers(day) for c in paper.categories}
        missing = set(DEFAULT_CATEGORIES) - seen
        assert not missing, (day, missing)


def test_primary_category_is_among_the_categories() -> None:
    for paper in _all_papers():
        assert paper.primary_category == paper.categories[0]
        assert all(re.fullmatch(r"[a-z\-]+(\.[A-Za-z\-]+)?", c) for c in paper.categories)


def test_links_are_https_arxiv_for_the_paper() -> None:
    for paper in _all_papers():
        assert paper.abs_url == f"https://arxiv.org/abs/{paper.arxiv_id}"
        assert paper.pdf_url == f"https://arxiv.org/pdf/{paper.arxiv_id}"


@pytest.mark.parametrize(
    ("topic", "pattern"),
    [
        ("Multimodal", r"multimodal|vision-language|vision language"),
        ("LLM", r"large language model|\bllms?\b"),
        ("Graph Neural Networks", r"graph neural network"),
        ("Natural Language Processing", r"\bfrench\b|\bgerman\b|linguistic"),
        ("Computer Vision", r"segmentation|image"),
        ("Model training technique", r"semi-supervised|cross-entropy|preference optimi"),
        ("Robotics / embodied", r"embodied"),
    ],
)
def test_the_digest_topics_are_covered(topic: str, pattern: str) -> None:
    texts = [f"{paper.title} {paper.abstract}".lower() for paper in _all_papers()]
    assert any(re.search(pattern, text) for text in texts), topic


def test_the_file_is_small_and_round_trips() -> None:
    raw = resources.files("daily_ai_insights.core.data").joinpath("sample.json").read_bytes()
    assert len(raw) < 100_000
    data = _raw_json()
    loaded = load_sample()
    for key, records in data["days"].items():
        day = dt.date.fromisoformat(key)
        assert [paper_to_dict(p) for p in loaded[day]] == records


# --- the source --------------------------------------------------------------------------


class _NoNetwork:
    """An ``http`` stand-in that fails the test if anything is asked of it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the sample source used http.{name}")


async def test_fetch_day_none_gives_the_newest_day_without_network() -> None:
    source = SampleSource()
    newest = source.days()[-1]
    papers = await source.fetch_day(None, _NoNetwork())
    assert papers == source.papers(newest)
    assert papers and all(p.announced == newest for p in papers)


async def test_fetch_day_for_a_sample_day_and_for_a_missing_day() -> None:
    source = SampleSource()
    first = source.days()[0]
    assert await source.fetch_day(first) == source.papers(first)
    assert await source.fetch_day(dt.date(2024, 11, 16), _NoNetwork()) == []
    assert source.papers(dt.date(1999, 1, 1)) == []


def test_papers_returns_a_fresh_list() -> None:
    source = SampleSource()
    day = source.days()[0]
    first = source.papers(day)
    first.clear()
    assert source.papers(day)


def test_name_is_sample() -> None:
    assert SampleSource.name == "sample"


# --- cleaning and bad input ---------------------------------------------------------------


def test_untrusted_text_is_cleaned_like_any_source() -> None:
    record = _record(
        title="Bad\x1b[31m red\x1b[0m  &amp; \u202etitle",
        authors=["  Ada\nLovelace ", ""],
        abstract="Line one\nline two. Second\tsentence.",
        abs_url="javascript:alert(1)",
        pdf_url="",
        categories=["cs.CL"],
        sources=["elsewhere"],
        announced="2001-01-01",
    )
    (paper,) = parse_sample({"schema": 1, "days": {"2024-11-15": [record]}})[dt.date(2024, 11, 15)]
    assert paper.title == "Bad red & title"
    assert paper.authors == ("Ada Lovelace",)
    assert paper.abstract == "Line one line two. Second sentence."
    assert paper.abs_url == "https://arxiv.org/abs/2411.00001"
    assert paper.pdf_url == "https://arxiv.org/pdf/2411.00001"
    assert paper.categories == ("cs.LG", "cs.CL")
    assert paper.sources == ("sample",)
    assert paper.announced == dt.date(2024, 11, 15)


def test_duplicates_within_a_day_are_merged() -> None:
    records = [_record(), _record(version=2, title="Newer")]
    papers = parse_sample({"schema": 1, "days": {"2024-11-15": records}})[dt.date(2024, 11, 15)]
    assert [(p.arxiv_id, p.version, p.title) for p in papers] == [("2411.00001", 2, "Newer")]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ([], "not a JSON object"),
        ({"schema": 2, "days": {}}, "schema"),
        ({"schema": 1, "days": {}}, "no days"),
        ({"schema": 1, "days": {"15 Nov": []}}, "bad day"),
        ({"schema": 1, "days": {"2024-11-15": {}}}, "not a list"),
        ({"schema": 1, "days": {"2024-11-15": ["x"]}}, "not an object"),
        ({"schema": 1, "days": {"2024-11-15": [{"id": "2411.00001"}]}}, "missing"),
        ({"schema": 1, "days": {"2024-11-15": [_record(version="v1")]}}, "bad paper"),
        ({"schema": 1, "days": {"2024-11-15": [_record(id="cs/0101001\nx")]}}, "bad arXiv id"),
    ],
)
def test_bad_sample_data_raises_one_line_source_error(data: object, needle: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_sample(data)
    message = str(caught.value)
    assert needle in message
    assert "\n" not in message


# --- facts match the corpus, words are our own ---------------------------------------------


def _corpus_records(corpus: Path) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for path in sorted((corpus / "hf-daily-papers").glob("hf-daily-papers-2024-11-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):  # weekend files hold the sentinel 1
            continue
        for entry in data:
            records[entry["paper"]["id"]] = entry["paper"]
    return records


def _longest_shared_run(ours: str, theirs: str) -> int:
    """Length of the longest run of consecutive words the two texts share."""
    a, b = WORD.findall(ours.lower()), WORD.findall(theirs.lower())
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def test_the_copy_detector_detects_copies() -> None:
    text = "one two three four five six seven eight nine"
    assert _longest_shared_run(f"We say {text} here.", f"They said {text}.") == 9
    assert _longest_shared_run("alpha beta gamma", "gamma beta alpha") == 1


@pytest.mark.corpus
def test_facts_match_the_corpus(corpus: Path) -> None:
    records = _corpus_records(corpus)
    from_corpus = [p for p in _all_papers() if p.arxiv_id in records]
    assert len(from_corpus) >= 40
    for paper in from_corpus:
        record = records[paper.arxiv_id]
        assert paper.title == clean_line(record["title"]), paper.arxiv_id
        assert paper.authors[0] == clean_line(record["authors"][0]["name"]), paper.arxiv_id
        assert len(paper.authors) == len(record["authors"]), paper.arxiv_id
        assert paper.upvotes == record["upvotes"], paper.arxiv_id


@pytest.mark.corpus
def test_each_corpus_paper_sits_on_its_corpus_day(corpus: Path) -> None:
    source = SampleSource()
    for day in source.days():
        path = corpus / "hf-daily-papers" / f"hf-daily-papers-{day.isoformat()}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        corpus_ids = {entry["paper"]["id"] for entry in data}
        sample_ids = {paper.arxiv_id for paper in source.papers(day)}
        assert corpus_ids <= sample_ids, (day, corpus_ids - sample_ids)


@pytest.mark.corpus
def test_no_abstract_copies_its_source(corpus: Path) -> None:
    records = _corpus_records(corpus)
    for paper in _all_papers():
        if paper.arxiv_id not in records:
            continue
        run = _longest_shared_run(paper.abstract, records[paper.arxiv_id]["summary"])
        assert run < COPY_RUN, (paper.arxiv_id, run)
