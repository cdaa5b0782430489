"""Exporting a day: Markdown in the reference digest format (with the chart as SVG), or JSON.

The Markdown layout follows the reference digest line for line::

    # Daily Artificial Intelligence Insights : Papers![Category Distribution Graph](paper_DAY.svg)
    <blank>
    ## <emoji> <name>
    <blank>
    **요약:**
    <blank>
    <summary text>
    <blank>
    **출처:**
    <blank>
     - Title (URL)
    <blank> <blank>                       (then the next ``##``)

Titles and model output are untrusted: escaped so neither can add a heading, raw HTML,
a non-http(s) link, or a code fence that swallows the rest of the document.

The chart image ``paper_DAY.svg`` is named after the day, so exports of the same day in
one folder share it. It is ours: it is regenerated on each export, but a file of that
name that we did not write (no :data:`SVG_MARKER`) is only replaced with ``force``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from core.atomic_write import TargetExistsError, atomic_write_text
from core.errors import ExportError
from core.export_svg import chart_svg, digest_chart_svg
from core.models import Category, CategoryGroup, Digest, Summary, Usage
from core.serialize import (
    assignment_from_dict,
    assignment_to_dict,
    paper_from_dict,
    paper_to_dict,
)
from core.text import clean_line, clean_multiline, safe_url

FORMATS = ("markdown", "json")
SVG_MARKER = "<!-- daily-ai-insights category chart -->"
JSON_SCHEMA = 1

_LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "summary": "**요약:**",
        "sources": "**출처:**",
        "missing": "_요약이 아직 없습니다 — 리더에서 카테고리를 열거나 "
        "`insights export`로 생성하세요._",
        "incomplete": "_⚠️ 이 요약은 완전하지 않습니다{parts}._",
        "parts": " (누락된 부분: {parts})",
    },
    "en": {
        "summary": "**Summary:**",
        "sources": "**Sources:**",
        "missing": "_No summary yet — open the category in the reader or generate it with "
        "`insights export`._",
        "incomplete": "_⚠️ This summary is incomplete{parts}._",
        "parts": " (missing parts: {parts})",
    },
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the document, and the chart image (Markdown only)."""

    path: Path
    image_path: Path | None
    fmt: str


def image_name_for(day: dt.date) -> str:
    """The chart file the Markdown's first line references, e.g. ``paper_2024-11-17.svg``."""
    return f"paper_{day.isoformat()}.svg"


# --- Markdown ---------------------------------------------------------------------------

