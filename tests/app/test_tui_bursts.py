"""Keys that arrive in one burst (a fast typist, a paste of keys, SSH) reach the right widget.

The terminal hands Textual several keys in one read; the app forwards each key to the widget that
is focused *when it is dispatched*. These tests post the keys to the app in one go, as the driver
does, instead of ``pilot.press`` (which waits between keys and so hides the problem).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.app import App

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.typeahead import flow
from reviewroom.tui.widgets.request_form import RequestForm
from tests.conftest import ProjectFactory
from tests.support import burst, key_names, make_app, reopen, settle

SIZE = (100, 30)


def escape_then(character: str) -> events.Key:
    """What the driver makes of ``esc`` and a key within its escape delay: ``alt+key``."""
    return events.Key(f"alt+{character}", character)


async def open_form(pilot, app: App[None]) -> RequestForm:  # type: ignore[no-untyped-def]
    """``n``: the empty request form, with the cursor in Request."""
    await pilot.press("n")
    await settle(pilot)
    form = app.screen.query_one(RequestForm)
    assert form.is_open
    return form


async def test_text_typed_right_after_tab_lands_in_the_next_field(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *key_names("Make it cheaper"), "tab", *key_names("Agreed"))
        await settle(pilot)
        assert form.query_one("#field-request").value == "Make it cheaper"  # type: ignore[attr-defined]
        assert form.query_one("#field-by").value == "Agreed"  # type: ignore[attr-defined]
        burst(app, "tab", *key_names("Price matters"), "ctrl+s")
        await settle(pilot)
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.by, stored.intent) == ("Make it cheaper", "Agreed",
                                                          "Price matters")


async def test_text_typed_right_after_shift_tab_lands_in_the_previous_field(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *key_names("Logo"), "tab", *key_names("Lee"), "shift+tab", *key_names("Bigger"))
        await settle(pilot)
        # Back in Request its text is selected (as after a slow shift+tab), so typing replaces it.
        assert form.query_one("#field-request").value == "Bigger"  # type: ignore[attr-defined]
        assert form.query_one("#field-by").value == "Lee"  # type: ignore[attr-defined]
    app.project.close()


async def test_escape_then_a_key_closes_the_form_without_typing_the_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *key_names("Bigger logo"), escape_then("q"))
        await settle(pilot)
        # esc closed the form (saving nothing) and q, typed after it, quit from the meeting.
        assert not app.is_running
    app.project.close()
    assert reopen(folder).requests() == []


async def test_escape_then_n_opens_a_fresh_form(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_form(pilot, app)
        burst(app, *key_names("Bigger"), escape_then("n"), *key_names("Shorter"))
        await settle(pilot)
        second = app.screen.query_one(RequestForm)
        assert second.is_open and second.request is None and first is second
        assert second.query_one("#field-request").value == "Shorter"  # type: ignore[attr-defined]
    app.project.close()
    assert reopen(folder).requests() == []


async def test_escape_then_a_key_on_the_meeting_screen_is_that_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
        burst(app, escape_then("n"))
        await settle(pilot)
        assert app.screen.query_one(RequestForm).is_open
    app.project.close()


async def test_keys_typed_right_after_enter_reach_the_request_just_saved(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *key_names("Bigger logo"), "enter", "i", *key_names("Recognition"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.intent) == ("Bigger logo", "Recognition")


async def test_text_typed_right_after_n_lands_in_the_request(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", *key_names("Bigger logo"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    assert reopen(folder).request("CR-1").request == "Bigger logo"


async def test_a_reason_typed_in_a_burst_is_saved_and_the_next_keys_act(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo", intent="Recognition", criteria="A1", verdict="consistent")
    project.add_request("Shorter course")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "d", "r", *key_names("Out of scope"), "enter", "down", "v", "u")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    first, second = reopen(folder).request("CR-1"), reopen(folder).request("CR-2")
    assert (first.decision.value, first.alternative) == ("rejected", "Out of scope")
    assert second.verdict.value == "unclear"


async def test_a_filter_typed_in_a_burst_applies_and_the_next_key_acts(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo")
    project.add_request("Shorter course")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "slash", *key_names("course"), "enter", "i", *key_names("Time"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    assert reopen(folder).request("CR-2").intent == "Time"


def reopen_writer(folder: Path):  # type: ignore[no-untyped-def]
    """Open for writing, to set up requests before the app starts."""
    from reviewroom.store.project import Project
    from tests.support import fixed_clock

    return Project.open(folder, clock=fixed_clock())


async def test_start_dialog_in_one_burst(new_project: ProjectFactory) -> None:
    app = make_app(new_project())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "shift+tab", *key_names("Prototype review"), "tab", *key_names("Dana: client"),
              "enter", *key_names("Marta: vendor"), "tab", *key_names("Lee"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    meeting = app.project.live_meeting
    app.project.close()
    assert meeting is not None and meeting.title == "Prototype review"
    assert [a.name for a in meeting.attendees] == ["Dana", "Marta"]
    assert meeting.facilitator == "Lee"


async def test_keys_typed_after_a_refused_start_go_to_the_field_it_points_at(
    new_project: ProjectFactory,
) -> None:
    app = make_app(new_project())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # enter in Facilitator tries to start; line 1 has no side, so the cursor goes to the
        # end of that line, where the side typed right after must land.
        burst(app, *key_names("Dana Whitfield"), "tab", *key_names("Lee"), "enter",
              *key_names(": client"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    meeting = app.project.live_meeting
    app.project.close()
    assert meeting is not None and meeting.facilitator == "Lee"
    assert [(a.name, a.side.value) for a in meeting.attendees] == [("Dana Whitfield", "client")]


async def test_choosers_then_a_capture_in_one_burst(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo", intent="Recognition", criteria="A1")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "v", "c", "d", "a", "n", *key_names("Lessons"), "tab", *key_names("Lee"), "tab",
              *key_names("Short breaks"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    first, second = reopen(folder).request("CR-1"), reopen(folder).request("CR-2")
    assert (first.verdict.value, first.decision.value) == ("consistent", "accepted")
    assert (second.request, second.by, second.intent) == ("Lessons", "Lee", "Short breaks")


async def test_a_backspace_in_a_burst_deletes_before_the_next_letter_lands(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *key_names("Logp"), "backspace", *key_names("o bigger"))
        await settle(pilot)
        assert form.query_one("#field-request").value == "Logo bigger"  # type: ignore[attr-defined]
    app.project.close()


async def test_a_criterion_ticked_and_a_choice_then_enter_save_in_one_burst(
        folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *key_names("Bigger logo"), "tab", "tab", "tab", "tab",  # into the checklist
              "space", "down", "space", "tab", "u", "enter")  # tick two, unclear, save
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.verdict.value, stored.criteria) == ("unclear", ("P1", "R1"))


async def test_a_paste_right_after_n_lands_in_the_request(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n")
        app.post_message(events.Paste("Bigger logo"))
        burst(app, "tab", *key_names("Lee"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.by) == ("Bigger logo", "Lee")


async def test_keys_wait_while_a_flow_is_between_its_dialogs(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dialog flow opens its dialog a moment after its key (a worker): ``c`` typed right after
    ``v`` must reach the chooser, not open the criteria editor. The flow is held at a gate here,
    so the test sees the moment between the key and the dialog for as long as it likes."""
    project = reopen_writer(folder)
    project.add_request("Bigger logo", intent="Recognition", criteria="A1")
    project.close()
    gate = asyncio.Event()
    judge = MeetingScreen.judge_flow.__wrapped__  # type: ignore[attr-defined]

    async def slow(screen: MeetingScreen, *args: object) -> None:
        await gate.wait()
        await judge(screen, *args)

    monkeypatch.setattr(MeetingScreen, "judge_flow", flow(slow))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "v", "c")
        for _ in range(20):  # plenty of turns of the event loop for a key that was not held
            await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.keys_pending
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen) and not app.screen.editing
    app.project.close()
    assert reopen(folder).request("CR-1").verdict.value == "consistent"
    assert reopen(folder).criteria_version == 1
