"""Gather the training labels into ``bench/train_labels.jsonl`` (ids and labels, no abstracts).

Run from the project root: ``.venv/bin/python bench/make_train_labels.py``. Reads the
labellers' files in ``/work/labelling`` (``train1``: 2026-06-01, ``train2``: 2026-06-02) and
``bench/labels.jsonl``; a paper labelled twice keeps its first label. The texts stay in
``../shared/corpus`` and are read from there by id.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLING = Path("/work/labelling")
LISTINGS = "listings/daily-arxiv-ai-enhanced"
SETS = (("train1", f"{LISTINGS}/2026-06-01.jsonl"), ("train2", f"{LISTINGS}/2026-06-02.jsonl"))
OUT = ROOT / "bench" / "train_labels.jsonl"


def main() -> int:
    rows: dict[str, dict[str, object]] = {}
    for name, source in SETS:
        titles = {}
        for line in (LABELLING / f"{name}_papers.jsonl").read_text(encoding="utf-8").splitlines():
            paper = json.loads(line)
            titles[paper["id"]] = " ".join(paper["title"].split())
        for line in (LABELLING / f"{name}_labels.jsonl").read_text(encoding="utf-8").splitlines():
            label = json.loads(line)
            rows.setdefault(
                label["id"],
                {
                    "id": label["id"],
                    "source_file": source,
                    "title": titles[label["id"]],
                    "label": label["label"],
                    "clear": label["clear"],
                    "second": label["second"],
                    "set": name,
                },
            )
    for line in (ROOT / "bench" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        rows.setdefault(
            label["id"],
            {
                **{k: label[k] for k in ("id", "source_file", "title", "label")},
                "clear": None,
                "second": None,
                "set": "labels",
            },
        )
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows.values():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled papers written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
