"""The command line: ``insights fetch``, ``export``, ``days``, ``search``, ``starred``
(the reader is ``cli.main``).

Exit codes: 0 success (a day with nothing announced is a success), 1 a failure
reported in one line on stderr, 2 a usage error (bad date, unknown source).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..core import dates
from ..core.config import SOURCE_NAMES, SOURCE_USAGE, Config, is_source_name, load_config
from ..core.errors import InsightsError
from ..core.text import drop_variation_selectors


def parse_day(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date for argparse; anything else is a usage error."""
    try:
        return dates.parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_source(text: str) -> str:
    """A source name or an http(s) feed URL."""
    if is_source_name(text):
        return text
    raise argparse.ArgumentTypeError(f"unknown source {text[:80]!r}; {SOURCE_USAGE}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="insights", description="Daily AI Insights: the day's AI papers, by topic."
    )
    _add_common(parser, None)
    parser.add_argument("--date", type=parse_day, metavar="DATE", help="day to open (YYYY-MM-DD)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The same flags after a command (``insights fetch --offline``): there they default
    # to nothing, so one given before the command is kept.
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, argparse.SUPPRESS)

    commands.add_parser("read", parents=[common], help="open the reader (the default)")

    fetch = commands.add_parser("fetch", parents=[common], help="fetch, classify and cache a day")
    fetch.add_argument(
        "--date",
        type=parse_day,
        dest="fetch_date",
        metavar="DATE",
        help="announcement day (YYYY-MM-DD; not in the future)",
    )
    fetch.add_argument(
        "--source",
        action="append",
        type=parse_source,
        dest="sources",
        metavar="SOURCE",
        help="hf, arxiv, sample, a feed URL, a .jsonl listing (URL or file) or a .json"
        " file saved from Hugging Face; repeatable; default from config",
    )
    fetch.add_argument(
        "--since",
        type=parse_day,
        metavar="DATE",
        help="fetch every missing day from this one (to today)",
    )
    fetch.add_argument(
        "--until", type=parse_day, metavar="DATE", help="last day of --since (default today)"
    )

    export = commands.add_parser(
        "export", parents=[common], help="export a day as Markdown or JSON"
    )
    export.add_argument(
        "--date", type=parse_day, dest="export_date", metavar="DATE", help="day (default newest)"
    )
    export.add_argument(
        "--category",
        action="append",
        dest="categories",
        metavar="NAME",
        help="a category of the day, any case (repeatable)",
    )
    export.add_argument("--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")

    commands.add_parser("days", parents=[common], help="list the cached days")

    search = commands.add_parser("search", parents=[common], help="search every cached day")
    search.add_argument("query", nargs="+", metavar="QUERY", help='words and "quoted phrases"')
    search.add_argument("--since", type=parse_day, metavar="DATE", help="only days from this one")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=_limit, default=100, help="most results (default 100)")

    starred = commands.add_parser("starred", parents=[common], help="print the starred papers")
    starred.add_argument("--format", choices=("markdown", "json", "bibtex"), default="markdown")
    return parser


