"""The day cache: round trips, merging, briefings, index, corrupt files, write failures."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from daily_ai_insights.core.briefings.record import Briefing, Usage
from daily_ai_insights.core.errors import CacheError
from daily_ai_insights.core.models import SCHEMA_VERSION
from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.store.days import Store
from daily_ai_insights.core.store.filelock import FileLock
from daily_ai_insights.core.store.tinydb_files import AtomicJSONStorage
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)
NEXT = dt.date(2024, 11, 18)


def paper(n: int, *, version: int = 1, title: str = "", upvotes: int | None = None) -> Paper:
    return make_paper(
        f"2411.{n:05d}",
        version=version,
        title=title or f"Paper {n} — 한국어 제목",
        authors=("Ada Lovelace", "Alan Turing"),
        abstract=f"Abstract of paper {n}.",
        categories=("cs.CL", "cs.AI"),
        announced=DAY,
        sources=("arxiv",),
        upvotes=upvotes,
    )


def label(n: int, category: str) -> Assignment:
    return Assignment(f"2411.{n:05d}", category, 1.5, ("llm",), "offline")


def briefing(category: str = "LLMs", text: str = "요약", *, complete: bool = True) -> Briefing:
    return Briefing(
        day=DAY,
        category=category,
        language="ko",
        model="gpt-test",
        prompt_hash="abc123",
        paper_key="k1",
        text=text,
        complete=complete,
        usage=Usage(10, 20, 1),
        created_at="2024-11-15T10:00:00+00:00",
    )


def save(store: Store, day: dt.date, papers: list[Paper], labels: list[Assignment]) -> None:
    store.save_day(day, papers, labels, sources=["arxiv"], taxonomy_version="tax1")


def test_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path)
    papers = [paper(1, upvotes=3), paper(2)]
    labels = [label(1, "LLMs"), label(2, "Vision")]
    info = store.save_day(
        DAY, papers, labels, sources=["arxiv", "hf"], taxonomy_version="tax1"
    ).info

    loaded = Store(tmp_path).load_day(DAY)
    assert loaded is not None
    assert loaded.papers == tuple(papers)
    assert loaded.assignments == tuple(labels)
    assert loaded.sources == ("arxiv", "hf")
    assert loaded.taxonomy_version == "tax1"
    assert loaded.fetched_at == info.fetched_at != ""
    assert Store(tmp_path).load_day(NEXT) is None
    # The index knows which topics its counts were made with (the reader's outline).
    assert Store(tmp_path).days() == [info] and info.taxonomy_version == "tax1"


def index_docs(store: Store) -> dict[str, dict[str, object]]:
    """The index's documents by day, as on disk."""
    data = json.loads(store.index_path.read_text("utf-8"))
    assert data["meta"] == {"1": {"schema": 2}}
    return {doc["day"]: doc for doc in data["days"].values()}


def plant_index(store: Store, docs: list[object]) -> None:
    """Write an index of the current schema holding ``docs``."""
    days = {str(n): doc for n, doc in enumerate(docs, 1)}
    store.index_path.write_text(json.dumps({"meta": {"1": {"schema": 2}}, "days": days}))


def test_an_index_of_schema_1_is_read_then_rewritten_by_the_next_write(tmp_path: Path) -> None:
    """Entries kept as JSON strings (and without topic versions) read as they were; the
    next write turns the index into TinyDB tables and reads the same."""
    store = Store(tmp_path)
    save(store, DAY, [paper(1), paper(2)], [label(1, "LLMs"), label(2, "LLMs")])
    fetched_at = store.days()[0].fetched_at
    old = f'{{"count":2,"sources":["arxiv"],"counts":{{"LLMs":2}},"fetched_at":"{fetched_at}"}}'
    store.index_path.write_text(json.dumps({"schema": 1, "days": {DAY.isoformat(): old}}))
    before = store.index_path.read_bytes()
    (info,) = Store(tmp_path).days()
    assert (info.count, info.counts, info.taxonomy_version) == (2, (("LLMs", 2),), "")
    assert store.index_path.read_bytes() == before  # a read does not migrate
    save(Store(tmp_path), NEXT, [paper(3)], [])
    assert set(index_docs(store)) == {DAY.isoformat(), NEXT.isoformat()}
    assert [(i.day, i.count) for i in Store(tmp_path).days()] == [(DAY, 2), (NEXT, 1)]


