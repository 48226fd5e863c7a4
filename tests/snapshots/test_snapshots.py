"""SVG snapshots of the main screens in English and Polish at 100×30 (the meeting screen also at
80×24 and 120×40).

Each test hands ``snap_compare`` an App instance (never a path, which is cached and can pass
falsely), with fixed clocks so the elapsed time and timestamps never change. Update with
``pytest tests/snapshots/test_snapshots.py --snapshot-update`` after checking the new pictures.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, TextArea

from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.widgets import CriteriaPanel
from tests.support import type_text, wait_until

SAMPLES = Path(__file__).resolve().parents[2] / "tui" / "samples"
SIZE = (100, 30)
# The criteria revision is drawn at the smallest size the app supports and at a roomy one.
REVISION_SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def clock_from(start: str) -> object:
    """A project clock ticking one minute per event."""
    moment = dt.datetime.fromisoformat(start)

    def tick() -> dt.datetime:
        nonlocal moment
        moment += dt.timedelta(minutes=1)
        return moment

    return tick


def meeting_app(tmp_path: Path, sample: str, title: str, start: str) -> ReviewApp:
    """A copy of a sample with a second meeting under way and two fresh requests."""
    shutil.copytree(SAMPLES / sample, tmp_path / sample)
    project = Project.open(tmp_path / sample, clock=clock_from(start))  # type: ignore[arg-type]
    meeting = project.start_meeting(title, project.meetings()[-1].attendees)
    rid = project.add_request(
        "Obviously the quiz should come first" if project.lang == "en"
        else "Oczywiście test powinien być na początku",
        by=meeting.attendees[0].name,
    ).id
    project.update_request(rid, criteria="K1")
    started = dt.datetime.fromisoformat(meeting.started_at)
    return ReviewApp(project, clock=lambda: started + dt.timedelta(minutes=17))


def no_blink(app: ReviewApp) -> None:
    """Cursor blink off in every input of the current screen, so pictures are stable."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
        widget.refresh()
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
        # Lines drawn while the cursor blinked off stay cached under the same key once blinking
        # stops (Textual 8.2): a style update clears that cache, so the cursor is drawn.
        area.notify_style_update()
        area.refresh()


CASES = {
    "en": ("northwind-onboarding", "Prototype review 2", "2026-10-28T10:00:00+01:00"),
    "pl": ("ochrona-danych-przychodnia", "Drugi przegląd", "2026-11-03T10:00:00+01:00"),
}


def test_meeting_screen(app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, press=["down"])


ROOM_SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", ROOM_SIZES)
def test_request_form(app: ReviewApp, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    """The request form docked in place of the detail pane, the criteria beside it."""
    async def open_form(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Bigger logo")  # one burst: a frame, not one per key
        no_blink(app)

    assert snap_compare(app, terminal_size=ROOM_SIZES[size], run_before=open_form)


@pytest.mark.parametrize("size", ROOM_SIZES)
def test_criteria_checklist(app: ReviewApp, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    """``tab`` from Criteria: the panel is a checklist, one typed ID and one ticked item."""
    async def into_checklist(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Bigger logo")
        await pilot.press("tab", "tab", "tab", "r", "1", "tab", "down", "space")
        await wait_until(pilot, lambda: isinstance(app.focused, CriteriaPanel))
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(app, terminal_size=ROOM_SIZES[size], run_before=into_checklist)


def test_criteria_editor(app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_editor(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("c", "r")  # the item list, then the brief's text (line numbers)
        await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.wait_for_scheduled_animations()
        no_blink(app)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_editor)


def test_help_screen(app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, press=["question_mark"])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_meeting_screen_sizes(app: ReviewApp, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The smallest supported terminal and a roomy one, on the last request (it names K1, so
    the criteria panel has scrolled to it)."""
    assert snap_compare(app, terminal_size=size, press=["end"])


@REVISION_SIZES
def test_criteria_revision(app: ReviewApp, size: tuple[int, int],
                           snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The list after ``c``: P1 reworded, a problem statement added, R1 marked removed."""

    async def revise(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press("home", "down", "e")  # P1 (home is the Problem heading)
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("end", *" (3%)", "enter")
        await wait_until(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press("a")  # a problem statement, after the last one
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Staff avoid the till in their first week")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.focused, OptionList))
        await pilot.press("down", "down", "x")  # the Result heading, then R1: removed

    assert snap_compare(app, terminal_size=size, run_before=revise)


@REVISION_SIZES
def test_revision_preview(app: ReviewApp, size: tuple[int, int],
                          snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The preview of a revision that removes K1, which earlier verdicts rest on."""

    async def preview(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.focused, OptionList))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("K1")  # (moving there: other tests)
        await pilot.press("x", "s")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await type_text(pilot, "Knowledge goal merged")
        no_blink(app)

    assert snap_compare(app, terminal_size=size, run_before=preview)


@pytest.fixture(params=["en", "pl"])
def watcher(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A watcher of a sample whose writer has the second request of its list highlighted."""
    sample, title, start = CASES[request.param]
    writer = meeting_app(tmp_path, sample, title, start)
    listed = [req.id for req, _ in writer.project.meeting_listing(writer.project.live_meeting)]
    assert writer.project.publish_cursor(listed[1], listed[0], 0)
    project = Project.open(tmp_path / sample, readonly=True)
    started = dt.datetime.fromisoformat(project.live_meeting.started_at)  # type: ignore[union-attr]
    app = ReviewApp(project, read_only=True, clock=lambda: started + dt.timedelta(minutes=17))
    yield app
    project.close()
    writer.project.close()


@pytest.mark.parametrize(("state", "size"), [("following", "120x40"), ("not-following", "80x24")])
def test_presenter_header(watcher: ReviewApp, snap_compare, size: str,  # type: ignore[no-untyped-def]
                          state: str) -> None:
    """The client's view: the header says it follows the facilitator (on the writer's second
    request), or, at 80×24, not after ``f``."""
    async def follow(pilot) -> None:  # type: ignore[no-untyped-def]
        # run_before runs as soon as the app is ready, maybe before its first screen (the
        # meeting screen) has built its panels
        def on_second_row() -> bool:
            rows = watcher.screen.query("#requests")
            return bool(rows) and rows.first().cursor_row == 1  # type: ignore[attr-defined]

        await wait_until(pilot, on_second_row)
        if state == "not-following":
            await pilot.press("f")

    assert snap_compare(watcher, terminal_size=ROOM_SIZES[size], run_before=follow)
