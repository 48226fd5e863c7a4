"""Text lines that change without laying the screen out when they take the same room
(tui/widgets/static_text.py): what ``Static.update`` costs on every key otherwise."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from reviewroom.tui.widgets.static_text import show_if_changed
from tests.frames import TerminalCells, count_layouts


class Lines(App[None]):
    """A wrapping line of text (height auto), a one-line fixed one, and one below them."""

    CSS = "#fixed { height: 1; } #auto-width { width: auto; }"

    def compose(self) -> ComposeResult:
        yield Static(Content("first words"), id="text")
        yield Static(Content("fixed"), id="fixed")
        yield Static(Content("sized by its words"), id="auto-width")
        yield Static(Content("below"), id="below")


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the full layouts of any screen."""
    return count_layouts(monkeypatch)


async def test_a_line_laid_out_only_when_it_takes_other_room(layouts: list[int]) -> None:
    app = Lines()
    async with app.run_test(size=(20, 12)) as pilot:
        cells = TerminalCells(app)
        app.screen.refresh()
        await pilot.pause()
        text, fixed = app.query_one("#text", Static), app.query_one("#fixed", Static)
        auto, below = app.query_one("#auto-width", Static), app.query_one("#below", Static)
        steps: list[tuple[Static, str, bool]] = [
            (text, "other words", False),  # one line for one line: drawn, nothing moves
            (text, "words that wrap onto a second line", True),  # two lines: laid out
            (text, "two lines again, other words", False),
            (fixed, "a fixed line, whatever its text says", False),
            (auto, "wider", True),  # its width follows its words
            (text, "one", True),
        ]
        for static, words, laid_out in steps:
            layouts.clear()
            show_if_changed(static, Content(words))
            await pilot.pause()
            await pilot.pause()
            assert (len(layouts) > 0) == laid_out, words
            assert cells.stale() == [], words
            assert below.region.y == text.region.bottom + 2  # fixed, and the one above it
        layouts.clear()
        show_if_changed(text, Content("one"))  # the same: not even drawn
        await pilot.pause()
        assert layouts == []
