"""The search index and the query sanitiser, on real SQLite files in a temporary folder."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from daily_ai_insights.core.errors import CacheError
from daily_ai_insights.core.search.index import IndexRow, SearchIndex
from daily_ai_insights.core.search.query import QueryError, parse_query

MON = dt.date(2024, 11, 18)
FRI = dt.date(2024, 11, 15)


def rows(prefix: str, n: int = 3) -> list[IndexRow]:
    return [
        IndexRow(
            f"{prefix}.{i:05d}",
            "LLM" if i % 2 else "Computer Vision",
            f"Paper {i} about {'diffusion' if i == 1 else 'language'} models",
            (f"Ada Lovelace{i}", "Grace Hopper"),
            f"We study long-context reasoning in paper {i}. Crème brûlée is mentioned.",
        )
        for i in range(n)
    ]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    built = SearchIndex(tmp_path / "cache" / "search.sqlite3")
    built.put_day(FRI, rows("2411"), "s1")
    built.put_day(MON, rows("2412"), "s1")
    return built


def ids(index: SearchIndex, text: str, **kw: object) -> list[str]:
    return [hit.arxiv_id for hit in index.search(parse_query(text), **kw).hits]  # type: ignore[arg-type]


def test_titles_abstracts_authors_and_phrases(index: SearchIndex) -> None:
    assert ids(index, "diffusion") == ["2412.00001", "2411.00001"]  # newest day first
    assert ids(index, '"long-context reasoning" "paper 2"') == ["2412.00002", "2411.00002"]
    assert ids(index, "Lovelace0") == ["2412.00000", "2411.00000"]
    assert ids(index, "creme brulee") != []  # diacritics folded
    assert ids(index, '"reasoning long-context"') == []  # a phrase keeps its order
    assert ids(index, "lang*")[:3] == ["2412.00000", "2412.00002", "2411.00000"]


def test_results_group_by_day_with_their_category(index: SearchIndex) -> None:
    results = index.search(parse_query("language"))
    grouped = results.by_day()
    assert [day for day, _ in grouped] == [MON, FRI]
    assert [(h.arxiv_id, h.category) for h in grouped[0][1]] == [
        ("2412.00000", "Computer Vision"),
        ("2412.00002", "Computer Vision"),
    ]
    assert grouped[0][1][0].authors == ("Ada Lovelace0", "Grace Hopper")


def test_since_and_limit(index: SearchIndex) -> None:
    # Within a day, by category (in the order first met), then by id.
    assert ids(index, "paper", since=MON) == ["2412.00000", "2412.00002", "2412.00001"]
    limited = index.search(parse_query("paper"), limit=2)
    assert len(limited.hits) == 2 and limited.more


def test_a_day_put_again_replaces_its_papers(index: SearchIndex) -> None:
    index.put_day(FRI, rows("2411", 1), "s2")
    assert ids(index, "paper", since=FRI) == [
        "2412.00000",
        "2412.00002",
        "2412.00001",
        "2411.00000",
    ]
    assert index.indexed() == {"2024-11-15": "s2", "2024-11-18": "s1"}
    index.drop_day(MON)
    assert ids(index, "paper") == ["2411.00000"]


def test_a_changed_paper_is_found_by_its_new_text_only(index: SearchIndex) -> None:
    changed = rows("2411")
    changed[2] = IndexRow("2411.00002", "LLM", "Quantum kittens", (), "Nothing else.")
    changed.append(IndexRow("2411.00099", "Other", "Fresh arrival", (), "New."))
    index.put_day(FRI, changed, "s2")
    assert ids(index, "kittens") == ["2411.00002"]
    assert ids(index, '"paper 2"') == ["2412.00002"]  # the old text is gone from the index
    assert ids(index, "arrival") == ["2411.00099"]
    assert ids(index, "diffusion") == ["2412.00001", "2411.00001"]  # unchanged, still there
    with sqlite3.connect(index.path) as db:
        assert db.execute("INSERT INTO fts(fts) VALUES ('integrity-check')") is not None
    db.close()


def test_sync_indexes_changed_days_and_drops_gone_ones(index: SearchIndex) -> None:
    seen: list[tuple[int, int, dt.date]] = []
    tue = MON + dt.timedelta(days=1)
    done = index.sync(
        {FRI: "s1", tue: "s1"},
        lambda day: rows("2413"),
        lambda done, total, day: seen.append((done, total, day)),
    )
    assert done == 1 and seen == [(1, 1, tue)]
    assert set(index.indexed()) == {"2024-11-15", "2024-11-19"}


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "a OR b NOT c AND",
        "NEAR(a b, 2)",
        "title:x",
        "x^y -z +w (a) {b} [c]",
        "pre*",
        "\x00\x1b[31mred\x07",
        "__ ___",
        "_x_",
        '"a" "" "b',
        "ünïcödé 中文 emoji 🚀",
    ],
)
def test_hostile_queries_give_results_not_errors(index: SearchIndex, text: str) -> None:
    results = index.search(parse_query(text))
    assert isinstance(results.more, bool)


@pytest.mark.parametrize("text", ['"""', "*", "", "   ", "-- ** !!", "x" * 10_000, "a " * 5_000])
def test_nothing_searchable_is_one_line(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert "\n" not in str(caught.value) and str(caught.value)


def test_operators_are_words(index: SearchIndex) -> None:
    assert parse_query("a OR b").fts == '"a" AND "OR" AND "b"'
    assert parse_query('say "hi there').fts == '"say" AND "hi there"'
    assert ids(index, "Grace OR nothing") == []  # OR is a word the papers do not have


def test_a_corrupt_index_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    index = SearchIndex(path)
    assert index.indexed() == {}
    assert "unreadable" in index.notices[0]
    index.put_day(FRI, rows("2411"), "s1")
    assert ids(index, "diffusion") == ["2411.00001"]


def test_an_index_of_another_version_is_rebuilt(index: SearchIndex, tmp_path: Path) -> None:
    index.close()
    with sqlite3.connect(index.path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    db.close()
    again = SearchIndex(index.path)
    assert again.indexed() == {}


def test_a_busy_index_is_a_one_line_error(index: SearchIndex) -> None:
    other = sqlite3.connect(index.path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        index.close()
        slow = SearchIndex(index.path)
        slow._raw_connect = lambda: sqlite3.connect(index.path, timeout=0.05)  # type: ignore[method-assign]
        with pytest.raises(CacheError) as caught:
            slow.put_day(FRI, rows("2411"), "s9")
        assert "\n" not in str(caught.value)
    finally:
        other.rollback()
        other.close()
    assert SearchIndex(index.path).indexed()["2024-11-15"] == "s1"  # not deleted
