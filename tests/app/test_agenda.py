"""Pilot: the agenda of imported comments on the meeting screen (issue 14) — the marker, the
header's count, ``a`` to the next one waiting, ``m`` to mark one discussed (on disk), watchers."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewroom.store.agenda import meeting_agenda
from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.widgets import MeetingHeader, RequestsTable
from tests.domain.test_agenda import agenda_project
from tests.support import fixed_clock, make_app, make_project, reopen, settle, wait_until

SIZE = (100, 30)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A live meeting: CR-1 raised in it, CR-2…CR-4 imported into it."""
    return agenda_project(tmp_path)


def header(app: ReviewApp) -> str:
    """The header line as shown."""
    return str(app.screen.query_one(MeetingHeader).render())


def flags(app: ReviewApp, rid: str) -> str:
    """The flags cell of one row."""
    return app.screen.query_one(RequestsTable).get_cell(rid, "flags").plain


def notices(app: ReviewApp) -> list[str]:
    """The messages of the toasts raised so far."""
    return [n.message for n in app._notifications]


def stored_agenda(folder: Path) -> tuple[int, tuple[str, ...]]:
    """(discussed, waiting) of the live meeting, read back from disk."""
    with reopen(folder) as p:
        agenda = meeting_agenda(p.requests(), p.live_meeting)
        return agenda.discussed, agenda.waiting


async def test_a_and_m_walk_the_agenda_and_what_is_discussed_is_stored(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        assert "agenda 0/3" in header(app)
        assert flags(app, "CR-1") == "" and flags(app, "CR-2") == "•"
        assert table.current_id == "CR-1"
        await pilot.press("a")  # to the first one waiting
        await settle(pilot)
        assert table.current_id == "CR-2"
        await pilot.press("m")  # talked through: marked, and on to the next
        await settle(pilot)
        assert table.current_id == "CR-3" and flags(app, "CR-2") == ""
        assert "agenda 1/3" in header(app)
        await pilot.press("v", "u")  # a verdict saved in the meeting discusses it too
        await wait_until(pilot, lambda: "agenda 2/3" in header(app))
        assert flags(app, "CR-3") == ""
        await pilot.press("a")
        await settle(pilot)
        assert table.current_id == "CR-4"
        await pilot.press("m")
        await wait_until(pilot, lambda: "agenda 3/3" in header(app))
        await wait_until(pilot, lambda: any("All 3" in n for n in notices(app)))
    app.project.close()
    assert stored_agenda(folder) == (3, ())


async def test_m_on_a_request_raised_in_the_meeting_says_so_and_changes_nothing(
        folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        await pilot.press("m")  # on CR-1, raised live
        await wait_until(pilot, lambda: any("not on the agenda" in n for n in notices(app)))
        assert table.current_id == "CR-1"
    app.project.close()
    assert stored_agenda(folder) == (0, ("CR-2", "CR-3", "CR-4"))


async def test_a_meeting_without_imported_comments_shows_no_agenda(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "home", meeting="Review 1", requests=["Raised live"])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "agenda" not in header(app)
        assert not {"agenda", "discussed"} & {b.binding.id for b in app.active_bindings.values()}
        await pilot.press("a", "m")
        await settle(pilot)
        assert notices(app) == []
    app.project.close()


async def test_a_watcher_sees_the_agenda_and_may_jump_but_cannot_mark(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        assert "agenda 0/3" in header(app) and flags(app, "CR-3") == "•"
        await pilot.press("m")
        await pilot.press("a")
        await wait_until(pilot, lambda: table.current_id == "CR-2")
        await pilot.press("m")
        await settle(pilot)
    app.project.close()
    assert stored_agenda(folder) == (0, ("CR-2", "CR-3", "CR-4"))


async def test_the_ascii_look_marks_the_agenda_with_a_star(folder: Path) -> None:
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), ascii=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        assert flags(app, "CR-2") == "*"
    app.project.close()


async def test_the_agenda_count_stays_in_the_header_at_80_by_24(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        assert header(app).rstrip().endswith("agenda 0/3")
        assert table.columns["request"].width >= 30
    app.project.close()
