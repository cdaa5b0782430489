"""Every toast the reader shows goes through here: one clean line, never read as markup.

Messages carry untrusted text (URLs like ``https://x/a[/b]``, server errors such as
``[{'type': ...}]``, paths like ``/home/u/[draft]/x.md``). Textual parses a notification
as markup by default, which crashes the toast or silently changes the text.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakKeyDictionary

from textual.notifications import SeverityLevel

from ..core.text import clean_line

if TYPE_CHECKING:
    from textual.app import App

# What a key for one paper says on a category row, or for a category with none on screen.
NO_PAPER = "choose a paper first (Enter on a category, then a paper)"
NO_CATEGORY = "open a category first (Enter)"
OFFLINE = "fetching is off (offline)"  # --offline, INSIGHTS_OFFLINE or offline = true

# Per app, when its last warning or error goes: until then a passing message does not
# clear the toasts (they would hide it); after, it does (they stack over the pane).
_kept_until: WeakKeyDictionary[App[Any], float] = WeakKeyDictionary()


class _Notifier(Protocol):
    @property
    def app(self) -> App[Any]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


def notice(
    node: _Notifier,
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Show ``message`` as a toast from ``node``: one line, shown literally. It replaces
    the toasts up unless a warning or error among them has time left."""
    line = clean_line(message) or "(no message)"
    app, now = node.app, time.monotonic()
    kept = _kept_until.get(app, 0.0)
    if now >= kept:
        app.clear_notifications()  # only passing messages are up: this one replaces them
    if severity != "information":
        _kept_until[app] = max(kept, now + (timeout or app.NOTIFICATION_TIMEOUT))
    node.notify(line, title=clean_line(title), severity=severity, timeout=timeout, markup=False)


def error_line(error: BaseException) -> str:
    """``RuntimeError: boom`` — the error's type and its first readable line."""
    reason = clean_line(str(error))
    return f"{type(error).__name__}: {reason}" if reason else type(error).__name__


class _NoticeSource(Protocol):
    def take_notices(self) -> list[str]: ...


def show_service_notices(node: _Notifier, service: _NoticeSource) -> None:
    """Show what the service noticed since the last call (corrupt files moved aside, …)."""
    for message in service.take_notices():
        notice(node, message, severity="warning", timeout=8)
