"""Presenter mode: a watcher follows the writer's highlighted request, scroll and criteria; ``f``
stops and resumes following; following and a filter of the watcher's own never hold at once;
watchers see no tone warnings unless started with ``--facilitator-view``."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events

from reviewroom.store.presence import Cursor
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, DetailPane, MeetingHeader, RequestsTable
from reviewroom.tui.widgets.cursor_follower import CursorFollower
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, fixed_clock, make_app, record_notes, wait_until

SIZE = (100, 30)  # the list shows about a dozen rows: 40 requests scroll
CRITERIA = ("P1", "R1", "B1", "K1", "A1", "C1")


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with 40 requests, each resting on one criterion (CR-n on CRITERIA[n % 6])."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=[
        {"request": f"Change number {n}", "criteria": CRITERIA[n % 6]} for n in range(1, 41)
    ])


def header_text(app: object) -> str:
    """What the header line says."""
    return str(app.screen.query_one(MeetingHeader).render())  # type: ignore[attr-defined]


def following(app: object) -> bool:
    """The header says the watcher follows the writer."""
    return "· following ·" in header_text(app)


def not_following(app: object) -> bool:
    """The header says the watcher does not follow the writer, and how to again."""
    return "· not following (f) ·" in header_text(app)


def referenced(app: object) -> set[str]:
    """The criteria the panel stands out."""
    panel = app.screen.query_one(CriteriaPanel)  # type: ignore[attr-defined]
    return set(panel.referenced)


def detail_text(app: object) -> str:
    """The detail pane: its title (the request's ID) and its text."""
    pane = app.screen.query_one(DetailPane)  # type: ignore[attr-defined]
    return f"{pane.border_title}\n{pane.text}"


def where(app: object) -> tuple[str | None, int]:
    """The watcher's highlighted request and its list's scroll row."""
    table = app.screen.query_one(RequestsTable)  # type: ignore[attr-defined]
    return table.current_id, int(table.scroll_y)


async def test_a_watcher_follows_the_writer_until_f_and_catches_up_on_f_again(
    folder: Path,
) -> None:
    writer = Project.open(folder, clock=fixed_clock())
    app = make_app(folder, read_only=True)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        follower = screen.query_one(CursorFollower)
        assert following(app)

        writer.publish_cursor("CR-20", top="CR-15", scroll=14)
        await wait_until(pilot, lambda: where(app) == ("CR-20", 14))
        assert referenced(app) == {CRITERIA[20 % 6]}
        assert "CR-20" in detail_text(app) and "Change number 20" in detail_text(app)

        await pilot.press("f")
        await wait_until(pilot, lambda: not_following(app))
        writer.publish_cursor("CR-3", top="CR-1", scroll=0)
        await wait_until(pilot, lambda: follower.latest is not None
                         and follower.latest.request == "CR-3")
        await pilot.pause()
        assert where(app) == ("CR-20", 14)  # read, and not followed

        await pilot.press("f")  # follow again: catch up at once
        await wait_until(pilot, lambda: where(app) == ("CR-3", 0))
        assert following(app)
        assert referenced(app) == {CRITERIA[3 % 6]}

        await pilot.press("down")  # the watcher's own move stops following
        await wait_until(pilot, lambda: not_following(app))
        assert where(app)[0] == "CR-4"
        writer.publish_cursor("CR-30", top="CR-25", scroll=24)
        await wait_until(pilot, lambda: follower.latest is not None
                         and follower.latest.request == "CR-30")
        await pilot.pause()
        assert where(app)[0] == "CR-4"
        await pilot.press("f")
        await wait_until(pilot, lambda: where(app) == ("CR-30", 24))
    app.project.close()
    writer.close()
    assert not [n for n in notes if n.severity == "error"]


async def test_the_watchers_own_wheel_on_the_list_stops_following(folder: Path) -> None:
    """A client scrolling the list with the mouse keeps what they scrolled to: the writer's next
    move no longer takes the list back from under them (``f`` follows again)."""
    writer = Project.open(folder, clock=fixed_clock())
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        writer.publish_cursor("CR-20", top="CR-15", scroll=14)
        await wait_until(pilot, lambda: where(app) == ("CR-20", 14))
        assert following(app)
        await pilot.hover(RequestsTable)
        table.post_message(events.MouseScrollDown(table, 5, 5, 0, 0, 0, False, False, False))
        await wait_until(pilot, lambda: not_following(app))
        scrolled = int(table.scroll_y)
        assert scrolled > 14  # the wheel scrolled the list as well
        writer.publish_cursor("CR-2", top="CR-1", scroll=0)
        follower = app.screen.query_one(CursorFollower)
        await wait_until(pilot, lambda: follower.latest is not None
                         and follower.latest.request == "CR-2")
        await pilot.pause()
        assert where(app) == ("CR-20", scrolled)  # read, and not followed
        await pilot.press("f")
        await wait_until(pilot, lambda: where(app) == ("CR-2", 0))
    app.project.close()
    writer.close()


async def test_following_clears_the_watchers_filter_and_a_filter_stops_following(
    folder: Path,
) -> None:
    writer = Project.open(folder, clock=fixed_clock())
    app = make_app(folder, read_only=True)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        table = screen.query_one(RequestsTable)
        writer.publish_cursor("CR-12", top="CR-5", scroll=4)
        await wait_until(pilot, lambda: where(app) == ("CR-12", 4))

        await pilot.press("slash")  # the filter dialog, as any watcher opens it
        await pilot.press(*"number 2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(screen.filter))
        await wait_until(pilot, lambda: not_following(app))
        assert table.row_count < 40
        assert any("filter is on" in n.message for n in notes)

        await pilot.press("f")
        await wait_until(pilot, lambda: not screen.filter and table.row_count == 40)
        await wait_until(pilot, lambda: where(app) == ("CR-12", 4))
        assert following(app)
        assert any("filter is cleared" in n.message for n in notes)
    app.project.close()
    writer.close()


async def test_the_writer_publishes_its_cursor_and_scroll_off_its_ui_thread(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting's keys never wait for the side file: it is written by another thread."""
    writers: list[threading.Thread] = []
    write = Project.write_cursor

    def recording(project: Project, cursor: Cursor) -> bool:
        writers.append(threading.current_thread())
        return write(project, cursor)

    monkeypatch.setattr(Project, "write_cursor", recording)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(25):
            await pilot.press("down")
        reader = Project.open(folder, readonly=True)

        def published() -> bool:
            """The side file names the writer's highlighted request, its top row and scroll."""
            cursor = reader.read_cursor()
            table = app.screen.query_one(RequestsTable)
            top = table.keys[int(table.scroll_y)]
            return cursor is not None and (cursor.meeting, cursor.request, cursor.top,
                                           cursor.scroll) == ("M-1", "CR-26", top,
                                                              int(table.scroll_y))

        await wait_until(pilot, published)
        assert int(app.screen.query_one(RequestsTable).scroll_y) > 0
        reader.close()
    app.project.close()
    assert writers and threading.main_thread() not in writers


async def test_the_polish_header_says_whether_a_watcher_follows(
    new_project: ProjectFactory,
) -> None:
    folder = new_project(lang="pl", meeting=PROTOTYPE_REVIEW, requests=["Większe logo"])
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        assert "· śledzi prowadzącego ·" in header_text(app)
        await pilot.press("f")
        await wait_until(pilot, lambda: "· nie śledzi (f) ·" in header_text(app))
    app.project.close()


async def test_only_a_watcher_has_the_follow_key(folder: Path) -> None:
    writer_app = make_app(folder)
    async with writer_app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert "following" not in header_text(writer_app)
        screen = writer_app.screen
        assert isinstance(screen, MeetingScreen)
        assert "follow" not in {b.id for b in screen.active_bindings_list()}
    writer_app.project.close()
    watcher = make_app(folder, read_only=True)
    async with watcher.run_test(size=SIZE):
        screen = watcher.screen
        assert isinstance(screen, MeetingScreen)
        assert "follow" in {b.id for b in screen.active_bindings_list()}
    watcher.project.close()


TONE_REQUEST = "Obviously the logo is too small"


@pytest.mark.parametrize(("read_only", "facilitator_view", "shown"), [
    (False, False, True),  # the facilitator's own screen
    (True, False, False),  # a client watching
    (True, True, True),  # a watcher started with --facilitator-view
])
async def test_tone_warnings_show_to_the_facilitator_only(
    new_project: ProjectFactory, read_only: bool, facilitator_view: bool, shown: bool
) -> None:
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=[TONE_REQUEST])
    app = make_app(folder, read_only=read_only, facilitator_view=facilitator_view)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RequestsTable)
        flags = str(table.get_row("CR-1")[0])
        detail = detail_text(app)
        assert ("~" in flags) is shown
        assert ("Tone" in detail) is shown
        assert "logo is too small" in detail
    app.project.close()


HOSTILE_SIDE_FILES = [
    b'{"meeting": "M-1", "request": "[@click=app.quit]x[/]", "top": null, "scroll": 0, "seq": 1}',
    b'{"meeting": "M-1", "request": "CR-999", "top": "CR-998", "scroll": 999999, "seq": 2}',
    b'{"meeting": "M-9", "request": "CR-30", "top": "CR-30", "scroll": 29, "seq": 3}',
    b"\x1b[2J\x1b]52;c;ZXZpbA==\x07",
    b"{" * 400,
]


async def test_a_hostile_or_stale_side_file_moves_nothing_and_crashes_nothing(
    folder: Path,
) -> None:
    """Whatever sits in reviewroom.cursor, the watcher keeps its place and goes on running."""
    side = folder / "reviewroom.cursor"
    app = make_app(folder, read_only=True)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        follower = app.screen.query_one(CursorFollower)
        for raw in HOSTILE_SIDE_FILES:
            side.write_bytes(raw)
            for _ in range(3):  # a few ticks, each reading the file
                follower.check()
                await pilot.pause()
            assert app.is_running and isinstance(app.screen, MeetingScreen)
            assert where(app) == ("CR-1", 0)
            assert following(app)
    app.project.close()
    assert notes == []


async def test_the_watcher_follows_to_a_request_it_reads_after_the_cursor(folder: Path) -> None:
    """The writer selects a request it has just captured: the side file may name it before the
    watcher has read the store; the watcher follows once the request is listed."""
    writer = Project.open(folder, clock=fixed_clock())
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        follower = app.screen.query_one(CursorFollower)
        writer.publish_cursor("CR-41", top="CR-30", scroll=29)  # not in the store yet
        await wait_until(pilot, lambda: follower.latest is not None
                         and follower.latest.request == "CR-41")
        assert where(app)[0] == "CR-1" and following(app)
        writer.add_request("Brand new request")
        await wait_until(pilot, lambda: where(app)[0] == "CR-41")
        assert following(app)
    app.project.close()
    writer.close()


async def test_a_cursor_the_folder_refused_is_written_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A side file that could not be written once (a full disk, a folder made read-only for a
    moment) is written again without the writer moving: watchers must not stay on an old
    request while saying they follow."""
    write = Project.write_cursor
    refusals = [True]

    def refusing_once(project: Project, cursor: Cursor) -> bool:
        if refusals:
            refusals.pop()
            return False
        return write(project, cursor)

    monkeypatch.setattr(Project, "write_cursor", refusing_once)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        reader = Project.open(folder, readonly=True)

        def published() -> bool:
            """the side file names CR-2, written after the refusal"""
            cursor = reader.read_cursor()
            return cursor is not None and cursor.request == "CR-2"

        await wait_until(pilot, published)
        reader.close()
        assert not refusals
    app.project.close()


async def test_a_long_filter_never_hides_the_banner_or_the_follow_state(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")  # not following: a filter would stop it anyway
        await wait_until(pilot, lambda: not_following(app))
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.filter = RequestFilter("a very long filter text that goes on and on and on more")
        await pilot.pause()
        text = header_text(app)
        assert "READ-ONLY" in text and "not following (f)" in text, text
        assert "filter" in text and "…" in text
    app.project.close()
