"""A paper's links: opened in a browser, or shown and copied when there is none.

Over SSH or on a bare console Python finds no browser, or only a text one that would take
over the terminal the reader runs in. The link is then shown and copied to the clipboard
through the terminal (OSC 52), as newsboat does.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from ..core.text import safe_url
from .notices import NO_PAPER, notice

if TYPE_CHECKING:
    from textual.app import App

    from ..core.papers import Paper

Which = Literal["abs", "pdf"]
NAMES = {"abs": "abstract page", "pdf": "PDF"}


@runtime_checkable
class _KnowsBrowser(Protocol):
    def browser_available(self) -> bool: ...


def browser_available() -> bool:
    """True when a graphical browser (or the one named by $BROWSER) can be started."""
    import webbrowser

    if os.environ.get("BROWSER"):
        return True
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    # Text browsers (lynx, w3m, www-browser) are plain GenericBrowsers: they would run
    # inside this terminal, under the reader.
    return type(browser) is not webbrowser.GenericBrowser


def paper_url(paper: Paper, which: Which) -> str:
    """The paper's abstract page or PDF, when it is an http(s) link; else ""."""
    return safe_url(paper.pdf_url if which == "pdf" else paper.abs_url)


def open_link(app: App[Any], paper: Paper | None, which: Which = "abs") -> None:
    """Open ``paper``'s abstract page or PDF; with no browser, show and copy it."""
    url = _url_or_say(app, paper, which)
    if not url:
        return
    if app.browser_available() if isinstance(app, _KnowsBrowser) else browser_available():
        app.open_url(url)
        notice(app, f"opening {url}")
    else:
        app.copy_to_clipboard(url)
        notice(app, f"no browser here: copied to the clipboard — {url}", timeout=12)


def copy_link(app: App[Any], paper: Paper | None, which: Which = "abs") -> None:
    """Copy ``paper``'s link to the clipboard (through the terminal: OSC 52)."""
    url = _url_or_say(app, paper, which)
    if url:
        app.copy_to_clipboard(url)
        notice(app, f"copied {url}")


def _url_or_say(app: App[Any], paper: Paper | None, which: Which) -> str:
    if paper is None:
        notice(app, NO_PAPER, severity="warning")
        return ""
    url = paper_url(paper, which)
    if not url:
        notice(app, f"this paper has no http(s) {NAMES[which]} link", severity="warning")
    return url
