"""What each key draws on the meeting screen (issue 13, part 2: every key within 100 ms).

A key costs what its frames cost; the screen draws as little as it can, and what the terminal
ends up showing must still be the screen (tests/frames.py keeps the terminal's cells from the
frames the app wrote and compares them with a full render once the app is idle).
"""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.meeting_view import MeetingView
from reviewroom.tui.widgets import CriteriaPanel, DetailPane, RequestsTable
from tests.conftest import ProjectFactory
from tests.frames import TerminalCells, count_layouts
from tests.support import PROTOTYPE_REVIEW, make_app, settle, type_text, wait_until

SIZE = (100, 30)
# The keys of a capture through every kind of field, the checklist and back, then an edit.
KEYS = ("down", "up", "n", "x", "tab", "d", "tab", "tab", "k", "1", "tab", "down", "space",
        "tab", "ctrl+s", "down", "enter", "tab", "escape", "i", "escape")


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with three requests."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course", "Bigger logo",
                                                           "Fewer quizzes"])


async def opened(pilot: object, app: object) -> MeetingScreen:
    """Wait for the meeting screen and its rows."""
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)  # type: ignore[attr-defined]
                     and app.screen.query_one(RequestsTable).row_count > 0)  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MeetingScreen)
    return screen


async def form_opened(pilot: Any, app: object) -> MeetingScreen:
    """The meeting screen with its form built ahead (as in a terminal), opened by ``n``."""
    screen = await opened(pilot, app)
    await wait_until(pilot, lambda: screen.form is not None)
    await pilot.press("n")
    await wait_until(pilot, lambda: screen.editing)
    return screen


async def test_what_the_terminal_shows_is_the_screen_after_every_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        cells = TerminalCells(app)
        await opened(pilot, app)
        app.screen.refresh()  # one full frame: the terminal's cells start from the screen
        await pilot.pause()
        assert cells.stale() == []
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert cells.stale() == [], f"after {key}"


