"""The meeting screen's first frame (issue 13, part 2): the app's first screen, laid out until it
settles and drawn once, with nothing drawn again after it that it already showed.

What the terminal received is kept frame by frame (tests/frames.py ``TerminalCells``, installed
before the app starts), and compared with a full render of the screen once the app is idle.
"""

from __future__ import annotations

import hashlib
import inspect

import pytest
from textual import events
from textual._compositor import Compositor
from textual.screen import Screen

from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.start_meeting import StartMeetingDialog
from reviewroom.tui.widgets import CriteriaPanel, RequestsTable
from tests.conftest import ProjectFactory
from tests.frames import TerminalCells, count_layouts
from tests.support import (
    PROTOTYPE_REVIEW,
    fixed_clock,
    make_app,
    settle,
    standing_clock,
    wait_until,
)

# sha256 of the Screen methods tui/one_layout.py OneLayoutScreen overrides, as read in Textual
# 8.2.8. When Textual changes one, read the new source against OneLayoutScreen, then update it.
SCREEN_METHODS = {
    "_refresh_layout": "889715478130b7e06cbb02a266d699b5abb68053f767327b86ffc995ebe38bfb",
    "_on_layout": "55209a37fad6f883be69ba32281e3fd7b36ba7f661c4bc619f6a7435ca2e6799",
    "_on_update": "8d962c0761ddb02e7fa2e3352122d952e385c85aaf9c6482dfa2d5fec72e3273",
    "_on_resize": "ba5f7fb1b5a3327d190739f45c3fa7fed0edce724a511c4d6fb4fc94cb8214b9",
    "_on_screen_resume": "f39caa8ec4424d3cade603cf3bd714950323ca9bf16e922ba0dcad147fb9b9cf",
    "_compositor_refresh": "7a40efe563816a061e3ee82fefdc73ac853717b4dbdeb4359f1202cdfbd2878d",
}

# The compositor's map, which OneLayoutScreen._compare_with_laid_out puts back before a layout:
# ``reflow`` reads the old map from ``_full_map``; ``full_map`` rebuilds it lazily after a scroll.
COMPOSITOR_METHODS = {
    "reflow": "a08580a81a779473a4ac5fbb5f9ce489cf6c4aa8a7310eb52b4ed25f4fc4de80",
    "reflow_visible": "cac5dbc453489329836098c8a75cb2790f49b4060ef68bf89dcdfc37c8a3f1b8",
    "full_map": "cecfd00ffbfaf055f5ca144841b5b32142ea97cf2c0db23cc4efe2ccaf03a6ab",
}

REQUESTS = [f"Change {n}: a longer scenario about disputed cash-ups" for n in range(60)]


def test_the_screen_methods_overridden_are_the_ones_read() -> None:
    for name, pinned in SCREEN_METHODS.items():
        source = inspect.getsource(getattr(Screen, name))
        assert hashlib.sha256(source.encode()).hexdigest() == pinned, name
    for name, pinned in COMPOSITOR_METHODS.items():
        member = getattr(Compositor, name)
        source = inspect.getsource(member.fget if isinstance(member, property) else member)
        assert hashlib.sha256(source.encode()).hexdigest() == pinned, name


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (160, 50)])
async def test_the_first_frame_is_the_settled_screen_and_the_only_one(
        new_project: ProjectFactory, size: tuple[int, int]) -> None:
    """The list (scrolling: its scrollbar shows) and the panel are in the first frame, laid
    out as they stay; no blank screen comes before it and no frame after it until a key."""
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=REQUESTS)
    # the header's elapsed time stands still: a new minute during the test would draw a frame
    # (fixed_clock would not do: it moves on a minute each time it is asked, once a second)
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), clock=standing_clock)
    cells = TerminalCells(app)
    first: list[list[object]] = []
    write = cells.write

    def kept(update: object) -> None:
        write(update)  # type: ignore[arg-type]
        if not first:
            first.extend(cells.lines())

    cells.write = kept  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(RequestsTable)))
        await settle(pilot)
        await pilot.pause(0.3)  # a frame asked for by the start would come in this time
        screen = app.screen
        assert app.screen_stack == [screen] and isinstance(screen, MeetingScreen)
        table = screen.query_one(RequestsTable)
        assert table.row_count == len(REQUESTS) and table.show_vertical_scrollbar
        assert cells.frames == ["full"]
        assert first == cells.expected(), cells.stale()
    app.project.close()


async def test_a_resize_to_the_laid_out_size_lays_nothing_out(
        new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same size again is skipped (Textual laid the whole screen out for it); another
    size is laid out, and the terminal shows the screen after either."""
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW, requests=REQUESTS))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(RequestsTable)))
        await settle(pilot)
        cells = TerminalCells(app)
        layouts = count_layouts(monkeypatch)
        app.screen.post_message(events.Resize(app.size, app.size))
        await pilot.pause()
        await pilot.pause()
        assert layouts == []
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: app.screen.query_one(CriteriaPanel).size.height > 30)
        await pilot.pause()
        assert layouts
        assert cells.stale() == []
    app.project.close()


async def test_a_meeting_started_in_the_app_opens_on_its_first_frame_too(
        new_project: ProjectFactory) -> None:
    """With no meeting running the start dialog comes first (over Textual's blank screen);
    the meeting screen pushed after it settles before it draws, as the first screen does."""
    app = make_app(new_project())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, StartMeetingDialog))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await settle(pilot)
        screen = app.screen
        assert len(app.screen_stack) == 2  # over Textual's blank screen
        cells = TerminalCells(app)
        screen.refresh()
        await pilot.pause()
        assert cells.stale() == []
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.editing)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not screen.editing)  # type: ignore[attr-defined]
        await pilot.pause()
        assert cells.stale() == []
    app.project.close()


async def test_the_list_is_styled_once_and_focused_before_the_first_frame(
        new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list has the cursor from its first styling (meeting_view's compose): giving it the
    focus once mounted styled it, and its component classes, a second time (~1.4 ms of the
    first paint). It still has the focus as Textual knows it, and the focused look."""
    from textual.css.stylesheet import Stylesheet

    styled: list[str] = []
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: object, *args: object, **kwargs: object) -> None:
        if isinstance(node, RequestsTable):
            styled.append("list")
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW, requests=REQUESTS))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(RequestsTable)))
        await settle(pilot)
        table = app.screen.query_one(RequestsTable)
        assert styled == ["list"]
        assert app.screen.focused is table and table.has_focus
        assert table.styles.background_tint.a > 0  # OneLineRows:focus's tint
        await pilot.press("down")
        await wait_until(pilot, lambda: table.cursor_row == 1)
    app.project.close()
