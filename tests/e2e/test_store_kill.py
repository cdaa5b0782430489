"""SIGKILL a writer of the day cache at random moments; nothing acknowledged is lost.

A child process saves growing days in a loop and prints an ack line after each
save returns. The parent kills it many times at random instants and, after each
kill, checks that every file parses and every acknowledged paper is there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from daily_ai_insights.core.store.days import Store

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")]

REPO = Path(__file__).resolve().parents[2]
DAYS = [dt.date(2024, 11, 11 + i) for i in range(4)]
KILLS = 40
BUDGET = 14.0  # seconds for the whole loop; stop early rather than run long

CHILD = """
import datetime as dt, sys
from pathlib import Path
from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.store.days import Store

root, run = Path(sys.argv[1]), int(sys.argv[2])
days = [dt.date(2024, 11, 11 + i) for i in range(4)]
store = Store(root)
batch = 0
while True:
    day = days[batch % len(days)]
    ids = [f"{run:03d}.{batch:04d}.{i:02d}" for i in range(40)]
    papers = [
        Paper(
            arxiv_id=pid, version=1, title=f"Paper {pid} — 제목", authors=("A. Author",),
            abstract="Words about models. " * 20, primary_category="cs.LG",
            categories=("cs.LG",), announced=day, abs_url="https://arxiv.org/abs/" + pid,
            pdf_url="https://arxiv.org/pdf/" + pid, sources=("arxiv",),
        )
        for pid in ids
    ]
    labels = [Assignment(pid, "LLMs" if i % 2 else "Vision") for i, pid in enumerate(ids)]
    store.save_day(day, papers, labels, sources=[f"run{run}"], taxonomy_version="t1")
    store.put_labels("t1", labels[:5])
    print(f"ack {day.isoformat()} {run} {batch}", flush=True)
    batch += 1
"""


def _ids(run: int, batch: int) -> set[str]:
    return {f"{run:03d}.{batch:04d}.{i:02d}" for i in range(40)}


def _read_line(stream: IO[str], timeout: float) -> str:
    """One line of the child's stdout, waiting at most ``timeout`` seconds."""
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else ""


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    root = tmp_path / "cache"
    confirmed: dict[str, set[str]] = {d.isoformat(): set() for d in DAYS}
    labelled: set[str] = set()
    started = time.monotonic()
    kills = 0
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    for run in range(KILLS):
        if time.monotonic() - started > BUDGET:
            break
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), str(run)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None and child.stderr is not None
            first = _read_line(child.stdout, 10.0)
            if first.startswith("ack "):
                # Land anywhere in the next few saves, inside or between writes.
                time.sleep(rng.uniform(0.0, 0.12))
            child.send_signal(signal.SIGKILL)
            # Read through the same buffered stream readline() used, so no ack is missed.
            out, err = child.stdout.read(), child.stderr.read()
            child.wait(timeout=10)
        assert first.startswith("ack "), f"child never saved (seed {seed}): {err}"
        assert child.returncode == -signal.SIGKILL, f"child failed (seed {seed}): {err}"
        kills += 1
        for line in (first + out).splitlines():
            _, day, run_s, batch_s = line.split()
            confirmed[day] |= _ids(int(run_s), int(batch_s))
            labelled |= set(sorted(_ids(int(run_s), int(batch_s)))[:5])

        _check(root, confirmed, labelled, seed)

    assert kills >= 15, f"only {kills} kills fitted in the time budget"
    assert sum(map(len, confirmed.values())) > 0


def _check(root: Path, confirmed: dict[str, set[str]], labelled: set[str], seed: int) -> None:
    days_dir = root / "days"
    for path in days_dir.glob("*.json"):
        json.loads(path.read_bytes())  # every day file parses
    json.loads((root / "labels.json").read_bytes())
    assert not list(days_dir.glob("*.corrupt-*")), f"a file was torn (seed {seed})"

    store = Store(root)
    store.newest_day()  # reads the index, so load_day can repair an entry that lags
    loaded_counts = {}
    for day in DAYS:
        stored = store.load_day(day)
        want = confirmed[day.isoformat()]
        if stored is None:
            assert not want, f"{day} lost (seed {seed})"
            continue
        have = {p.arxiv_id for p in stored.papers}
        assert want <= have, f"{len(want - have)} acknowledged papers lost (seed {seed})"
        assert {a.arxiv_id for a in stored.assignments} == have
        loaded_counts[day] = len(have)
    assert store.take_notices() == []
    assert {d.day: d.count for d in Store(root).days()} == loaded_counts
    labels = store.get_labels("t1", sorted(labelled))
    assert set(labels) == labelled, f"acknowledged labels lost (seed {seed})"
    # Temp files of killed writers are swept by the next writer of that file.
    temps = [p.name.rsplit(".", 2)[0] for p in root.rglob(".*.tmp")]
    assert len(temps) == len(set(temps)), f"temp files pile up: {temps}"
