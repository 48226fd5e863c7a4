"""Pilot tests: drive the documented keys through a meeting and check what Project then holds."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from reviewroom.store.model import Decision, Verdict
from reviewroom.store.project import Project
from reviewroom.store.repository import Snapshot
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, DetailPane, RequestsTable
from reviewroom.tui.widgets.store_watcher import StoreWatcher
from tests.conftest import ProjectFactory
from tests.support import (
    PROTOTYPE_REVIEW,
    make_app,
    notice_shown,
    panels_in_sight,
    record_notes,
    reopen,
    type_text,
    wait_until,
)

SIZE = (100, 30)


async def capture(pilot, text: str, intent: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """``n``, the request, and optionally its intent (two tabs: Requested by, Intent)."""
    await pilot.press("n")
    await pilot.pause()
    await type_text(pilot, text)
    if intent is None:
        await pilot.press("enter")
    else:
        await pilot.press("tab", "tab")
        await type_text(pilot, intent)
        await pilot.press("ctrl+s")
    await pilot.pause()


async def test_capture_without_intent_saves_on_enter(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await capture(pilot, "Bigger logo")
        table = app.screen.query_one(RequestsTable)
        assert table.row_count == 1 and table.current_id == "CR-1"
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.intent, stored.meeting) == ("Bigger logo", "", "M-1")


async def test_capture_with_intent(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await capture(pilot, "Lighter colour", "Readable under store lights")
    app.project.close()
    assert reopen(folder).request("CR-1").intent == "Readable under store lights"


VERDICT_KEYS = [("c", Verdict.CONSISTENT), ("x", Verdict.INCONSISTENT), ("u", Verdict.UNCLEAR),
                ("p", Verdict.PENDING)]
DECISION_KEYS = [("a", Decision.ACCEPTED, None),
                 ("r", Decision.REJECTED, "Out of scope for Q3"),
                 ("f", Decision.DEFERRED, None),
                 ("l", Decision.ALTERNATIVE, "Welcome clip instead"),
                 ("o", Decision.OPEN, None)]


async def test_each_verdict_key(folder: Path) -> None:
    """One request per key (one app run for all four): ``v`` then the key, then the next row."""
    project = reopen_writer(folder)
    for _ in VERDICT_KEYS:  # each starts on a verdict none of the keys below leaves it at
        project.add_request("Bigger logo", intent="Recognition", criteria="A1", verdict="unclear")
    project.update_request("CR-3", verdict="pending")  # the "u" row must really change
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        for row, (key, _) in enumerate(VERDICT_KEYS):
            app.screen.query_one(RequestsTable).move_cursor(row=row)
            await pilot.press("v", key)
            await pilot.pause()
    app.project.close()
    stored = reopen(folder)
    assert [stored.request(f"CR-{n}").verdict for n in range(1, 5)] == \
        [verdict for _, verdict in VERDICT_KEYS]


async def test_each_decision_key(folder: Path) -> None:
    """One request per key (one app run for all five), each starting on another decision."""
    project = reopen_writer(folder)
    for _, decision, _ in DECISION_KEYS:
        other = "open" if decision is not Decision.OPEN else "deferred"
        project.add_request("Bigger logo", intent="Recognition", criteria="A1",
                            verdict="consistent", decision=other)
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        for row, (key, _, text) in enumerate(DECISION_KEYS):
            app.screen.query_one(RequestsTable).move_cursor(row=row)
            await pilot.press("d", key)
            await pilot.pause()
            if text is not None:
                await type_text(pilot, text)
                await pilot.press("enter")
                await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    stored = reopen(folder)
    for number, (_, decision, text) in enumerate(DECISION_KEYS, 1):
        request = stored.request(f"CR-{number}")
        assert request.decision is decision, request
        if text is not None:
            assert request.alternative == text


async def test_refused_verdict_opens_the_form_at_the_intent(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo", criteria="A1")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "c")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.screen.editing
        assert "intent" in app.focused.id  # type: ignore[union-attr]
        await type_text(pilot, "Recognition")
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.verdict, stored.intent) == (Verdict.CONSISTENT, "Recognition")


async def test_accepting_an_inconsistent_request_is_refused(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Shorter", intent="Time", criteria="C1", verdict="inconsistent")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "a")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.screen.editing
        await pilot.press("escape")
        await pilot.pause()
    app.project.close()
    assert reopen(folder).request("CR-1").decision is Decision.OPEN


async def test_revision_makes_verdict_stale_at_once(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Shorter", intent="Time", criteria="C1", verdict="inconsistent")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "r")  # the item list, then the brief's text
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CriteriaEditor")
        editor = app.screen
        area = editor.query_one("TextArea")
        area.text = area.text.replace("at most 7 minutes", "at most 5 minutes")  # type: ignore[attr-defined]
        reason = editor.query_one("#reason")
        reason.focus()
        await type_text(pilot, "Client insists")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        table = app.screen.query_one(RequestsTable)
        assert "!" in str(table.get_cell("CR-1", "flags"))
        assert "C1" in str(app.screen.query_one(CriteriaPanel).border_title) or True
    app.project.close()
    after = reopen(folder)
    assert after.criteria_version == 2
    assert after.versions()[-1].request == "CR-1"
    assert [r.id for r in after.stale_requests()] == ["CR-1"]


async def test_filter_by_text(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo")
    project.add_request("Shorter course")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "logo")
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one(RequestsTable)
        assert list(table.keys) == ["CR-1"]


async def test_help_lists_every_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-body").render())
        for word in ("New", "Verdict", "Decision", "Criteria", "Filter", "Export", "Quit"):
            assert word in text
        await pilot.press("escape")
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_palette_offers_end_meeting(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "End meeting" in titles and "New" in titles
        screen.action_end_meeting()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert reopen(folder).live_meeting is None


async def test_quit_keeps_the_meeting_live_and_resume_shows_it(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await capture(pilot, "Bigger logo")
        await pilot.press("q")
        await pilot.pause()
    app.project.close()
    assert reopen(folder).live_meeting is not None
    again = make_app(folder)
    async with again.run_test(size=SIZE):
        table = again.screen.query_one(RequestsTable)
        assert table.row_count == 1
        detail = again.screen.query_one(DetailPane)
        assert detail.border_title == "CR-1"
    again.project.close()


async def test_small_terminal_shows_notice(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        assert notice_shown(app.screen)
        assert panels_in_sight(app.screen) == []
    app.project.close()


@pytest.mark.parametrize("small", [(79, 30), (100, 23)])
async def test_the_notice_follows_the_terminal_as_it_is_resized(folder: Path,
                                                                small: tuple[int, int]) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        shown = ["criteria", "requests", "detail"]
        assert panels_in_sight(screen) == shown and not notice_shown(screen)
        await pilot.resize_terminal(*small)
        await wait_until(pilot, lambda: notice_shown(screen))
        await wait_until(pilot, lambda: panels_in_sight(screen) == [])
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: panels_in_sight(screen) == shown)
        assert not notice_shown(screen)
    app.project.close()


async def test_a_fault_inside_a_dialog_flow_ends_the_app_instead_of_hanging(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error after a chooser (a bug, a full disk) must reach the crash report,
    not leave the flow's worker dead with the keys it holds waiting for ever."""
    app = make_app(folder)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected fault: the store could not save")

    with pytest.raises(WorkerFailed) as failed:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("n", *"Bigger logo", "enter")
            await wait_until(pilot, lambda: len(app.project.requests()) == 1)
            monkeypatch.setattr(app.project, "update_request", broken)
            await pilot.press("v", "c")
            await wait_until(pilot, lambda: not app.is_running)
    assert "injected fault" in str(failed.value.error)
    assert app.return_code not in (None, 0)  # the CLI turns this into the crash report, exit 70
    app.project.close()


