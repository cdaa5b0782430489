"""Plain-dict forms of the records, for the cache and the JSON export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..briefings.checks import Checks
from ..briefings.record import Briefing, Usage
from ..papers import Assignment, Paper


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    """A JSON-ready dict of ``paper``."""
    return {
        "id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "primary_category": paper.primary_category,
        "categories": list(paper.categories),
        "announced": paper.announced.isoformat(),
        "abs_url": paper.abs_url,
        "pdf_url": paper.pdf_url,
        "comment": paper.comment,
        "sources": list(paper.sources),
        "upvotes": paper.upvotes,
        "announce_type": paper.announce_type,
    }


def paper_from_dict(data: dict[str, Any]) -> Paper:
    """The inverse of :func:`paper_to_dict`; raises KeyError/ValueError on bad data."""
    upvotes = data.get("upvotes")
    return Paper(
        arxiv_id=str(data["id"]),
        version=int(data["version"]),
        title=str(data["title"]),
        authors=tuple(str(a) for a in data["authors"]),
        abstract=str(data["abstract"]),
        primary_category=str(data["primary_category"]),
        categories=tuple(str(c) for c in data["categories"]),
        announced=dt.date.fromisoformat(str(data["announced"])),
        abs_url=str(data["abs_url"]),
        pdf_url=str(data["pdf_url"]),
        comment=str(data.get("comment", "")),
        sources=tuple(str(s) for s in data.get("sources", ())),
        upvotes=None if upvotes is None else int(upvotes),
        announce_type=str(data.get("announce_type", "new")),
    )


def assignment_to_dict(assignment: Assignment) -> dict[str, Any]:
    """A JSON-ready dict of ``assignment``."""
    return {
        "id": assignment.arxiv_id,
        "category": assignment.category,
        "score": assignment.score,
        "matched": list(assignment.matched),
        "method": assignment.method,
        "also": list(assignment.also),
    }


def assignment_from_dict(data: dict[str, Any]) -> Assignment:
    """The inverse of :func:`assignment_to_dict`."""
    return Assignment(
        arxiv_id=str(data["id"]),
        category=str(data["category"]),
        score=float(data.get("score", 0.0)),
        matched=tuple(str(m) for m in data.get("matched", ())),
        method=str(data.get("method", "offline")),
        also=tuple(str(name) for name in data.get("also", ())),
    )


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """A JSON-ready dict of ``briefing``."""
    return {
        "day": briefing.day.isoformat(),
        "category": briefing.category,
        "language": briefing.language,
        "model": briefing.model,
        "prompt_hash": briefing.prompt_hash,
        "paper_key": briefing.paper_key,
        "text": briefing.text,
        "complete": briefing.complete,
        "missing_parts": list(briefing.missing_parts),
        "usage": {
            "prompt_tokens": briefing.usage.prompt_tokens,
            "completion_tokens": briefing.usage.completion_tokens,
            "calls": briefing.usage.calls,
            "estimated": briefing.usage.estimated,
        },
        "created_at": briefing.created_at,
        "key": briefing.cache_key,
        "checks": None if briefing.checks is None else briefing.checks.to_store(),
        "fallback": briefing.fallback,
    }


def briefing_from_dict(data: dict[str, Any]) -> Briefing:
    """The inverse of :func:`briefing_to_dict`."""
    usage = data.get("usage") or {}
    return Briefing(
        day=dt.date.fromisoformat(str(data["day"])),
        category=str(data["category"]),
        language=str(data["language"]),
        model=str(data["model"]),
        prompt_hash=str(data["prompt_hash"]),
        paper_key=str(data["paper_key"]),
        text=str(data["text"]),
        complete=bool(data.get("complete", True)),
        missing_parts=tuple(int(p) for p in data.get("missing_parts", ())),
        usage=Usage(
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            int(usage.get("calls", 0)),
            bool(usage.get("estimated", False)),
        ),
        created_at=str(data.get("created_at", "")),
        checks=Checks.from_dict(data.get("checks")),
        fallback=str(data.get("fallback") or ""),
    )
