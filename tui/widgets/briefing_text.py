"""The text of a category's briefing pane: title, usage line and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.strip import Strip

from ...core.text import clean_line, safe_url, shown_text
from ..display import emoji

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ...core.briefings.record import Briefing
    from ...core.models import CategoryGroup
    from ...core.papers import Paper


def briefing_markdown(briefing: Briefing, group: CategoryGroup) -> str:
    """The briefing as the reader shows it: safe Markdown, each citation a link to its
    paper's page, unknown numbers and uncited claims of parts 1 and 3 marked ⚠."""
    from ...core.briefings.citations import annotate
    from ...core.briefings.parts import language_of
    from ...core.markdown_safe import safe_markdown

    links = [safe_url(paper.abs_url) or None for paper in group.papers]

    def link_for(number: int) -> str | None:
        return links[number - 1] if 1 <= number <= len(links) else None

    language = language_of(briefing.language)
    return annotate(safe_markdown(briefing.text), language, group.count, link_for)


def check_text(briefing: Briefing, group: CategoryGroup) -> Text:
    """The reader's check line: ``✓ 5 parts · 14 claims cited · 9/9 papers · 한국어``, or
    the problems, with "asked again once" when the corrective retry was used."""
    from ...core.briefings.checks import check_briefing, check_line
    from ...core.briefings.parts import language_of

    language = language_of(briefing.language)
    checks = briefing.checks or check_briefing(
        briefing.text, group.count, language, verbatim=briefing.extract
    )
    line = check_line(checks, "ko" if language == "ko" else "en")
    return Text(line, style="green" if checks.ok else "bold yellow")


def fallback_note(briefing: Briefing, app: object) -> str | None:
    """The one line over the offline extract that stands in for a model's unusable answer
    (None for any other briefing), with the keys that ask the model again."""
    if not briefing.fallback:
        return None
    from .. import keymap
    from ..app import InsightsApp

    keys = app.keys_of(keymap.REGENERATE) if isinstance(app, InsightsApp) else ""
    again = f"{keys} asks it again" if keys else "Regenerate briefing (ctrl+p) asks it again"
    model = clean_line(briefing.model) or "the model"
    return f"⚠ {model}'s answer had none of the five parts; {again}"


def usage_line(briefing: Briefing, label: str) -> Text:
    """``tokens 1,200 in / 300 out · 2 calls · model``, plus the parts that are missing.

    Counts the server did not send (estimated) read ``≈1,200``."""
    usage = briefing.usage
    text = Text(style="dim")
    if usage.calls:
        about = "≈" if usage.estimated else ""
        text.append(
            f"tokens {about}{usage.prompt_tokens:,} in / {about}{usage.completion_tokens:,} out"
            f" · {usage.calls} call{'s' if usage.calls != 1 else ''} · "
        )
    writer = clean_line(briefing.model) or label
    text.append(f"offline extract in place of {writer}" if briefing.fallback else writer)
    parts = ", ".join(str(part) for part in briefing.missing_parts)
    noun = "part" if len(briefing.missing_parts) == 1 else "parts"
    if not briefing.complete:
        text.append(f"  ⚠ incomplete{f': {noun} {parts} missing' if parts else ''}", style="bold")
    elif parts:
        # Stored as complete, yet the model skipped some of the five parts: say which.
        text.append(f"  ⚠ {noun} {parts} missing", style="bold")
    return text


def source_table(papers: Iterable[tuple[int, Paper]]) -> Table:
    """Numbered titles, each with its link under it (a link only when http(s)); a title
    that wraps stays indented under its first line, past the number."""
    table = Table.grid(padding=(0, 1, 0, 0))
    table.add_column(justify="right", no_wrap=True, width=len(_INDENT) - 1)
    table.add_column()
    for number, paper in papers:
        url = safe_url(paper.abs_url)
        body = Text(shown_text(paper.title) or paper.arxiv_id, style="bold")
        body.append("\n")
        body.append(url or paper.arxiv_id, style=Style(link=url) if url else Style())
        table.add_row(Text(f"{number:>3}.", style="dim"), body)
    return table


