"""The text of a category's briefing pane: title, usage line and sources."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from core.models import CategoryGroup, Summary
from core.text import clean_line, safe_url
from tui.display import emoji


def usage_line(summary: Summary, label: str) -> Text:
    """``tokens 1,200 in / 300 out · 2 calls · model``, plus the parts that are missing."""
    usage = summary.usage
    text = Text(style="dim")
    if usage.calls:
        text.append(
            f"tokens {usage.prompt_tokens:,} in / {usage.completion_tokens:,} out"
            f" · {usage.calls} call{'s' if usage.calls != 1 else ''} · "
        )
    text.append(clean_line(summary.model) or label)
    parts = ", ".join(str(part) for part in summary.missing_parts)
    noun = "part" if len(summary.missing_parts) == 1 else "parts"
    if not summary.complete:
        text.append(f"  ⚠ incomplete{f': {noun} {parts} missing' if parts else ''}", style="bold")
    elif parts:
        # Stored as complete, yet the model skipped some of the five parts: say which.
        text.append(f"  ⚠ {noun} {parts} missing", style="bold")
    return text


def sources_text(group: CategoryGroup) -> Text:
    """The category's papers: numbered titles, each a link when its URL is http(s)."""
    text = Text()
    for number, paper in enumerate(group.papers, 1):
        url = safe_url(paper.abs_url)
        text.append(f"{number:>3}. ", style="dim")
        text.append(clean_line(paper.title) or paper.arxiv_id, style="bold")
        text.append("\n     ")
        text.append(url or paper.arxiv_id, style=Style(link=url) if url else Style())
        text.append("\n")
    text.rstrip()
    return text


_DIM, _BOLD = Style.parse("dim"), Style.parse("bold")
_INDENT = "     "  # a link sits under its title, past the number

RenderText = Callable[[Text], list[Strip]]


def source_lines(group: CategoryGroup, width: int, render: RenderText) -> list[Strip]:
    """:func:`sources_text` as lines ``width`` cells wide, drawn straight from the papers.

    Rich wraps a text of a few hundred papers in ~20 ms. An ASCII title is wrapped here
    by ``textwrap`` the way Rich would (at spaces, continued at the left edge), and a
    link that fits is one line; anything else (other scripts, a word longer than the
    line) is handed to ``render``, Rich's own wrapping, so the lines are the same.
    """
    lines: list[Strip] = []
    for number, paper in enumerate(group.papers, 1):
        prefix = f"{number:>3}. "
        title = clean_line(paper.title) or paper.arxiv_id
        wrapped = _wrap_ascii(prefix, title, width)
        if wrapped is None:
            heading = Text(prefix, style=_DIM)
            heading.append(title, style=_BOLD)
            lines += render(heading)
        else:
            first, *rest = wrapped
            lines.append(Strip([Segment(prefix, _DIM), Segment(first[len(prefix) :], _BOLD)]))
            lines += [Strip([Segment(line, _BOLD)]) for line in rest]
        url = safe_url(paper.abs_url)
        target = url or paper.arxiv_id
        style = Style(link=url) if url else Style()
        if target.isascii() and len(_INDENT) + len(target) <= width:
            lines.append(Strip([Segment(_INDENT), Segment(target, style)]))
        else:
            link = Text(_INDENT)
            link.append(target, style=style)
            lines += render(link)
    return lines


def _wrap_ascii(prefix: str, title: str, width: int) -> list[str] | None:
    """``prefix + title`` wrapped at spaces to ``width``; None when Rich must do it."""
    if not title.isascii() or not title.isprintable():
        return None
    if len(prefix) + len(title) <= width:
        return [prefix + title]
    lines = textwrap.wrap(
        title, width, initial_indent=prefix, break_long_words=False, break_on_hyphens=False
    )
    # A word too long for its line is folded by Rich, in its own way: let Rich do it.
    return lines if all(len(line) <= width for line in lines) else None


def group_texts(group: CategoryGroup) -> tuple[Text, Text, Text]:
    """The panel's title line, the category's description and the sources heading."""
    title = Text()
    title.append(f"{emoji(group.category)} ")
    title.append(clean_line(group.name), style="bold")
    title.append(f"  {group.count} papers", style="dim")
    description = Text(clean_line(group.category.description), style="italic")
    return title, description, Text(f"Sources ({group.count})", style="bold")
