"""``insights export``: a whole day as Markdown or JSON, writing missing briefings first."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from ..core.config import Config
from ..core.dates import refuse_future
from ..core.errors import ExportError, InsightsError
from ..core.export.nothing import chosen_categories
from ..core.models import Digest, Taxonomy
from ..core.service import InsightsService
from ..core.text import clean_line

if TYPE_CHECKING:
    from ..core.briefings.record import Briefing


async def _write_missing_briefings(
    service: InsightsService, digest: Digest, names: list[str], language: str, err: TextIO
) -> tuple[dict[str, str], dict[str, Briefing]]:
    """Generate the briefings not cached yet, several at once; return why any failed and
    what was written (a briefing the cache could not keep is exported all the same).

    The writer's own semaphore bounds how many requests run together.
    """
    from ..core.briefings.service import (
        BriefingDone,
        BriefingFailed,
        BriefingProgress,
        BriefingRestarted,
    )

    failures: dict[str, str] = {}
    written: dict[str, Briefing] = {}
    missing = [n for n in names if service.cached_briefing(digest, n, language) is None]

    async def write(index: int, name: str) -> None:
        tag = f"[{index}/{len(missing)}] {name}"
        print(f"{tag}: writing the briefing…", file=err)
        async for event in service.brief(digest, name, language):
            if isinstance(event, BriefingProgress):
                print(f"{tag}: {event.label}", file=err)
            elif isinstance(event, BriefingRestarted):
                print(f"{tag}: asking once more ({event.reason})", file=err)
            elif isinstance(event, BriefingFailed):
                failures[name] = event.message
                print(f"{tag}: not written: {event.message}", file=err)
            elif isinstance(event, BriefingDone):
                written[name] = event.briefing
                print(f"{tag}: done · {_check(event.briefing, digest)}", file=err)
                if event.briefing.fallback:
                    said = f"{event.briefing.fallback}: the offline extract stands in"
                    print(f"{tag}: {said} (R in the reader asks the model again)", file=err)
                if event.uncached:
                    print(f"{tag}: {event.uncached}; it is in this export only", file=err)

    await asyncio.gather(*(write(i, name) for i, name in enumerate(missing, start=1)))
    return failures, written


def _check(briefing: Briefing, digest: Digest) -> str:
    from ..core.briefings.checks import check_line
    from ..core.export.document import checks_of

    group = digest.group(briefing.category)
    if group is None:
        return ""
    return check_line(checks_of(briefing, group), briefing.language)


def category_named(digest: Digest, typed: str, taxonomy: Taxonomy) -> str:
    """The category ``typed`` names, in any case: the day's, or the taxonomy's (maybe with
    no papers that day); InsightsError listing the day's."""
    wanted = typed.strip().casefold()
    for name in [*(g.name for g in digest.topics), *(c.name for c in taxonomy.categories)]:
        if name.casefold() == wanted:
            return name
    there = ", ".join(g.name for g in digest.topics) or "none"
    raise InsightsError(
        f"no category {clean_line(typed)[:60]!r} on {digest.day.isoformat()} (there are: {there})"
    )


def run_export(args: argparse.Namespace, config: Config, out: TextIO, err: TextIO) -> int:
    """Export a day; exit 1 when the day is unknown or the file cannot be written."""
    from ..core.export.document import check_target, render_json, render_markdown

    service = InsightsService(config)
    day = args.export_date or args.date or service.newest_day() or service.ensure_sample()
    if day is None:
        raise InsightsError("nothing cached yet: run `insights fetch` first")
    digest = service.open_day(day)
    if digest is None:
        for notice in service.take_notices():  # a corrupt day moved aside says so first
            print(notice, file=err)
        try:
            refuse_future(day, doing="export")
        except ValueError as error:
            raise InsightsError(str(error)) from None
        raise InsightsError(f"{day.isoformat()} is not cached: run `insights fetch --date {day}`")
    typed = [category_named(digest, name, service.taxonomy) for name in args.categories or ()]
    # Refused (no paper chosen) before any briefing is written or any file touched.
    names = chosen_categories(digest, typed or None) or [g.name for g in digest.topics]
    for name in dict.fromkeys(n for n in typed if n not in names):
        print(f"{name}: no papers on {day.isoformat()}; left out", file=err)
    language = config.language
    if args.output is not None:
        # Before any (maybe paid) briefing is written: a bad target would waste it.
        chart_day = day if args.format == "markdown" else None
        check_target(args.output, args.force, chart_day=chart_day)
    failures, written = asyncio.run(_write_missing_briefings(service, digest, names, language, err))
    for notice in service.take_notices():
        print(notice, file=err)
    if args.output is not None:
        result = service.export(
            digest,
            categories=names if args.categories else None,
            language=language,
            path=args.output,
            fmt=args.format,
            force=args.force,
            failures=failures,
            written=written,
        )
        print(result.said(), file=err)
    else:
        briefings = {
            name: written.get(name) or service.cached_briefing(digest, name, language)
            for name in names
        }
        selected = names if args.categories else None
        digest = replace(digest, groups=digest.topics)  # the watchlist is the reader's
        if args.format == "json":
            text = render_json(
                digest, briefings, language=language, categories=selected, failures=failures
            )
        else:
            text = render_markdown(
                digest, briefings, language=language, categories=selected, failures=failures
            )
        try:
            out.write(text)
            out.flush()
        except OSError as error:
            raise ExportError(f"cannot write to stdout: {error.strerror}") from None
    return 1 if failures else 0