def test_the_index_is_a_tinydb_table_of_days(tmp_path: Path) -> None:
    from tinydb import TinyDB, where

    store = Store(tmp_path)
    save(store, DAY, [paper(1), paper(2)], [label(1, "LLMs"), label(2, "Vision")])
    save(store, NEXT, [], [])  # a day without papers is listed with 0
    infos = store.days()
    assert store.day_counts() == [(DAY, 2), (NEXT, 0)] == [(i.day, i.count) for i in infos]
    assert store.day_info(DAY) == infos[0] and store.day_info(DAY + dt.timedelta(1)) is None
    db = TinyDB(store.index_path, storage=AtomicJSONStorage)
    (found,) = db.table("days").search(where("count") > 0)
    assert found["day"] == DAY.isoformat() and found["counts"] == {"LLMs": 1, "Vision": 1}
    save(store, DAY, [paper(3)], [])  # one document changed in place, not duplicated
    assert [doc["count"] for doc in db.table("days").search(where("day") == "2024-11-15")] == [3]
    assert len(db.table("days")) == 2


def test_a_listing_with_a_bad_entry_rebuilds_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [label(1, "LLMs")])
    plant_index(store, [{**index_docs(store)[DAY.isoformat()], "counts": "not counts"}])
    assert Store(tmp_path).day_counts() == [(DAY, 1)]
    assert Store(tmp_path).day_info(DAY) is not None
    assert Store(tmp_path).days()[0].counts == (("LLMs", 1),)


def test_file_is_compact_ascii_tinydb(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [label(1, "LLMs")])
    raw = store.day_path(DAY).read_bytes()
    assert raw.isascii() and b"\\ud55c" in raw  # escaped: the faster encoder
    assert b"\n" not in raw and b", " not in raw  # compact
    data = json.loads(raw)
    assert data["papers"]["1"]["title"].endswith("한국어 제목")  # read back as written
    assert set(data) == {"meta", "papers", "assignments"}  # briefings have their own files
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert data["papers"]["1"]["id"] == "2411.00001"
    # A real TinyDB file: TinyDB itself can open it through our storage.
    from tinydb import TinyDB

    db = TinyDB(store.day_path(DAY), storage=AtomicJSONStorage)
    assert [doc["id"] for doc in db.table("papers").all()] == ["2411.00001"]


def test_merge_keeps_earlier_papers_and_takes_newer_version(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1, title="old title", upvotes=5), paper(2)], [label(1, "LLMs")])
    newer = paper(1, version=2, title="new title", upvotes=2)
    info = store.save_day(
        DAY, [newer, paper(3)], [label(1, "Vision")], sources=["hf"], taxonomy_version="tax2"
    ).info

    loaded = store.load_day(DAY)
    assert loaded is not None
    by_id = {p.arxiv_id: p for p in loaded.papers}
    assert list(by_id) == ["2411.00001", "2411.00002", "2411.00003"]
    assert by_id["2411.00001"].version == 2
    assert by_id["2411.00001"].title == "new title"
    assert by_id["2411.00001"].upvotes == 5  # the larger count survives the merge
    assert {a.arxiv_id: a.category for a in loaded.assignments} == {"2411.00001": "Vision"}
    assert loaded.sources == ("arxiv", "hf")
    assert loaded.taxonomy_version == "tax2"
    assert info.count == 3


def test_older_version_does_not_replace_newer(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1, version=3, title="v3")], [])
    save(store, DAY, [paper(1, version=1, title="v1")], [])
    loaded = store.load_day(DAY)
    assert loaded is not None
    assert [(p.version, p.title) for p in loaded.papers] == [(3, "v3")]


def test_briefings_replaced_by_key_and_kept_by_save_day(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [label(1, "LLMs")])
    store.put_briefing(briefing("LLMs", "first"))
    store.put_briefing(briefing("Vision", "other"))
    store.put_briefing(briefing("LLMs", "second"))

    assert sorted(s.text for s in store.briefings_of(DAY)) == ["other", "second"]
    key = briefing("LLMs").cache_key
    found = Store(tmp_path).get_briefing(DAY, key)
    assert found == briefing("LLMs", "second")

    save(store, DAY, [paper(2)], [])  # a later fetch keeps the briefings
    assert sorted(s.text for s in store.briefings_of(DAY)) == ["other", "second"]
    assert store.get_briefing(DAY, "no|such|key") is None
    assert store.get_briefing(NEXT, key) is None


