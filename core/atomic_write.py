"""Writing a text file whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from core.errors import ExportError
from core.text import clean_line

# errnos meaning "this filesystem cannot hard-link" (FAT, some FUSE and network mounts).
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP}
)


class TargetExistsError(ExportError):
    """The target exists and the caller asked not to overwrite it."""


def _reason(error: OSError) -> str:
    return clean_line(error.strerror or str(error)) or type(error).__name__


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temp file, fsync and rename.

    Readers see the old file or the new one, never half of it. With ``overwrite=False``
    an existing ``path`` is left alone and :class:`TargetExistsError` is raised; the
    check is atomic (a hard link), so two writers cannot both win. Any other OS failure
    becomes a one-line :class:`ExportError`; no temp file is left behind either way.
    """
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"cannot write {path}: {_reason(error)}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _link_no_clobber(temp, path)
        _fsync_dir(path.parent)
    except FileExistsError:
        raise TargetExistsError(f"{path} exists; use --force to overwrite") from None
    except OSError as error:
        raise ExportError(f"cannot write {path}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


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
