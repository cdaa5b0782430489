"""Model output shown in the reader or embedded in an export keeps only http(s) links."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from daily_ai_insights.core.markdown_safe import (
    neutralise_definitions,
    neutralise_link_targets,
    safe_markdown,
    sanitize_briefing,
)


def rendered_links(markdown: str) -> list[str]:
    """Every link or image a CommonMark parser finds, even schemes it would refuse.

    markdown-it (under Rich and Textual) already drops ``javascript:``/``file:`` links;
    the sanitiser must not rely on that, so the check here accepts every scheme.
    """
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    found: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            for name in ("href", "src"):
                if token.attrGet(name) is not None:
                    found.append(str(token.attrGet(name)))
            walk(token.children or [])

    walk(parser.parse(markdown))
    return found


def test_inline_links_kept_only_when_web() -> None:
    text = (
        "see [paper](https://arxiv.org/abs/2411.1) and [bad](javascript:alert(1)) "
        "![img](https://x.test/a.png) <file:///etc/passwd> \x1b[2J"
    )
    cleaned = safe_markdown(text)
    assert "[paper](https://arxiv.org/abs/2411.1)" in cleaned
    assert "javascript" not in cleaned and "bad" in cleaned
    assert "](https://x.test/a.png)" not in cleaned and "img" in cleaned
    assert "<file:" not in cleaned and "\x1b" not in cleaned
    assert "bad)" not in cleaned  # the parenthesis inside the URL does not end the link early
    assert rendered_links(cleaned) == ["https://arxiv.org/abs/2411.1"]


@pytest.mark.parametrize(
    "text",
    [
        "[click][r] and [r]\n\n[r]: smb://evil/share",
        "[click][r]\n\n   [R]: <javascript:alert(1)>",
        "[click][r]\n\n> [r]: file:///etc/passwd",
        "[click][r]\n\n[r]:\n  smb://evil/share",
        "[a [nested] label](javascript:alert(1))",
        "[two\nlines](javascript:alert(1))",
        "![pic][r]\n\n[r]: data:image/png;base64,AAAA",
        "<javascript:alert(1)> and <smb://evil>",
    ],
)
def test_no_non_web_link_survives(text: str) -> None:
    cleaned = safe_markdown(text)
    assert rendered_links(text), "the hostile input really makes a link before cleaning"
    assert rendered_links(cleaned) == []


def test_web_reference_links_and_autolinks_survive() -> None:
    text = "[paper][r] <https://arxiv.org/abs/2411.2>\n\n[r]: https://arxiv.org/abs/2411.1"
    cleaned = safe_markdown(text)
    assert cleaned == text
    assert set(rendered_links(cleaned)) == {
        "https://arxiv.org/abs/2411.1",
        "https://arxiv.org/abs/2411.2",
    }


def test_reference_image_becomes_a_plain_link() -> None:
    cleaned = safe_markdown("![pic][r]\n\n[r]: https://x.test/a.png")
    assert cleaned.startswith("\\![pic][r]")


def test_plain_text_and_controls() -> None:
    assert (
        safe_markdown("**굵게** 그리고 `code`\r\n다음 줄\u202e")
        == "**굵게** 그리고 `code`\n다음 줄"
    )


def test_shared_neutralisers() -> None:
    assert neutralise_link_targets("[x](smb://a)") == "[x\\]\\(smb://a)"
    assert neutralise_link_targets("[x](#part)", allow_fragments=True) == "[x](#part)"
    assert neutralise_link_targets("[x](#part)") != "[x](#part)"
    assert neutralise_definitions("[r]: https://ok.test") == "[r]: https://ok.test"
    assert neutralise_definitions("  [r]: ftp://bad") == "  \\[r]: ftp://bad"


def test_export_sanitiser_defuses_reference_links_too() -> None:
    cleaned = sanitize_briefing("# Title\n[x][r]\n\n[r]: smb://evil")
    assert cleaned.startswith("**Title**")
    assert rendered_links(cleaned) == []
