"""The collector ``insights`` turns off while the reader starts is back on once it is drawn."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from daily_ai_insights.cli import commands as cli
from daily_ai_insights.cli import main as tui_main
from daily_ai_insights.tui.app import InsightsApp

from .conftest import SIZE


async def test_the_collector_is_back_on_after_the_first_frame(
    make_app: Callable[..., InsightsApp],
) -> None:
    gc.disable()  # as tui.main does before building the reader
    try:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start made is left out of collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_a_collector_left_on_is_not_touched(make_app: Callable[..., InsightsApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_command_runs_with_the_collector_on(
    offline_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``insights`` turns the collector off only to start the reader: ``insights days``
    reads its command line with it off and runs with it on."""
    seen: list[bool] = []
    run_days = cli.run_days

    def recording_run_days(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        seen.append(gc.isenabled())
        return run_days(args, out, err)

    monkeypatch.setattr(cli, "run_days", recording_run_days)
    assert tui_main.main(["days"]) == 0
    assert seen == [True]
    assert gc.isenabled()
    assert "no days cached yet" in capsys.readouterr().out
