"""Two processes write the same cache at once; neither loses the other's writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from daily_ai_insights.core.store.days import Store

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs fcntl")]

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 30
SHARED = dt.date(2024, 11, 15)
OWN = {"a": [dt.date(2024, 11, 1), dt.date(2024, 11, 2)], "b": [dt.date(2024, 11, 3)]}

WRITER = """
import datetime as dt, sys
from pathlib import Path
from daily_ai_insights.core.papers import Assignment, Paper
from daily_ai_insights.core.briefings.record import Briefing
from daily_ai_insights.core.store.days import Store

root, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
own = [dt.date.fromisoformat(d) for d in sys.argv[4].split(",")]
shared = dt.date(2024, 11, 15)

def papers(day, prefix):
    return [
        Paper(
            arxiv_id=f"{prefix}.{i}", version=1, title="T", authors=("A",), abstract="x",
            primary_category="cs.AI", categories=("cs.AI",), announced=day,
            abs_url="https://arxiv.org/abs/x", pdf_url="https://arxiv.org/pdf/x",
        )
        for i in range(25)
    ]

store = Store(root)
sys.stdin.readline()  # both writers start together
for r in range(rounds):
    batch = papers(shared, f"{tag}{r}")
    labels = [Assignment(p.arxiv_id, tag.upper()) for p in batch]
    store.save_day(shared, batch, labels, sources=[tag], taxonomy_version="t1")
    day = own[r % len(own)]
    store.save_day(day, papers(day, f"{tag}own{r}"), [], sources=[tag], taxonomy_version="t1")
    store.put_briefing(Briefing(shared, f"{tag}-{r % 3}", "ko", "m", "h", "k", f"{tag} {r}"))
    store.put_labels("t1", labels[:3])
print("done", flush=True)
"""


def test_two_writers_keep_every_paper(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = {
        tag: subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(root),
                tag,
                str(ROUNDS),
                ",".join(d.isoformat() for d in days),
            ],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, days in OWN.items()
    }
    for writer in writers.values():
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for tag, writer in writers.items():
        out, err = writer.communicate(timeout=25)
        assert writer.returncode == 0 and out.strip() == "done", f"writer {tag}: {err}"

    # Read the index as written, before Store has any chance to rebuild it.
    raw = json.loads((root / "index.json").read_text("utf-8"))["days"]
    index = {doc["day"]: doc for doc in raw.values()}

    store = Store(root)
    shared = store.load_day(SHARED)
    assert shared is not None
    ids = {p.arxiv_id for p in shared.papers}
    expected = {f"{tag}{r}.{i}" for tag in OWN for r in range(ROUNDS) for i in range(25)}
    assert ids == expected
    assert {a.arxiv_id: a.category for a in shared.assignments} == {
        pid: pid[0].upper() for pid in expected
    }
    assert set(shared.sources) == {"a", "b"}
    assert {s.category for s in store.briefings_of(SHARED)} == {
        f"{tag}-{n}" for tag in OWN for n in range(3)
    }

    for tag, days in OWN.items():
        for k, day in enumerate(days):
            stored = store.load_day(day)
            assert stored is not None
            want = {f"{tag}own{r}.{i}" for r in range(k, ROUNDS, len(days)) for i in range(25)}
            assert {p.arxiv_id for p in stored.papers} == want

    # The index agrees with the files, entry by entry.
    on_disk = {p.name[:-5] for p in (root / "days").glob("*.json")}
    assert set(index) == on_disk
    for name in on_disk:
        stored = store.load_day(dt.date.fromisoformat(name))
        assert stored is not None
        assert index[name]["count"] == len(stored.papers)
    assert [(d.day.isoformat(), d.count) for d in store.days()] == [
        (day, index[day]["count"]) for day in sorted(index)
    ]

    wanted = [f"{tag}{r}.{i}" for tag in OWN for r in range(ROUNDS) for i in range(3)]
    assert set(store.get_labels("t1", wanted)) == set(wanted)
    assert store.take_notices() == []
