"""The category list, drawn with the line API: rows, cursor, scrolling and the mouse."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.geometry import Offset

from daily_ai_insights.tui.app import InsightsApp
from daily_ai_insights.tui.widgets.category_list import CategoryList

AppFactory = Callable[..., InsightsApp]


async def test_rows_are_one_line_each_and_cut_with_an_ellipsis(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        categories = app.screen.query_one(CategoryList)
        await pilot.press("enter")
        await pilot.pause()
        width = categories.scrollable_content_region.width
        shown = [categories.render_line(y) for y in range(categories.size.height)]
        assert {strip.cell_length for strip in shown} == {categories.size.width}
        texts = [strip.text.rstrip() for strip in shown]
        assert texts[0].startswith("▾ ") and categories.rows[0][0] in texts[0]
        group = categories.group_of(categories.rows[0][0])
        assert group is not None
        cut = 0
        for paper, text in zip(group.papers, texts[1:], strict=False):
            assert text.startswith("   ") and cell_len(text) <= width
            # The sample has Hugging Face upvotes: each row keeps them whole at its right.
            assert paper.upvotes is not None and text.endswith(f"▲{paper.upvotes}")
            title = text.removesuffix(f"▲{paper.upvotes}").rstrip()
            if len(paper.title) + 3 > width - 6:
                cut += 1
                assert title.endswith("…") and paper.title.startswith(title[3:-1])
            else:
                assert title == f"   {paper.title}"
        assert cut, "some sample title must be too long for this width"
        assert all(text.isprintable() for text in texts)


async def test_paging_keeps_the_cursor_on_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        categories = app.screen.query_one(CategoryList)
        for row in list(categories.rows):  # open every category, from the last one up
            categories.highlighted = categories.rows.index(row)
            await pilot.press("right")
        await pilot.pause()
        height = categories.scrollable_content_region.height
        assert len(categories.rows) > height, "the sample must overflow the list here"
        # The scrollbar shows, and no row's text runs under it.
        text_width = categories.scrollable_content_region.width
        assert text_width < categories.size.width
        for y in range(height):
            strip = categories.render_line(y)
            assert strip.cell_length == categories.size.width
            assert cell_len(strip.text.rstrip()) <= text_width
        await pilot.press("end")
        await pilot.pause()
        last = len(categories.rows) - 1
        assert categories.highlighted == last
        assert categories.scroll_y == last - height + 1
        await pilot.press("pageup")
        await pilot.pause()
        assert categories.highlighted == last - (height - 1)
        await pilot.press("home")
        await pilot.pause()
        assert categories.highlighted == 0 and categories.scroll_y == 0
        await pilot.press("pagedown")
        assert categories.highlighted == height - 1
        assert categories.moved


async def test_a_click_on_a_row_opens_it_and_a_second_closes_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        categories = app.screen.query_one(CategoryList)
        second = categories.rows[1]
        assert second[1] is None
        await pilot.click(CategoryList, offset=Offset(4, 1))
        await pilot.pause()
        assert categories.current_row == second and categories.expanded == [second[0]]
        await pilot.hover(CategoryList, offset=Offset(4, 2))
        await pilot.pause()
        hovered = categories.render_line(2)
        plain = categories.render_line(3)
        assert hovered.text.strip() and {s.style.bgcolor for s in hovered if s.style} != {
            s.style.bgcolor for s in plain if s.style
        }
        await pilot.click(CategoryList, offset=Offset(4, 1))
        await pilot.pause()
        assert categories.expanded == []
