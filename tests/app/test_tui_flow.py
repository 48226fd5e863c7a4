"""The meeting flow: filters that never hide what was just captured, the header's state, and the
small things a facilitator trips over (home/end, toasts, the end-of-meeting message, screenshots).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import Label

from reviewroom.store.project import Project
from reviewroom.tui.screens.attendees import AttendeesDialog, AttendeesField
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import DetailPane, MeetingHeader, RequestsTable
from reviewroom.tui.widgets.request_form import RequestForm
from tests.conftest import ProjectFactory
from tests.support import (
    PROTOTYPE_REVIEW,
    fixed_clock,
    make_app,
    record_notes,
    type_text,
    wait_until,
)

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A project with a live meeting and three requests; CR-2 mentions a red flag."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=[
        "Bigger logo", "Show the red flag checklist first", "Shorter course"])


def header_text(app: Any) -> str:
    """The header line as shown."""
    return str(app.screen.query_one(MeetingHeader).render())


def listed(app: Any) -> list[str]:
    """The request IDs in the table, top to bottom."""
    return list(app.screen.query_one(RequestsTable).keys)


def visible_text(widget: Any) -> str:
    """What a widget draws in its region, as one string with runs of spaces collapsed."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(strip.text for strip in lines).split())


async def set_filter(pilot: Any, text: str) -> None:
    """``/``, the text, ``enter``."""
    await pilot.press("slash")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


# ---------------------------------------------------------------------- the filter


async def test_a_request_captured_under_a_filter_stays_listed_and_highlighted(
    folder: Path,
) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await set_filter(pilot, "red flag")
        assert listed(app) == ["CR-2"]
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Add a quiz")
        await pilot.press("enter")
        await pilot.pause()
        assert listed(app) == ["CR-2", "CR-4"]
        assert app.screen.query_one(RequestsTable).current_id == "CR-4"
        await pilot.press("i")  # acts on the request just captured, not on another one
        await pilot.pause()
        form = app.screen.query_one(RequestForm)
        assert form.is_open and form.request is not None
        assert form.request.id == "CR-4"
    app.project.close()


