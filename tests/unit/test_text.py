"""Untrusted text is cleaned at the edge; only http(s) links survive."""

from __future__ import annotations

import pytest

from daily_ai_insights.core.text import clean_line, clean_multiline, safe_url, strip_controls


def test_escape_sequences_and_controls_are_removed() -> None:
    hostile = "a\x1b[31mred\x1b[0m\x1b]8;;https://evil\x07link\x1b]8;;\x07\u202eb\x00c\x9b"
    assert strip_controls(hostile) == "aredlinkbc"


def test_line_breaks_fold_unless_kept() -> None:
    assert strip_controls("a\nb\tc\r") == "a b c "
    assert strip_controls("a\nb\tc\r", keep_newlines=True) == "a\nb\tc "


def test_emoji_joiner_survives() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_line(family) == family


def test_clean_line_folds_wraps_decodes_entities_keeps_latex() -> None:
    assert (
        clean_line("  Top-$n\\sigma$:\n   Not All &amp; Logits  ")
        == "Top-$n\\sigma$: Not All & Logits"
    )
    assert clean_line(None) == ""


def test_clean_multiline_keeps_lines_and_trims() -> None:
    assert clean_multiline("1. 주제\r\n   - a  \x1b[2J\n") == "1. 주제\n   - a\n"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2411.09703", "https://arxiv.org/abs/2411.09703"),
        ("http://arxiv.org/abs/2411.09595v1", "http://arxiv.org/abs/2411.09595v1"),
        ("javascript:alert(1)", ""),
        ("file:///etc/passwd", ""),
        ("https://", ""),
        ("data:text/html,hi", ""),
        ("https://a.org/x y", ""),
        (None, ""),
    ],
)
def test_safe_url(url: str | None, expected: str) -> None:
    assert safe_url(url) == expected


def test_drop_variation_selectors() -> None:
    from daily_ai_insights.core.text import drop_variation_selectors

    assert drop_variation_selectors("✈\ufe0f 항공 \u2764\ufe0e") == "✈ 항공 \u2764"
    assert drop_variation_selectors("👨\u200d👩") == "👨\u200d👩"
