"""Textual's parsed CSS kept between runs: read back whole, or parsed again, never wrong."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.app import App
from textual.css.parse import parse as textual_parse
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from daily_ai_insights.core.service import InsightsService
from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.css_cache import FILE_NAME, CachedStylesheet, ParsedRules
from tests.app.conftest import SIZE, screen_cells

APP_CSS = (Path(__file__).resolve().parents[2] / "tui" / "app.tcss").read_text("utf-8")
WHERE = ("app.tcss", "")


def variables() -> dict[str, str]:
    return App().get_css_variables()


def parsed(sheet: Stylesheet, css: str = APP_CSS) -> list[str]:
    """Every rule of ``css`` as ``sheet`` builds it, written back as CSS."""
    sheet.add_source(css, read_from=WHERE)
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Textual's CSS parser, counting the sources it is given."""
    seen: list[str] = []
    real = textual_parse

    def counting(scope: str, css: str, *args: object, **kwargs: object) -> object:
        seen.append(css)
        return real(scope, css, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    return seen


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the parsed rules are kept."""
    return tmp_path / FILE_NAME


@pytest.fixture(scope="module")
def fresh() -> list[str]:
    """app.tcss as Textual's own Stylesheet parses it."""
    return parsed(Stylesheet(variables=variables()))


def test_kept_rules_read_back_equal_to_a_fresh_parse_without_parsing(
    path: Path, fresh: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ParsedRules(path)
    assert parsed(CachedStylesheet(first, variables=variables())) == fresh
    first.save()
    assert path.exists()
    parses = count_parses(monkeypatch)
    assert parsed(CachedStylesheet(ParsedRules(path), variables=variables())) == fresh
    assert parses == []


def test_a_torn_or_foreign_file_is_parsed_again_and_rewritten(
    path: Path, fresh: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = count_parses(monkeypatch)
    for content in (b"\x80\x05garbage", pickle.dumps((("another textual",), {}))):
        path.write_bytes(content)
        kept = ParsedRules(path)
        assert parsed(CachedStylesheet(kept, variables=variables())) == fresh
        kept.save()
    assert parses == [APP_CSS, APP_CSS]
    parses.clear()
    assert parsed(CachedStylesheet(ParsedRules(path), variables=variables())) == fresh
    assert parses == []


def test_css_with_errors_is_never_kept(path: Path) -> None:
    kept = ParsedRules(path)
    with pytest.raises(StylesheetParseError):
        parsed(CachedStylesheet(kept, variables=variables()), "#x { colour: red; }")
    kept.save()
    assert not path.exists()


def test_other_theme_variables_are_kept_apart_and_reparse_uses_them(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A theme change reparses every source under the new colours, through the cache."""
    kept = ParsedRules(path)
    sheet = CachedStylesheet(kept, variables=variables())
    dark = parsed(sheet, "#a { color: $accent; }")
    other = {**variables(), "accent": "#123456"}
    sheet.set_variables(other)
    sheet.reparse()
    assert isinstance(sheet, CachedStylesheet)
    light = [rule.css for rule in sheet.rules]
    assert light != dark and "#123456" in light[0]
    kept.save()
    parses = count_parses(monkeypatch)
    again = CachedStylesheet(ParsedRules(path), variables=other)
    assert parsed(again, "#a { color: $accent; }") == light
    assert parses == []


def test_an_unwritable_cache_folder_costs_only_the_parse(tmp_path: Path, fresh: list[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    kept = ParsedRules(blocker / FILE_NAME)
    assert parsed(CachedStylesheet(kept, variables=variables())) == fresh
    kept.save()  # says nothing, raises nothing
    assert blocker.read_text() == "not a folder"


async def test_the_reader_keeps_its_parsed_css_and_starts_from_it_unchanged(
    make_app: Callable[..., InsightsApp],
    service: InsightsService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first start writes the file once its frame is out; the next start parses no
    CSS at all and draws the very same screen."""
    path = service.config.paths.cache_dir / FILE_NAME
    assert not path.exists()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = screen_cells(app.screen)
    assert path.exists()
    parses = count_parses(monkeypatch)
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_cells(again.screen) == first
    assert parses == []
