"""Pilot: comments imported while no meeting ran are on the list of the meeting the app starts."""

from __future__ import annotations

from pathlib import Path

from reviewroom.store.project import Project
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import RequestsTable
from tests.domain.test_importing import plan, write_csv
from tests.support import make_app, make_project, reopen, settle, wait_until


async def test_the_meeting_started_in_the_app_takes_up_the_agenda(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "home", meeting="Review 1", requests=["Bigger logo"])
    with Project.open(folder) as p:
        p.end_meeting()
        p.import_comments(plan(write_csv(tmp_path / "c.csv", [["Comment"], ["Shorter intro"]]),
                               p))
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # the start dialog's suggested title
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 2)
    app.project.close()
    with reopen(folder) as stored:
        assert [(r.id, r.meeting) for r in stored.requests()] == [("CR-1", "M-1"),
                                                                   ("CR-2", "M-2")]
