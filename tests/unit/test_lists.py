"""Watch and mute lists: matching, applying them to a day, and writing them to config.toml."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from daily_ai_insights.core.config import ListsConfig, load_config
from daily_ai_insights.core.errors import ConfigError
from daily_ai_insights.core.models import Category, CategoryGroup, Digest
from daily_ai_insights.core.reader_data.config_lists import save_lists
from daily_ai_insights.core.reader_data.lists import WATCHLIST, ListMatcher, apply_lists
from tests.support.papers import make_paper

DAY = dt.date(2024, 11, 15)
DIFFUSION = make_paper("2411.00001", title="Diffusion Models at Scale", authors=("Yann Lecun",))
PLURAL = make_paper("2411.00002", title="Many diffusions", abstract="Of language  models.")
AGENT = make_paper("2411.00003", title="Web agents", authors=("Geoffrey Hinton", "Ada B"))


def digest() -> Digest:
    return Digest(
        DAY,
        ("arxiv",),
        (
            CategoryGroup(Category("Vision", "⭐"), (DIFFUSION, PLURAL)),
            CategoryGroup(Category("Agents", "🤖"), (AGENT,)),
        ),
    )


def test_words_match_case_insensitively_and_whole() -> None:
    matcher = ListMatcher(ListsConfig(watch=("DIFFUSION",), mute=("language models",)))
    assert matcher.watched(DIFFUSION) and not matcher.watched(PLURAL)  # "diffusions"
    assert matcher.muted(PLURAL)  # across the double space of the abstract
    assert not matcher.muted(DIFFUSION)
    authors = ListMatcher(ListsConfig(watch_authors=("hinton",)))
    assert authors.watched(AGENT) and not authors.watched(DIFFUSION)
    by_name = ListMatcher(ListsConfig(mute=("lecun",)))
    assert by_name.muted(DIFFUSION)  # mute phrases look at author names too


def test_apply_lists_hides_muted_and_gathers_watched() -> None:
    listed = apply_lists(digest(), ListsConfig(watch=("agents",), mute=("diffusion",)))
    assert listed.muted == 1 and not listed.muted_shown
    watchlist, *topics = listed.groups
    assert watchlist.gathered and watchlist.category is WATCHLIST
    assert [p.arxiv_id for p in watchlist.papers] == ["2411.00003"]
    assert [g.name for g in topics] == ["Vision", "Agents"]  # the watched paper stays too
    assert [p.arxiv_id for g in listed.topics for p in g.papers] == ["2411.00002", "2411.00003"]
    assert listed.paper_count == 2  # the watchlist counts nothing twice
    shown = apply_lists(
        digest(), ListsConfig(watch=("agents",), mute=("diffusion",)), show_muted=True
    )
    assert shown.muted == 1 and shown.muted_shown and shown.paper_count == 3


def test_no_lists_leave_the_day_as_it_is() -> None:
    day = digest()
    assert apply_lists(day, ListsConfig()) is day
    nothing_watched = apply_lists(day, ListsConfig(watch=("quantum",)))
    assert nothing_watched.groups == day.groups and nothing_watched.muted == 0


def test_a_phrase_matching_everything_is_allowed() -> None:
    everything = ListsConfig(mute=("a",), watch=("models",))
    make = make_paper
    day = Digest(DAY, (), (CategoryGroup(Category("X", "x"), (make("1", title="a b"),)),))
    listed = apply_lists(day, everything)
    assert listed.muted == 1 and listed.groups == ()


def test_lists_in_config(home: Path) -> None:
    config_dir = home / "config"
    config_dir.mkdir()
    (config_dir / "config.toml").write_text(
        '[lists]\nwatch = ["diffusion", " agents ", "diffusion"]\nwatch_authors = ["Hinton"]\n'
    )
    lists = load_config().lists
    assert lists.watch == ("diffusion", "agents") and lists.watch_authors == ("Hinton",)
    (config_dir / "config.toml").write_text('[lists]\nmute = "x"\n')
    with pytest.raises(ConfigError, match=r"lists\.mute must be a list of strings"):
        load_config()
    (config_dir / "config.toml").write_text("[lists]\nblock = []\n")
    with pytest.raises(ConfigError, match=r"lists\.block is not a known setting"):
        load_config()


def test_saving_lists_keeps_other_settings_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    original = (
        "# my settings\n"
        'language = "en"  # English please\n'
        '\n[lists]\n# old comment\nwatch = ["old"]\n\n'
        '[llm]\nmodel = "qwen"  # local\n'
    )
    path.write_text(original)
    save_lists(path, ListsConfig(watch=('say "hi"', "graph"), mute=("crypto",)))
    text = path.read_text()
    assert text.startswith('# my settings\nlanguage = "en"  # English please\n')
    assert '[llm]\nmodel = "qwen"  # local\n' in text
    data = tomllib.loads(text)
    assert data["lists"] == {
        "watch": ['say "hi"', "graph"],
        "watch_authors": [],
        "mute": ["crypto"],
    }
    assert data["language"] == "en" and data["llm"] == {"model": "qwen"}


def test_saving_lists_creates_the_file_or_appends_the_table(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    save_lists(path, ListsConfig(mute=("x",)))
    assert tomllib.loads(path.read_text())["lists"]["mute"] == ["x"]
    other = tmp_path / "other.toml"
    other.write_text('theme = "nord"')
    save_lists(other, ListsConfig(watch=("y",)))
    assert tomllib.loads(other.read_text()) == {
        "theme": "nord",
        "lists": {"watch": ["y"], "watch_authors": [], "mute": []},
    }


def test_a_broken_config_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("language = \n")
    with pytest.raises(ConfigError, match="fix it before editing the lists"):
        save_lists(path, ListsConfig(watch=("x",)))
    assert path.read_text() == "language = \n"
    path.write_text('lists.watch = ["a"]\n')
    with pytest.raises(ConfigError, match="outside a \\[lists\\] table"):
        save_lists(path, ListsConfig(watch=("x",)))
