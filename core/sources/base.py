"""What every paper source is, and the small parsing helpers they share."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import SourceError
from ..papers import Paper

if TYPE_CHECKING:
    from .http import Http

# New-style ids (2411.09703) and old-style ones (astro-ph/0601001, math.GT/0309136).
_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_VERSIONED = re.compile(rf"^(?P<id>{_ARXIV_ID})(?:v(?P<version>\d+))?$")
_IN_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/(?P<id>{_ARXIV_ID})(?:v(?P<version>\d+))?(?:\.pdf)?/?(?:[?#]|$)",
    re.IGNORECASE,
)

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"


@runtime_checkable
class Source(Protocol):
    """A place papers come from. ``day=None`` asks for the newest announcement."""

    name: str

    async def fetch_day(self, day: dt.date | None, http: Http) -> list[Paper]:
        """The papers announced on ``day``, duplicates merged."""
        ...


def as_text(value: object) -> str:
    """A JSON field that should hold text: itself if a string, else ``""``.

    Sources send numbers, lists or objects where text belongs; cleaning those would
    raise TypeError/AttributeError deep in a parser instead of a one-line error.
    """
    return value if isinstance(value, str) else ""


def split_arxiv_id(text: str) -> tuple[str, int] | None:
    """``2411.09703v2`` -> (``2411.09703``, 2); no suffix means version 1; junk -> None."""
    text = text.strip()
    for prefix in ("oai:arXiv.org:", "arXiv:", "arxiv:"):
        text = text.removeprefix(prefix)
    match = _VERSIONED.match(text)
    if match is None:
        return None
    return match["id"], int(match["version"] or 1)


def arxiv_id_from_url(url: str) -> tuple[str, int | None] | None:
    """The arXiv id (and version, if the link has one) of an arxiv.org link."""
    match = _IN_URL.search(url)
    if match is None:
        return None
    version = match["version"]
    return match["id"], int(version) if version else None


def abs_url(arxiv_id: str) -> str:
    """The canonical abstract page (latest version)."""
    return ARXIV_ABS + arxiv_id


def pdf_url(arxiv_id: str) -> str:
    """The canonical PDF link (latest version)."""
    return ARXIV_PDF + arxiv_id


def parse_xml(data: bytes | str, what: str) -> ET.Element:
    """Parse XML or raise a one-line SourceError naming ``what`` and the line."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise SourceError(f"{what} sent an empty answer")
    try:
        # expat >= 2.4 limits entity expansion and ElementTree never loads external
        # entities, so untrusted feeds cannot blow up memory or read local files.
        return ET.fromstring(data)
    except ET.ParseError as error:
        reason = str(error).split(":", 1)[0]
        line = error.position[0]
        raise SourceError(f"malformed XML from {what}: {reason} (line {line})") from None


def text_of(element: ET.Element | None) -> str:
    """The text of ``element`` (and its children), or ``""``."""
    if element is None:
        return ""
    return "".join(element.itertext())
