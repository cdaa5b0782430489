"""The ``insights`` command: the reader by default, or a subcommand from ``core.cli``."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line; open the reader unless a subcommand was given."""
    # Starting the reader allocates a great deal and frees almost nothing: collecting
    # cycles meanwhile costs ~45 ms. The app collects again once its first frame is out;
    # a command gets the collector back before it runs.
    gc.disable()
    try:
        from core.cli import build_parser, opens_reader, run_command

        args = build_parser().parse_args(argv)
        if opens_reader(args):
            return _read(args)
    finally:
        gc.enable()
    code = run_command(args, sys.stdout, sys.stderr)
    return 0 if code is None else code


def _read(args: argparse.Namespace) -> int:
    from core.cli import config_for
    from core.errors import InsightsError
    from core.service import InsightsService

    try:
        service = InsightsService(config_for(args))
        day = args.date
        if service.newest_day() is None:
            service.ensure_sample()
    except InsightsError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 1
    from tui.app import run_app

    run_app(service, day=day, banner=service.first_run_banner)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
