"""Citations made visible: ``[3]`` linked to its paper, unknown numbers and uncited claims
marked. Used by the Markdown export and the reader alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .checks import CITATION, CITED_PARTS, citation_numbers, is_uncited
from .parts import is_heading

UNKNOWN_MARK = "⚠"
UNCITED_MARK = " ⚠"
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def _link_line(line: str, papers: int, link_for: Callable[[int], str | None]) -> str:
    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        # Escaped, or already a link label: leave it alone.
        if (start and line[start - 1] == "\\") or line[end : end + 1] == "(":
            return match.group(0)
        items: list[str] = []
        for number in citation_numbers(match.group(1)):
            url = link_for(number) if 1 <= number <= papers else None
            # The brackets stay in the link's text: it reads "[3]", as the briefing cites.
            items.append(f"[\\[{number}\\]]({url})" if url else f"[{number}]{UNKNOWN_MARK}")
        return ", ".join(items) if items else match.group(0)

    return CITATION.sub(replace, line)


def annotate(text: str, language: str, papers: int, link_for: Callable[[int], str | None]) -> str:
    """``text`` with each known citation a link, unknown ones marked, and the bullets of
    parts 1 and 3 that cite nothing marked."""
    lines = text.split("\n")
    part = 0
    marks: set[int] = set()
    for index, line in enumerate(lines):
        found = next((n for n in range(part + 1, 6) if is_heading(line, n, language)), None)
        if found is not None:
            part = found
            continue
        if part in CITED_PARTS and _BULLET.match(line):
            claim = [line]
            for follower in lines[index + 1 :]:
                if not follower.strip() or _BULLET.match(follower):
                    break
                if any(is_heading(follower, n, language) for n in range(part + 1, 6)):
                    break
                claim.append(follower)
            if is_uncited(" ".join(claim)):
                marks.add(index + len(claim) - 1)
    out = []
    for index, line in enumerate(lines):
        line = _link_line(line, papers, link_for)
        out.append(line + UNCITED_MARK if index in marks else line)
    return "\n".join(out)
