"""A saved Hugging Face daily-papers file (``2026-06-12.json``) is a source: read offline
with the HF parser, dated the day the file is for, refused in one line when it is not
such a file. Real corpus files (skipped without ../shared) and hostile files in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.config import Config, load_config
from daily_ai_insights.core.errors import SourceError
from daily_ai_insights.core.sources import listing
from daily_ai_insights.core.sources.listing import named_day
from daily_ai_insights.core.sources.names import needs_network, source_kind
from daily_ai_insights.core.sources.registry import FetchOutcome, fetch_sources

CORPUS_DAYS = {
    "2024-11-13": 7,
    "2024-11-14": 7,
    "2024-11-15": 7,
    "2024-11-18": 6,
    "2024-11-19": 16,
    "2026-06-12": 30,
    "2026-08-21": 17,
}
JUNE_12 = dt.date(2026, 6, 12)


@pytest.fixture
def offline(home: Path) -> Config:
    """The config with the network off: a saved file must not need it."""
    return replace(load_config({"INSIGHTS_HOME": str(home)}), offline=True)


def hf_file(corpus: Path, day: str) -> Path:
    return corpus / "hf-daily-papers" / f"hf-daily-papers-{day}.json"


async def fetch(config: Config, path: Path, day: dt.date | None = None) -> FetchOutcome:
    return await fetch_sources(day, (str(path),), config)


async def refusal(config: Config, path: Path, day: dt.date | None = None) -> str:
    with pytest.raises(SourceError) as caught:
        await fetch(config, path, day)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_json_file_is_a_local_hugging_face_source() -> None:
    for name in ("2026-06-12.json", "~/hf/2026-06-12.JSON", "/a/saved.json"):
        assert source_kind(name) == "hf" and not needs_network(name), name
    for name in ("hf", " HF ", "https://x.test/api/daily_papers.json"):
        assert needs_network(name), name
    # Named for a day, like a listing: the day a fetch without --date takes.
    assert named_day(["hf", "/x/hf-daily-papers-2024-11-15.json"]) == dt.date(2024, 11, 15)
    with pytest.raises(SourceError, match="fetch one day at a time"):
        named_day(["/x/2024-11-15.json", "/y/2024-11-14.jsonl"])


@pytest.mark.parametrize(("name", "count"), CORPUS_DAYS.items())
async def test_every_corpus_file_is_its_day_offline(
    corpus: Path, offline: Config, name: str, count: int
) -> None:
    path = hf_file(corpus, name)
    outcome = await fetch(offline, path)
    day = dt.date.fromisoformat(name)
    assert outcome.day == day and outcome.failed == ()
    assert len(outcome.papers) == count
    assert {p.announced for p in outcome.papers} == {day}
    # The papers are the file's: the day names it (the reader shows its file name).
    assert all(p.sources == (str(path.resolve()),) for p in outcome.papers)
    assert outcome.answered == (str(path.resolve()),) and not outcome.knows_empty
    assert all(p.upvotes is not None for p in outcome.papers)
    assert (await fetch(offline, path, day)).papers == outcome.papers


async def test_upvotes_and_fields_are_kept(corpus: Path, offline: Config) -> None:
    outcome = await fetch(offline, hf_file(corpus, "2024-11-15"))
    magic = next(p for p in outcome.papers if p.arxiv_id == "2411.09703")
    assert magic.title == "MagicQuill: An Intelligent Interactive Image Editing System"
    assert magic.upvotes == 26 and magic.authors[:2] == ("Zichen Liu", "Yue Yu")
    newer = await fetch(offline, hf_file(corpus, "2026-08-21"))
    assert max(p.upvotes or 0 for p in newer.papers) == 163


async def test_a_file_of_another_day_than_asked_is_refused(
    corpus: Path, offline: Config, tmp_path: Path
) -> None:
    path = hf_file(corpus, "2026-06-12")
    assert await refusal(offline, path, dt.date(2026, 6, 11)) == (
        "hf-daily-papers-2026-06-12.json is the Hugging Face file of 2026-06-12,"
        " not 2026-06-11: nothing taken from it"
    )
    # Without a date in its name the papers say the day: the same answer.
    saved = tmp_path / "saved.json"
    shutil.copyfile(path, saved)
    assert (await fetch(offline, saved)).day == JUNE_12
    assert await refusal(offline, saved, dt.date(2026, 6, 11)) == (
        "saved.json is the Hugging Face file of 2026-06-12, not 2026-06-11: nothing taken from it"
    )
    # A name that says another day than the papers is not trusted.
    misnamed = tmp_path / "2026-06-13.json"
    shutil.copyfile(path, misnamed)
    assert await refusal(offline, misnamed) == (
        "2026-06-13.json is named for 2026-06-13 but its papers were featured on"
        " 2026-06-12: nothing taken from it"
    )


async def test_papers_without_a_date_take_the_files_day(tmp_path: Path, offline: Config) -> None:
    path = tmp_path / "2026-06-12.json"
    path.write_text('[{"paper": {"id": "2606.00001", "title": "T", "upvotes": 4}}]')
    (paper,) = (await fetch(offline, path)).papers
    assert paper.announced == JUNE_12 and paper.upvotes == 4


HOSTILE = {
    "not JSON": (
        b"<html>rate limited</html>",
        "is not a Hugging Face daily-papers file: malformed JSON: Expecting value (line 1)",
    ),
    "an object": (
        b'{"error": "Invalid date"}',
        "is not a Hugging Face daily-papers file: a JSON object, not a list of papers",
    ),
    "a list of strings": (
        b'["2606.00001", "2606.00002"]',
        "is not a Hugging Face daily-papers file: no paper among its 2 items",
    ),
    "JSONL": (
        b'{"id": "2606.00001"}\n{"id": "2606.00002"}\n',
        "is not a Hugging Face daily-papers file: malformed JSON: Extra data (line 2)",
    ),
    "nested too deeply": (
        b"[" * 100_000,
        "is not a Hugging Face daily-papers file: malformed JSON: nested too deeply",
    ),
    "the weekend sentinel": (
        b"1",
        "holds no papers, only the 1 saved for a day without any (a weekend, or the"
        " request failed): nothing stored",
    ),
    "an empty list": (b"[]\n", "holds no papers: nothing stored"),
}


@pytest.mark.parametrize("case", HOSTILE)
async def test_a_bad_file_is_one_line(tmp_path: Path, offline: Config, case: str) -> None:
    data, reason = HOSTILE[case]
    path = tmp_path / "2024-11-16.json"
    path.write_bytes(data)
    assert await refusal(offline, path) == f"2024-11-16.json {reason}"


async def test_a_missing_or_oversized_file_is_not_read(
    tmp_path: Path, offline: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "2026-06-12.json"
    assert await refusal(offline, missing) == (
        f"no Hugging Face file 2026-06-12.json (looked at {missing})"
    )
    # The cap of every local source file (64 MB), lowered to keep the test small.
    monkeypatch.setattr(listing, "MAX_FILE_BYTES", 1 << 20)
    missing.write_bytes(b"[" + b" " * (1 << 20) + b"]")
    assert await refusal(offline, missing) == (
        "the Hugging Face file 2026-06-12.json is over 1 MB: not read"
    )
