"""Making untrusted Markdown (model output, titles) safe to show or to export.

Two users: the reader shows a briefing with :func:`safe_markdown` (links kept only when
they point at the web), and the export embeds it in a larger document with
:func:`sanitize_briefing`, which also defuses headings, raw HTML and code fences so the
briefing cannot reshape the document around it. Both share the link neutralisers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .text import clean_line, clean_multiline, safe_url

# A Markdown link or image; the URL may hold one level of parentheses (``alert(1)``).
_MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s[^)\n]*)?\)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
# Where a link destination starts, whatever the label looked like (nested brackets, a
# label over two lines): the net under ``_MD_LINK``.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
# A reference definition, possibly inside a blockquote or list item; its destination may
# sit on the next line (``[r]:`` alone on a line).
_REF_DEFINITION = re.compile(r"^([ \t>*+\-\d.)]*?)\[([^\]\n]+)\]:[ \t]*(?:<([^>\n]*)>|(\S*))", re.M)
_IMAGE_OPEN = re.compile(r"(?<!\\)!\[")


def neutralise_link_targets(text: str, *, allow_fragments: bool = False) -> str:
    """Escape every ``](target`` whose target is not http(s), so no link forms there."""

    def link(match: re.Match[str]) -> str:
        target = match.group(1)
        if safe_url(target) or (allow_fragments and target.startswith("#")):
            return match.group(0)
        return "\\]\\(" + match.group(0)[2:]

    return _LINK_TARGET.sub(link, text)


def neutralise_definitions(text: str) -> str:
    """Turn reference definitions (``[r]: smb://x``) that are not http(s) into plain text.

    Without its definition, a reference link (``[x][r]``, ``[r]``) is literal text.
    """

    def definition(match: re.Match[str]) -> str:
        target = match.group(3) if match.group(3) is not None else match.group(4)
        if not target:  # the destination may start the next line
            after = text[match.end() :].split("\n", 2)
            words = after[1].split() if len(after) > 1 else []
            target = words[0].strip("<>") if words else ""
        if safe_url(target):
            return match.group(0)
        prefix = match.group(1)
        return prefix + "\\" + match.group(0)[len(prefix) :]

    return _REF_DEFINITION.sub(definition, text)


def neutralise_autolinks(text: str) -> str:
    """``<scheme:...>`` kept only when http(s); otherwise shown as inert text."""

    def autolink(match: re.Match[str]) -> str:
        url = match.group(1)
        return match.group(0) if safe_url(url) else url.replace(":", "\\:")

    return _AUTOLINK.sub(autolink, text)


def safe_markdown(text: str) -> str:
    """Model output for the reader: controls stripped, links kept only if http(s).

    Images become their label (a terminal would only fetch or mis-draw them).
    """

    def link(match: re.Match[str]) -> str:
        bang, label, url = match.groups()
        if bang or not safe_url(url):
            return label  # images and non-web links become their label
        return match.group(0)

    text = _MD_LINK.sub(link, clean_multiline(text))
    text = _IMAGE_OPEN.sub(r"\\![", text)  # reference-style images: a "!" then a link
    return neutralise_autolinks(neutralise_definitions(neutralise_link_targets(text)))


# --- Export: a briefing embedded in a larger document -------------------------------------

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


def sanitize_briefing(text: str, labels: Sequence[str] = ()) -> str:
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
        out.append(_HTML_START.sub(r"\\<", line))
    while out and not out[-1].strip():
        out.pop()
    return inert_links("\n".join(out))


def inert_links(text: str) -> str:
    """No link or image of ``text`` stays one: in an export, only the app writes links.

    ``[label](url)`` becomes ``label (url)`` as text; images, stray link targets and
    reference definitions are escaped. (Raw HTML and autolinks are escaped with ``<``.)
    """

    def link(match: re.Match[str]) -> str:
        label, url = match.group(2), match.group(3)
        return f"{label} ({url})" if url else label

    text = _MD_LINK.sub(link, text)
    text = _IMAGE_OPEN.sub(r"\\![", text)
    text = re.sub(r"(?<!\\)\]\(", r"\\](", text)

    def definition(match: re.Match[str]) -> str:
        prefix = match.group(1)
        return prefix + "\\" + match.group(0)[len(prefix) :]

    return _REF_DEFINITION.sub(definition, text)
