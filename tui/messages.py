"""Past-tense messages the widgets and workers send to the main screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import Worker

if TYPE_CHECKING:
    from ..core.catchup import CatchUpLine
    from ..core.export.document import ExportResult
    from ..core.fetch_result import FetchResult


class RowHighlighted(Message):
    """The list cursor moved to a category row (``arxiv_id`` None) or a paper row; with
    ``category`` "" the list shows no row (its filter matches nothing)."""

    def __init__(self, category: str, arxiv_id: str | None) -> None:
        super().__init__()
        self.category = category
        self.arxiv_id = arxiv_id


class CategoryToggled(Message):
    """A category was expanded or collapsed in the list."""

    def __init__(self, category: str, expanded: bool) -> None:
        super().__init__()
        self.category = category
        self.expanded = expanded


class PaperChosen(Message):
    """Enter was pressed on a paper row."""

    def __init__(self, category: str, arxiv_id: str) -> None:
        super().__init__()
        self.category = category
        self.arxiv_id = arxiv_id


class FetchFinished(Message):
    """A fetch ended; ``newest`` is True when it was the start-up fetch of the newest day."""

    def __init__(self, result: FetchResult, newest: bool) -> None:
        super().__init__()
        self.result = result
        self.newest = newest


class FetchFailed(Message):
    """A fetch failed with a one-line reason; ``startup`` when nobody asked for it."""

    def __init__(self, message: str, *, startup: bool = False) -> None:
        super().__init__()
        self.message = message
        self.startup = startup


class CatchUpProgress(Message):
    """Day ``done`` of ``total`` of a catch-up is fetched (or recorded empty, or failed)."""

    def __init__(self, line: CatchUpLine, done: int, total: int) -> None:
        super().__init__()
        self.line, self.done, self.total = line, done, total


class CatchUpFinished(Message):
    """A catch-up ended: one line per day it went through (the last may have failed)."""

    def __init__(self, lines: list[CatchUpLine]) -> None:
        super().__init__()
        self.lines = lines


class ExportFinished(Message):
    """An export was written: ``result`` holds the files it wrote."""

    def __init__(self, result: ExportResult) -> None:
        super().__init__()
        self.result = result


class ExportFailed(Message):
    """An export failed with a one-line reason."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class NothingExported(Message):
    """An export was refused before any file was touched: it would hold no paper."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class BackToList(Message):
    """The reader asked to leave the detail pane for the list (Escape, ← or Enter there)."""


class WarmedUp(Message):
    """The modules that opening a category needs were imported ahead (after start)."""


class WorkerFailed(Message):
    """A widget's worker raised an unexpected error (``Worker.StateChanged`` does not bubble)."""

    def __init__(self, worker: Worker[object]) -> None:
        super().__init__()
        self.worker = worker