def sources_text(group: CategoryGroup) -> Table:
    """The category's papers as :func:`source_table` draws them."""
    return source_table(enumerate(group.papers, 1))


_DIM, _BOLD = Style.parse("dim"), Style.parse("bold")
_INDENT = "     "  # a link sits under its title, past the number

RenderText = Callable[["RenderableType"], list[Strip]]
# A line as segments, made a Strip only when it is painted: a Strip costs ~8 us to make,
# and a category of a few hundred papers has a thousand lines, most never on screen.
Line = Strip | list[Segment]


def as_strip(line: Line, cells: int) -> Strip:
    """``line`` as a Strip ``cells`` wide."""
    return line if isinstance(line, Strip) else Strip(line, cells)


def source_lines(
    group: CategoryGroup, width: int, render: RenderText, full: int | None = None
) -> list[Line]:
    """:func:`sources_text` as lines wrapped at ``width`` cells and padded to ``full``
    (``width`` when not given), drawn straight from the papers.

    Rich wraps a text of a few hundred papers in ~20 ms. An ASCII title is wrapped here
    the way Rich would (at spaces, continued at the left edge), and a
    link that fits is one line; anything else (other scripts, a word longer than the
    line) is handed to ``render``, Rich's own wrapping (its lines already ``full`` wide).
    """
    full = width if full is None else full

    def line(*segments: Segment) -> list[Segment]:
        used = sum(len(segment.text) for segment in segments)  # ASCII: one cell each
        return [*segments, Segment(" " * (full - used))]

    lines: list[Line] = []
    for number, paper in enumerate(group.papers, 1):
        prefix = f"{number:>3}. "
        title = shown_text(paper.title) or paper.arxiv_id
        wrapped = _wrap_ascii(prefix, title, width)
        url = safe_url(paper.abs_url)
        target = url or paper.arxiv_id
        if wrapped is None or not (target.isascii() and len(_INDENT) + len(target) <= width):
            lines += render(source_table([(number, paper)]))
            continue
        else:
            first, *rest = wrapped
            lines.append(line(Segment(prefix, _DIM), Segment(first[len(prefix) :], _BOLD)))
            indent = " " * len(prefix)
            lines += [line(Segment(indent), Segment(t[len(indent) :], _BOLD)) for t in rest]
        style = Style(link=url) if url else Style()
        lines.append(line(Segment(_INDENT), Segment(target, style)))
    return lines


def _wrap_ascii(prefix: str, title: str, width: int) -> list[str] | None:
    """``prefix + title`` wrapped at its spaces to ``width``, as Rich wraps it; None when
    Rich must do it (other scripts, or a word too long for its line, which Rich folds)."""
    if not title.isascii() or not title.isprintable():
        return None
    line = prefix + title
    if len(line) <= width:
        return [line]
    words = title.split(" ")  # clean_line leaves single spaces
    line = prefix + words[0]
    if len(line) > width:
        return None
    indent = " " * len(prefix)  # continued lines stay under the title, past the number
    lines = []
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        elif len(indent) + len(word) > width:
            return None
        else:
            lines.append(line)
            line = indent + word
    lines.append(line)
    return lines


HINT = "Enter, Space or → opens a category and writes its briefing; ← closes it."


def group_texts(group: CategoryGroup) -> tuple[Text, Text, Text]:
    """The panel's title line, the category's description and the sources heading."""
    title = Text()
    title.append(f"{emoji(group.category)} ")
    title.append(clean_line(group.name), style="bold")
    title.append(f"  {group.count} papers", style="dim")
    description = Text(clean_line(group.category.description), style="italic")
    return title, description, Text(f"Sources ({group.count})", style="bold")
