"""The collector ``insights`` turns off while the reader starts is back on once it is drawn."""

from __future__ import annotations

import gc
from collections.abc import Callable

from tui.app import InsightsApp

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