def test_incomplete_briefing_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    with pytest.raises(ValueError):
        store.put_briefing(briefing(complete=False))
    assert store.briefings_of(DAY) == []


def test_briefing_of_uncached_day_is_a_cache_error(tmp_path: Path) -> None:
    with pytest.raises(CacheError, match="not in the cache"):
        Store(tmp_path).put_briefing(briefing())


def test_index_counts_and_order(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, NEXT, [paper(5)], [label(5, "Vision")])
    save(
        store,
        DAY,
        [paper(1), paper(2), paper(3)],
        [label(1, "LLMs"), label(2, "LLMs"), label(3, "Vision"), label(99, "Ghost")],
    )
    days = Store(tmp_path).days()
    assert [d.day for d in days] == [DAY, NEXT]
    assert days[0].count == 3
    assert days[0].counts == (("LLMs", 2), ("Vision", 1))  # labels of absent papers ignored
    assert days[0].sources == ("arxiv",)
    assert days[1].count == 1
    assert Store(tmp_path).newest_day() == NEXT
    assert Store(tmp_path / "empty").newest_day() is None
    assert Store(tmp_path / "empty").days() == []


def test_corrupt_day_moved_aside_with_notice(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    save(store, NEXT, [paper(2)], [])
    store.day_path(DAY).write_text('{"papers": {"1": {"id": "2411', encoding="utf-8")

    fresh = Store(tmp_path)
    assert fresh.load_day(DAY) is None
    notices = fresh.take_notices()
    assert len(notices) == 1
    assert notices[0].startswith("cache file for 2024-11-15 was corrupt; moved aside to ")
    assert notices[0].endswith(" and will be fetched again")
    assert "\n" not in notices[0]
    assert fresh.take_notices() == []
    aside = list((tmp_path / "days").glob("2024-11-15.json.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in notices[0]
    assert not store.day_path(DAY).exists()
    # The other day is untouched, and the index forgot the corrupt one.
    other = fresh.load_day(NEXT)
    assert other is not None and [p.arxiv_id for p in other.papers] == ["2411.00002"]
    assert [d.day for d in fresh.days()] == [NEXT]
    # It can be fetched again.
    save(fresh, DAY, [paper(3)], [])
    assert [d.day for d in fresh.days()] == [DAY, NEXT]


@pytest.mark.parametrize(
    "content",
    [
        "[1, 2, 3]",
        '{"meta": {}, "papers": {}, "assignments": {}, "briefings": {}}',
        '{"meta": {"1": {"schema": 99, "day": "2024-11-15", "sources": [],'
        ' "taxonomy_version": "", "fetched_at": ""}},'
        ' "papers": {}, "assignments": {}, "briefings": {}}',
        "",
        "\x00\xff garbage",
    ],
    ids=["list", "no-meta", "future-schema", "empty", "binary"],
)
def test_wrong_shape_or_schema_is_corrupt(tmp_path: Path, content: str) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    store.day_path(DAY).write_text(content, encoding="latin-1")
    assert store.load_day(DAY) is None
    assert len(store.take_notices()) == 1
    assert list((tmp_path / "days").glob("*.corrupt-*"))


def test_corrupt_day_found_while_listing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    (tmp_path / "days" / "2024-11-20.json").write_text("{nope", encoding="utf-8")
    fresh = Store(tmp_path)
    assert [d.day for d in fresh.days()] == [DAY]
    assert len(fresh.take_notices()) == 1
    assert [d.day for d in fresh.days()] == [DAY]
    assert fresh.take_notices() == []


@pytest.mark.parametrize(
    "content",
    [
        "{broken",
        "[]",
        '{"schema": 1, "days": {"x": 1}}',
        '{"schema": 1, "days": {"2024-11-15": "{}", "2024-11-18": 7}}',
        '{"meta": {"1": {"schema": 3}}, "days": {}}',
        '{"meta": {"1": {"schema": 2}}, "days": {"1": {"day": "2024-11-15"}, "2": 7}}',
    ],
    ids=["not-json", "list", "wrong-days", "bad-entries", "future-schema", "bad-docs"],
)
def test_corrupt_or_missing_index_rebuilt_silently(tmp_path: Path, content: str) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1), paper(2)], [label(1, "LLMs")])
    save(store, NEXT, [paper(3)], [])
    expected = store.days()
    store.index_path.write_text(content, encoding="utf-8")
    fresh = Store(tmp_path)
    assert fresh.days() == expected
    assert fresh.take_notices() == []
    assert set(index_docs(store)) == {DAY.isoformat(), NEXT.isoformat()}
    store.index_path.unlink()
    assert Store(tmp_path).newest_day() == NEXT


