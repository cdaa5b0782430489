"""The detail pane's hint until the briefing view is mounted (a moment after start).

It shows a closed category's overview exactly as the briefing view draws it (same
styles, same wrapping width), so nothing moves when the view takes over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.widget import Widget

from .briefing_text import HINT, group_texts

if TYPE_CHECKING:
    from ...core.models import CategoryGroup


class CategoryHint(Widget):
    """How to open a category; with a category, its title, count and description first."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "briefing-view--title",
        "briefing-view--description",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.group: CategoryGroup | None = None
        self.empty = ""  # why the day has nothing to show, when it has not

    def show(self, group: CategoryGroup | None, empty: str = "") -> None:
        """Show ``group``'s overview, or the bare hint when None (or why the day is
        ``empty``)."""
        self.group, self.empty = group, empty
        self.refresh()

    def render(self) -> Text:
        hint = Text(HINT, style="dim")
        if self.group is None:
            return Text(self.empty) if self.empty else hint
        title, description, _ = group_texts(self.group)
        title.stylize_before(self.get_component_rich_style("briefing-view--title"))
        text = Text.assemble(title, "\n")
        if description.plain:
            description.stylize_before(self.get_component_rich_style("briefing-view--description"))
            text.append_text(Text.assemble(description, "\n"))
        return Text.assemble(text, "\n", hint)
