"""Config errors are one line naming where the bad value came from, and never show the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from daily_ai_insights.core.config import Config, load_config
from daily_ai_insights.core.errors import ConfigError

KEY = "sk-live-0123456789abcdef"


def load(tmp_path: Path, toml: str, env: dict[str, str] | None = None) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    return load_config({"INSIGHTS_HOME": str(tmp_path), **(env or {})}, config_file=path)


def test_known_sources_and_urls_are_accepted(tmp_path: Path) -> None:
    config = load(tmp_path, 'sources = ["hf", "ARXIV", "sample", "https://x.test/feed.xml"]')
    assert config.sources == ("hf", "ARXIV", "sample", "https://x.test/feed.xml")
    saved = load(tmp_path, 'sources = ["~/hf/2026-06-12.json", "/l/2026-06-12.jsonl"]')
    assert saved.sources == ("~/hf/2026-06-12.json", "/l/2026-06-12.jsonl")


@pytest.mark.parametrize("value", ['["hf", "bogus"]', '"hf,ftp://x.test/feed"'])
def test_unknown_source_in_the_file(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, f"sources = {value}")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}: sources: unknown source")
    assert "an http(s):// feed URL, a .jsonl listing (URL or file) or a .json file" in message
    assert "\n" not in message


def test_unknown_source_in_the_environment(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^INSIGHTS_SOURCES: unknown source 'foo'; choose"):
        load(tmp_path, "", {"INSIGHTS_SOURCES": "foo"})


@pytest.mark.parametrize("value", ["12345", f'["{KEY}"]', f'{{ key = "{KEY}" }}'])
def test_a_mistyped_api_key_is_never_echoed(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, f"[llm]\napi_key = {value}")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}: llm.api_key must be a string")
    assert KEY not in message and "12345" not in message
    assert "\n" not in message


def test_other_settings_still_show_the_bad_value(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"llm.model must be a string, not 12345$"):
        load(tmp_path, "[llm]\nmodel = 12345")


@pytest.mark.parametrize("budget", [0, 300, 999])
def test_input_budget_has_a_minimum(tmp_path: Path, budget: int) -> None:
    with pytest.raises(ConfigError, match=r"llm.input_budget_tokens must be at least 1,000"):
        load(tmp_path, f"[llm]\ninput_budget_tokens = {budget}")
    assert load(tmp_path, "[llm]\ninput_budget_tokens = 1000").llm.input_budget_tokens == 1000


def test_a_config_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'language = "\xff\xfe"\n')
    with pytest.raises(ConfigError) as caught:
        load_config({"INSIGHTS_HOME": str(tmp_path)}, config_file=path)
    assert str(caught.value) == f"{path}: not UTF-8 text"


def test_broken_toml_in_the_config_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, "language = \n")
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}: ") and "\n" not in message
