"""``tui/compat.py``: what the reader relies on inside Textual, one test per function.

A Textual upgrade that changes any of it fails here, in one obvious place.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from daily_ai_insights.tui.compat import set_scroll_size

TUI = Path(__file__).resolve().parents[2] / "tui"


class _Lines(ScrollView):
    DEFAULT_CSS = "_Lines { width: 1fr; height: 1fr; overflow-y: scroll; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class _Two(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield _Lines(id="quiet")
            yield _Lines(id="laid-out")


async def test_set_scroll_size_matches_a_layout_without_laying_out() -> None:
    """The quiet way ends where Textual's own (assign ``virtual_size``, lay out) ends:
    the same scrollbar, the same scroll range, the offset kept in range; no layout."""
    app = _Two()
    async with app.run_test(size=(60, 12)) as pilot:
        quiet, laid_out = app.query_one("#quiet", _Lines), app.query_one("#laid-out", _Lines)
        for view in (quiet, laid_out):
            view.virtual_size = Size(20, 100)
        await pilot.pause()
        for view in (quiet, laid_out):
            view.scroll_to(y=80, animate=False, immediate=True)
        layouts: list[int] = []
        original = app.screen._refresh_layout

        def counting(size: Size | None = None, scroll: bool = False) -> None:
            layouts.append(1)
            original(size, scroll)

        app.screen._refresh_layout = counting  # type: ignore[method-assign]
        set_scroll_size(quiet, Size(20, 30))
        await pilot.pause()
        assert layouts == [], "set_scroll_size laid the screen out"
        laid_out.virtual_size = Size(20, 30)
        await pilot.pause()
        assert layouts, "Textual no longer lays out on virtual_size: compat can go"
        assert quiet.virtual_size == laid_out.virtual_size == Size(20, 30)
        assert quiet.max_scroll_y == laid_out.max_scroll_y
        assert quiet.scroll_y == laid_out.scroll_y == quiet.max_scroll_y
        bars = (quiet.vertical_scrollbar, laid_out.vertical_scrollbar)
        assert bars[0].window_virtual_size == bars[1].window_virtual_size == 30
        assert bars[0].window_size == bars[1].window_size
        assert [s.text for s in bars[0].render_lines(bars[0].region.reset_offset)] == [
            s.text for s in bars[1].render_lines(bars[1].region.reset_offset)
        ]


def test_no_other_module_touches_private_textual_or_rich_attributes() -> None:
    """Only compat.py may rely on Textual's inside; nothing assigns or calls ``obj._x``
    on a Textual or Rich object, and nothing imports their private modules."""
    import re

    foreign = re.compile(
        r"(?<!self)(?<!cls)\.\_[a-z]\w*|from (textual|rich)\.\_|(textual|rich)\.\_[a-z]"
    )
    offenders = [
        f"{path.relative_to(TUI)}: {line.strip()}"
        for path in TUI.rglob("*.py")
        if path.name != "compat.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if foreign.search(line.split("#")[0])
    ]
    assert offenders == []


def test_own_private_names_never_shadow_textuals() -> None:
    """A ``self._name`` of our widgets, screens or app that Textual's classes use too
    would silently override Textual's own state or method."""
    import importlib
    import inspect
    import re

    from textual.dom import DOMNode

    clashes = []
    for path in sorted(TUI.rglob("*.py")):
        dotted = ".".join(path.relative_to(TUI.parent).with_suffix("").parts)
        module = importlib.import_module(f"daily_ai_insights.{dotted}")
        for cls in vars(module).values():
            if not (
                inspect.isclass(cls)
                and issubclass(cls, DOMNode)
                and cls.__module__ == module.__name__
            ):
                continue
            theirs: set[str] = set()
            for base in cls.__mro__:
                if base.__module__.split(".")[0] in ("textual", "rich"):
                    theirs |= {name for name in vars(base) if name.startswith("_")}
                    theirs |= set(re.findall(r"self\.(_[a-z]\w*)", inspect.getsource(base)))
            source = inspect.getsource(cls)
            ours = set(re.findall(r"self\.(_[a-z]\w*)\s*(?::|=(?!=))", source))
            ours |= set(re.findall(r"def (_[a-z]\w*)", source))
            clashes += [f"{cls.__name__}.{name}" for name in sorted(ours & theirs)]
    assert clashes == []
