"""Every toast the reader shows goes through here: one clean line, never read as markup.

Messages carry untrusted text (URLs like ``https://x/a[/b]``, server errors such as
``[{'type': ...}]``, paths like ``/home/u/[draft]/x.md``). Textual parses a notification
as markup by default, which crashes the toast or silently changes the text.
"""

from __future__ import annotations

from typing import Protocol

from textual.notifications import SeverityLevel

from ..core.text import clean_line


class _Notifier(Protocol):
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
    """Show ``message`` as a toast from ``node``: one line, shown literally."""
    line = clean_line(message) or "(no message)"
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
