"""One layout per change (tui/one_layout.py): a widget resized by a layout keeps its new virtual
size without asking for a second layout of the screen, and the screen still ends right."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from reviewroom.tui import one_layout
from tests.frames import TerminalCells, count_layouts

# sha256 of Widget._size_updated in the Textual version read (8.2.8). When Textual changes it,
# read the new source against tui/one_layout.py, then update the hash here.
TEXTUAL_SIZE_UPDATED = "21ffb00b8a9833150e0faafd8ed4854f683814efd042832f4b5eeacc00c01f64"


def test_the_method_replaced_is_the_one_read() -> None:
    source = inspect.getsource(one_layout.TEXTUALS)
    assert hashlib.sha256(source.encode()).hexdigest() == TEXTUAL_SIZE_UPDATED


class Growing(App[None]):
    """A box whose text grows, beside a scrolling list that gains lines."""

    CSS = "#box { height: auto; border: solid $primary; } #list { height: 8; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("one line", id="box")
            with VerticalScroll(id="list"):
                yield Static("first", id="lines")


@pytest.mark.parametrize("patched", [True, False], ids=["one layout", "Textual's"])
async def test_a_change_that_resizes_containers_is_laid_out_once(
        monkeypatch: pytest.MonkeyPatch, patched: bool) -> None:
    """Textual lays the screen out a second time after any layout that resized a container;
    installed, one layout; either way the terminal ends showing the screen."""
    monkeypatch.setattr(Widget, "_size_updated", one_layout.TEXTUALS)
    if patched:
        one_layout.install()
    app = Growing()
    async with app.run_test(size=(40, 20)) as pilot:
        cells = TerminalCells(app)
        app.screen.refresh()
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        app.query_one("#box", Static).update("one line\ntwo lines\nthree lines")
        await pilot.pause()
        await pilot.pause()
        assert len(layouts) == (1 if patched else 2)
        assert cells.stale() == []
        app.query_one("#lines", Static).update("\n".join(f"line {n}" for n in range(20)))
        await pilot.pause()  # a scrollbar appears: that asks for its own layout
        await pilot.pause()
        assert cells.stale() == []
        scroll = app.query_one("#list", VerticalScroll)
        assert scroll.virtual_size.height == 20 and scroll.show_vertical_scrollbar
        scroll.scroll_end(animate=False, immediate=True)
        app.query_one("#lines", Static).update("short now")  # the scroll is clamped back
        await pilot.pause()
        await pilot.pause()
        assert scroll.scroll_y == 0 and not scroll.show_vertical_scrollbar
        assert cells.stale() == []
