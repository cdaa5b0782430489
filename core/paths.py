"""Where config, data and exports live.

``INSIGHTS_HOME`` puts all three under one folder; otherwise the platform's
config, data and documents directories are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "daily-ai-insights"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders the app reads and writes."""

    config_dir: Path
    data_dir: Path
    export_dir: Path

    @property
    def config_file(self) -> Path:
        """``config.toml`` in the config folder."""
        return self.config_dir / "config.toml"

    @property
    def taxonomy_file(self) -> Path:
        """``taxonomy.toml``: the user's categories, if they wrote one."""
        return self.config_dir / "taxonomy.toml"

    @property
    def cache_dir(self) -> Path:
        """The day cache (``core.store.days``)."""
        return self.data_dir / "cache"

    @property
    def reader_dir(self) -> Path:
        """The reader's own data (read marks, stars): kept apart from the cache."""
        return self.data_dir / "reader"

    @property
    def search_index(self) -> Path:
        """The full-text index of the cached days (derived data, under the cache)."""
        return self.cache_dir / "search.sqlite3"

    @property
    def corrections_file(self) -> Path:
        """Papers the reader moved to another category (``core.store.corrections``)."""
        return self.reader_dir / "corrections.json"

    @property
    def state_file(self) -> Path:
        """The reader's remembered state (last day, open category)."""
        return self.data_dir / "state.json"


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    """Resolve the app's folders from ``INSIGHTS_HOME`` or the platform's defaults."""
    env = os.environ if environ is None else environ
    home = env.get("INSIGHTS_HOME", "").strip()
    if home:
        root = Path(home).expanduser()
        return AppPaths(root / "config", root / "data", root / "exports")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_documents_dir()) / "Daily AI Insights",
    )
