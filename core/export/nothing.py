"""Refusing an export that would hold no paper, with the one line the CLI and the reader show.

A day without papers, a day whose papers the mute list all hides, categories that have
none that day, or a reader's filter that matches none: each would write a document with
no paper in it (and would replace a file with ``--force``), so nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NothingToExport
from ..models import Digest
from ..text import clean_line


def refuse_empty(
    digest: Digest, categories: Sequence[str] | None = None, *, filtered: str = ""
) -> None:
    """Raise :class:`NothingToExport` saying why, unless ``categories`` of ``digest``
    (None: every one) hold a paper. ``filtered``: the reader's filter that chose them."""
    chosen = None if categories is None else set(categories)
    if any(g.count for g in digest.topics if chosen is None or g.name in chosen):
        return
    raise NothingToExport(f"{why_empty(digest, categories, filtered)}; nothing to export")


def chosen_categories(
    digest: Digest, categories: Sequence[str] | None, *, filtered: str = ""
) -> list[str] | None:
    """Those of ``categories`` (None: every one) that hold papers of ``digest``, or
    :class:`NothingToExport` when none does. The gathered ★ Watchlist is the reader's:
    it alone chosen means the whole day."""
    gathered = {g.name for g in digest.groups if g.gathered}
    wanted = [name for name in categories or () if name not in gathered] or None
    refuse_empty(digest, wanted, filtered=filtered)
    if wanted is None:
        return None
    return [name for name in dict.fromkeys(wanted) if (group := digest.group(name)) and group.count]


def why_empty(digest: Digest, categories: Sequence[str] | None, filtered: str) -> str:
    """Why ``categories`` of ``digest`` hold no paper, in a few words."""
    day = digest.day.isoformat()
    if filtered:
        return f"no paper of {day} matches the filter “{clean_line(filtered)}”"
    if not digest.paper_count:
        if digest.muted and not digest.muted_shown:
            hidden = f"all {digest.muted} papers" if digest.muted > 1 else "the one paper"
            return f"the mute list hides {hidden} on {day}"
        return f"no papers on {day}"
    if not categories:
        return "no category was chosen"
    names = " or ".join(clean_line(name) for name in dict.fromkeys(categories))
    return f"no papers on {day} in {names}"
