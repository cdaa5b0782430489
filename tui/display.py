"""Small display helpers shared by the widgets."""

from __future__ import annotations

from ..core.models import Category
from ..core.text import emoji_cells


def emoji(category: Category) -> str:
    """The category's emoji, bare and two cells wide (``·`` when it has none)."""
    return emoji_cells(category.emoji) or "· "
