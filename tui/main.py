"""The ``insights`` command: the reader by default, or a subcommand from ``core.cli``."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line; open the reader unless a subcommand was given."""
    from core.cli import main_commands

    code = main_commands(argv, sys.stdout, sys.stderr)
    if code is not None:
        return code
    # Starting the reader allocates a great deal and frees almost nothing: collecting
    # cycles meanwhile costs ~40 ms. The app collects again once its first frame is out.
    gc.disable()
    try:
        return _read(argv)
    finally:
        gc.enable()


def _read(argv: Sequence[str] | None) -> int:
    from core.cli import build_parser, config_for

    args = build_parser().parse_args(argv)
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