def test_index_lagging_a_day_file_is_repaired(tmp_path: Path) -> None:
    # As if a writer died between writing the day and the index.
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    index = store.index_path.read_bytes()
    save(store, DAY, [paper(2)], [])
    store.index_path.write_bytes(index)
    fresh = Store(tmp_path)
    assert fresh.newest_day() == DAY
    assert fresh.load_day(DAY) is not None
    assert Store(tmp_path).days()[0].count == 2


def test_reading_a_day_the_stale_index_miscounts_corrects_the_index(tmp_path: Path) -> None:
    """Issue 15: the index said 7 for a day whose file holds more. A read of the day,
    with no listing before it (as ``insights export`` does), trusts the file."""
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    stale = store.index_path.read_bytes()
    save(store, DAY, [paper(n) for n in range(1, 8)], [label(2, "LLMs")])
    day_bytes = store.day_path(DAY).read_bytes()
    store.index_path.write_bytes(stale)  # planted: newer than the day file, count 1
    assert Store(tmp_path).day_counts() == [(DAY, 1)]  # listing alone cannot know
    loaded = Store(tmp_path).load_day(DAY)
    assert loaded is not None and len(loaded.papers) == 7
    fresh = Store(tmp_path)
    assert fresh.day_counts() == [(DAY, 7)]
    assert fresh.days()[0].counts == (("LLMs", 1),)
    assert store.day_path(DAY).read_bytes() == day_bytes  # the day itself is not rewritten
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_listing_after_a_writer_killed_between_day_and_index_is_right(tmp_path: Path) -> None:
    """A kill after the day file was replaced but before the index was: the day file is
    newer than the index, and the next listing reads it again and corrects the entry."""
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    save(store, NEXT, [paper(9)], [])
    stale = store.index_path.read_bytes()
    save(store, DAY, [paper(n) for n in range(1, 21)], [])
    store.index_path.write_bytes(stale)
    old = store.day_path(NEXT).stat().st_mtime_ns - 1_000_000_000
    os.utime(store.index_path, ns=(old, old))  # the index as the killed writer left it
    fresh = Store(tmp_path)
    assert fresh.day_counts() == [(DAY, 20), (NEXT, 1)]
    assert fresh.take_notices() == []
    assert index_docs(store)[DAY.isoformat()]["count"] == 20
    assert Store(tmp_path).days()[0].count == 20


def test_newest_day_reads_only_what_it_needs_yet_stays_right(tmp_path: Path) -> None:
    """newest_day decodes only the newest entry; every odd index still gives the truth."""
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    save(store, NEXT, [paper(2), paper(3)], [])
    good = index_docs(store)
    cases: dict[str, list[object]] = {
        "bad newest entry": [good[DAY.isoformat()], {"day": NEXT.isoformat(), "count": "x"}],
        "bad older entry": [{"day": DAY.isoformat()}, good[NEXT.isoformat()]],
        "newest day missing": [good[DAY.isoformat()]],
    }
    for name, docs in cases.items():
        plant_index(store, docs)
        fresh = Store(tmp_path)
        assert fresh.newest_day() == NEXT, name
        assert [info.count for info in fresh.days()] == [1, 2], name
        assert Store(tmp_path).newest_day() == NEXT, name
    plant_index(store, [])
    for day in (DAY, NEXT):
        store.day_path(day).unlink()
    assert Store(tmp_path).newest_day() is None


