"""Exporting a day: Markdown in the reference digest format (with the chart as SVG), or JSON.

The Markdown layout follows the reference digest line for line::

    # Daily Artificial Intelligence Insights : Papers![Category Distribution Graph](paper_DAY.svg)
    <blank>
    ## <emoji> <name>
    <blank>
    **요약:**
    <blank>
    <briefing text>
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..briefings.checks import Checks, check_briefing, check_line
from ..briefings.citations import annotate
from ..briefings.plain import plain_text
from ..briefings.record import Briefing
from ..errors import ExportError
from ..markdown_safe import escape_title, sanitize_briefing
from ..models import Category, CategoryGroup, Digest
from ..store.atomic import TargetExistsError, atomic_write_text
from ..store.serialize import (
    assignment_from_dict,
    assignment_to_dict,
    briefing_from_dict,
    briefing_to_dict,
    paper_from_dict,
    paper_to_dict,
)
from ..text import clean_line, clean_multiline, safe_url
from .files import SVG_MARKER, check_chart, check_target, free_path, image_name_for, make_folder
from .nothing import refuse_empty
from .svg import chart_svg, digest_chart_svg

__all__ = [
    "FORMATS",
    "SVG_MARKER",
    "ExportResult",
    "check_target",
    "digest_from_json",
    "escape_title",
    "image_name_for",
    "render_json",
    "render_markdown",
    "sanitize_briefing",
    "write_export",
]

FORMATS = ("markdown", "json")
JSON_SCHEMA = 1

_LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "summary": "**요약:**",
        "empty": "_이 날에는 논문이 없습니다._",
        "sources": "**출처:**",
        "missing": "_요약이 아직 없습니다 — 리더에서 카테고리를 열거나 "
        "`insights export`로 생성하세요._",
        "incomplete": "_⚠️ 이 요약은 완전하지 않습니다{parts}._",
        "parts": " (누락된 부분: {parts})",
        "failed": "_⚠️ 요약을 쓰지 못했습니다: {reason}_",
        "filtered": "_필터 “{text}”에 맞는 논문 {count}편만 실었습니다. 요약은 카테고리 전체를 "
        "다루므로 필터 없이 내보내면 함께 실립니다._",
        "check": "_검사: {line}_",
    },
    "en": {
        "summary": "**Summary:**",
        "empty": "_No papers on this day._",
        "sources": "**Sources:**",
        "missing": "_No briefing yet — open the category in the reader or generate it with "
        "`insights export`._",
        "incomplete": "_⚠️ This briefing is incomplete{parts}._",
        "parts": " (missing parts: {parts})",
        "failed": "_⚠️ The briefing was not written: {reason}_",
        "filtered": "_Only the {count} papers matching the filter “{text}”. A briefing covers "
        "its whole category: export without the filter to include it._",
        "check": "_Check: {line}_",
    },
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: the document, and the chart image (Markdown only)."""

    path: Path
    image_path: Path | None
    fmt: str

    def said(self) -> str:
        """What was written, for a person: the document, and its chart by name."""
        chart = f" (chart: {self.image_path.name})" if self.image_path else ""
        return f"wrote {self.path}{chart}"


# --- Markdown ---------------------------------------------------------------------------


def checks_of(briefing: Briefing, group: CategoryGroup) -> Checks:
    """The briefing's stored checks, or (cached before checks existed) checked now."""
    if briefing.checks is not None:
        return briefing.checks
    verbatim = briefing.extract
    return check_briefing(briefing.text, group.count, briefing.language, verbatim=verbatim)


def _paper_links(group: CategoryGroup) -> list[str | None]:
    return [safe_url(p.abs_url) or None for p in group.papers]


def _briefing_block(
    briefing: Briefing | None,
    group: CategoryGroup,
    labels: Mapping[str, str],
    failure: str | None,
) -> list[str]:
    text = (
        sanitize_briefing(briefing.text, (labels["summary"], labels["sources"])) if briefing else ""
    )
    if briefing is None or not text.strip():
        if failure:
            reason = escape_title(failure)
            return [labels["failed"].format(reason=reason)]
        return [labels["missing"]]
    lines: list[str] = []
    if not briefing.complete or briefing.missing_parts:
        parts = ", ".join(str(p) for p in briefing.missing_parts)
        note = labels["parts"].format(parts=parts) if parts else ""
        lines += [labels["incomplete"].format(parts=note), ""]
    if briefing.checks is None:
        # Written before briefings cited their papers: reproduced as it was, unmarked.
        return [*lines, text]
    links = _paper_links(group)
    language = briefing.language if briefing.language in ("ko", "en") else "ko"

    def link_for(number: int) -> str | None:
        return links[number - 1] if 1 <= number <= len(links) else None

    text = annotate(text, language, group.count, link_for)
    check = escape_title(check_line(checks_of(briefing, group), language))
    return [*lines, text, "", labels["check"].format(line=check)]


