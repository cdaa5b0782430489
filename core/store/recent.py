"""The digests opened lately, each kept with the stamp of the day file it was built from."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from ..models import Digest

Stamp = tuple[int, int, int]  # the day file's (inode, size, mtime_ns)


class RecentDigests:
    """Up to ``size`` digests by day, least recently used out first; thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[dt.date, tuple[Stamp, Digest]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, day: dt.date, stamp: Stamp, digest: Digest) -> None:
        """Keep ``digest`` of ``day``, built from the file with ``stamp``."""
        with self._lock:
            self._items[day] = (stamp, digest)
            self._items.move_to_end(day)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, day: dt.date, stamp: Stamp | None) -> Digest | None:
        """The digest of ``day`` when it was built from the file with ``stamp``."""
        with self._lock:
            kept = self._items.get(day)
            if stamp is None or kept is None or kept[0] != stamp:
                return None
            self._items.move_to_end(day)
            return kept[1]

    def drop(self, day: dt.date) -> None:
        """Forget ``day`` (its papers moved between categories)."""
        with self._lock:
            self._items.pop(day, None)
