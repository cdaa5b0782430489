"""The starred papers as a reading list: Markdown, JSON or BibTeX (``insights starred``)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .marks import Star

FORMATS = ("markdown", "json", "bibtex")
_NEW_ID = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")


def citation_year(star: Star) -> int:
    """The year in a new-style arXiv id (``2411.09703`` -> 2024), else the stored year."""
    match = _NEW_ID.match(star.arxiv_id)
    if match and 1 <= int(match[2]) <= 12:
        return 2000 + int(match[1])
    return star.year or star.day.year


def _bib_text(text: str) -> str:
    """A BibTeX field value: LaTeX kept, bare specials escaped, unbalanced braces dropped."""
    text = re.sub(r"(?<!\\)([&%#])", r"\\\1", text)
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return text


def _bib_key(star: Star) -> str:
    return "arXiv:" + re.sub(r"[^0-9A-Za-z.\-]", "_", star.arxiv_id)


def bibtex(stars: Sequence[Star]) -> str:
    """One ``@misc`` entry per star: arXiv id, title, authors, year and URL."""
    entries = []
    for star in stars:
        fields = [
            ("title", "{" + _bib_text(star.title) + "}"),
            ("author", " and ".join(_bib_text(a) for a in star.authors)),
            ("year", str(citation_year(star))),
            ("eprint", star.arxiv_id),
            ("archivePrefix", "arXiv"),
            ("url", star.url),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{_bib_key(star)},\n{body}\n}}\n")
    return "\n".join(entries)


def markdown(stars: Sequence[Star]) -> str:
    """Stars grouped by day, newest first: ``- Title — Authors (category) URL``."""
    lines = ["# Starred papers", ""]
    day = None
    for star in stars:
        if star.day != day:
            if day is not None:
                lines.append("")
            day = star.day
            lines.append(f"## {day.isoformat()}")
            lines.append("")
        authors = ", ".join(star.authors[:3]) + (" et al." if len(star.authors) > 3 else "")
        title = star.title.replace("[", "\\[").replace("]", "\\]")
        lines.append(f"- [{title}]({star.url}) — {authors} ({star.category}) arXiv:{star.arxiv_id}")
    if not stars:
        lines.append("No starred papers yet.")
    return "\n".join(lines) + "\n"


def as_json(stars: Sequence[Star]) -> str:
    """The stars as a JSON list (the form ``stars.json`` keeps)."""
    return json.dumps([s.to_dict() for s in stars], ensure_ascii=False, indent=2) + "\n"


def render(stars: Sequence[Star], fmt: str) -> str:
    """The reading list in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return as_json(stars)
    if fmt == "bibtex":
        return bibtex(stars)
    return markdown(stars)
