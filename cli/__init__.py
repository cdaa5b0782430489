"""The ``insights`` command: the reader by default, or a subcommand (fetch, export, days)."""
