"""Nothing the app reads from disk is unpickled or executed (issue: a crafted CSS pickle)."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from pathlib import Path

from daily_ai_insights.tui.app import InsightsApp

REPO = Path(__file__).resolve().parents[2]


class _Payload:
    """Unpickling this runs ``open(marker, 'w')``: the proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def plant(folder: Path, marker: Path) -> None:
    """Crafted pickles and bytecode where a cache of parsed things could live."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("textual-css.pickle", "css.pickle", "taxonomy.pickle", "index.pkl"):
        (folder / name).write_bytes(pickle.dumps(_Payload(marker)))
    (folder / "sitecustomize.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")


async def test_crafted_pickles_in_the_data_folder_never_run(
    offline_home: Path, make_app: Callable[..., InsightsApp]
) -> None:
    marker = offline_home / "pwned"
    for folder in (offline_home / "data" / "cache", offline_home / "data", offline_home / "config"):
        plant(folder, marker)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not marker.exists()


def test_no_module_unpickles_or_executes() -> None:
    forbidden = re.compile(
        r"^\s*(?:import|from)\s+(?:pickle|marshal|shelve|dill|cloudpickle)\b|\b(?:eval|exec)\("
        r"|\bruntime\.|__import__\(",
        re.M,
    )
    found = [
        f"{path.relative_to(REPO)}: {match.group(0).strip()}"
        for folder in ("core", "tui", "cli")
        for path in (REPO / folder).rglob("*.py")
        for match in forbidden.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
