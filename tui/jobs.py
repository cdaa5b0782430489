"""The reader's background work: fetching a day and writing an export.

Each job runs in a worker the screen starts and answers with a past-tense message
(:mod:`tui.messages`); it never touches a widget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..core.errors import InsightsError, NothingToExport
from .messages import (
    CatchUpFinished,
    CatchUpProgress,
    ExportFailed,
    ExportFinished,
    FetchFailed,
    FetchFinished,
    NothingExported,
)

if TYPE_CHECKING:
    from textual.message import Message

    from ..core.models import Digest
    from ..core.service import InsightsService

Post = Callable[["Message"], object]


async def fetch(
    service: InsightsService,
    day: dt.date | None,
    sources: tuple[str, ...] | None,
    post: Post,
    *,
    startup: bool = False,
) -> None:
    """Fetch ``day`` (None: the newest announced); ``startup`` marks the fetch nobody
    asked for, whose failure is said calmly."""
    try:
        result = await service.fetch_day(day, sources)
    except InsightsError as error:
        post(FetchFailed(str(error), startup=startup))
    else:
        post(FetchFinished(result, startup))


async def catch_up(
    service: InsightsService,
    days: Sequence[dt.date],
    sources: Sequence[str] | None,
    post: Post,
) -> None:
    """Fetch ``days`` oldest first (weekends recorded empty), saying each as it is done."""
    from ..core import catchup

    done = 0

    def report(line: catchup.CatchUpLine) -> None:
        nonlocal done
        done += 1
        post(CatchUpProgress(line, done, len(days)))

    post(CatchUpFinished(await catchup.run(service, days, sources, report=report)))


def export(
    service: InsightsService,
    digest: Digest,
    categories: Sequence[str] | None,
    language: str,
    post: Post,
    filtered: str = "",
) -> None:
    """Write the export (Markdown and its SVG chart); run in a thread. ``filtered``: the
    reader's filter that chose the papers (the document then has no briefings)."""
    try:
        result = service.export(digest, categories=categories, language=language, filtered=filtered)
    except NothingToExport as error:
        post(NothingExported(str(error)))
    except InsightsError as error:
        post(ExportFailed(str(error)))
    else:
        post(ExportFinished(result))
