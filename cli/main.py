"""The ``insights`` command: the reader by default, or a subcommand from ``cli.commands``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
        from .commands import build_parser, config_for, opens_reader, run_command

        args = build_parser().parse_args(words)
        if opens_reader(args):
            return _read(lambda: config_for(args), args.date)
    finally:
        gc.enable()
    code = run_command(args, sys.stdout, sys.stderr)
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

    run_app(service, day=day, banner=service.first_run_banner)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
