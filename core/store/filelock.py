"""An exclusive lock between processes, for read-modify-write of one cache file.

``fcntl.flock`` on ``<file>.lock``: the kernel drops the lock when the holder dies,
so a killed process never leaves the cache locked. Where ``fcntl`` is missing
(Windows) the lock is a no-op; the atomic rename still keeps each file whole.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from ..errors import CacheError
from ..text import clean_line

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

DEFAULT_TIMEOUT = 10.0


def lock_path(target: Path) -> Path:
    """The lock file that guards ``target``."""
    return target.with_name(target.name + ".lock")


class FileLock:
    """``with FileLock(path):`` holds the lock of ``path`` (not ``path`` itself).

    Not re-entrant: taking the same lock twice, even in one thread, waits for the
    timeout, because ``flock`` locks belong to open files, not to processes.
    """

    def __init__(self, target: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.target = Path(target)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        """Wait up to ``timeout`` seconds for the lock; CacheError when it stays busy."""
        if fcntl is None:  # pragma: no cover - Windows
            return
        path = lock_path(self.target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            reason = clean_line(error.strerror or str(error))
            raise CacheError(f"cannot write the cache at {path}: {reason}") from None
        deadline = time.monotonic() + self.timeout
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise CacheError(
                        "the cache is busy: another insights process holds "
                        f"{self.target} for more than {self.timeout:g} s"
                    ) from None
                # Back off a little, but stay responsive: writers hold it for milliseconds.
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
            except OSError as error:
                os.close(fd)
                reason = clean_line(error.strerror or str(error))
                raise CacheError(f"cannot lock the cache at {path}: {reason}") from None
            else:
                self._fd = fd
                return

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