def _add_common(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--offline, --debug and --language; ``default`` None before a command."""
    on = default if default is not None else False
    parser.add_argument(
        "--offline", action="store_true", default=on, help="never touch the network"
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=on,
        help="log requests and errors to <data>/logs/debug.log",
    )
    parser.add_argument(
        "--language", choices=("ko", "en"), default=default, help="briefing language"
    )


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"not a number from 1 to 10000: {text[:20]!r}")
    return value


def config_for(args: argparse.Namespace) -> Config:
    """The config with the global flags applied (later wins)."""
    config = load_config()
    if args.offline:
        config = replace(config, offline=True)
    if args.language:
        config = replace(config, language=args.language)
    start_debug_log(config, forced=args.debug)
    return config


def start_debug_log(config: Config, *, forced: bool = False) -> None:
    """With ``--debug`` or ``INSIGHTS_DEBUG=1``, log to ``<data>/logs/debug.log``."""
    if not (forced or os.environ.get("INSIGHTS_DEBUG", "").strip() in ("1", "true", "yes")):
        return
    from ..core.debuglog import enable

    try:
        enable(config.paths.data_dir / "logs", secrets=(config.llm.api_key,))
    except OSError as error:
        print(f"insights: no debug log: {error.strerror or error}", file=sys.stderr)


def _fail(message: str, err: TextIO) -> int:
    print(f"insights: {message}", file=err)
    return 1


def run_fetch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``insights fetch``: one line per category with its count."""
    from ..core.service import InsightsService

    service = InsightsService(config_for(args))
    names = tuple(args.sources or service.config.sources)
    day = args.fetch_date or args.date
    if day is None and not (args.since or args.until):
        from ..core.errors import SourceError
        from ..core.sources.listing import named_day

        try:  # a file or listing named for a day is that day's, not the newest one's
            day = named_day(names)
        except SourceError as error:
            return _fail(str(error), err)
    if day is not None:
        if args.since or args.until:
            return _fail("--date and --since/--until cannot be used together", err)
        try:
            dates.refuse_future(day)
        except ValueError as error:
            return _fail(str(error), err)
    elif args.until and not args.since:
        return _fail("--until needs --since", err)
    else:
        from ..core import catchup
        from .reading import run_catch_up

        if args.since:
            return run_catch_up(service, args.since, args.until, args.sources, out, err)
        # Days missing since the newest fetched one (up to 14): catch up instead; not from a
        # file or a feed, which hold a day of their own (as the reader does).
        calendar = all(name.strip().lower() in SOURCE_NAMES for name in names)
        since = catchup.auto_since(service) if calendar else None
        if since is not None and since <= dt.date.today() and catchup.plan(service, since).missing:
            return run_catch_up(service, since, None, args.sources, out, err)
    import asyncio

    def waiting(line: str) -> None:
        print(line, file=err, flush=True)

    result = asyncio.run(service.fetch_day(day, args.sources, on_wait=waiting))
    for notice in service.take_notices():
        print(notice, file=err)
    for warning in result.warnings:
        print(f"warning: {warning}", file=err)
    if result.empty:
        print(result.message, file=out)
        return 0
    print(f"{result.message} ({', '.join(result.sources)})", file=out)
    width = max((len(name) for _, name, _ in result.counts), default=0)
    for emoji, name, count in result.counts:
        # Terminals disagree on the width of an emoji with a variation selector: drop it.
        print(f"{drop_variation_selectors(emoji)} {name:<{width}}  {count:>4}", file=out)
    return 0


def run_days(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``insights days``: the cached days and their counts."""
    from ..core.service import InsightsService

    service = InsightsService(config_for(args))
    days = service.days()
    if not days:
        print("no days cached yet: run `insights fetch`", file=out)
    from .reading import unread_by_day

    unread = unread_by_day(service, err) if days else {}
    for info in days:
        left = unread.get(info.day, 0)
        print(
            f"{info.day.isoformat()}  {info.count:>5}  {left:>5} unread  {', '.join(info.sources)}",
            file=out,
        )
    return 0


def opens_reader(args: argparse.Namespace) -> bool:
    """Whether the command line asks for the reader (no command, or ``read``)."""
    return args.command in (None, "read")


def run_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int | None:
    """Run the non-reader command ``args`` name and return its exit code; None for the reader."""
    try:
        if args.command == "fetch":
            return run_fetch(args, out, err)
        if args.command == "export":
            from .export import run_export

            return run_export(args, config_for(args), out, err)
        if args.command == "days":
            return run_days(args, out, err)
        if args.command in ("search", "starred"):
            from ..core.service import InsightsService
            from .reading import run_search, run_starred

            run = run_search if args.command == "search" else run_starred
            return run(args, InsightsService(config_for(args)), out, err)
    except InsightsError as error:
        return _fail(str(error), err)
    except KeyboardInterrupt:
        return _fail("interrupted", err)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the commands that need no screen."""
    code = run_command(build_parser().parse_args(argv), sys.stdout, sys.stderr)
    return 0 if code is None else code
