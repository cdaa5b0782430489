"""The topic taxonomy as data: the shipped ``core/data/taxonomy.toml`` or the user's own.

A broken user file never stops the app: the default is used and a one-line warning
names the file and the line at fault.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..errors import InsightsError
from ..models import Taxonomy

FALLBACK_NAME = "Other"
FALLBACK_EMOJI = "📦"
SHIPPED_TAXONOMY = Path(__file__).parent.parent / "data" / "taxonomy.toml"


def _version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def parse_taxonomy(data: bytes, origin: str, cache_dir: Path | None = None) -> Taxonomy:
    """Parse taxonomy TOML; raises InsightsError ``<origin> line N: ...`` when it is wrong.

    With ``cache_dir``, a taxonomy parsed before is read back from its JSON there.
    """
    version = _version(data)
    if cache_dir is not None:
        from .taxonomy_cache import read_cached, write_cached

        kept = read_cached(cache_dir, version)
        if kept is not None:
            return kept
        taxonomy = parse_taxonomy(data, origin)
        write_cached(cache_dir, taxonomy)
        return taxonomy
    from .taxonomy_toml import taxonomy_from_toml  # only here: most starts read the JSON

    return taxonomy_from_toml(data, origin, version)


@cache
def default_taxonomy(cache_dir: Path | None = None) -> Taxonomy:
    """The taxonomy shipped with the app (``core/data/taxonomy.toml``)."""
    # A plain path: importlib.resources would cost ~4 ms of start-up to load its own
    # machinery, and the package is always installed as files.
    data = SHIPPED_TAXONOMY.read_bytes()
    return parse_taxonomy(data, "taxonomy.toml (shipped)", cache_dir)


def load_taxonomy(
    user_file: Path | None, cache_dir: Path | None = None
) -> tuple[Taxonomy, str | None]:
    """The user's taxonomy when ``user_file`` exists and is valid, else the default.

    Returns the taxonomy and a one-line warning when the user's file was rejected.
    ``cache_dir`` keeps parsed taxonomies as JSON (see :mod:`core.topics.taxonomy_cache`).
    """
    if user_file is None:
        return default_taxonomy(cache_dir), None
    try:
        data = user_file.read_bytes()
    except FileNotFoundError:
        return default_taxonomy(cache_dir), None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        warning = f"cannot read {user_file}: {reason}; using the default topics"
        return default_taxonomy(cache_dir), warning
    try:
        return parse_taxonomy(data, str(user_file), cache_dir), None
    except InsightsError as error:
        return default_taxonomy(cache_dir), f"{error}; using the default topics"
