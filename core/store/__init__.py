"""The cache on disk: day files (TinyDB over atomic JSON files), the index of days, the
lock between processes, and the plain-dict forms of the records."""
