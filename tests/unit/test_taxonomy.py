"""The taxonomy file: the shipped default, a user's replacement, and broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daily_ai_insights.core.topics.taxonomy import default_taxonomy, load_taxonomy

REFERENCE = {
    "Multimodal": "🪸",
    "LLM": "🐱",
    "Graph Neural Networks": "🍋",
    "Natural Language Processing": "✈️",
    "Computer Vision": "⭐",
    "Model training technique": "🤩",
}

GOOD = """\
[[category]]
name = "Robots"
emoji = "🤖"
description = "Things that move."
keywords = ["robot"]
phrases = ["robot arm"]
arxiv = ["cs.RO"]

[[category]]
name = "Other"
emoji = "📦"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_has_the_six_reference_categories_with_their_emoji() -> None:
    taxonomy = default_taxonomy()
    for name, emoji in REFERENCE.items():
        category = taxonomy.get(name)
        assert category is not None, name
        assert category.emoji == emoji
        assert category.description and "\n" not in category.description
    assert taxonomy.categories[-1].name == "Other" == taxonomy.fallback
    names = [c.name for c in taxonomy.categories]
    assert len(names) == len(set(names)) >= 10
    assert len(taxonomy.version) == 12


def test_default_keywords_are_single_words() -> None:
    # Phrases are multi-word terms or single telling words ("vlm"), weighed as phrases.
    for category in default_taxonomy().categories:
        assert all(" " not in word for word in category.keywords), category.name
        assert all(phrase.strip() for phrase in category.phrases), category.name


def test_missing_or_absent_user_file_gives_the_default(tmp_path: Path) -> None:
    assert load_taxonomy(None) == (default_taxonomy(), None)
    assert load_taxonomy(tmp_path / "nope.toml") == (default_taxonomy(), None)


def test_user_file_replaces_the_default(tmp_path: Path) -> None:
    taxonomy, warning = load_taxonomy(write(tmp_path, GOOD))
    assert warning is None
    assert [c.name for c in taxonomy.categories] == ["Robots", "Other"]
    robots = taxonomy.categories[0]
    assert robots.keywords == ("robot",)
    assert robots.phrases == ("robot arm",)
    assert robots.arxiv_hints == ("cs.RO",)
    assert taxonomy.version != default_taxonomy().version


def test_version_follows_the_content(tmp_path: Path) -> None:
    first, _ = load_taxonomy(write(tmp_path, GOOD))
    second, _ = load_taxonomy(write(tmp_path, GOOD.replace("Things", "Machines")))
    assert first.version != second.version


def test_user_file_without_other_gets_a_fallback_bucket(tmp_path: Path) -> None:
    text = '[[category]]\nname = "Robots"\nemoji = "🤖"\n'
    taxonomy, warning = load_taxonomy(write(tmp_path, text))
    assert warning is None
    assert [c.name for c in taxonomy.categories] == ["Robots", "Other"]
    assert taxonomy.fallback == "Other"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # TOML syntax error: tomllib reports the line.
        (GOOD.replace('emoji = "🤖"', "emoji = 🤖"), 3, "taxonomy.toml line 3"),
        # Missing emoji: the line of the category's header.
        (GOOD.replace('emoji = "📦"\n', ""), 9, "has no emoji"),
        # Empty name: the line of the name key.
        (GOOD.replace('name = "Robots"', 'name = ""'), 2, "has no name"),
        # Duplicate names: the line of the second name.
        (GOOD.replace('name = "Other"', 'name = "Robots"'), 10, "duplicate category name"),
        # Wrong type: the line of the key.
        (GOOD.replace('phrases = ["robot arm"]', "phrases = 3"), 6, "phrases must be a list"),
        (GOOD.replace('description = "Things that move."', "description = 1"), 4, "string"),
        (GOOD.replace('keywords = ["robot"]', 'broad = "yes"'), 5, "broad must be true or false"),
        # Unknown key (a typo): its line.
        (GOOD.replace('keywords = ["robot"]', 'keyword = ["robot"]'), 5, "unknown key"),
        # No categories at all.
        ('title = "mine"\n', 1, "[[category]]"),
    ],
)
def test_broken_file_gives_default_and_a_warning_with_the_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    taxonomy, warning = load_taxonomy(path)
    assert taxonomy == default_taxonomy()
    assert warning is not None
    assert "\n" not in warning
    assert f"{path} line {line}:" in warning
    assert words in warning


def test_unreadable_file_gives_default_and_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "taxonomy.toml"
    folder.mkdir()
    taxonomy, warning = load_taxonomy(folder)
    assert taxonomy == default_taxonomy()
    assert warning is not None and str(folder) in warning


def test_not_utf8_gives_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.toml"
    path.write_bytes(b'[[category]]\nname = "\xff"\n')
    taxonomy, warning = load_taxonomy(path)
    assert taxonomy == default_taxonomy()
    assert warning is not None and "line 1" in warning


def test_a_parsed_taxonomy_is_kept_as_json_and_read_back(tmp_path: Path) -> None:
    from daily_ai_insights.core.topics.taxonomy_cache import cached_path

    cache = tmp_path / "cache"
    shipped = default_taxonomy()
    assert load_taxonomy(None, cache) == (shipped, None)
    kept = cached_path(cache, shipped.version)
    assert kept.is_file()
    assert load_taxonomy(None, cache) == (shipped, None)  # read back whole
    # The kept file is what a later start reads (it is named by the TOML's hash).
    data = json.loads(kept.read_text(encoding="utf-8"))
    llm = next(item for item in data["categories"] if item["name"] == "LLM")
    llm["emoji"] = "🐈"
    kept.write_text(json.dumps(data), encoding="utf-8")
    default_taxonomy.cache_clear()
    reread, _ = load_taxonomy(None, cache)
    assert reread.version == shipped.version and reread.get("LLM").emoji == "🐈"  # type: ignore[union-attr]
    assert reread.get("LLM").broad and not reread.get("Multimodal").broad  # type: ignore[union-attr]


@pytest.mark.parametrize("garbage", ["{ not json", '{"version": "x"}', '{"categories": 3}'])
def test_an_unreadable_kept_taxonomy_is_parsed_again(tmp_path: Path, garbage: str) -> None:
    from daily_ai_insights.core.topics.taxonomy_cache import cached_path

    cache = tmp_path / "cache"
    path = write(tmp_path, GOOD)
    first, _ = load_taxonomy(path, cache)
    kept = cached_path(cache, first.version)
    kept.write_text(garbage, encoding="utf-8")
    again, warning = load_taxonomy(path, cache)
    assert again == first and warning is None
    assert kept.read_text(encoding="utf-8") != garbage  # written anew


def test_a_broken_user_taxonomy_is_not_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    taxonomy, warning = load_taxonomy(write(tmp_path, "[[category]]\nname = 3\n"), cache)
    assert warning is not None and taxonomy == default_taxonomy()
    assert [p.name for p in cache.iterdir()] == [f"taxonomy-{taxonomy.version}.json"]
