"""``insights search``, ``fetch --since``, ``starred`` and ``days`` as a user runs them: real
processes, whole-day listings and Hugging Face days served over loopback, a real cache."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from daily_ai_insights.core.config import load_config
from daily_ai_insights.core.reader_data.reader import ReaderData
from daily_ai_insights.core.service import InsightsService
from tests.e2e.test_cli import run_insights, serve_hf_day
from tests.support.loopback import Handler, Loopback, Request

LISTING_DAYS = ("2026-06-01", "2026-06-02", "2026-06-03")


def serve_listings(server: Loopback, corpus: Path) -> None:
    def route(handler: Handler, request: Request) -> None:
        name = request.path.rsplit("/", 1)[-1]
        path = corpus / "listings" / "daily-arxiv-ai-enhanced" / name
        if path.is_file():
            handler.send_bytes(200, path.read_bytes(), "application/x-ndjson")
        else:
            handler.send_bytes(404, b"no", "text/plain")

    server.route("*", route)


def fetch_listings(home: Path, server: Loopback, corpus: Path) -> None:
    serve_listings(server, corpus)
    for day in LISTING_DAYS:
        url = f"{server.url}/listings/{day}.jsonl"
        result = run_insights(home, "fetch", "--date", day, "--source", url)
        assert result.returncode == 0, result.stderr


def known_paper(home: Path) -> tuple[str, str, str, str]:
    """A paper of 2026-06-02: (id, title, category, a phrase from the middle of its abstract)."""
    service = InsightsService(load_config({"INSIGHTS_HOME": str(home)}))
    digest = service.open_day(dt.date(2026, 6, 2))
    assert digest is not None
    for group in digest.groups:
        for paper in group.papers:
            words = paper.abstract.split()
            if len(words) > 40 and all(w.isalpha() for w in words[20:26]):
                return paper.arxiv_id, paper.title, group.name, " ".join(words[20:26])
    raise AssertionError("no paper with a plain abstract")


def test_search_finds_a_title_by_a_phrase_of_its_abstract(
    home: Path, server: Loopback, corpus: Path
) -> None:
    fetch_listings(home, server, corpus)
    arxiv_id, title, category, phrase = known_paper(home)
    result = run_insights(home, "search", f'"{phrase}"')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-06-02 Tue")
    assert f"  {arxiv_id:<12} [{category}] {title}" in lines
    as_json = run_insights(home, "search", f'"{phrase}"', "--json")
    data = json.loads(as_json.stdout)
    hit = next(r for r in data["results"] if r["id"] == arxiv_id)
    assert hit["day"] == "2026-06-02" and hit["category"] == category and hit["title"] == title
    # The index is derived: deleted, it is rebuilt from the day files with the same answer.
    index = home / "data" / "cache" / "search.sqlite3"
    assert index.is_file()
    for leftover in index.parent.glob("search.sqlite3*"):
        leftover.unlink()
    again = run_insights(home, "search", f'"{phrase}"', "--json")
    assert json.loads(again.stdout) == data
    assert "indexing: 3/3 days" in again.stderr
    # Hostile queries: results or one line, never a traceback.
    for query in ('"unbalanced', "*", "NEAR(a b) OR", "x" * 10_000, "\x1b[31m\x07"):
        odd = run_insights(home, "search", query)
        assert odd.returncode in (0, 2) and "Traceback" not in odd.stderr, query
        assert len(odd.stderr.strip().splitlines()) <= 1
    since = run_insights(home, "search", "model", "--since", "2026-06-03", "--json")
    assert {r["day"] for r in json.loads(since.stdout)["results"]} == {"2026-06-03"}


def test_a_corrupt_index_is_rebuilt(home: Path, server: Loopback, corpus: Path) -> None:
    fetch_listings(home, server, corpus)
    before = run_insights(home, "search", "transformer", "--json")
    index = home / "data" / "cache" / "search.sqlite3"
    for leftover in index.parent.glob("search.sqlite3-*"):
        leftover.unlink()
    index.write_bytes(b"garbage" * 1000)
    after = run_insights(home, "search", "transformer", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert "search index was unreadable" in after.stderr


def test_fetch_since_fills_a_missing_week_once(home: Path, server: Loopback, corpus: Path) -> None:
    serve_hf_day(server, corpus)
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    first = run_insights(home, "fetch", "--date", "2024-11-13", "--source", "hf", env=env)
    assert first.returncode == 0, first.stderr
    asked = len(server.requests)
    args = ("fetch", "--since", "2024-11-13", "--until", "2024-11-20", "--source", "hf")
    result = run_insights(home, *args, env=env)
    assert result.returncode == 0, result.stderr
    dates = [r.query["date"][0] for r in server.requests[asked:]]
    assert dates == ["2024-11-14", "2024-11-15", "2024-11-18", "2024-11-19", "2024-11-20"]
    lines = result.stdout.splitlines()
    assert lines[0] == "catching up 7 days (2024-11-14 … 2024-11-20); 1 already cached"
    assert lines[1:8] == [
        "2024-11-14 Thu  7 papers",
        "2024-11-15 Fri  7 papers",
        "2024-11-16 Sat  weekend: recorded empty",
        "2024-11-17 Sun  weekend: recorded empty",
        "2024-11-18 Mon  6 papers",
        "2024-11-19 Tue  16 papers",
        "2024-11-20 Wed  nothing announced: recorded empty",
    ]
    days = run_insights(home, "days").stdout.splitlines()
    assert [line.split()[:2] for line in days] == [
        ["2024-11-13", "7"],
        ["2024-11-14", "7"],
        ["2024-11-15", "7"],
        ["2024-11-16", "0"],
        ["2024-11-17", "0"],
        ["2024-11-18", "6"],
        ["2024-11-19", "16"],
        ["2024-11-20", "0"],
    ]
    asked = len(server.requests)
    again = run_insights(home, *args, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "nothing to fetch: 2024-11-13 … 2024-11-20 is cached"
    assert len(server.requests) == asked  # no request at all


def test_future_days_are_refused(home: Path, server: Loopback) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    for args in (("--since", tomorrow), ("--date", tomorrow)):
        result = run_insights(home, "fetch", *args, "--source", "hf", env=env)
        assert result.returncode == 1
        assert result.stderr.strip().endswith(
            f"{tomorrow} is in the future (today is "
            f"{dt.date.today().isoformat()}); nothing to fetch"
        )
    assert server.requests == []


def test_stars_and_read_marks_outlive_the_cache(home: Path, server: Loopback, corpus: Path) -> None:
    serve_hf_day(server, corpus)
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    fetch = ("fetch", "--date", "2024-11-15", "--source", "hf")
    assert run_insights(home, *fetch, env=env).returncode == 0
    service = InsightsService(load_config({"INSIGHTS_HOME": str(home)}))
    digest = service.open_day(dt.date(2024, 11, 15))
    assert digest is not None
    group = digest.groups[0]
    starred, read = group.papers[0], digest.groups[-1].papers[-1]
    reader = ReaderData(home / "data" / "reader")
    reader.toggle_star(starred, digest.day, group.name)
    reader.marks.set_read(digest.day, [read.arxiv_id])
    shutil.rmtree(home / "data" / "cache")
    listed = run_insights(home, "starred")
    assert listed.returncode == 0 and starred.title in listed.stdout
    bib = run_insights(home, "starred", "--format", "bibtex").stdout
    assert f"@misc{{arXiv:{starred.arxiv_id}," in bib and "year = {2024}" in bib
    assert json.loads(run_insights(home, "starred", "--format", "json").stdout)[0]["id"] == (
        starred.arxiv_id
    )
    assert run_insights(home, *fetch, env=env).returncode == 0
    assert ReaderData(home / "data" / "reader").marks.is_read(read.arxiv_id)
    days = run_insights(home, "days").stdout.split()
    assert days[:4] == ["2024-11-15", "7", "6", "unread"]