def _source_line(group_paper_title: str, url: str) -> str:
    title = escape_title(plain_text(group_paper_title)) or "(untitled)"  # as the reader shows it
    link = safe_url(url)
    return f" - {title} ({link})" if link else f" - {title}"


def _selected(digest: Digest, categories: Sequence[str] | None) -> list[CategoryGroup]:
    wanted = None if categories is None else set(categories)
    return [g for g in digest.groups if g.count and (wanted is None or g.name in wanted)]


def render_markdown(
    digest: Digest,
    briefings: Mapping[str, Briefing | None],
    *,
    language: str = "ko",
    categories: Sequence[str] | None = None,
    image_name: str | None = None,
    failures: Mapping[str, str] | None = None,
    filtered: str = "",
) -> str:
    """The day as Markdown in the reference digest format (see the module docstring).

    ``failures`` (category -> reason) says, in a briefing's place, why it was not written;
    ``filtered``, the reader's filter that chose the papers, leaves briefings out (a
    briefing covers its whole category) and says so.
    """
    labels = _LABELS.get(language, _LABELS["en"])
    # A link destination: percent-encoding (not backslashes) keeps it a plain file name.
    image = quote(clean_line(image_name or image_name_for(digest.day)), safe="/._-")
    heading = "# Daily Artificial Intelligence Insights : Papers"
    if not _selected(digest, categories):
        return f"{heading}\n\n{labels['empty']}\n"
    lines = [f"{heading}![Category Distribution Graph]({image})", ""]
    for group in _selected(digest, categories):
        heading = " ".join(
            p for p in (clean_line(group.category.emoji), clean_line(group.name)) if p
        )
        lines += [f"## {escape_title(heading)}", "", labels["summary"], ""]
        if filtered:
            lines.append(labels["filtered"].format(text=escape_title(filtered), count=group.count))
        else:
            failure = (failures or {}).get(group.name)
            lines += _briefing_block(briefings.get(group.name), group, labels, failure)
        lines += ["", labels["sources"], ""]
        lines += [_source_line(p.title, p.abs_url) for p in group.papers]
        lines += ["", ""]
    return "\n".join(lines) + "\n"


# --- JSON -------------------------------------------------------------------------------


def _briefing_to_json(briefing: Briefing, group: CategoryGroup) -> dict[str, Any]:
    # ``complete`` is written as is: ``missing_parts`` says what is missing, apart.
    data = briefing_to_dict(replace(briefing, text=clean_multiline(briefing.text)))
    data["checks"] = checks_of(briefing, group).to_dict()
    return data


