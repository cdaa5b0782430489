"""The reader's check of a finished briefing: parts, citations, coverage and language.

A pure function over the text and the number of papers, with no model: it finds the
five parts in order, each claim (bullet) and its citations ``[3]`` / ``[2, 5]``, and says
what a reader should distrust. Any text gives an answer, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .parts import BULLET, is_note, part_sections

# Parts whose every bullet must name its papers.
CITED_PARTS = (1, 3)
# A citation: numbers (or ranges) in brackets. Anything else in brackets is not one.
_ITEM = r"-?\d{1,12}(?:\s*[-–]\s*-?\d{1,12})?"
CITATION = re.compile(rf"\[\s*({_ITEM}(?:\s*,\s*{_ITEM})*)\s*\]")
# A range wider than this is not expanded: each end is checked instead.
_MAX_RANGE = 1000
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")
# Left out of the language count: titles, code, links and URLs.
_LEFT_OUT = re.compile(
    r"`[^`\n]*`|\*[^*\n]+\*|'[^'\n]{2,}'|\"[^\"\n]{2,}\"|“[^”\n]*”|‘[^’\n]*’"
    r"|「[^」\n]*」|《[^》\n]*》|https?://\S+|\([^()\n]*https?://[^()\n]*\)"
)
# Korean is "mostly Hangul" at this share of letters (technical terms stay in English).
HANGUL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Checks:
    """What the checker found in one briefing (stored with it, exported as is)."""

    parts_missing: tuple[int, ...] = ()
    uncited_claims: int = 0
    unknown_citations: tuple[int, ...] = ()
    papers_cited: int = 0
    papers: int = 0
    language_ok: bool = True
    retried: bool = False
    claims: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing needs a warning."""
        return not (
            self.parts_missing
            or self.uncited_claims
            or self.unknown_citations
            or not self.language_ok
            or self.papers_cited < self.papers
        )

    @property
    def needs_repair(self) -> bool:
        """A missing part or the wrong language: worth asking the model once more."""
        return bool(self.parts_missing) or not self.language_ok

    def to_dict(self) -> dict[str, Any]:
        """The export form: exactly the documented fields."""
        return {
            "parts_missing": list(self.parts_missing),
            "uncited_claims": self.uncited_claims,
            "unknown_citations": list(self.unknown_citations),
            "papers_cited": self.papers_cited,
            "papers": self.papers,
            "language_ok": self.language_ok,
            "retried": self.retried,
        }

    def to_store(self) -> dict[str, Any]:
        """The cache form: the export fields plus the claim count."""
        return {**self.to_dict(), "claims": self.claims}

    @classmethod
    def from_dict(cls, data: object) -> Checks | None:
        """Read :meth:`to_store` (or :meth:`to_dict`) back; anything malformed is None."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                parts_missing=tuple(int(p) for p in data.get("parts_missing", ())),
                uncited_claims=int(data.get("uncited_claims", 0)),
                unknown_citations=tuple(int(c) for c in data.get("unknown_citations", ())),
                papers_cited=int(data.get("papers_cited", 0)),
                papers=int(data.get("papers", 0)),
                language_ok=bool(data.get("language_ok", True)),
                retried=bool(data.get("retried", False)),
                claims=int(data.get("claims", 0)),
            )
        except (TypeError, ValueError):
            return None

    def marked_retried(self) -> Checks:
        """The same checks, saying the corrective retry was used."""
        return replace(self, retried=True)


_RANGE = re.compile(r"\s*(-?\d+)\s*[-–]\s*(-?\d+)\s*")
_NUMBER = re.compile(r"-?\d+")


def citation_numbers(inside: str) -> list[int]:
    """The paper numbers of one citation's inside (``"2, 5"``, ``"2-4"``)."""
    items = inside.split(",")
    if all(item.strip().isdigit() for item in items):
        return [int(item) for item in items]  # the common case: plain numbers
    numbers: list[int] = []
    for item in items:
        # "-1" alone is a negative number, "2-4" (or "2–4") is a range.
        match = _RANGE.fullmatch(item)
        if match is None:
            first = _NUMBER.search(item)
            if first is not None:
                numbers.append(int(first.group(0)))
            continue
        low, high = int(match.group(1)), int(match.group(2))
        if 0 <= high - low <= _MAX_RANGE:
            numbers.extend(range(low, high + 1))
        else:
            numbers.extend((low, high))
    return numbers


def citations(text: str) -> Iterator[tuple[re.Match[str], list[int]]]:
    """Every citation in ``text`` with its numbers."""
    for match in CITATION.finditer(text):
        yield match, citation_numbers(match.group(1))


