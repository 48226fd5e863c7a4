"""One layout per change (tui/one_layout.py): a widget resized by a layout keeps its new virtual
size without asking for a second layout of the screen, and the screen still ends right."""

from __future__ import annotations

import hashlib
import inspect

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from reviewroom.tui import one_layout
from reviewroom.tui.screens.meeting import MeetingScreen
from tests.conftest import ProjectFactory
from tests.frames import TerminalCells, count_layouts
from tests.support import PROTOTYPE_REVIEW, make_app, type_text, wait_until

# sha256 of Widget._size_updated in the Textual version read (8.2.8). When Textual changes it,
# read the new source against tui/one_layout.py, then update the hash here.
TEXTUAL_SIZE_UPDATED = "21ffb00b8a9833150e0faafd8ed4854f683814efd042832f4b5eeacc00c01f64"
# Widget._check_refresh, which ask_now calls for the widgets that asked for a layout.
TEXTUAL_CHECK_REFRESH = "ad1c8196be9747bff64e8e37a934439fcfd8160ed02c5127660989428d5711a6"


def test_the_methods_replaced_or_called_are_the_ones_read() -> None:
    for method, pinned in ((one_layout.TEXTUALS, TEXTUAL_SIZE_UPDATED),
                           (Widget._check_refresh, TEXTUAL_CHECK_REFRESH)):
        source = inspect.getsource(method)
        assert hashlib.sha256(source.encode()).hexdigest() == pinned, method.__name__


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


async def test_a_save_lays_the_meeting_screen_out_once(
        new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ctrl+s`` hides the form and shows the detail pane, the saved row and its detail: each
    widget asks for its layout from its own queue, and the screen laid itself out a second
    time for the ones that asked after its first layout had begun (one_layout.ask_now)."""
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        screen = app.screen
        cells = TerminalCells(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Bigger logo")
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editing)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        assert len(layouts) == 1
        app.screen.refresh()
        await pilot.pause()
        assert cells.stale() == []
    app.project.close()