def render_json(
    digest: Digest,
    briefings: Mapping[str, Briefing | None],
    *,
    language: str = "ko",
    categories: Sequence[str] | None = None,
    failures: Mapping[str, str] | None = None,
    filtered: str = "",
) -> str:
    """The day as JSON data; :func:`digest_from_json` reads it back.

    A category whose briefing failed carries ``summary_error`` with the reason; under a
    filter every category carries ``filtered`` and no summary.
    """
    groups = []
    for group in _selected(digest, categories):
        briefing = None if filtered else briefings.get(group.name)
        failure = (failures or {}).get(group.name)
        extra = {"summary_error": failure} if briefing is None and failure else {}
        if filtered:
            extra = {"filtered": filtered}
        also = {a.arxiv_id: a.also for a in group.assignments}
        groups.append(
            {
                "name": group.name,
                "emoji": group.category.emoji,
                "description": group.category.description,
                "count": group.count,
                "summary": None if briefing is None else _briefing_to_json(briefing, group),
                **extra,
                # Each paper also says which other categories it fits (close runners-up).
                "papers": [
                    {**paper_to_dict(p), "also": list(also.get(p.arxiv_id, ()))}
                    for p in group.papers
                ],
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


def digest_from_json(text: str) -> tuple[Digest, dict[str, Briefing | None]]:
    """Read a :func:`render_json` document back; bad input raises a one-line ExportError."""
    try:
        data = json.loads(text)
        day = dt.date.fromisoformat(str(data["day"]))
        groups: list[CategoryGroup] = []
        briefings: dict[str, Briefing | None] = {}
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
            briefings[name] = None if raw is None else _briefing_from_json(raw, day, name, data)
        digest = Digest(
            day=day, sources=tuple(str(s) for s in data["sources"]), groups=tuple(groups)
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        reason = clean_line(str(error)) or type(error).__name__
        raise ExportError(f"not an insights JSON export: {reason}") from None
    return digest, briefings


def _briefing_from_json(
    raw: dict[str, Any], day: dt.date, name: str, doc: dict[str, Any]
) -> Briefing:
    # Exports from before the shared dict form lack some fields; the group decides the rest.
    defaults = {"language": doc.get("language", ""), "model": "", "prompt_hash": ""}
    return briefing_from_dict(
        {"paper_key": "", **defaults, **raw, "day": day.isoformat(), "category": name}
    )


# --- Files ------------------------------------------------------------------------------


def _write_chart(digest: Digest, path: Path, *, force: bool, chart_text: str | None) -> None:
    """Write the day's chart; replace an existing file only if we made it (or ``force``)."""
    check_chart(path, force=force)
    if chart_text is None:
        svg = digest_chart_svg(digest)
    else:
        svg = chart_svg(chart_text, title=f"Category Distribution {digest.day.isoformat()}")
    atomic_write_text(path, f"{SVG_MARKER}\n{svg}")


def write_export(
    digest: Digest,
    briefings: Mapping[str, Briefing | None],
    *,
    path: Path | None,
    export_dir: Path,
    language: str = "ko",
    categories: Sequence[str] | None = None,
    fmt: str = "markdown",
    force: bool = False,
    chart_text: str | None = None,
    failures: Mapping[str, str] | None = None,
    filtered: str = "",
) -> ExportResult:
    """Write the day as ``fmt`` to ``path`` (or a free name in ``export_dir``).

    An existing ``path`` is kept unless ``force``. Markdown also writes the chart SVG
    next to the document, first, so the document never points at a missing image.
    Nothing is written when no paper is chosen (NothingToExport says why).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if categories is not None:
        known = {g.name for g in digest.groups}
        unknown = [c for c in categories if c not in known]
        if unknown:
            raise ExportError(f"no such category on {digest.day}: {', '.join(unknown)}")
    refuse_empty(digest, categories, filtered=filtered)  # no file for a document of no paper
    render = render_markdown if fmt == "markdown" else render_json
    body = render(
        digest,
        briefings,
        language=language,
        categories=categories,
        failures=failures,
        filtered=filtered,
    )
    suffix = ".md" if fmt == "markdown" else ".json"
    path = None if path is None else Path(path).expanduser()
    directory = path.parent if path is not None else Path(export_dir).expanduser()
    if path is not None and path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    if path is not None and path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to overwrite")
    make_folder(directory)
    # An empty day has no chart: its document links none.
    charted = fmt == "markdown" and bool(_selected(digest, categories))
    image: Path | None = None
    if charted:
        image = directory / image_name_for(digest.day)
        if path is None:  # a -2, -3… document keeps a chart of its own (see below)
            image = None
        else:
            _write_chart(digest, image, force=force, chart_text=chart_text)
    if path is not None:
        atomic_write_text(path, body, overwrite=force)
        return ExportResult(path, image, fmt)
    stem = f"insights-{digest.day.isoformat()}"
    for _ in range(1000):
        target = free_path(directory, stem, suffix)
        if charted:
            number = target.stem.removeprefix(stem)  # "", or "-2", "-3"…
            image = directory / image_name_for(digest.day).replace(".svg", f"{number}.svg")
            body = render_markdown(
                digest,
                briefings,
                language=language,
                categories=categories,
                image_name=image.name,
                failures=failures,
                filtered=filtered,
            )
            _write_chart(digest, image, force=force, chart_text=chart_text)
        try:
            atomic_write_text(target, body, overwrite=False)
        except TargetExistsError:
            continue  # another export took this name between the check and the write
        return ExportResult(target, image, fmt)
    raise ExportError(f"cannot find a free file name for {stem}{suffix} in {directory}")
