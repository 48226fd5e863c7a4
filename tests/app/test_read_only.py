"""Read-only is enforced by the app: a watcher can look, filter, get help and quit — nothing else,
whatever triggers the action (a key, a click, the palette, a ``[@click=…]`` action in text)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from reviewroom.tui.screens.filter import FilterDialog
from reviewroom.tui.screens.help import HelpScreen
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import RequestsTable
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory, tmp_path: Path) -> Path:
    """A live meeting whose requests carry markup actions a click could run."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=[
        f"[@click=app.screenshot('victim.svg','{tmp_path}')]Overwrite[/]",
        "[@click=app.quit]x[/] quits the writer",
        "Move the page [/about] to the menu",
    ])


def store_bytes(folder: Path) -> bytes:
    """The store as it is on disk."""
    return (folder / "reviewroom.json").read_bytes()


async def click_request(pilot, row: int) -> None:  # type: ignore[no-untyped-def]
    """Click the request cell of a row (twice: the first highlights it, the second selects)."""
    table = pilot.app.screen.query_one(RequestsTable)
    y = row + 1  # under the header row
    for _ in range(2):
        await pilot.click(RequestsTable, offset=(14, y + 1))  # inside the border
        await pilot.pause()
    assert table.cursor_row == row


async def test_clicking_a_markup_request_in_watch_mode_does_nothing(
    folder: Path, tmp_path: Path
) -> None:
    before = store_bytes(folder)
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for row in (0, 1, 2):
            await click_request(pilot, row)
            assert isinstance(app.screen, MeetingScreen)  # no form opened, still running
        assert app.return_value is None and app.is_running
    app.project.close()
    assert not list(tmp_path.glob("victim*"))
    assert store_bytes(folder) == before


async def test_clicking_a_markup_request_in_the_writer_runs_nothing(
    folder: Path, tmp_path: Path
) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await click_request(pilot, 1)  # [@click=app.quit]: a second click edits the request
        assert app.is_running
        await pilot.press("escape")
        await click_request(pilot, 0)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert not list(tmp_path.glob("victim*"))


@pytest.mark.parametrize("read_only", [True, False])
async def test_a_markup_action_clicked_anywhere_is_refused_only_when_read_only(
    folder: Path, tmp_path: Path, read_only: bool
) -> None:
    """The guard itself: real markup (as a buggy widget would render it) clicked in the app."""
    shots = tmp_path / "shots"
    shots.mkdir()
    app = make_app(folder, read_only=read_only)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bait = Static(f"[@click=app.screenshot('shot.svg','{shots}')]CLICK ME[/]", id="bait")
        await app.screen.mount(bait, before=0)
        await pilot.pause()
        await pilot.click("#bait", offset=(2, 0))
        await pilot.pause(0.3)
        assert app.is_running
    app.project.close()
    assert (shots / "shot.svg").exists() is not read_only


ACTIONS_THAT_CHANGE = [
    "screen.new_request", "screen.edit", "screen.edit_intent", "screen.verdict",
    "screen.decision", "screen.revise", "screen.attendees", "screen.export",
    "screen.end_meeting", "app.screenshot", "app.change_theme", "app.bell",
    "app.simulate_key('n')", "app.push_screen('x')", "app.toggle_dark", "screen.maximize",
    "focused.select_all",
]


async def test_no_action_that_changes_anything_runs_in_watch_mode(
    folder: Path, tmp_path: Path
) -> None:
    before = store_bytes(folder)
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        theme = app.theme
        for action in ACTIONS_THAT_CHANGE:
            assert await app.run_action(action) is False, action
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen), action
        assert app.theme == theme
        assert app.deliver_screenshot("shot.svg", str(tmp_path)) is None
        await pilot.press("n", "enter", "i", "v", "d", "c", "t", "e")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert store_bytes(folder) == before
    assert not list(tmp_path.glob("*.svg"))


async def test_navigation_filter_help_and_quit_still_work_in_watch_mode(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RequestsTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("a", "b", "o", "u", "t", "backspace", "t", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.filter.text == "about" and table.row_count == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    app.project.close()


async def test_the_watch_palette_runs_only_what_the_policy_allows(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        commands = list(app.get_system_commands(screen))
        names = {getattr(c.callback, "__name__", "") for c in commands}
        assert names & {"action_change_theme", "<lambda>", "action_maximize"} == set()
        assert "action_help" in names  # Keys: reviewroom's own help (tui/palette.py)
        screen_actions = {c.callback.args[0] for c in commands  # the screen's, via run_action
                          if isinstance(c.callback, partial)}
        assert {"quit", "filter", "help"} <= screen_actions
        assert screen_actions <= MeetingScreen.READ_ONLY_ACTIONS
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        palette_input = app.screen.query_one(Input)
        palette_input.value = "filter"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
    app.project.close()


async def test_home_and_end_move_a_watcher_to_the_first_and_last_request(folder: Path) -> None:
    """Found in tmux: the README's home/end did nothing in a watcher (read-only refused them)."""
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert table.current_id == "CR-3"
        await pilot.press("home")
        await pilot.pause()
        assert table.current_id == "CR-1"
    app.project.close()
