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


# Content: at least one letter (any script).
_WORDS = re.compile(r"[^\W\d_]")
BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_NOTE = re.compile(r"\s*\([^()]*\)\s*")


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


def _normalise(text: str) -> str:
    """Letters and digits only, lower case: what two spellings of a heading share."""
    return "".join(char for char in text.lower() if char.isalnum())


_GLUE = frozenset(("및", "and", "the", "of", "to", "what", "across"))
# Each heading's telling words: a heading line must carry two thirds of them.
_WORDS_OF = {
    lang: tuple(
        tuple(
            # English words are matched by their stem: "Theme" is the heading "Themes".
            w.removesuffix("s") if lang == "en" else w
            for w in (_normalise(w) for w in re.split(r"[\s,·]+", title))
            if w and w not in _GLUE
        )
        for title in titles
    )
    for lang, titles in HEADINGS.items()
}
_MAX_HEADING = 120


def is_heading(line: str, number: int, language: str) -> bool:
    """True when ``line`` is part ``number``'s heading in ``language``.

    Decoration and rewording are allowed ("4. 이러한 이벤트의 다양한 부문에 미치는 영향
    분석"), but most of the expected title's words must be there.
    """
    match = _HEADING.match(line)
    if match is None or int(match.group("n")) != number or len(line) > _MAX_HEADING:
        return False
    words = _WORDS_OF[language_of(language)][number - 1]
    rest = line[match.end() - 1 :]
    title = _normalise(rest)
    found = [word for word in words if word in title]
    if len(found) * 3 >= len(words) * 2:
        return True
    # Half the words will do when they make most of the title ("Shared keywords"), not
    # when other words surround them ("3. 주요 이벤트 미치지 하니").
    named = _normalise(rest.split(":", 1)[0]) or title
    covered = sum(len(word) for word in found)
    return len(found) * 2 >= len(words) and covered >= 0.6 * len(named)


def is_note(text: str) -> bool:
    """True for a bullet (or paragraph) wholly in parentheses: a note such as
    "(no matching sentence)", not content."""
    return _NOTE.fullmatch(BULLET.sub("", text)) is not None


def _is_content(line: str) -> bool:
    return _WORDS.search(line) is not None and not is_note(line)


def part_sections(text: str, language: str) -> dict[int, list[str]]:
    """Each part found in order (its expected heading, in ``language``) with its body lines.

    A part whose body has no words, or only notes ("(no matching sentence)"), maps to an
    empty list: it is missing.
    """
    sections: dict[int, list[str]] = {}
    expected = 1
    current: list[str] | None = None
    for line in text.splitlines():
        # A part may be skipped (then it is missing), never revisited.
        found = next((n for n in range(expected, 6) if is_heading(line, n, language)), None)
        if found is not None:
            current = sections.setdefault(found, [])
            expected = found + 1
            continue
        if current is not None:
            current.append(line)
    for number, lines in sections.items():
        if not any(map(_is_content, lines)):
            sections[number] = []
    return sections


def present_parts(text: str, language: str = "ko") -> tuple[int, ...]:
    """The part numbers whose expected heading appears, in order, with content."""
    return tuple(n for n, lines in part_sections(text, language).items() if lines)


def missing_parts(text: str, language: str = "ko") -> tuple[int, ...]:
    """The part numbers (1-5) ``text`` lacks (heading or content)."""
    present = set(present_parts(text, language))
    return tuple(n for n in PART_NUMBERS if n not in present)
