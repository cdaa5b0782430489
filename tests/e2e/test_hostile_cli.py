"""``insights`` against hostile feeds: one line each, nothing stored, no credentials kept."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import run_insights
from tests.support.loopback import Handler, Loopback, Request

DAY = "2024-11-15"
ATOM = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry>'
    b"<id>http://arxiv.org/abs/2411.00001v1</id><title>A paper</title>"
    b"<briefing>About it.</briefing><published>2024-11-15T00:00:00Z</published>"
    b'<link href="http://arxiv.org/abs/2411.00001v1"/></entry></feed>'
)


def stored_days(home: Path) -> list[Path]:
    return sorted((home / "data" / "cache").rglob("2024-11-15*"))


@pytest.mark.parametrize(
    ("body", "said"),
    [(b"<html><body>502 Bad Gateway</body></html>", "no RSS or Atom feed"), (b"", "empty")],
)
def test_an_error_page_with_status_200_is_an_error(
    home: Path, server: Loopback, body: bytes, said: str
) -> None:
    server.route("/feed", lambda h, r: h.send_bytes(200, body, "text/html"))
    result = run_insights(home, "fetch", "--date", DAY, "--source", f"{server.url}/feed")
    assert result.returncode == 1, result
    assert said in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert stored_days(home) == []


def test_credentials_in_a_feed_url_are_never_stored_or_printed(
    home: Path, server: Loopback
) -> None:
    server.route("/feed", lambda h, r: h.send_bytes(200, ATOM, "application/atom+xml"))
    url = server.url.replace("http://", "http://reader:hunter2secret@") + "/feed"
    fetched = run_insights(home, "fetch", "--date", DAY, "--source", url)
    assert fetched.returncode == 0, fetched.stderr
    days = run_insights(home, "days")
    exported = run_insights(home, "export", "--date", DAY, "--format", "json")
    for text in (fetched.stdout, fetched.stderr, days.stdout, days.stderr, exported.stdout):
        assert "hunter2secret" not in text
    for path in (home / "data").rglob("*"):
        if path.is_file():
            assert b"hunter2secret" not in path.read_bytes(), path


def test_a_wait_for_retry_after_is_said_and_logged(home: Path, server: Loopback) -> None:
    calls: list[int] = []

    def route(handler: Handler, request: Request) -> None:
        calls.append(1)
        if len(calls) == 1:
            handler.send_bytes(503, b"busy", "text/plain", {"Retry-After": "1"})
        else:
            handler.send_bytes(200, ATOM, "application/atom+xml")

    server.route("/feed", route)
    result = run_insights(
        home, "--debug", "fetch", "--date", DAY, "--source", f"{server.url}/feed?key=1"
    )
    assert result.returncode == 0, result.stderr
    assert "waiting 1 s before asking" in result.stderr
    log = (home / "data" / "logs" / "debug.log").read_text(encoding="utf-8")
    assert "GET http://127.0.0.1" in log and "-> 503" in log and "-> 200" in log


def test_the_debug_log_never_holds_the_api_key(home: Path, server: Loopback) -> None:
    server.route("/feed", lambda h, r: h.send_bytes(200, ATOM, "application/atom+xml"))
    secret = "sk-test-abcdefghijklmnopqrstuvwxyz0123"
    url = server.url.replace("http://", "http://me:pw1234567@") + "/feed"
    result = run_insights(
        home,
        "fetch",
        "--date",
        DAY,
        "--source",
        url,
        env={"INSIGHTS_DEBUG": "1", "OPENAI_API_KEY": secret},
    )
    assert result.returncode == 0, result.stderr
    log = (home / "data" / "logs" / "debug.log").read_text(encoding="utf-8")
    assert "GET " in log
    assert secret not in log and "pw1234567" not in log


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--date", "0001-01-01", "--source", "arxiv"), "before arXiv began"),
        (("--date", DAY, "--source", "http://[::1"), "not a usable address"),
        (("--date", DAY, "--source", "http://127.0.0.1:99999/x"), "Port out of range"),
        (("--date", DAY, "--source", "http://example.invalid/" + "x" * 70_000), "usable"),
    ],
)
def test_bad_addresses_and_dates_are_one_short_line(
    home: Path, args: tuple[str, ...], said: str
) -> None:
    result = run_insights(home, "--offline", "fetch", *args)
    assert result.returncode in (1, 2), result
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and len(lines) == 1, result.stderr
    assert len(lines[0]) < 300


def shell(home: Path, command: str) -> subprocess.CompletedProcess[str]:
    """``command`` in bash, with ``insights`` the entry point of this interpreter."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "INSIGHTS_"))}
    environ.update({"INSIGHTS_HOME": str(home), "INSIGHTS_OFFLINE": "1"})
    insights = f"{shlex.quote(sys.executable)} -m daily_ai_insights.cli.main"
    script = command.replace("insights", insights)
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=environ, timeout=120
    )


def test_a_closed_or_broken_stdout_ends_quietly(home: Path) -> None:
    assert shell(home, "insights fetch --source sample").returncode == 0
    # The reader of the pipe is gone before the first write.
    piped = shell(home, "insights export --format json | true")
    closed = shell(home, "insights days >&-")
    refused = shell(home, "insights export >&-")
    for result in (piped, closed, refused):
        assert "Traceback" not in result.stderr and "Exception" not in result.stderr, result
    assert closed.returncode == 0 and piped.returncode == 0  # bash reports the last command
    assert refused.returncode == 1
    assert refused.stderr.strip() == "insights: standard output is closed: use --output FILE"


def test_export_of_a_truncated_day_says_it_was_moved_aside(home: Path) -> None:
    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    day_file = home / "data" / "cache" / "days" / "2024-11-19.json"
    day_file.write_bytes(day_file.read_bytes()[:200])  # a kill mid-write, long ago
    result = run_insights(home, "export", "--date", "2024-11-19")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert "moved aside" in lines[0] and "is not cached" in lines[-1]
    assert list(day_file.parent.glob("2024-11-19.json.corrupt-*"))  # kept, not lost


def test_an_export_keeps_the_briefings_a_read_only_cache_cannot(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from daily_ai_insights.cli.main import main
    from daily_ai_insights.core.errors import CacheError
    from daily_ai_insights.core.store.days import Store

    assert main(["--offline", "fetch", "--source", "sample"]) == 0
    capsys.readouterr()

    def read_only(self: Store, briefing: object) -> None:
        raise CacheError("cannot write the cache: read-only file system")

    monkeypatch.setattr(Store, "put_briefing", read_only)
    assert main(["--offline", "export", "--category", "LLM"]) == 0
    out, err = capsys.readouterr()
    assert "could not be cached: cannot write the cache: read-only file system" in err
    assert "in this export only" in err
    assert "**요약:**" in out and "1. 주제 및 테마" in out
    assert "요약이 아직 없습니다" not in out and "not written" not in out
