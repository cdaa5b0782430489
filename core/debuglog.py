"""The debug log: ``--debug`` or ``INSIGHTS_DEBUG=1`` writes ``<data>/logs/debug.log``.

It holds requests (method, address without credentials, status, size, time), waits and
errors, for bug reports. Keys never reach it: every line passes through :func:`redact`.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .redact import redact

LOG = logging.getLogger("daily_ai_insights")
LOG.addHandler(logging.NullHandler())
LOG.propagate = False
MAX_BYTES = 1_000_000


class _Redacting(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = None
        return True


def enable(folder: Path, secrets: tuple[str, ...] = ()) -> Path:
    """Log to ``folder/debug.log`` (rotated at 1 MB, two kept); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "debug.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=2, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.addFilter(_Redacting(tuple(s for s in secrets if s)))
    LOG.addHandler(handler)
    LOG.setLevel(logging.DEBUG)
    return path
