"""The right pane for one paper: title, authors, categories, abstract, links, and why it is here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from ...core.papers import CORRECTED
from ...core.sources.names import short_source
from ...core.text import clean_line, safe_url, shown_text
from ..display import emoji

if TYPE_CHECKING:
    from ...core.models import CategoryGroup
    from ...core.papers import Paper


def matched_text(matched: tuple[str, ...]) -> str:
    """``title: logits; abstract: llms, tokens`` from the classifier's reasons, each
    ``where: what``: a place named once, its words in the order they came."""
    places: dict[str, list[str]] = {}
    for reason in matched:
        where, sep, what = clean_line(reason).partition(": ")
        places.setdefault(where if sep else "", []).append(what if sep else where)
    return "; ".join(
        f"{where}: {', '.join(words)}" if where else ", ".join(words)
        for where, words in places.items()
    )


def paper_text(paper: Paper, group: CategoryGroup) -> Text:
    """The paper as plain Rich text: nothing from the paper is parsed as markup."""
    text = Text()
    text.append(shown_text(paper.title) or paper.arxiv_id, style="bold")
    text.append("\n")
    authors = ", ".join(clean_line(name) for name in paper.authors)
    if authors:
        text.append(authors, style="italic")
        text.append("\n")
    text.append("\n")
    meta = [
        ("arXiv", paper.versioned_id),
        ("Announced", paper.announced.isoformat()),
        ("Categories", ", ".join(clean_line(c) for c in paper.categories) or "-"),
        ("Sources", ", ".join(clean_line(short_source(s)) for s in paper.sources) or "-"),
    ]
    if paper.upvotes is not None:
        meta.append(("Upvotes", str(paper.upvotes)))
    comment = clean_line(paper.comment)
    if comment:
        meta.append(("Comment", comment))
    for label, value in meta:
        text.append(f"{label:<11}", style="dim")
        text.append(value)
        text.append("\n")
    assignment = group.why(paper.arxiv_id)
    text.append(f"{'Why here':<11}", style="dim")
    if group.gathered:  # the watchlist: the paper's own category, and that it is watched
        text.append(clean_line(assignment.category) if assignment else "-")
    else:
        text.append(f"{emoji(group.category)} {clean_line(group.name)}")
    if assignment is not None and assignment.method == CORRECTED:
        text.append(" — moved here by you")
    elif assignment is not None and assignment.matched:
        text.append(" — matched ")
        text.append(matched_text(assignment.matched), style="italic")
    elif assignment is not None:
        text.append(f" — {clean_line(assignment.method)}")
    else:
        text.append(" — no rule matched (fallback)")
    if assignment is not None and assignment.also:
        text.append("\n")
        text.append(" " * 11)
        text.append("also fits: ", style="dim")
        text.append(", ".join(clean_line(name) for name in assignment.also))
    if group.gathered:
        text.append("\n")
        text.append(f"{'Watched':<11}", style="dim")
        text.append("◆ your watch list matches it (w edits the lists)")
    text.append("\n\n")
    text.append(shown_text(paper.abstract) or "(no abstract)")
    text.append("\n\n")
    for label, raw in (("Abstract", paper.abs_url), ("PDF", paper.pdf_url)):
        url = safe_url(raw)
        if url:
            text.append(f"{label:<11}", style="dim")
            text.append(url, style=Style(link=url, underline=True))
            text.append("\n")
    text.append("press o to open the abstract page, m to move it to another topic", style="dim")
    return text


class PaperDetail(Static):
    """Shows the paper chosen in the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.paper: Paper | None = None

    def show(self, paper: Paper, group: CategoryGroup) -> None:
        """Display ``paper`` from ``group``."""
        self.paper = paper
        self.update(paper_text(paper, group))
