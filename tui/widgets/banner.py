"""A dismissable first-run banner: how to fetch live papers and set a model endpoint."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static


class Banner(Horizontal):
    """Text on the left, a dismiss button on the right; removes itself when dismissed."""

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(Text(self.message), id="banner-text")
        yield Button("Dismiss", id="banner-dismiss", compact=True)

    @on(Button.Pressed, "#banner-dismiss")
    async def close(self) -> None:
        """Remove the banner."""
        await self.remove()
