"""Add labellers' files to ``bench/train_labels.jsonl`` (ids and labels, no abstracts).

Run from the project root: ``.venv/bin/python bench/make_train_labels.py [NAME ...]``.
Each NAME is a labelling set in ``/work/labelling``: ``NAME_papers.jsonl`` (what the
labeller read: id, day, title, abstract, arXiv classes) and ``NAME_labels.jsonl`` (id,
label, clear, second). The rows already in ``train_labels.jsonl`` are kept as they are
(``train1``: 2026-06-01, ``train2``: 2026-06-02, ``labels``: ``bench/labels.jsonl``;
``train3_*``: the rest of the 2026-06-01…03 listings); a paper labelled twice keeps its
first label, and a paper of a held-out set is never added. The texts stay in
``../shared/corpus`` and are read from there by id.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.corpus import HELD_OUT, TRAIN

LABELLING = Path("/work/labelling")
LISTINGS = "listings/daily-arxiv-ai-enhanced"


def _ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line}


def main(argv: list[str]) -> int:
    rows: dict[str, dict[str, object]] = {}
    if TRAIN.exists():
        for line in TRAIN.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[row["id"]] = row
    held_out = set().union(*(_ids(path) for path in HELD_OUT if path.exists()))
    before = len(rows)
    for name in argv:
        papers = {}
        for line in (LABELLING / f"{name}_papers.jsonl").read_text(encoding="utf-8").splitlines():
            paper = json.loads(line)
            papers[paper["id"]] = paper
        for line in (LABELLING / f"{name}_labels.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            label = json.loads(line)
            paper = papers[label["id"]]
            if label["id"] in held_out:
                continue
            rows.setdefault(
                label["id"],
                {
                    "id": label["id"],
                    "source_file": f"{LISTINGS}/{paper['day']}.jsonl",
                    "title": " ".join(paper["title"].split()),
                    "label": label["label"],
                    "clear": label["clear"],
                    "second": label["second"],
                    "set": name,
                },
            )
    with TRAIN.open("w", encoding="utf-8") as out:
        for row in rows.values():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled papers in {TRAIN.name} ({len(rows) - before} added)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
