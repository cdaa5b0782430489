"""``insights search``, ``insights starred``, the catch-up of ``insights fetch --since`` and
the unread counts of ``insights days``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..core.text import clean_line

if TYPE_CHECKING:
    from ..core.catchup import CatchUpLine
    from ..core.service import InsightsService


def _progress(err: TextIO, what: str) -> Callable[[int, int, dt.date], None]:
    """A progress callback printing ``what: n/total days`` every ~5 % and at the end."""
    shown = [-1]

    def report(done: int, total: int, day: dt.date) -> None:
        step = max(1, total // 20)
        if done == total or done // step != shown[0]:
            shown[0] = done // step
            print(f"{what}: {done}/{total} days ({day.isoformat()})", file=err, flush=True)

    return report


def _notices(service: InsightsService, err: TextIO) -> None:
    for notice in service.take_notices():
        print(notice, file=err)


def run_search(args: argparse.Namespace, service: InsightsService, out: TextIO, err: TextIO) -> int:
    """``insights search QUERY``: matches grouped by day (newest first), with their category."""
    from ..core.search.query import QueryError

    text = " ".join(args.query)
    try:
        results = service.search.search(
            text, since=args.since, limit=args.limit, progress=_progress(err, "indexing")
        )
    except QueryError as error:
        print(f"insights: {error}", file=err)
        return 2
    finally:
        _notices(service, err)
    if args.json:
        data = {
            "query": clean_line(text),
            "more": results.more,
            "results": [
                {
                    "id": hit.arxiv_id,
                    "day": hit.day.isoformat(),
                    "category": hit.category,
                    "title": hit.title,
                    "authors": list(hit.authors),
                    "url": f"https://arxiv.org/abs/{hit.arxiv_id}",
                }
                for hit in results.hits
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return 0
    if not results.hits:
        print(f"no papers match {clean_line(text)[:80]!r}", file=out)
        return 0
    for day, hits in results.by_day():
        print(f"{day.isoformat()} {day:%a}", file=out)
        for hit in hits:
            print(f"  {hit.arxiv_id:<12} [{hit.category}] {hit.title}", file=out)
    if results.more:
        print(f"(first {len(results.hits)} shown; narrow the query or use --limit)", file=out)
    return 0


def run_starred(
    args: argparse.Namespace, service: InsightsService, out: TextIO, err: TextIO
) -> int:
    """``insights starred``: the reading list on stdout."""
    from ..core.reader_data.reading_list import render

    stars = service.reader.stars.all()
    _notices(service, err)
    out.write(render(stars, args.format))
    return 0


def unread_by_day(service: InsightsService, err: TextIO) -> dict[dt.date, int]:
    """Unread papers per cached day, from the search index (brought up to date first)."""
    service.search.refresh(_progress(err, "indexing"))
    read = service.reader.marks.read_ids()
    return {
        day: sum(1 for i in ids if i not in read)
        for day, ids in service.search.index.day_ids().items()
    }


def _print_line(line: CatchUpLine, out: TextIO, err: TextIO) -> None:
    print(line.text(), file=err if line.failed else out, flush=True)
    for warning in line.warnings:
        print(f"warning: {line.day.isoformat()}: {warning}", file=err)


def run_catch_up(
    service: InsightsService,
    since: dt.date,
    until: dt.date | None,
    sources: list[str] | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """Fetch every missing announcement day from ``since`` to ``until``, oldest first."""
    from ..core import catchup

    plan = catchup.plan(service, since, until)
    end = plan.last
    if not plan.missing:
        print(f"nothing to fetch: {since.isoformat()} … {end.isoformat()} is cached", file=out)
        return 0
    print(
        f"catching up {len(plan.missing)} days ({plan.missing[0].isoformat()} …"
        f" {plan.missing[-1].isoformat()}); {plan.cached} already cached",
        file=out,
        flush=True,
    )
    import asyncio

    lines = asyncio.run(
        catchup.run(service, plan.missing, sources, lambda line: _print_line(line, out, err))
    )
    _notices(service, err)
    papers = sum(line.papers for line in lines)
    failed = [line for line in lines if line.failed]
    done = len(lines) - len(failed)
    print(f"fetched {done} of {len(plan.missing)} days: {papers} papers", file=out)
    if failed:
        print(f"insights: stopped at {failed[0].day.isoformat()}: {failed[0].failed}", file=err)
        return 1
    return 0