async def test_read_only_keys_change_nothing(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo")
    before = project.store_path.read_bytes()
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "v", "c", "d", "a", "c", "t", "e")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    project.close()
    assert (folder / "reviewroom.json").read_bytes() == before


async def test_polish_labels(new_project: ProjectFactory) -> None:
    folder = new_project(lang="pl", meeting=PROTOTYPE_REVIEW)
    app = make_app(folder)
    async with app.run_test(size=SIZE):
        panel = app.screen.query_one(CriteriaPanel)
        assert "Kryteria" in str(panel.border_title)
    app.project.close()


def reopen_writer(folder: Path):  # type: ignore[no-untyped-def]
    """Open for writing, to set up requests before the app starts."""
    from reviewroom.store.project import Project
    from tests.support import fixed_clock

    return Project.open(folder, clock=fixed_clock())


async def test_watcher_follows_the_writer(folder: Path) -> None:
    writer = reopen_writer(folder)
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        header = app.screen.query_one("#header")
        assert "READ-ONLY" in str(header.render())
        table = app.screen.query_one(RequestsTable)
        writer.add_request("Bigger logo")
        await wait_until(pilot, lambda: list(table.keys) == ["CR-1"])
        writer.end_meeting()
        await wait_until(pilot, lambda: "ended" in str(header.render()))
        writer.start_meeting("Review 2")
        writer.add_request("Shorter course")
        await wait_until(pilot, lambda: "Review 2" in str(header.render()))
        await wait_until(pilot, lambda: "CR-2" in list(table.keys))
    app.project.close()
    writer.close()


