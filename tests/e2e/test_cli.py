"""``insights fetch`` / ``export`` / ``days`` as a user runs them: real processes, a real
loopback server standing in for Hugging Face, a real cache in a temporary INSIGHTS_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.support.loopback import Handler, Loopback, Request


def run_insights(
    home: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point in a fresh interpreter."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "INSIGHTS_"))
    }
    environ.update({"INSIGHTS_HOME": str(home), "INSIGHTS_HTTP_TIMEOUT": "5"})
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "daily_ai_insights.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environ,
        timeout=timeout,
    )


def serve_hf_day(server: Loopback, corpus: Path) -> None:
    """Serve the corpus's Hugging Face days by ``?date=``; other days are empty."""

    def route(handler: Handler, request: Request) -> None:
        day = request.query.get("date", [""])[0]
        path = corpus / "hf-daily-papers" / f"hf-daily-papers-{day}.json"
        body = path.read_bytes() if path.exists() else b"[]"
        handler.send_bytes(200, body, "application/json")

    server.route("/api/daily_papers", route)


def test_fetch_prints_one_line_per_category(home: Path, server: Loopback, corpus: Path) -> None:
    serve_hf_day(server, corpus)
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    result = run_insights(home, "fetch", "--date", "2024-11-15", "--source", "hf", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("2024-11-15: 7 papers")
    counts = [int(line.split()[-1]) for line in lines[1:]]
    assert sum(counts) == 7
    assert any("Computer Vision" in line for line in lines[1:])
    days = run_insights(home, "days")
    assert days.stdout.split()[:2] == ["2024-11-15", "7"]


def test_empty_day_is_normal(home: Path, server: Loopback, corpus: Path) -> None:
    serve_hf_day(server, corpus)
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    result = run_insights(home, "fetch", "--date", "2024-11-16", "--source", "hf", env=env)
    assert result.returncode == 0
    assert result.stdout.strip() == "no papers announced on 2024-11-16"
    assert result.stderr == ""


def test_server_errors_are_one_line_and_store_nothing(home: Path, server: Loopback) -> None:
    server.route("/api/daily_papers", lambda h, r: h.send_bytes(503, b"busy", "text/plain"))
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    result = run_insights(home, "fetch", "--date", "2024-11-15", "--source", "hf", env=env)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "503" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_insights(home, "days").stdout.startswith("no days cached")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fetch", "--date", "2024-13-01"), "not a date: '2024-13-01' (use YYYY-MM-DD"),
        (("fetch", "--date", "yesterday"), "not a date"),
        (("fetch", "--date", "2024-W46-5"), "not a date"),
        (("export", "--date", "20241115"), "not a date"),
        (("fetch", "--source", "nowhere"), "unknown source"),
    ],
)
def test_usage_errors_exit_2(home: Path, args: tuple[str, ...], message: str) -> None:
    result = run_insights(home, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "usage:" in result.stderr


def test_offline_never_touches_the_network(home: Path, server: Loopback) -> None:
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers", "INSIGHTS_OFFLINE": "1"}
    result = run_insights(home, "fetch", "--date", "2024-11-15", "--source", "hf", env=env)
    assert result.returncode == 1
    assert "offline" in result.stderr
    assert server.requests == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_global_flags_work_before_or_after_the_command(
    home: Path, server: Loopback, where: str
) -> None:
    env = {"INSIGHTS_HF_API_URL": f"{server.url}/api/daily_papers"}
    flags = ("--offline", "--language", "en")
    command = ("fetch", "--date", "2024-11-15", "--source", "hf")
    fetch_args = (*flags, *command) if where == "before" else (*command, *flags)
    result = run_insights(home, *fetch_args, env=env)
    assert result.returncode == 1 and "offline" in result.stderr
    assert server.requests == []
    fetched = run_insights(home, "fetch", "--source", "sample")
    assert fetched.returncode == 0, fetched.stderr
    export = ("export", "--category", "LLM")
    export_args = (*flags, *export) if where == "before" else (*export, *flags)
    exported = run_insights(home, *export_args, env=env)
    assert exported.returncode == 0, exported.stderr
    assert "1. Themes" in exported.stdout and "주제" not in exported.stdout
    assert server.requests == []


def test_sample_source_and_offline_export(home: Path, tmp_path: Path) -> None:
    fetched = run_insights(home, "--offline", "fetch", "--source", "sample")
    assert fetched.returncode == 0, fetched.stderr
    output = tmp_path / "digest.md"
    exported = run_insights(home, "export", "--output", str(output))
    assert exported.returncode == 0, exported.stderr
    text = output.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# Daily Artificial Intelligence Insights : Papers![")
    image = first.split("](")[1].rstrip(")")
    assert (output.parent / image).is_file()
    sections = text.count("\n## ")
    assert sections >= 2
    headings = ("1. 주제 및 테마", "2. 공통 키워드", "3. 주요 이벤트", "4. 다양한 부문", "5. 결론")
    for heading in headings:
        assert text.count(heading) == sections, heading
    again = run_insights(home, "export", "--output", str(output))
    assert again.returncode == 1
    assert "--force" in again.stderr


def test_the_sample_knows_its_own_week_not_other_dates(home: Path) -> None:
    weekend = run_insights(home, "--offline", "fetch", "--date", "2024-11-16", "--source", "sample")
    assert weekend.returncode == 0, weekend.stderr
    assert "no papers announced on 2024-11-16" in weekend.stdout + weekend.stderr
    later = run_insights(home, "--offline", "fetch", "--date", "2024-11-20", "--source", "sample")
    assert later.returncode == 1
    assert "the bundled sample holds 2024-11-13 … 2024-11-19, not 2024-11-20" in later.stderr
    assert "Traceback" not in later.stderr
    days = run_insights(home, "days")
    assert "2024-11-16" in days.stdout and "2024-11-20" not in days.stdout


def test_json_export_to_stdout(home: Path) -> None:
    run_insights(home, "--offline", "fetch", "--source", "sample")
    result = run_insights(home, "--language", "en", "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["categories"]
    assert all(category["papers"] for category in data["categories"])


def test_export_streams_from_the_model_once_and_never_caches_a_cut_stream(
    home: Path, tmp_path: Path
) -> None:
    from tests.support.fake_openai import fake_openai_server

    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    with fake_openai_server() as model:
        env = {
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "sk-test-never-written",
            "INSIGHTS_MODEL": "fake-model",
        }
        model.scenario = "cut"
        cut = run_insights(home, "export", "--output", str(tmp_path / "cut.md"), env=env)
        assert cut.returncode == 1
        assert "not written: the stream broke off" in cut.stderr
        assert "Traceback" not in cut.stderr
        cut_text = (tmp_path / "cut.md").read_text(encoding="utf-8")
        # In the briefing's place: that it failed, and why (not "not yet generated").
        assert "요약이 아직 없습니다" not in cut_text
        assert "요약을 쓰지 못했습니다: the stream broke off after" in cut_text

        model.scenario = "ok"
        first = run_insights(home, "export", "--output", str(tmp_path / "a.md"), env=env)
        assert first.returncode == 0, first.stderr
        text = (tmp_path / "a.md").read_text(encoding="utf-8")
        sections = text.count("\n## ")
        assert text.count("앞으로 지켜볼 점") == sections  # the model's text under every category
        calls = model.calls
        assert calls >= sections

        again = run_insights(home, "export", "--output", str(tmp_path / "b.md"), env=env)
        assert again.returncode == 0
        assert model.calls == calls  # every briefing came from the cache
    for path in [*home.rglob("*.json"), tmp_path / "a.md", tmp_path / "b.md"]:
        assert "sk-test-never-written" not in path.read_text(encoding="utf-8")


def test_export_checks_the_output_before_paying_for_briefings(home: Path, tmp_path: Path) -> None:
    from tests.support.fake_openai import fake_openai_server

    assert run_insights(home, "--offline", "fetch", "--source", "sample").returncode == 0
    existing = tmp_path / "taken.md"
    existing.write_text("keep me", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with fake_openai_server() as model:
        env = {"OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "sk-test"}
        taken = run_insights(home, "export", "--output", str(existing), env=env)
        nested = run_insights(home, "export", "--output", str(blocker / "x.md"), env=env)
        assert model.calls == 0  # no briefing was generated for an export that cannot be written
    assert taken.returncode == 1 and "exists; use --force to overwrite" in taken.stderr
    assert nested.returncode == 1 and "is not a folder" in nested.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert "Traceback" not in taken.stderr + nested.stderr
