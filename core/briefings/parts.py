"""The five-part briefing: headings per language, and which parts a text has."""

from __future__ import annotations

import re

PART_NUMBERS = (1, 2, 3, 4, 5)

HEADINGS: dict[str, tuple[str, ...]] = {
    "ko": (
        "주제 및 테마",
        "공통 키워드·트렌드·패턴",
        "주요 이벤트 및 중요 정보",
        "다양한 부문에 미치는 영향",
        "결론 및 향후 주목할 발전",
    ),
    "en": (
        "Themes",
        "Shared keywords, trends and patterns",
        "Key events and findings",
        "Impact across sectors",
        "Conclusion and what to watch",
    ),
}

# A numbered heading line, tolerant of Markdown decoration: "1. ", "**1. ...**",
# "### 1) ...", "1 - ...", "Part 1:". Bullets ("   - ...") are never headings.
_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:part\s*)?(?P<n>[1-5])\s*[.):\-–]\s*\S",
    re.IGNORECASE,
)


def language_of(language: str) -> str:
    """``language`` if it is supported, else Korean (the default)."""
    return language if language in HEADINGS else "ko"


def heading(number: int, language: str) -> str:
    """The title of part ``number`` (1-5) in ``language``."""
    return HEADINGS[language_of(language)][number - 1]


def heading_line(number: int, language: str, *, bold: bool = True) -> str:
    """A numbered Markdown heading line as the reference digest writes it."""
    title = f"{number}. {heading(number, language)}"
    return f"**{title}**" if bold else title


def present_parts(text: str) -> tuple[int, ...]:
    """The part numbers whose heading appears, in order, each once, in ``text``."""
    found: list[int] = []
    expected = 1
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match is None:
            continue
        number = int(match.group("n"))
        # Numbered lists inside a part restart at 1; only the next expected number counts.
        if number == expected:
            found.append(number)
            expected += 1
            if expected > 5:
                break
    return tuple(found)


def missing_parts(text: str) -> tuple[int, ...]:
    """The part numbers (1-5) ``text`` lacks."""
    present = set(present_parts(text))
    return tuple(n for n in PART_NUMBERS if n not in present)
