"""The text of a category's briefing pane: title, usage line and sources."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

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


def group_texts(group: CategoryGroup) -> tuple[Text, Text, Text]:
    """The panel's title line, the category's description and the sources heading."""
    title = Text()
    title.append(f"{emoji(group.category)} ")
    title.append(clean_line(group.name), style="bold")
    title.append(f"  {group.count} papers", style="dim")
    description = Text(clean_line(group.category.description), style="italic")
    return title, description, Text(f"Sources ({group.count})", style="bold")
