"""Data that is what it says, from the command line: listings and feeds of other days, empty
answers that know nothing, future days, JSON where a feed belongs, and the help and
category names people type. Real processes against a loopback server; no corpus needed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.e2e.test_cli import run_insights
from tests.support.loopback import Handler, Loopback, Request

LISTING_DAY = "2026-06-05"


def listing_lines(count: int, *, start: int = 1) -> bytes:
    """A daily-arXiv-ai-enhanced style JSONL listing of ``count`` language-model papers."""
    lines = [
        json.dumps(
            {
                "id": f"2606.{start + n:05d}",
                "categories": ["cs.CL"],
                "authors": ["A. Author"],
                "title": f"Large language model reasoning study {start + n}",
                "summary": "We study large language models and their reasoning with prompts.",
            }
        )
        for n in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def hf_items(count: int) -> bytes:
    """A Hugging Face daily-papers answer of ``count`` papers."""
    return json.dumps(
        [
            {
                "paper": {
                    "id": f"2606.{900 + n:05d}",
                    "title": f"Vision transformer for image segmentation {n}",
                    "summary": "An image segmentation model with a vision transformer.",
                    "authors": [{"name": "B. Author"}],
                }
            }
            for n in range(count)
        ]
    ).encode()


def rss(*days: str) -> bytes:
    """An RSS 2.0 feed with one arXiv entry per day in ``days`` (none: an empty feed)."""
    items = "".join(
        f"<item><title>Paper {n}</title><link>https://arxiv.org/abs/2606.{n + 1:05d}</link>"
        f"<description>Agents that plan.</description><pubDate>{day}</pubDate></item>"
        for n, day in enumerate(days)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<link>https://example.org</link><description>d</description>{items}</channel></rss>"
    ).encode()


def serve(server: Loopback, path: str, body: bytes, kind: str) -> str:
    server.route(path, lambda handler, request: handler.send_bytes(200, body, kind))
    return server.url + path


def days_cached(home: Path) -> str:
    return run_insights(home, "days").stdout


def test_a_listing_of_another_day_stores_nothing_and_says_which_day(
    home: Path, server: Loopback
) -> None:
    url = serve(server, f"/l/{LISTING_DAY}.jsonl", listing_lines(3), "application/jsonl")
    result = run_insights(home, "fetch", "--date", "2026-06-09", "--source", url)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"insights: {LISTING_DAY}.jsonl is the listing of {LISTING_DAY}, not 2026-06-09:"
        " nothing taken from it"
    ]
    assert "2026-06-09" not in days_cached(home)
    assert server.requests == []  # its name says its day: not even downloaded


def test_a_listing_that_adds_nothing_next_to_hugging_face_says_so(
    home: Path, server: Loopback
) -> None:
    listing = serve(server, f"/l/{LISTING_DAY}.jsonl", listing_lines(3), "application/jsonl")
    serve(server, "/hf", hf_items(2), "application/json")
    env = {"INSIGHTS_HF_API_URL": server.url + "/hf"}
    result = run_insights(
        home, "fetch", "--date", "2026-06-08", "--source", "hf", "--source", listing, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2026-06-08: 2 papers (hf)"
    warning = [line for line in result.stderr.splitlines() if LISTING_DAY in line]
    assert warning == [
        f"warning: {LISTING_DAY}.jsonl is the listing of {LISTING_DAY}, not 2026-06-08:"
        " nothing taken from it"
    ]
    row = days_cached(home).split()
    assert row[:2] == ["2026-06-08", "2"] and row[-1] == "hf"


def test_a_source_that_answers_nothing_of_the_day_is_named(home: Path, server: Loopback) -> None:
    # A listing without a date in its name is taken as the day asked for; the feed is
    # empty. The listing brought papers, the feed none: say that the feed added nothing.
    listing = serve(server, "/l/today.jsonl", listing_lines(2), "application/jsonl")
    feed = serve(server, "/feed.xml", rss(), "application/rss+xml")
    result = run_insights(
        home, "fetch", "--date", LISTING_DAY, "--source", listing, "--source", feed
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{LISTING_DAY}: 2 papers")
    assert f"warning: feed.xml: no papers of {LISTING_DAY}; it added nothing" in result.stderr


def test_an_empty_feed_is_not_a_day_without_papers(home: Path, server: Loopback) -> None:
    feed = serve(server, "/feed.xml", rss(), "application/rss+xml")
    result = run_insights(home, "fetch", "--date", LISTING_DAY, "--source", feed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"no papers of {LISTING_DAY} from feed.xml; nothing stored"
    assert "no papers announced" not in result.stdout
    assert "no days cached yet" in days_cached(home)


def test_a_feed_of_other_days_names_the_days_it_holds(home: Path, server: Loopback) -> None:
    days = ("Mon, 01 Jun 2026 00:00:00 GMT", "Tue, 02 Jun 2026 00:00:00 GMT")
    feed = serve(server, "/rss/cs.AI", rss(*days), "application/rss+xml")
    result = run_insights(home, "fetch", "--date", LISTING_DAY, "--source", feed)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"insights: cs.AI holds entries of 2026-06-01 and 2026-06-02, none of {LISTING_DAY}"
    ]
    assert "no days cached yet" in days_cached(home)


def test_a_day_in_the_future_is_refused_before_any_request(home: Path, server: Loopback) -> None:
    serve(server, "/hf", hf_items(2), "application/json")
    env = {"INSIGHTS_HF_API_URL": server.url + "/hf"}
    result = run_insights(home, "fetch", "--date", "2031-05-05", "--source", "hf", env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("insights: 2031-05-05 is in the future")
    assert server.requests == []
    assert "no days cached yet" in days_cached(home)
    # Export does not suggest fetching a day that fetch refuses.
    export = run_insights(home, "export", "--date", "2031-05-05")
    assert export.returncode == 1
    assert export.stderr.strip() == (
        f"insights: 2031-05-05 is in the future (today is {dt.date.today()}); nothing to export"
    )


def test_a_local_listing_file_is_a_source(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "listings" / f"{LISTING_DAY}.jsonl"
    path.parent.mkdir()
    path.write_bytes(listing_lines(4) + listing_lines(4))  # every paper twice, as listed
    result = run_insights(home, "fetch", "--date", LISTING_DAY, "--source", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{LISTING_DAY}: 4 papers")
    row = days_cached(home).split()
    assert row[:2] == [LISTING_DAY, "4"] and row[-1] == str(path)
    missing = run_insights(home, "fetch", "--date", LISTING_DAY, "--source", "nowhere.jsonl")
    assert missing.returncode == 1
    assert missing.stderr.startswith("insights: no listing file nowhere.jsonl")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_a_listing_without_date_is_fetched_for_its_own_day_offline_too(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "listings"
    folder.mkdir()
    friday, thursday = folder / f"{LISTING_DAY}.jsonl", folder / "2026-06-04.jsonl"
    friday.write_bytes(listing_lines(3))
    thursday.write_bytes(listing_lines(2, start=50))
    # No --date: the day is the listing's, not the newest announcement (no catching up of
    # the days since, no empty weekend recorded), and a local file needs no network.
    result = run_insights(home, "--offline", "fetch", "--source", str(friday))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{LISTING_DAY}: 3 papers")
    assert [line.split()[:2] for line in days_cached(home).splitlines()] == [[LISTING_DAY, "3"]]
    # Two listings of different days: one line, nothing stored.
    both = run_insights(home, "fetch", "--source", str(friday), "--source", str(thursday))
    assert both.returncode == 1
    assert both.stderr.strip() == (
        f"insights: the listings are of 2026-06-04 and {LISTING_DAY}: fetch one day at a time"
    )
    assert "2026-06-04" not in days_cached(home)
    # Offline, Hugging Face next to the file is skipped with a warning; the file is read.
    mixed = run_insights(home, "--offline", "fetch", "--source", "hf", "--source", str(thursday))
    assert mixed.returncode == 0, mixed.stderr
    assert mixed.stdout.startswith("2026-06-04: 2 papers")
    assert "warning: hf: offline: hf not fetched" in mixed.stderr


def test_hugging_face_json_given_as_a_feed_says_what_is_supported(
    home: Path, server: Loopback
) -> None:
    url = serve(server, "/api/daily_papers", hf_items(2), "application/json")
    result = run_insights(home, "fetch", "--date", LISTING_DAY, "--source", url)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert line == (
        "insights: daily_papers sent JSON, not an RSS or Atom feed: for Hugging Face use"
        " --source hf; a JSONL listing URL ends in .jsonl"
    )
    assert "syntax error" not in line and "malformed" not in line


def test_help_names_dates_date(home: Path) -> None:
    for command in ("fetch", "export", "search", "read"):
        shown = run_insights(home, command, "--help").stdout
        assert "_DATE" not in shown and "SINCE" not in shown and "UNTIL" not in shown
    assert "--date DATE" in run_insights(home, "fetch", "--help").stdout
    assert "--date DATE" in run_insights(home, "--help").stdout


def test_categories_are_named_in_any_case(home: Path, tmp_path: Path) -> None:
    path = tmp_path / f"{LISTING_DAY}.jsonl"
    path.write_bytes(listing_lines(3))
    assert run_insights(home, "fetch", "--date", LISTING_DAY, "--source", str(path)).returncode == 0
    exported = run_insights(
        home, "--offline", "export", "--date", LISTING_DAY, "--category", "llm", "--format", "json"
    )
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert [c["name"] for c in document["categories"]] == ["LLM"]
    unknown = run_insights(home, "export", "--date", LISTING_DAY, "--category", "robots")
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == (
        f"insights: no category 'robots' on {LISTING_DAY} (there are: LLM)"
    )


def test_no_papers_announced_is_spelled_one_way(home: Path, server: Loopback) -> None:
    def route(handler: Handler, request: Request) -> None:
        handler.send_bytes(200, b"[]", "application/json")

    server.route("/hf", route)
    env = {"INSIGHTS_HF_API_URL": server.url + "/hf"}
    result = run_insights(home, "fetch", "--date", "2024-11-16", "--source", "hf", env=env)
    assert result.stdout.strip() == "no papers announced on 2024-11-16"
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "No papers announced" not in readme


def test_a_weekend_listing_that_repeats_friday_says_so(home: Path, tmp_path: Path) -> None:
    friday, saturday = (tmp_path / f"2026-06-0{d}.jsonl" for d in (5, 6))
    friday.write_bytes(listing_lines(4))
    saturday.write_bytes(listing_lines(4) + listing_lines(2, start=100))  # 2 new ones
    for path in (friday, saturday):
        fetched = run_insights(home, "fetch", "--date", path.stem, "--source", str(path))
        assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("2026-06-06: 6 papers"), fetched.stdout
    assert "4 papers of the listing already on Fri 2026-06-05 (" in fetched.stderr
    # Refetching Friday itself names nothing: only the days before count.
    refetched = run_insights(home, "fetch", "--date", "2026-06-05", "--source", str(friday))
    assert refetched.returncode == 0 and "already on" not in refetched.stderr


def test_a_saved_hugging_face_file_is_a_source_offline(
    home: Path, corpus: Path, tmp_path: Path
) -> None:
    path = (corpus / "hf-daily-papers" / "hf-daily-papers-2026-06-12.json").resolve()
    result = run_insights(home, "--offline", "fetch", "--source", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"2026-06-12: 30 papers ({path})"
    assert result.stderr == ""
    other = run_insights(home, "fetch", "--date", "2026-06-11", "--source", str(path))
    assert other.returncode == 1
    assert other.stderr.strip().splitlines() == [
        "insights: hf-daily-papers-2026-06-12.json is the Hugging Face file of 2026-06-12,"
        " not 2026-06-11: nothing taken from it"
    ]
    # A file without a date in its name is its papers' day, not the newest one: no
    # catching up of the days since 2026-06-12 from it.
    saved = tmp_path / "saved.json"
    saved.write_bytes((corpus / "hf-daily-papers" / "hf-daily-papers-2024-11-15.json").read_bytes())
    undated = run_insights(home, "--offline", "fetch", "--source", str(saved))
    assert undated.returncode == 0, undated.stderr
    assert undated.stdout.splitlines()[0] == f"2024-11-15: 7 papers ({saved})"
    assert [line.split()[:2] for line in days_cached(home).splitlines()] == [
        ["2024-11-15", "7"],
        ["2026-06-12", "30"],
    ]
    # Named in the config's sources, the file is fetched the same way.
    (home / "config").mkdir()
    (home / "config" / "config.toml").write_text(
        f"sources = [{json.dumps(str(corpus / 'hf-daily-papers/hf-daily-papers-2024-11-18.json'))}]"
    )
    configured = run_insights(home, "--offline", "fetch")
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.startswith("2024-11-18: 6 papers")


def test_a_bad_saved_hugging_face_file_is_one_line_and_stores_nothing(
    home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "2024-11-16.json"
    answers = {
        b"Not Found": "is not a Hugging Face daily-papers file: malformed JSON:",
        b'{"error": "x"}': "is not a Hugging Face daily-papers file: a JSON object,",
        b"1": "holds no papers, only the 1 saved for a day without any",
        b"[]": "holds no papers: nothing stored",
    }
    for data, start in answers.items():
        path.write_bytes(data)
        result = run_insights(home, "--offline", "fetch", "--source", str(path))
        assert result.returncode == 1, data
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"insights: 2024-11-16.json {start}")
    path.unlink()
    missing = run_insights(home, "fetch", "--source", str(path))
    assert missing.returncode == 1
    assert (
        missing.stderr.strip()
        == f"insights: no Hugging Face file 2024-11-16.json (looked at {path})"
    )
    assert "no days cached yet" in days_cached(home)
