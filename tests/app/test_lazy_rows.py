"""Rows whose cells are made when first drawn or read (``OneLineRows.replace_rows`` with a maker):
opening a meeting lists hundreds of requests and shows a screenful. The base's own rows are
tested in tests/app/test_one_line_rows.py; here, the requests list's: a row's state and marks
are worked out when it is first drawn, as a row made at once would show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import RequestsTable
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, wait_until


async def test_a_meeting_opens_with_the_rows_in_view_made_and_a_row_drawn_later_shows_its_marks(
    new_project: ProjectFactory,
) -> None:
    """A row's state (its tone check among it) is worked out when the row is first drawn, from
    the screen as it is then: the marks it shows are the ones a row made at once would show."""
    requests: list[Any] = [f"Change {n}" for n in range(1, 60)]
    requests.append({"request": "This stupid logo, again", "intent": "Brand"})
    folder: Path = new_project(meeting=PROTOTYPE_REVIEW, requests=requests)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 60)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        waiting = [rid for rid, (_req, state) in table._rows.items() if state is None]
        assert "CR-60" in waiting and len(waiting) >= 60 - table.size.height
        await pilot.press("end")
        await wait_until(pilot, lambda: table._rows["CR-60"][1] is not None)
        req, state = table._rows["CR-60"]
        assert state == screen._state(req) and state is not None and state.tone
        assert table.get_cell("CR-60", "flags").plain == "~"
    app.project.close()
