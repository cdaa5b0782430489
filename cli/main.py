"""The ``insights`` command: the reader by default, or a subcommand from ``cli.commands``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from ..core.config import Config


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line; open the reader unless a subcommand was given."""
    # Starting the reader allocates a great deal and frees almost nothing: collecting
    # cycles meanwhile costs ~45 ms. The app collects again once its first frame is out;
    # a command gets the collector back before it runs.
    gc.disable()
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        if not words:
            # The usual start has no flags: argparse need not be imported or built (~2 ms).
            from ..core.config import load_config

            if os.environ.get("INSIGHTS_DEBUG"):
                from .commands import start_debug_log

                def configure() -> Config:
                    config = load_config()
                    start_debug_log(config)
                    return config

                return _read(configure, None)
            return _read(load_config, None)
        from .commands import build_parser, config_for, opens_reader

        args = build_parser().parse_args(words)
        if opens_reader(args):
            return _read(lambda: config_for(args), args.date)
    finally:
        gc.enable()
    return _run_quietly(args)


def _run_quietly(args: argparse.Namespace) -> int:
    """Run a command; a closed or broken standard output ends it quietly."""
    from .commands import run_command

    if sys.stdout is None:  # started with stdout closed (``>&-``)
        if args.command == "export" and getattr(args, "output", None) is None:
            print("insights: standard output is closed: use --output FILE", file=sys.stderr)
            return 1
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    try:
        code = run_command(args, sys.stdout, sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader of our output went away (``| head -1``): stop, say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return 0 if code is None else code


def _read(configure: Callable[[], Config], day: dt.date | None) -> int:
    from ..core.errors import InsightsError
    from ..core.service import InsightsService

    try:
        service = InsightsService(configure())
        if service.newest_day() is None:
            service.ensure_sample()
    except InsightsError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 1
    from ..tui.app import run_app

    run_app(service, day=day)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
