"""Small display helpers shared by the widgets."""

from __future__ import annotations

from ..core.models import Category
from ..core.text import drop_variation_selectors


def emoji(category: Category) -> str:
    """The category's emoji without variation selectors.

    Terminals disagree on the width of an emoji followed by VS16 (``✈️``), which shifts
    every cell after it; the bare character has one agreed width.
    """
    return drop_variation_selectors(category.emoji) or "·"
