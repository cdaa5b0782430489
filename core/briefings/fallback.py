"""The offline extract in place of a model's answer that has none of the five parts.

A small local model often answers with prose and no part at all, even when asked again.
Its text is of no use to a reader, so the reader and the export show the category's
offline extract instead, labelled, and the record says why (:attr:`Briefing.fallback`).
The record keeps the model's cache key: the next opening shows it at once, and
regenerating asks the model again. The unusable answer itself goes to the debug log only.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from ..debuglog import LOG
from ..models import CategoryGroup
from .checks import check_briefing
from .offline import offline_briefing
from .parts import HEADINGS, PART_NUMBERS, present_parts
from .record import Briefing

NO_PARTS = "the model's answer had none of the five parts"
LOGGED_CHARS = 4000  # of the unusable answer, in the debug log


def has_no_parts(text: str) -> bool:
    """True when ``text`` has none of the five parts in any language: an answer with the
    parts in the other language has them (its check says the language is wrong)."""
    return not any(present_parts(text, language) for language in HEADINGS)


def unusable(briefing: Briefing) -> bool:
    """True for a model's own answer with none of the five parts."""
    return (
        not briefing.extract
        and len(set(briefing.missing_parts) & set(PART_NUMBERS)) == len(PART_NUMBERS)
        and has_no_parts(briefing.text)
    )


async def in_place_of(briefing: Briefing, group: CategoryGroup) -> Briefing:
    """``briefing`` (a model's unusable answer) with the offline extract as its text."""
    LOG.debug(
        "%s %s: %s; the offline extract stands in. The answer (%d chars): %r",
        briefing.day.isoformat(),
        briefing.category,
        NO_PARTS,
        len(briefing.text),
        briefing.text[:LOGGED_CHARS],
    )
    language = briefing.language
    # Off the event loop: a few hundred papers take a fifth of a second or more.
    text = (await asyncio.to_thread(offline_briefing, group, language, in_place=True)).strip()
    checks = check_briefing(text, group.count, language, verbatim=True)
    return replace(
        briefing, text=text, missing_parts=checks.parts_missing, checks=checks, fallback=NO_PARTS
    )