async def test_an_edited_request_stays_listed_when_it_leaves_the_filter(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("tab", "space", "down", "enter", "enter")  # verdict: pending; apply
        await pilot.pause()
        assert listed(app) == ["CR-1", "CR-2", "CR-3"]
        await pilot.press("down", "v", "u")  # CR-2 no longer matches "pending"
        await pilot.pause()
        assert listed(app) == ["CR-1", "CR-2", "CR-3"]
        assert app.screen.query_one(RequestsTable).current_id == "CR-2"
        await pilot.press("slash", "ctrl+r")  # a new filter starts from the filter alone
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("tab", "space", "down", "enter", "enter")
        await pilot.pause()
        assert listed(app) == ["CR-1", "CR-3"]
    app.project.close()


async def test_the_header_says_a_filter_is_on(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        assert "filter" not in header_text(app)
        await set_filter(pilot, "red flag")
        assert "filter: “red flag”" in header_text(app)
        await pilot.press("slash", "ctrl+r")
        await pilot.pause()
        assert "filter" not in header_text(app)
    app.project.close()


async def test_the_polish_header_says_a_filter_is_on(new_project: ProjectFactory) -> None:
    path = new_project(lang="pl", meeting=PROTOTYPE_REVIEW)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await set_filter(pilot, "logo")
        assert "filtr: „logo”" in header_text(app)
    app.project.close()


# ---------------------------------------------------------------------- the header


async def test_a_watcher_stops_saying_live_when_the_meeting_ends(folder: Path) -> None:
    writer = Project.open(folder, clock=fixed_clock())
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "LIVE" in header_text(app)
        writer.end_meeting()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for _ in range(50):  # the watcher checks twice a second; wait for the redraw
            await pilot.pause(0.1)
            if "ended" in header_text(app):
                break
        assert "ended" in header_text(app) and "LIVE" not in header_text(app)
        assert "READ-ONLY" in header_text(app)
    app.project.close()
    writer.close()


# ---------------------------------------------------------------------- ending the meeting


async def end_meeting(app: Any, pilot: Any) -> str:
    """End the meeting from the palette action with ``y``; the message the app leaves."""
    app.screen.action_end_meeting()
    await pilot.pause()
    await pilot.press("y")
    await wait_until(pilot, lambda: app.return_value is not None)
    return str(app.return_value.message)


async def test_the_end_message_names_the_project_to_export(folder: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWROOM_HOME", str(folder.parent))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        message = await end_meeting(app, pilot)
    app.project.close()
    assert message.endswith("reviewroom export acme")
    assert "PROJECT" not in message


async def test_the_end_message_outside_the_home_gives_the_folder(folder: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    monkeypatch.setenv("REVIEWROOM_HOME", str(tmp_path / "elsewhere"))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        message = await end_meeting(app, pilot)
    app.project.close()
    assert message.endswith(f"reviewroom export {folder}")


async def test_the_polish_end_message_names_the_project(new_project: ProjectFactory,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = new_project("przychodnia", lang="pl", meeting=PROTOTYPE_REVIEW)
    monkeypatch.setenv("REVIEWROOM_HOME", str(path.parent))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        message = await end_meeting(app, pilot)
    app.project.close()
    assert message.endswith("reviewroom export przychodnia") and "PROJEKT" not in message


# ---------------------------------------------------------------------- keys and panes


async def test_home_and_end_go_to_the_first_and_last_request(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await pilot.press("end")
        assert table.current_id == "CR-3"
        await pilot.press("home")
        assert table.current_id == "CR-1"
        await pilot.press("ctrl+end")
        assert table.current_id == "CR-3"
        await pilot.press("ctrl+home")
        assert table.current_id == "CR-1"
    app.project.close()


async def test_toasts_leave_the_detail_pane_and_the_list_readable(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Minutes written to /somewhere/minutes/M-1.md\nand a second line")
        await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert toasts
        detail = app.screen.query_one(DetailPane).region
        table = app.screen.query_one(RequestsTable).region
        for toast in toasts:
            assert not toast.region.overlaps(detail)
            assert not toast.region.overlaps(table)
    app.project.close()


async def test_criteria_in_the_detail_pane_read_without_a_dot_semicolon(folder: Path) -> None:
    with Project.open(folder, clock=fixed_clock()) as project:
        project.update_request("CR-1", criteria="P1, A1")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = app.screen.query_one(DetailPane).text
        assert "P1 New staff" in body and "A1 Staff see" in body
        assert ".;" not in body
    app.project.close()


def pane_lines(pane: DetailPane) -> list[str]:
    """The detail pane's text lines in view, as drawn (its border and padding left out)."""
    return [pane.render_line(y).text.rstrip() for y in range(pane.scrollable_content_region.height)]


async def test_text_selected_with_the_mouse_in_the_detail_pane_is_its_text(
        new_project: ProjectFactory) -> None:
    """Dragging over the detail pane selects its text as drawn (the pane draws its own lines,
    each carrying where it is in the text): within a line, and from one line into the next."""
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=["Bigger logo on the title screen"])
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        first, second = pane.text.splitlines()[:2]
        assert first == "Request: Bigger logo on the title screen"
        for start, end, expected in (((11, 1), (18, 1), first[9:17]),  # the end cell too
                                     ((11, 1), (8, 2), f"{first[9:]}\n{second[:7]}")):
            await pilot.mouse_down(pane, offset=start)  # inside the border and the padding
            await pilot.hover(pane, offset=end)
            await pilot.mouse_up(pane, offset=end)
            await pilot.pause()
            assert app.screen.get_selected_text() == expected
            app.screen.clear_selection()
    app.project.close()


async def test_the_detail_pane_scrolls_a_long_request_by_key_and_wheel(
        new_project: ProjectFactory) -> None:
    """A request longer than the pane shows its scrollbar at once, wrapped beside it; the
    wheel and the scrolling keys bring the rest into view, and the next request shows from its
    top, wrapped again for its own scrollbar."""
    long = " ".join(f"word{n}" for n in range(400))
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=[long, "Bigger logo"])
    app = make_app(folder)
    async with app.run_test(size=(100, 40)) as pilot:  # room for the short one
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        lines = [strip.text.rstrip() for strip in pane.all_lines()]
        height = pane.scrollable_content_region.height
        assert pane.show_vertical_scrollbar and len(lines) > height
        assert pane.virtual_size.height == len(lines)
        width = pane.scrollable_content_region.width
        assert max(len(line) for line in lines) <= width == pane.size.width - 1
        assert pane_lines(pane) == lines[:height]
        pane.post_message(events.MouseScrollDown(pane, 1, 1, 0, 1, 0, False, False, False))
        await wait_until(pilot, lambda: pane.scroll_y > 0)
        await pilot.pause()
        top = round(pane.scroll_y)
        assert pane_lines(pane) == lines[top:top + height]
        pane.focus()
        await pilot.press("end")
        await wait_until(pilot, lambda: round(pane.scroll_y) == len(lines) - height)
        await pilot.pause()
        assert pane_lines(pane) == lines[-height:]
        await pilot.press("home")
        await wait_until(pilot, lambda: pane.scroll_y == 0)
        app.screen.query_one(RequestsTable).move_cursor(row=1)
        await wait_until(pilot, lambda: "Bigger logo" in pane.text)
        await pilot.pause()
        lines = [strip.text.rstrip() for strip in pane.all_lines()]
        assert pane.scroll_y == 0 and "Bigger logo" in lines[0]
        assert not pane.show_vertical_scrollbar and len(lines) <= height
        assert pane.virtual_size.width == pane.scrollable_content_region.width == width + 1
        assert pane_lines(pane) == (lines + [""] * height)[:height]
    app.project.close()


async def test_the_attendees_error_is_shown_whole(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AttendeesDialog)
        area = dialog.query_one("TextArea")
        area.text = "Dana Whitfield client"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = dialog.query_one("#attendees-error", Label)
        message = " ".join(str(error.render()).split())
        assert message.endswith("role.")
        field = dialog.query_one(AttendeesField)
        assert field.region.contains_region(error.region)  # inside the dialog, not cut off
        assert visible_text(error) == message
    app.project.close()


# ---------------------------------------------------------------------- screenshot


async def test_a_screenshot_says_where_it_was_saved(folder: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    shots = user / "Downloads"
    shots.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / ".config"))
    app = make_app(folder)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        await wait_until(pilot, lambda: bool(notes))
        messages = [n.message for n in notes]
    app.project.close()
    saved = list(shots.glob("*.svg"))
    assert len(saved) == 1
    assert any(str(saved[0]) in m for m in messages), messages


async def test_a_failed_screenshot_says_why(folder: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    user.mkdir()
    locked = user / "Downloads"
    locked.symlink_to("/proc/self")  # a folder nobody, not even root, can create files in
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / ".config"))
    app = make_app(folder)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        await wait_until(pilot, lambda: bool(notes))
    app.project.close()
    assert notes and notes[0].severity == "error"
    assert str(locked) in notes[0].message
    assert notes[0].message.split(": ")[-1][:1].isupper()  # the reason, e.g. "No such file…"


async def test_a_watcher_has_no_screenshot(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Keys" in titles
    app.project.close()



async def test_the_start_dialog_shows_an_attendee_error_whole(new_project: ProjectFactory) -> None:
    app = make_app(new_project())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        area = dialog.query_one("TextArea")
        area.text = "Dana Whitfield client"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = dialog.query_one("#attendees-error", Label)
        message = " ".join(str(error.render()).split())
        assert message.endswith("role.")
        assert dialog.query_one(AttendeesField).region.contains_region(error.region)
        assert visible_text(error) == message
    app.project.close()
