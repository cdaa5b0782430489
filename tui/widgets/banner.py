"""A dismissable first-run banner: how to fetch live papers and set a model endpoint."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static


class Banner(Horizontal):
    """Text on the left, a dismiss button on the right; removes itself when dismissed."""

    class Dismissed(Message):
        """The reader dismissed the banner (it stays away at the next start)."""

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(Text(self.message), id="banner-text")
        yield Button("Dismiss (Esc)", id="banner-dismiss", compact=True)

    @on(Button.Pressed, "#banner-dismiss")
    async def close(self) -> None:
        """Remove the banner, for good."""
        self.post_message(self.Dismissed())
        await self.remove()
