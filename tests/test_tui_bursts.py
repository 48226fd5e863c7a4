"""Keys that arrive in one burst (a fast typist, a paste of keys, SSH) reach the right widget.

The terminal hands Textual several keys in one read; the app forwards each key to the widget that
is focused *when it is dispatched*. These tests post the keys to the app in one go, as the driver
does, instead of ``pilot.press`` (which waits between keys and so hides the problem).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.keys import key_to_character

from tests.support import make_app, make_project, reopen
from tui.screens.meeting import MeetingScreen
from tui.screens.request_form import RequestForm

SIZE = (100, 30)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project with a live meeting and no requests yet."""
    return make_project(tmp_path)


def keys_of(text: str) -> list[str]:
    """The key names that type ``text``."""
    return [{" ": "space", "'": "apostrophe"}.get(ch, ch) for ch in text]


def burst(app: App[None], *keys: str | events.Key) -> None:
    """Post every key to the app at once, as the driver does with one read from the terminal."""
    for key in keys:
        event = key if isinstance(key, events.Key) else events.Key(key, key_to_character(key))
        app.post_message(event)


def escape_then(character: str) -> events.Key:
    """What the driver makes of ``esc`` and a key within its escape delay: ``alt+key``."""
    return events.Key(f"alt+{character}", character)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every queued key and the messages it caused be handled.

    The app hands keys on when the one before has taken effect; no marker it sends after a key
    may ever have been stuck in a removed widget.
    """
    app = pilot.app
    await pilot.pause()  # the app has taken the burst from its message queue
    for _ in range(600):  # up to a minute on a loaded machine; normally a few milliseconds
        if not app.keys_pending or not app.is_running:  # (a key may have quit the app)
            break
        await pilot.pause(0.1)
    if app.is_running:
        await pilot.pause()
        assert not app.keys_pending
    assert app.lost_markers == 0


async def open_form(pilot, app: App[None]) -> RequestForm:  # type: ignore[no-untyped-def]
    """``n``: the empty request form, with the cursor in Request."""
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(app.screen, RequestForm)
    return app.screen


async def test_text_typed_right_after_tab_lands_in_the_next_field(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *keys_of("Make it cheaper"), "tab", *keys_of("Agreed"))
        await settle(pilot)
        assert form.query_one("#field-request").value == "Make it cheaper"  # type: ignore[attr-defined]
        assert form.query_one("#field-by").value == "Agreed"  # type: ignore[attr-defined]
        burst(app, "tab", *keys_of("Price matters"), "ctrl+s")
        await settle(pilot)
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.by, stored.intent) == ("Make it cheaper", "Agreed",
                                                          "Price matters")


async def test_text_typed_right_after_shift_tab_lands_in_the_previous_field(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *keys_of("Logo"), "tab", *keys_of("Lee"), "shift+tab", *keys_of("Bigger"))
        await settle(pilot)
        # Back in Request its text is selected (as after a slow shift+tab), so typing replaces it.
        assert form.query_one("#field-request").value == "Bigger"  # type: ignore[attr-defined]
        assert form.query_one("#field-by").value == "Lee"  # type: ignore[attr-defined]
    app.project.close()


async def test_escape_then_a_key_closes_the_form_without_typing_the_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *keys_of("Bigger logo"), escape_then("q"))
        await settle(pilot)
        # esc closed the form (saving nothing) and q, typed after it, quit from the meeting.
        assert not app.is_running
    app.project.close()
    assert reopen(folder).requests() == []


async def test_escape_then_n_opens_a_fresh_form(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        first = await open_form(pilot, app)
        burst(app, *keys_of("Bigger"), escape_then("n"), *keys_of("Shorter"))
        await settle(pilot)
        second = app.screen
        assert isinstance(second, RequestForm) and second is not first
        assert second.query_one("#field-request").value == "Shorter"  # type: ignore[attr-defined]
    app.project.close()
    assert reopen(folder).requests() == []


async def test_escape_then_a_key_on_the_meeting_screen_is_that_key(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, MeetingScreen)
        burst(app, escape_then("n"))
        await settle(pilot)
        assert isinstance(app.screen, RequestForm)
    app.project.close()


async def test_keys_typed_right_after_enter_reach_the_request_just_saved(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *keys_of("Bigger logo"), "enter", "i", *keys_of("Recognition"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.intent) == ("Bigger logo", "Recognition")


async def test_text_typed_right_after_n_lands_in_the_request(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", *keys_of("Bigger logo"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert reopen(folder).request("CR-1").request == "Bigger logo"


async def test_a_reason_typed_in_a_burst_is_saved_and_the_next_keys_act(folder: Path) -> None:
    project = reopen_writer(folder)
    project.add_request("Bigger logo", intent="Recognition", criteria="A1", verdict="consistent")
    project.add_request("Shorter course")
    project.close()
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "d", "r", *keys_of("Out of scope"), "enter", "down", "v", "u")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
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
        burst(app, "slash", *keys_of("course"), "enter", "i", *keys_of("Time"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert reopen(folder).request("CR-2").intent == "Time"


def reopen_writer(folder: Path):  # type: ignore[no-untyped-def]
    """Open for writing, to set up requests before the app starts."""
    from store.project import Project
    from tests.support import fixed_clock

    return Project.open(folder, clock=fixed_clock())


async def test_start_dialog_in_one_burst(tmp_path: Path) -> None:
    app = make_app(make_project(tmp_path, live=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "shift+tab", *keys_of("Prototype review"), "tab", *keys_of("Dana: client"),
              "enter", *keys_of("Marta: vendor"), "tab", *keys_of("Lee"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    meeting = app.project.live_meeting
    app.project.close()
    assert meeting is not None and meeting.title == "Prototype review"
    assert [a.name for a in meeting.attendees] == ["Dana", "Marta"]
    assert meeting.facilitator == "Lee"


async def test_keys_typed_after_a_refused_start_go_to_the_field_it_points_at(
    tmp_path: Path,
) -> None:
    app = make_app(make_project(tmp_path, live=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # enter in Facilitator tries to start; line 1 has no side, so the cursor goes to the
        # end of that line, where the side typed right after must land.
        burst(app, *keys_of("Dana Whitfield"), "tab", *keys_of("Lee"), "enter",
              *keys_of(": client"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
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
        burst(app, "v", "c", "d", "a", "n", *keys_of("Lessons"), "tab", *keys_of("Lee"), "tab",
              *keys_of("Short breaks"), "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    first, second = reopen(folder).request("CR-1"), reopen(folder).request("CR-2")
    assert (first.verdict.value, first.decision.value) == ("consistent", "accepted")
    assert (second.request, second.by, second.intent) == ("Lessons", "Lee", "Short breaks")


async def test_a_backspace_in_a_burst_deletes_before_the_next_letter_lands(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        burst(app, *keys_of("Logp"), "backspace", *keys_of("o bigger"))
        await settle(pilot)
        assert form.query_one("#field-request").value == "Logo bigger"  # type: ignore[attr-defined]
    app.project.close()


async def test_a_choice_in_a_list_then_enter_saves_in_one_burst(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app)
        burst(app, *keys_of("Bigger logo"), "tab", "tab", "tab", "tab",  # to Verdict
              "space", "down", "down", "down", "enter", "enter")  # pick unclear, then save
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert reopen(folder).request("CR-1").verdict.value == "unclear"


async def test_a_paste_right_after_n_lands_in_the_request(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n")
        app.post_message(events.Paste("Bigger logo"))
        burst(app, "tab", *keys_of("Lee"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.by) == ("Bigger logo", "Lee")
