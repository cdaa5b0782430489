"""Full-text search over every cached day (SQLite FTS5; see docs/search.md)."""
