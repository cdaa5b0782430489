"""Writing a text file whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from ..errors import ExportError
from ..text import clean_line

# errnos meaning "this filesystem cannot hard-link" (FAT, some FUSE and network mounts).
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP}
)


class TargetExistsError(ExportError):
    """The target exists and the caller asked not to overwrite it."""


def os_reason(error: OSError) -> str:
    """The one-line reason of an OS error (``No space left on device``)."""
    return clean_line(error.strerror or str(error)) or type(error).__name__


def current_umask() -> int:
    """The process umask (read without changing it where the platform allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no other way to read it: set, then put it back at once
    os.umask(mask)
    return mask


def replace_atomically(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = True,
    durable: bool = True,
    shared: bool = False,
) -> None:
    """Put ``data`` at ``path`` through a temp file in the same folder, fsync and rename.

    Readers see the old file or the new one, never half of it. With ``overwrite=False``
    an existing ``path`` is left alone and FileExistsError is raised; the check is atomic
    (a hard link), so two writers cannot both win. ``durable=False`` skips the fsyncs
    (still atomic for readers, not across a power cut). The file is private (0600, as
    mkstemp makes it) unless ``shared``: then it follows the umask like any file the user
    creates. Raises OSError; no temp file is left behind either way.
    """
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if shared and hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), 0o666 & ~current_umask())
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _link_no_clobber(temp, path)
        if durable:
            _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all (see :func:`replace_atomically`).

    For exports: the file follows the user's umask, not the cache's private 0600.
    An existing ``path`` with ``overwrite=False`` raises :class:`TargetExistsError`; any
    other OS failure becomes a one-line :class:`ExportError`.
    """
    path = Path(path)
    clean_stale_temps(path)
    try:
        replace_atomically(path, text.encode("utf-8"), overwrite=overwrite, shared=True)
    except FileExistsError:
        raise TargetExistsError(f"{path} exists; use --force to overwrite") from None
    except OSError as error:
        raise ExportError(f"cannot write {path}: {os_reason(error)}") from None


STALE_TEMP_SECONDS = 60.0


def clean_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove ``.<name>.*.tmp`` files next to ``path`` left by a killed write of ours."""
    limit = time.time() - older_than
    try:
        for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            info = temp.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                temp.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: a folder we cannot list or a file another user owns


def _link_no_clobber(temp: Path, path: Path) -> None:
    """Publish ``temp`` at ``path`` only if ``path`` does not exist yet."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links on this filesystem: check then rename (a small race, accepted).
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; not every platform can open a directory, so best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