async def test_moving_between_fields_draws_no_full_frame(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        cells = TerminalCells(app)
        screen = await opened(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.editing)
        await pilot.pause()
        cells.frames.clear()
        for key in ("tab", "tab", "shift+tab"):
            await pilot.press(key)
            await pilot.pause()
        assert cells.frames and "full" not in cells.frames


async def test_typing_in_the_form_leaves_the_scrollbars_of_list_and_panel_alone(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.editing)
        await pilot.pause()
        updated: list[str] = []
        for widget in (screen.query_one(RequestsTable), screen.query_one(CriteriaPanel)):
            update = widget._scroll_update
            monkeypatch.setattr(widget, "_scroll_update",
                                lambda size, update=update, name=widget.id: (
                                    updated.append(name), update(size)))
        for key in ("x", "y", "backspace"):  # each one a layout of the screen (Input's size)
            await pilot.press(key)
            await pilot.pause()
        assert updated == []
        # A change of size still reaches them: a narrower terminal moves both scrollbars.
        await pilot.resize_terminal(90, 28)
        await pilot.pause()
        assert {"requests", "criteria"} <= set(updated)


# sha256 of the source of what the override of ``Screen.focused`` relies on, in Textual 8.2.8:
# the focus moves by ``set_focus``, which restyles the widgets under a :focus-within container,
# and each widget restyles itself when its ``has_focus`` changes. When Textual changes one, read
# the new source against MeetingView.focused, then update the hash here.
PRIVATE_SOURCES = {
    "Screen.set_focus": "56cfb5778970531a8a4a68f0694d956293d66fcf927847c801a6785e182144cf",
    "Screen._update_focus_styles":
        "cc50d6be558c87514aeee002a05ed3b121daacd58d2cb8eea9e38a4b25fec7e8",
    "Screen._watch_focused": "91fed3126821f9a223f256d005ec83418886c1d59af7475d7c6fb10bf70054ff",
}
# What tui/widgets/steady_scrollbars.py overrides: it calls it unless nothing changed.
SCROLL_VIEW_SIZE_UPDATED = "1606ca15d9392999c954bd802d2cf583ac1ef65bfa30b6e4324ffd5f92da2999"


def test_the_scroll_view_update_steady_scrollbars_skips_is_still_textuals() -> None:
    source = inspect.getsource(ScrollView._size_updated)
    assert hashlib.sha256(source.encode()).hexdigest() == SCROLL_VIEW_SIZE_UPDATED


def test_the_focus_reactive_meeting_view_overrides_is_still_textuals() -> None:
    ours, theirs = MeetingView.__dict__["focused"], Screen.__dict__["focused"]
    assert isinstance(theirs, Reactive) and isinstance(ours, Reactive)
    assert theirs._repaint and not ours._repaint
    for flag in ("_default", "_layout", "_init", "_always_update", "_run_compute",
                 "_recompose", "_bindings", "_toggle_class"):
        assert getattr(ours, flag) == getattr(theirs, flag), flag
    for name, digest in PRIVATE_SOURCES.items():
        source = inspect.getsource(getattr(Screen, name.split(".")[1]))
        assert hashlib.sha256(source.encode()).hexdigest() == digest, name



@pytest.mark.parametrize("size", [(80, 24), (100, 30), (130, 30)],
                         ids=["short look", "no By column", "every column"])
async def test_the_list_never_draws_itself_empty(folder: Path, size: tuple[int, int],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13's first paint: the rows are there the first time the list is drawn (built on
    its first resize, they came after a frame of an empty list), in each look of the list."""
    drawn: list[int] = []
    render_lines = RequestsTable.render_lines

    def spy(table: RequestsTable, crop: Region) -> list[Strip]:
        drawn.append(table.row_count)
        return render_lines(table, crop)

    monkeypatch.setattr(RequestsTable, "render_lines", spy)
    app = make_app(folder)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app)
        await pilot.pause()
        assert "Fewer quizzes" in str(app.screen.query_one(RequestsTable).get_row("CR-3"))
    assert drawn and drawn[0] == 3


async def test_the_criteria_panel_is_wrapped_before_it_is_first_drawn(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrapped when first drawn, the panel's new scroll size asked for a second layout and a
    second frame at every opening; it is wrapped for the width the screen expects at mount."""
    sized: list[int] = []
    render_line = CriteriaPanel.render_line

    def spy(panel: CriteriaPanel, y: int) -> Strip:
        sized.append(panel.virtual_size.height)
        return render_line(panel, y)

    monkeypatch.setattr(CriteriaPanel, "render_line", spy)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await pilot.pause()
        wrapped = app.screen.query_one(CriteriaPanel).virtual_size.height
    assert sized and sized[0] == wrapped > 0



async def test_a_row_added_to_a_long_list_lays_nothing_out(
        new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A saved request adds a row: the list's scroll size grows, which Textual's reactive
    answered with a layout of the whole screen after the save's own (SteadyScrollbars'
    ``set_virtual_size``); the list and its scrollbar are drawn right all the same."""
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=[f"Change {n}" for n in range(40)])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        table = screen.query_one(RequestsTable)
        cells = TerminalCells(app)
        app.screen.refresh()
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        height = table.virtual_size.height
        for n in range(3):
            screen.put(app.project.add_request(f"Added {n}", by="Dana"))
            await pilot.pause()
            await pilot.pause()
        assert table.virtual_size.height == height + 3
        assert layouts == []
        table.action_last_row()
        await pilot.pause()
        assert cells.stale() == []


@pytest.mark.parametrize("key", ["down", "up", "pagedown", "end"])
async def test_a_move_in_the_list_shows_its_request_in_the_same_frame(
        folder: Path, key: str) -> None:
    """The detail pane follows the cursor in the frame that moves it: filled from the
    Highlighted message, it came a frame later, a second frame for every ``down``."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        screen = app.screen
        table = screen.query_one(RequestsTable)
        if key == "up":
            table.move_cursor(row=2)
        cells = TerminalCells(app)
        screen.refresh()  # the terminal gets the whole screen once
        await pilot.pause()
        await pilot.pause()
        cells.frames.clear()
        await pilot.press(key)
        detail = screen.query_one(DetailPane)

        def shown() -> bool:
            current = screen.current  # type: ignore[attr-defined]
            return current is not None and current.request in detail.text

        await wait_until(pilot, shown)
        await pilot.pause()
        await pilot.pause()
        assert len(cells.frames) == 1
        assert cells.stale() == []
    app.project.close()


async def test_moving_between_fields_draws_one_frame_each(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a key asked to redraw before its frame is drawn in it (the label lit as the
    cursor comes to its field): it came as a second frame, sent from the widget's queue after
    the first one (OneLayoutScreen._take_repaints). The form is built ahead, as in a
    terminal."""
    monkeypatch.setattr(MeetingScreen, "builds_form_ahead", True)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        cells = TerminalCells(app)
        screen = await form_opened(pilot, app)
        screen.refresh()
        await pilot.pause()
        for key in ("tab", "tab", "shift+tab", "tab"):
            cells.frames.clear()
            await pilot.press(key)
            await wait_until(pilot, lambda: bool(cells.frames))
            await pilot.pause()
            await pilot.pause()
            assert len(cells.frames) == 1, key
        assert cells.stale() == []
    app.project.close()


async def test_a_save_below_the_fold_scrolls_and_draws_in_one_frame(
        new_project: ProjectFactory) -> None:
    """The saved row is added and scrolled to in the frame that closes the form (Textual's
    DataTable, the list's base until session 20, measured new rows when idle and scrolled to
    them after the next frame, so a save drew the list twice)."""
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW,
                               requests=[f"Change {n}" for n in range(40)]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        table = screen.query_one(RequestsTable)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.editing)
        await type_text(pilot, "Bigger logo")
        await pilot.pause()
        cells = TerminalCells(app)
        screen.refresh()
        await pilot.pause()
        cells.frames.clear()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not screen.editing and table.row_count == 41)
        await pilot.pause()
        await pilot.pause()
        assert table.cursor_row == 40 and table.scroll_y > 0
        assert len(cells.frames) == 1
        assert cells.stale() == []
    app.project.close()


@pytest.mark.parametrize("keys", [("end", "n"), ("end", "i"), ("end", "n", "escape", "n")])
async def test_the_form_opening_under_a_low_cursor_draws_one_frame(
        new_project: ProjectFactory, keys: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The form makes the list shorter: a highlighted row now below its bottom is scrolled into
    view in the layout, so the frame that opens the form shows it. From the list's resize event
    the scroll came after that frame, and drew the list again in a frame of its own (every
    ``n`` after a save, the saved row being the last)."""
    monkeypatch.setattr(MeetingScreen, "builds_form_ahead", True)
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW,
                               requests=[f"Change {n}" for n in range(15)]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        table = screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: screen.form is not None)
        for key in keys[:-1]:
            await pilot.press(key)
        await settle(pilot)
        cells = TerminalCells(app)
        screen.refresh()
        await pilot.pause()
        cells.frames.clear()
        await pilot.press(keys[-1])
        await wait_until(pilot, lambda: screen.editing)
        await settle(pilot)
        assert table.cursor_row == 14 and table.scroll_y > 0
        assert table.scrollable_content_region.height < 15  # the list is shorter than its rows
        assert len(cells.frames) == 1
        assert cells.stale() == []
    app.project.close()


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_tab_into_the_checklist_and_out_draws_one_frame_each(
        folder: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """``tab`` from Criteria into the checklist shortens the form's key line, which asks for
    a layout from its own queue; the request waited behind the frame's redraws and came as a
    second frame with a layout (OneLayoutScreen.post_message notes it as it is sent)."""
    monkeypatch.setattr(MeetingScreen, "builds_form_ahead", True)
    app = make_app(folder)
    async with app.run_test(size=size) as pilot:
        cells = TerminalCells(app)
        screen = await form_opened(pilot, app)
        for key in ("tab", "tab", "tab", "k", "1"):
            await pilot.press(key)
        await settle(pilot)
        screen.refresh()
        await pilot.pause()
        panel = screen.query_one(CriteriaPanel)
        for key, inside in (("tab", True), ("down", True), ("tab", False)):
            cells.frames.clear()
            await pilot.press(key)
            await wait_until(pilot, lambda inside=inside: panel.has_focus == inside)
            await settle(pilot)
            assert len(cells.frames) == 1, key
        assert cells.stale() == []
    app.project.close()


async def test_typing_a_criterion_ticks_the_panel_in_the_key_s_frame(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character typed into Criteria ticks the panel and shows the hint in the frame that
    shows the character: the form followed the field's Changed message, which came after that
    frame (one more frame and layout per key)."""
    monkeypatch.setattr(MeetingScreen, "builds_form_ahead", True)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        cells = TerminalCells(app)
        screen = await form_opened(pilot, app)
        for key in ("tab", "tab", "tab"):
            await pilot.press(key)
        await wait_until(pilot, lambda: getattr(app.focused, "id", "") == "field-criteria")
        screen.refresh()
        await pilot.pause()
        hint = screen.query_one("#criteria-hint")
        for key, shown in (("x", "X?"), ("9", "X9?")):
            cells.frames.clear()
            await pilot.press(key)
            await wait_until(pilot, lambda shown=shown: shown in str(hint.render()))
            await pilot.pause()
            await pilot.pause()
            assert len(cells.frames) == 1, key
        assert cells.stale() == []
    app.project.close()


@pytest.mark.parametrize("keys", [("i", "down", "ctrl+s"), ("n", "down", "escape", "n", "escape"),
                                  ("n", "pagedown", "escape")])
async def test_closing_the_form_after_it_scrolled_leaves_no_form_on_the_terminal(
        new_project: ProjectFactory, keys: tuple[str, ...]) -> None:
    """At 80×24 the form scrolls as the cursor moves down it. Textual rebuilt its map of the
    screen from the screen as it was at the next lookup, after the form had closed; the layout
    then found nothing changed and the terminal kept the closed form where the list had grown
    (OneLayoutScreen._compare_with_laid_out). Found by a random walk of the screen's keys."""
    app = make_app(new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course", "Logo"]))
    async with app.run_test(size=(80, 24)) as pilot:
        cells = TerminalCells(app)
        screen = await opened(pilot, app)
        screen.refresh()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause()
            await pilot.pause()
            assert cells.stale() == [], key
    app.project.close()
