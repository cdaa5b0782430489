"""Errors that carry one line a person can read."""

from __future__ import annotations


class InsightsError(Exception):
    """Base class: ``str(error)`` is a single line fit for a notice or stderr."""


class SourceError(InsightsError):
    """A source could not be fetched or parsed."""


class CacheError(InsightsError):
    """The cache could not be read or written."""


class ConfigError(InsightsError):
    """The config file or an environment variable is wrong."""


class BriefingError(InsightsError):
    """A briefing could not be written."""


class ExportError(InsightsError):
    """An export could not be written."""


class NothingToExport(ExportError):
    """An export would hold no paper, so nothing was written; ``str(error)`` says why."""