def claims_of(lines: list[str]) -> list[str]:
    """The claims of a part: each bullet with its continuation lines, or each paragraph."""
    claims: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                claims.append(" ".join(current))
                current = []
            continue
        if BULLET.match(line) and current:
            claims.append(" ".join(current))
            current = []
        current.append(line.strip())
    if current:
        claims.append(" ".join(current))
    # A bullet wholly in parentheses is a note ("(no matching sentence)"), not a claim.
    return [c for c in claims if _has_words(c) and not is_note(c)]


def _has_words(text: str) -> bool:
    stripped = CITATION.sub("", text)
    return bool(_HANGUL.search(stripped) or re.search(r"[A-Za-z]{2}", stripped))


def language_ok(body: str, language: str) -> bool:
    """Korean: mostly Hangul letters. English: not mostly Hangul. Titles and code left out."""
    text = CITATION.sub(" ", _LEFT_OUT.sub(" ", body))
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    # Latin words are ~3x longer than Hangul syllables for the same meaning.
    letters = hangul + latin / 3
    if letters == 0:
        return False
    share = hangul / letters
    return share >= HANGUL_SHARE if language == "ko" else share < HANGUL_SHARE


def check_briefing(
    text: str, papers: int, language: str, *, verbatim: bool = False, retried: bool = False
) -> Checks:
    """Check ``text``, a briefing of ``papers`` papers numbered 1..papers, in ``language``.

    ``verbatim`` (the offline extract, which quotes English abstracts) skips the language
    check.
    """
    sections = part_sections(text, language)
    missing = tuple(n for n in range(1, 6) if not sections.get(n))
    # Citations count wherever they are; claims only where the parts were found.
    cited: set[int] = set()
    unknown: list[int] = []
    for _, numbers in citations(text):
        for n in numbers:
            if 1 <= n <= papers:
                cited.add(n)
            elif n not in unknown:
                unknown.append(n)
    uncited = 0
    claims = 0
    body: list[str] = []
    for number in range(1, 6):
        lines = sections.get(number) or []
        body.extend(lines)
        if number in CITED_PARTS:
            for claim in claims_of(lines):
                claims += 1
                uncited += CITATION.search(claim) is None
    return Checks(
        parts_missing=missing,
        uncited_claims=uncited,
        unknown_citations=tuple(unknown),
        papers_cited=len(cited),
        papers=papers,
        language_ok=True if verbatim else language_ok("\n".join(body) or text, language),
        retried=retried,
        claims=claims,
    )


def is_uncited(claim: str) -> bool:
    """True when a claim of part 1 or 3 names no paper (a note is no claim)."""
    return _has_words(claim) and CITATION.search(claim) is None and not is_note(claim)


def check_line(checks: Checks, language: str) -> str:
    """The one line under a briefing: ``✓ 5 parts · 14 claims cited · 9/9 papers · 한국어``."""
    ko = language == "ko"
    cited = checks.claims - checks.uncited_claims
    lang = "한국어" if ko else "English"
    coverage = f"{checks.papers_cited}/{checks.papers} {'논문' if ko else 'papers'}"
    retry = (" · 한 번 다시 요청함" if ko else " · asked again once") if checks.retried else ""
    if checks.ok:
        parts = f"✓ 5{'개 부분' if ko else ' parts'}"
        claims = f"{cited}{'개 주장에 출처' if ko else ' claims cited'}"
        return f"{parts} · {claims} · {coverage} · {lang}{retry}"
    problems: list[str] = []
    if checks.parts_missing:
        numbers = ", ".join(str(n) for n in checks.parts_missing)
        problems.append(f"{numbers}부 없음" if ko else f"part {numbers} missing")
    if not checks.language_ok:
        problems.append("한국어가 아님" if ko else "not in English")
    if checks.uncited_claims:
        n = checks.uncited_claims
        problems.append(
            f"출처 없는 주장 {n}개" if ko else f"{n} claim{'s' if n != 1 else ''} without a source"
        )
    for number in checks.unknown_citations[:3]:
        problems.append(
            f"[{number}]: 이 {checks.papers}편에 없는 번호"
            if ko
            else f"[{number}] is not one of these {checks.papers} papers"
        )
    if len(checks.unknown_citations) > 3:
        more = len(checks.unknown_citations) - 3
        problems.append(f"알 수 없는 인용 {more}개 더" if ko else f"{more} more unknown citations")
    if checks.papers_cited < checks.papers:
        problems.append(coverage + (" 인용" if ko else " cited"))
    return "⚠ " + " · ".join(problems) + retry