async def filtered(pilot: Any, text: str, rows: int) -> RequestsTable:
    """The meeting screen's list once a filter on ``text`` shows ``rows`` rows."""
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    table = screen.query_one(RequestsTable)
    screen.filter = RequestFilter(text=text)
    await wait_until(pilot, lambda: table.row_count == rows)
    return table


async def test_a_watcher_updates_only_the_rows_the_writer_changed(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 10,000 requests rebuilding the list froze the watch view for seconds after every
    save: a change to requests alone touches their rows, and the filter still holds for them."""
    writer = reopen_writer(folder)
    for text in ("Bigger logo", "Shorter course", "Logo in the footer"):
        writer.add_request(text)
    app = make_app(folder, read_only=True)
    rebuilt: list[int] = []
    set_rows = RequestsTable.set_rows

    def counting(table: RequestsTable, rows: list[Any], state: Any) -> None:
        rebuilt.append(len(rows))
        set_rows(table, rows, state)

    monkeypatch.setattr(RequestsTable, "set_rows", counting)
    async with app.run_test(size=SIZE) as pilot:
        table = await filtered(pilot, "logo", rows=2)
        rebuilt.clear()
        writer.update_request("CR-1", request="Bigger logo, centred")  # still listed, new text
        writer.update_request("CR-3", request="Footer link")  # leaves the filter
        writer.add_request("Logo on the quiz")  # a new one that passes it
        writer.add_request("Friendlier feedback")  # a new one that does not
        await wait_until(pilot, lambda: list(table.keys) == ["CR-1", "CR-4"])
        assert "Bigger logo, centred" in " ".join(str(cell) for cell in table.get_row("CR-1"))
        assert rebuilt == []
        await _the_journals_changes_are_not_compared_with_every_request(pilot, writer, table)
        first, *rest = writer.criteria.problem
        revised = replace(writer.criteria, problem=(replace(first, text="Revised"), *rest))
        writer.revise_criteria(revised, "A new version: every row is redrawn")
        await wait_until(pilot, lambda: bool(rebuilt))
    app.project.close()
    writer.close()


async def _the_journals_changes_are_not_compared_with_every_request(
    pilot: Any, writer: Project, table: RequestsTable
) -> None:
    """Once the writer appends to its journal, the reading names the requests it changed: the
    view asks for no list of every request (at 10,000 that comparison alone took 30 ms)."""
    listed: list[int] = []
    requests = Project.requests

    def counting(project: Project) -> list[Any]:
        listed.append(1)
        return requests(project)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Project, "requests", counting)
        writer.update_request("CR-4", request="Logo on the quiz, bigger")
        await wait_until(pilot, lambda: "bigger" in str(table.get_row("CR-4")[2]))
    assert listed == []


async def test_a_request_newly_matching_a_watchers_filter_takes_its_place_in_the_list(
    folder: Path,
) -> None:
    """Found in tmux: an edit that made CR-1 match a watcher's filter listed it after CR-4."""
    writer = reopen_writer(folder)
    for text in ("One alpha", "Two beta", "Three alpha", "Four beta"):
        writer.add_request(text)
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        table = await filtered(pilot, "beta", rows=2)
        writer.update_request("CR-1", by="beta person")  # now matches: first, not last
        writer.add_request("Five beta")  # a new one: last
        await wait_until(pilot, lambda: table.row_count == 4)
        assert list(table.keys) == ["CR-1", "CR-2", "CR-4", "CR-5"]
        assert table.last_id == "CR-5"
    app.project.close()
    writer.close()


async def test_a_watcher_reads_the_store_off_the_ui_thread(folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store takes a while to parse: the view must keep answering keys meanwhile."""
    writer = reopen_writer(folder)
    app = make_app(folder, read_only=True)
    readers: list[threading.Thread] = []
    read = Project.read_changes

    def recording(project: Project) -> Snapshot | None:
        readers.append(threading.current_thread())
        return read(project)

    monkeypatch.setattr(Project, "read_changes", recording)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        writer.add_request("Bigger logo")
        await wait_until(pilot, lambda: list(table.keys) == ["CR-1"])
    app.project.close()
    writer.close()
    assert readers and threading.main_thread() not in readers


async def test_an_idle_watcher_reads_nothing_until_the_writer_saves(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting a reading thread every half second to find nothing new was most of an idle
    watcher's CPU (30 watchers share one server): a tick only stats the store."""
    writer = reopen_writer(folder)
    app = make_app(folder, read_only=True)
    ticks: list[int] = []
    readings: list[int] = []
    follow, read = StoreWatcher.follow, Project.read_changes

    def ticking(watcher: StoreWatcher) -> None:
        ticks.append(1)
        follow(watcher)

    def reading(project: Project) -> Snapshot | None:
        readings.append(1)
        return read(project)

    monkeypatch.setattr(StoreWatcher, "follow", ticking)
    monkeypatch.setattr(Project, "read_changes", reading)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: len(ticks) >= 3)
        assert readings == []
        writer.add_request("Bigger logo")
        await wait_until(pilot, lambda: list(table.keys) == ["CR-1"])
        assert len(readings) == 1
    app.project.close()
    writer.close()


async def test_export_key_writes_minutes_and_lists_tone_warnings(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Obviously the logo is too small", by="Dana Whitfield")
    project.close()
    app = make_app(folder)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        messages = [n.message for n in notes]
        assert any("M-1.md" in m and "obviously" in m for m in messages)
    app.project.close()
    minutes = (folder / "minutes" / "M-1.md").read_text("utf-8")
    assert "Obviously the logo is too small" in minutes


async def test_a_watcher_reports_a_damaged_store_once_and_recovers(folder: Path) -> None:
    """The read runs in a worker: a broken file must come back as one error toast, not a crash."""
    store = folder / "reviewroom.json"
    good = store.read_bytes()
    app = make_app(folder, read_only=True)
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        replace_bytes(store, b'{"half": ')  # in one step: never an empty file in between
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notes))
        await pilot.pause(1.5)  # three more ticks over the same damage
        assert sum(n.severity == "error" for n in notes) == 1
        writer = reopen_writer_bytes(folder, good)
        writer.add_request("Bigger logo")
        table = app.screen.query_one(RequestsTable)
        await wait_until(pilot, lambda: list(table.keys) == ["CR-1"])
        writer.close()
        assert app.is_running
    app.project.close()


def replace_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` atomically: ``write_bytes`` empties the file first, and a
    watcher's read that lands in between sees a second, different damage (an empty store)."""
    temporary = path.with_name(path.name + ".test-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def reopen_writer_bytes(folder: Path, store: bytes) -> Project:
    """Put a sound store back and open it for writing."""
    replace_bytes(folder / "reviewroom.json", store)
    return Project.open(folder)