def test_labels_cache(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.get_labels("t1", ["2411.00001"]) == {}
    store.put_labels("t1", [label(1, "LLMs"), label(2, "Vision")])
    store.put_labels("t1", [label(2, "Robotics")])
    store.put_labels("t2", [label(1, "Other")])
    fresh = Store(tmp_path)
    got = fresh.get_labels("t1", ["2411.00001", "2411.00002", "2411.00009"])
    assert {k: v.category for k, v in got.items()} == {
        "2411.00001": "LLMs",
        "2411.00002": "Robotics",
    }
    assert got["2411.00001"] == label(1, "LLMs")
    assert fresh.get_labels("t2", ["2411.00001"])["2411.00001"].category == "Other"


def test_corrupt_labels_moved_aside(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.labels_path.parent.mkdir(parents=True, exist_ok=True)
    store.labels_path.write_text("{oops", encoding="utf-8")
    assert store.get_labels("t1", ["2411.00001"]) == {}
    store.put_labels("t1", [label(1, "LLMs")])
    assert store.get_labels("t1", ["2411.00001"])["2411.00001"].category == "LLMs"
    assert any("label cache was corrupt" in n for n in store.take_notices())


def test_unwritable_folder_is_one_line_cache_error(tmp_path: Path) -> None:
    # A file where the cache folder should be: fails even for root.
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    store = Store(blocker)
    with pytest.raises(CacheError) as caught:
        save(store, DAY, [paper(1)], [])
    message = str(caught.value)
    assert message.startswith("cannot write the cache at ")
    assert "\n" not in message and "Traceback" not in message


def test_disk_full_keeps_previous_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    before = store.day_path(DAY).read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("daily_ai_insights.core.store.atomic.os.fsync", full)
    with pytest.raises(CacheError) as caught:
        save(store, DAY, [paper(2)], [])
    assert str(caught.value) == (
        f"cannot write the cache at {store.day_path(DAY)}: No space left on device"
    )
    assert store.day_path(DAY).read_bytes() == before
    assert not list((tmp_path / "days").glob(".*.tmp"))
    monkeypatch.undo()
    loaded = Store(tmp_path).load_day(DAY)
    assert loaded is not None and [p.arxiv_id for p in loaded.papers] == ["2411.00001"]


def test_busy_lock_times_out_with_one_line(tmp_path: Path) -> None:
    store = Store(tmp_path, lock_timeout=0.2)
    save(store, DAY, [paper(1)], [])
    with FileLock(store.day_path(DAY)), pytest.raises(CacheError) as caught:
        save(store, DAY, [paper(2)], [])
    assert str(caught.value) == (
        "the cache is busy: another insights process holds "
        f"{store.day_path(DAY)} for more than 0.2 s"
    )
    loaded = store.load_day(DAY)
    assert loaded is not None and len(loaded.papers) == 1


def test_a_day_with_no_papers_is_listed_with_count_zero(tmp_path: Path) -> None:
    store = Store(tmp_path)
    info = store.save_day(NEXT, [], [], sources=["hf"], taxonomy_version="tax1").info
    assert (info.count, info.sources) == (0, ("hf",))
    assert [(i.day, i.count) for i in store.days()] == [(NEXT, 0)]
    stored = store.load_day(NEXT)
    assert stored is not None and stored.papers == ()
    store.index_path.unlink()  # rebuilt from the day files: still there
    assert [(i.day, i.count) for i in Store(tmp_path).days()] == [(NEXT, 0)]


class LockCheckingDict(dict):  # type: ignore[type-arg]
    """A dict that fails any access made without ``lock`` held."""

    def __init__(self, lock: object) -> None:
        super().__init__()
        self.lock = lock

    def _check(self) -> None:
        assert self.lock.locked(), "parsed-day cache touched without its lock"  # type: ignore[attr-defined]

    def get(self, *args: object) -> object:
        self._check()
        return super().get(*args)

    def pop(self, *args: object) -> object:
        self._check()
        return super().pop(*args)

    def __setitem__(self, key: object, value: object) -> None:
        self._check()
        super().__setitem__(key, value)


def test_storing_a_briefing_leaves_the_day_file_alone_and_never_parses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefing goes to its own small file; the day's papers are neither rewritten
    to store it nor parsed to look it up."""
    import daily_ai_insights.core.store.dayfile as format_module
    from daily_ai_insights.core.store.dayfile import DayFile, parse_day_file

    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [label(1, "LLMs")])
    day_file = store.day_path(DAY)
    before = (day_file.read_bytes(), day_file.stat().st_ino)
    parses: list[dt.date] = []
    real_parse = parse_day_file

    def counting_parse(data: object, day: dt.date, path: Path) -> DayFile:
        parses.append(day)
        return real_parse(data, day, path)

    monkeypatch.setattr(format_module, "parse_day_file", counting_parse)
    store.put_briefing(briefing("LLMs", "first"))
    fresh = Store(tmp_path)
    assert fresh.get_briefing(DAY, briefing("LLMs").cache_key) == briefing("LLMs", "first")
    assert (day_file.read_bytes(), day_file.stat().st_ino) == before
    assert (tmp_path / "briefings" / "2024-11-15.json").is_file()
    # Another process writes a briefing: the next lookup sees it.
    Store(tmp_path).put_briefing(briefing("LLMs", "second"))
    assert [s.text for s in store.briefings_of(DAY)] == ["second"]
    assert parses == []


def old_day_file(
    store: Store, day: dt.date, papers: list[Paper], briefings: list[Briefing]
) -> None:
    """A day file as versions before separate briefing files wrote it."""
    from daily_ai_insights.core.store.serialize import briefing_to_dict

    save(store, day, papers, [])
    data = json.loads(store.day_path(day).read_text("ascii"))
    data["summaries"] = {str(n): briefing_to_dict(s) for n, s in enumerate(briefings, 1)}
    store.day_path(day).write_text(json.dumps(data), "ascii")


def test_briefings_inside_an_old_day_file_are_read_then_moved_by_the_next_write(
    tmp_path: Path,
) -> None:
    old_day_file(Store(tmp_path), DAY, [paper(1)], [briefing("LLMs", "old"), briefing("Vision")])
    old_day_file(Store(tmp_path), NEXT, [paper(2)], [replace(briefing("LLMs", "next"), day=NEXT)])
    day_bytes = Store(tmp_path).day_path(DAY).read_bytes()
    store = Store(tmp_path)
    # Reading writes nothing.
    assert sorted(s.text for s in store.briefings_of(DAY)) == ["old", "요약"]
    assert store.day_path(DAY).read_bytes() == day_bytes
    assert not (tmp_path / "briefings").exists()
    # A new briefing keeps the old ones; the day file is still not touched.
    store.put_briefing(briefing("LLMs", "new"))
    assert sorted(s.text for s in Store(tmp_path).briefings_of(DAY)) == ["new", "요약"]
    assert store.day_path(DAY).read_bytes() == day_bytes
    # A fetch rewrites the day without its briefings, which stay readable.
    save(store, NEXT, [paper(3)], [])
    assert "summaries" not in json.loads(store.day_path(NEXT).read_text("ascii"))
    assert [s.text for s in Store(tmp_path).briefings_of(NEXT)] == ["next"]
    assert store.take_notices() == []


def test_a_corrupt_briefing_file_reads_as_none_and_is_moved_aside_by_the_next_write(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    save(store, DAY, [paper(1)], [])
    path = tmp_path / "briefings" / "2024-11-15.json"
    path.parent.mkdir()
    path.write_text('{"briefings": [', "utf-8")
    assert store.briefings_of(DAY) == []
    store.put_briefing(briefing("LLMs", "fresh"))
    assert [s.text for s in Store(tmp_path).briefings_of(DAY)] == ["fresh"]
    notices = store.take_notices()
    assert len(notices) == 1 and "was corrupt; moved aside" in notices[0]
    assert len(list(path.parent.glob("2024-11-15.json.corrupt-*"))) == 1


def test_parsed_days_are_only_touched_under_their_lock(tmp_path: Path) -> None:
    store = Store(tmp_path)
    days = [DAY + dt.timedelta(days=n) for n in range(6)]
    for day in days:
        save(store, day, [paper(1)], [label(1, "LLMs")])
    store._parsed = LockCheckingDict(store._parsed_lock)
    for day in days * 2:
        assert store.load_day(day) is not None
    assert 0 < len(store._parsed) <= 4


def test_parsed_days_survive_two_threads(tmp_path: Path) -> None:
    import sys
    import threading

    store = Store(tmp_path)
    days = [DAY + dt.timedelta(days=n) for n in range(8)]
    for day in days:
        save(store, day, [paper(1)], [label(1, "LLMs")])
    errors: list[BaseException] = []

    def reader(order: list[dt.date]) -> None:
        try:
            for _ in range(30):
                for day in order:
                    assert store.load_day(day) is not None
        except BaseException as error:
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=reader, args=(o,)) for o in (days, days[::-1])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(store._parsed) <= 4