_TITLE_SPECIALS = re.compile(r"([\\\[\]*_|<>`])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_title(text: str) -> str:
    """One inert line of Markdown: controls gone, punctuation that could format escaped."""
    line = _ENTITY.sub(r"\\&", _TITLE_SPECIALS.sub(r"\\\1", clean_line(text)))
    return "\\" + line if line.startswith("#") else line


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
# Markers that open a block still work after blockquote/list markers, so look past those.
_CONTAINER = r"^([\s>*+\-\d.)]*?)"
_HASH_START = re.compile(_CONTAINER + "#")
_FENCE = re.compile(_CONTAINER + r"(`{3,}|~{3,})")
_SETEXT = re.compile(r"^([\s>]*)(=+|-+)[ \t]*$")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
_REF_DEFINITION = re.compile(r"^(\s{0,3})\[([^\]\n]+)\]:\s*<?(\S*?)>?(?:\s|$)")


def _neutralise_links(line: str) -> str:
    """Escape ``](target)`` and ``[ref]: target`` whose target is not http(s)."""

    def link(match: re.Match[str]) -> str:
        target = match.group(1)
        if target.startswith("#") or safe_url(target):
            return match.group(0)
        return "\\]\\(" + match.group(0)[2:]

    line = _LINK_TARGET.sub(link, line)
    ref = _REF_DEFINITION.match(line)
    if ref and not safe_url(ref.group(3)):
        line = ref.group(1) + "\\[" + line[len(ref.group(1)) + 1 :]
    return line


def sanitize_summary(text: str, labels: Sequence[str] = ()) -> str:
    """Model output made safe to embed: no headings, raw HTML, unsafe links or code fences.

    A heading line becomes a bold line (as in the reference digest); a line equal to one
    of ``labels`` (the document's own section labels) is escaped so it cannot fake one.
    """
    out: list[str] = []
    for line in clean_multiline(text).strip("\n").split("\n"):
        heading = _ATX.match(line)
        if heading:
            body = (heading.group(2) or "").strip().replace("*", "\\*")
            line = f"**{body}**" if body else ""
        elif _HASH_START.match(line):
            line = _HASH_START.sub(r"\1\\#", line, count=1)
        elif fence := _FENCE.match(line):
            # A code fence left open would swallow every later category: show it as text.
            run = fence.group(2)
            line = fence.group(1) + "\\" + "\\".join(run) + line[fence.end() :]
        elif (setext := _SETEXT.match(line)) and out and out[-1].strip():
            # Under a line of text, ``---``/``===`` would turn that text into a heading.
            line = setext.group(1) + "\\" + line[setext.end(1) :]
        if line.strip() in labels:
            line = line.replace("*", "\\*")
        out.append(_neutralise_links(_HTML_START.sub(r"\\<", line)))
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def _summary_block(summary: Summary | None, labels: Mapping[str, str]) -> list[str]:
    text = sanitize_summary(summary.text, (labels["summary"], labels["sources"])) if summary else ""
    if summary is None or not text.strip():
        return [labels["missing"]]
    lines: list[str] = []
    if not summary.complete or summary.missing_parts:
        parts = ", ".join(str(p) for p in summary.missing_parts)
        note = labels["parts"].format(parts=parts) if parts else ""
        lines += [labels["incomplete"].format(parts=note), ""]
    return [*lines, text]


def _source_line(group_paper_title: str, url: str) -> str:
    title = escape_title(group_paper_title) or "(untitled)"
    link = safe_url(url)
    return f" - {title} ({link})" if link else f" - {title}"


def _selected(digest: Digest, categories: Sequence[str] | None) -> list[CategoryGroup]:
    wanted = None if categories is None else set(categories)
    return [g for g in digest.groups if g.count and (wanted is None or g.name in wanted)]


def render_markdown(
    digest: Digest,
    summaries: Mapping[str, Summary | None],
    *,
    language: str = "ko",
    categories: Sequence[str] | None = None,
    image_name: str | None = None,
) -> str:
    """The day as Markdown in the reference digest format (see the module docstring)."""
    labels = _LABELS.get(language, _LABELS["en"])
    # A link destination: percent-encoding (not backslashes) keeps it a plain file name.
    image = quote(clean_line(image_name or image_name_for(digest.day)), safe="/._-")
    lines = [
        f"# Daily Artificial Intelligence Insights : Papers![Category Distribution Graph]({image})",
        "",
    ]
    for group in _selected(digest, categories):
        heading = " ".join(
            p for p in (clean_line(group.category.emoji), clean_line(group.name)) if p
        )
        lines += [f"## {escape_title(heading)}", "", labels["summary"], ""]
        lines += _summary_block(summaries.get(group.name), labels)
        lines += ["", labels["sources"], ""]
        lines += [_source_line(p.title, p.abs_url) for p in group.papers]
        lines += ["", ""]
    return "\n".join(lines) + "\n"


# --- JSON -------------------------------------------------------------------------------


def _summary_to_json(summary: Summary) -> dict[str, Any]:
    return {
        "text": clean_multiline(summary.text),
        "complete": summary.complete and not summary.missing_parts,
        "missing_parts": list(summary.missing_parts),
        "model": summary.model,
        "language": summary.language,
        "prompt_hash": summary.prompt_hash,
        "paper_key": summary.paper_key,
        "created_at": summary.created_at,
        "usage": {
            "prompt_tokens": summary.usage.prompt_tokens,
            "completion_tokens": summary.usage.completion_tokens,
            "calls": summary.usage.calls,
        },
    }


def render_json(
    digest: Digest,
    summaries: Mapping[str, Summary | None],
    *,
    language: str = "ko",
    categories: Sequence[str] | None = None,
) -> str:
    """The day as JSON data; :func:`digest_from_json` reads it back."""
    groups = []
    for group in _selected(digest, categories):
        summary = summaries.get(group.name)
        groups.append(
            {
                "name": group.name,
                "emoji": group.category.emoji,
                "description": group.category.description,
                "count": group.count,
                "summary": None if summary is None else _summary_to_json(summary),
                "papers": [paper_to_dict(p) for p in group.papers],
                "assignments": [assignment_to_dict(a) for a in group.assignments],
            }
        )
    document = {
        "schema": JSON_SCHEMA,
        "day": digest.day.isoformat(),
        "sources": list(digest.sources),
        "language": language,
        "categories": groups,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def digest_from_json(text: str) -> tuple[Digest, dict[str, Summary | None]]:
    """Read a :func:`render_json` document back; bad input raises a one-line ExportError."""
    try:
        data = json.loads(text)
        day = dt.date.fromisoformat(str(data["day"]))
        groups: list[CategoryGroup] = []
        summaries: dict[str, Summary | None] = {}
        for item in data["categories"]:
            name = str(item["name"])
            category = Category(
                name=name,
                emoji=str(item.get("emoji", "")),
                description=str(item.get("description", "")),
            )
            papers = tuple(paper_from_dict(p) for p in item["papers"])
            assignments = tuple(assignment_from_dict(a) for a in item.get("assignments", ()))
            groups.append(CategoryGroup(category, papers, assignments))
            raw = item.get("summary")
            summaries[name] = None if raw is None else _summary_from_json(raw, day, name, data)
        digest = Digest(
            day=day, sources=tuple(str(s) for s in data["sources"]), groups=tuple(groups)
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        reason = clean_line(str(error)) or type(error).__name__
        raise ExportError(f"not an insights JSON export: {reason}") from None
    return digest, summaries


def _summary_from_json(
    raw: dict[str, Any], day: dt.date, name: str, doc: dict[str, Any]
) -> Summary:
    usage = raw.get("usage") or {}
    return Summary(
        day=day,
        category=name,
        language=str(raw.get("language", doc.get("language", ""))),
        model=str(raw.get("model", "")),
        prompt_hash=str(raw.get("prompt_hash", "")),
        paper_key=str(raw.get("paper_key", "")),
        text=str(raw["text"]),
        complete=bool(raw.get("complete", True)),
        missing_parts=tuple(int(p) for p in raw.get("missing_parts", ())),
        usage=Usage(
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            int(usage.get("calls", 0)),
        ),
        created_at=str(raw.get("created_at", "")),
    )


# --- Files ------------------------------------------------------------------------------


def free_path(directory: Path, stem: str, suffix: str) -> Path:
    """``directory/stem+suffix``, or ``stem-2``, ``stem-3``... whichever does not exist."""
    candidate = directory / f"{stem}{suffix}"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _mkdir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = clean_line(error.strerror or str(error))
        raise ExportError(f"cannot create {directory}: {reason}") from None


def _write_chart(digest: Digest, path: Path, *, force: bool, chart_text: str | None) -> None:
    """Write the day's chart; replace an existing file only if we made it (or ``force``)."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if path.exists() and not force:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            head = ""
        if SVG_MARKER not in head:
            raise ExportError(f"{path} exists and is not our chart; use --force to overwrite")
    if chart_text is None:
        svg = digest_chart_svg(digest)
    else:
        svg = chart_svg(chart_text, title=f"Category Distribution {digest.day.isoformat()}")
    atomic_write_text(path, f"{SVG_MARKER}\n{svg}")


def write_export(
    digest: Digest,
    summaries: Mapping[str, Summary | None],
    *,
    path: Path | None,
    export_dir: Path,
    language: str = "ko",
    categories: Sequence[str] | None = None,
    fmt: str = "markdown",
    force: bool = False,
    chart_text: str | None = None,
) -> ExportResult:
    """Write the day as ``fmt`` to ``path`` (or a free name in ``export_dir``).

    An existing ``path`` is kept unless ``force``. Markdown also writes the chart SVG
    next to the document, first, so the document never points at a missing image.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if categories is not None:
        known = {g.name for g in digest.groups}
        unknown = [c for c in categories if c not in known]
        if unknown:
            raise ExportError(f"no such category on {digest.day}: {', '.join(unknown)}")
    if fmt == "markdown":
        body = render_markdown(digest, summaries, language=language, categories=categories)
    else:
        body = render_json(digest, summaries, language=language, categories=categories)
    suffix = ".md" if fmt == "markdown" else ".json"
    path = None if path is None else Path(path).expanduser()
    directory = path.parent if path is not None else Path(export_dir).expanduser()
    if path is not None and path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if path is not None and path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to overwrite")
    _mkdir(directory)
    image: Path | None = None
    if fmt == "markdown":
        image = directory / image_name_for(digest.day)
        _write_chart(digest, image, force=force, chart_text=chart_text)
    if path is not None:
        atomic_write_text(path, body, overwrite=force)
        return ExportResult(path, image, fmt)
    stem = f"insights-{digest.day.isoformat()}"
    for _ in range(1000):
        target = free_path(directory, stem, suffix)
        try:
            atomic_write_text(target, body, overwrite=False)
        except TargetExistsError:
            continue  # another export took this name between the check and the write
        return ExportResult(target, image, fmt)
    raise ExportError(f"cannot find a free file name for {stem}{suffix} in {directory}")
