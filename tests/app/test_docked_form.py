"""Pilot tests of the docked request form (issue 12): the criteria stay in sight and tick as
IDs are typed, the screen's keys are text while the form is open, long text has its editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from reviewroom.tui.screens.long_text import LongTextDialog
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, KeysFooter
from reviewroom.tui.widgets.request_form import RequestForm
from tests.conftest import ProjectFactory
from tests.support import (
    PROTOTYPE_REVIEW,
    burst,
    key_names,
    make_app,
    panels_in_sight,
    reopen,
    settle,
    type_text,
    wait_until,
)

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with one request."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course"])


def ticked(app: object) -> set[str]:
    """The criteria the panel shows ticked."""
    panel = app.screen.query_one(CriteriaPanel)  # type: ignore[attr-defined]
    return set(panel.ticked)


async def test_the_form_docks_beside_the_criteria_and_typed_ids_tick_them(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.editing
        form, panel = screen.query_one(RequestForm), screen.query_one(CriteriaPanel)
        assert not form.region.overlaps(panel.region) and panel.region.width > 0
        await type_text(pilot, "Quiz")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "r1 b1")
        await settle(pilot)
        assert ticked(app) == {"R1", "B1"}
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        assert ticked(app) == {"R1"}
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.editing and ticked(app) == set()
    app.project.close()
    assert [r.request for r in reopen(folder).requests()] == ["Shorter course"]


async def test_the_screens_keys_are_text_while_the_form_is_open(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "quiz? new")  # q, ? and n would quit, help and open a form
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert reopen(folder).request("CR-2").request == "quiz? new"


async def test_the_checklist_ticks_and_unticks_and_tab_leaves_it(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Quiz")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "k1")
        await pilot.press("tab")  # into the checklist, its cursor on K1
        await settle(pilot)
        assert isinstance(app.focused, CriteriaPanel)
        await pilot.press("space", "up", "space", "up", "space", "down", "space")
        await settle(pilot)  # K1 off, B1 on, R1 on, B1 off again
        assert ticked(app) == {"R1"}
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#field-verdict")
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.screen.query_one("#field-criteria")
        await pilot.press("ctrl+s")
    app.project.close()
    assert reopen(folder).request("CR-2").criteria == ("R1",)


async def test_enter_is_a_new_line_in_the_note_and_ctrl_s_saves(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # edit CR-1
        await settle(pilot)
        app.screen.query_one(RequestForm).focus_field("note")
        await type_text(pilot, "First line")
        await pilot.press("enter")
        await type_text(pilot, "Second line")
        assert app.screen.editing  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
    app.project.close()
    assert reopen(folder).request("CR-1").note == "First line\nSecond line"


async def test_ctrl_o_opens_a_field_in_a_large_editor(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Bigger")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LongTextDialog))
        await pilot.press("end")
        await type_text(pilot, " logo")
        await pilot.press("enter")
        await type_text(pilot, "on every page")
        await pilot.press("ctrl+s")  # back in the one-line field: on one line
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.focused is app.screen.query_one("#field-request")
        app.screen.query_one(RequestForm).focus_field("note")
        await type_text(pilot, "Kept")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, LongTextDialog))
        await pilot.press("enter")
        await type_text(pilot, "as lines")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.focused, TextArea))
        await pilot.press("ctrl+o")  # escape leaves the field as it was
        await wait_until(pilot, lambda: isinstance(app.screen, LongTextDialog))
        await type_text(pilot, "dropped")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        await pilot.press("ctrl+s")
        await settle(pilot)
    app.project.close()
    stored = reopen(folder).request("CR-2")
    assert (stored.request, stored.note) == ("Bigger logo on every page", "Kept\nas lines")


async def test_editing_types_on_at_the_end_of_the_stored_text(folder: Path) -> None:
    """``enter`` and ``i`` open a stored request with the cursor at the end of the field: the
    first key typed adds to the text (it replaced all of it, selected on focus)."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "enter", *key_names(" with feedback"), "enter")
        await settle(pilot)
        burst(app, "i", *key_names("Less time away"), "enter", "i", *key_names(" from the floor"),
              "enter")
        await settle(pilot)
    app.project.close()
    stored = reopen(folder).request("CR-1")
    assert (stored.request, stored.intent) == ("Shorter course with feedback",
                                               "Less time away from the floor")


async def test_end_meeting_is_not_offered_while_the_form_holds_text(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Client wants a leaderboard")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert list(screen.palette_commands()) == []  # not End meeting, not anything
        await pilot.press("enter")
        await settle(pilot)
        assert "End meeting" in [c.title for c in screen.palette_commands()]
    app.project.close()


async def test_the_form_gets_its_cursor_back_after_the_size_notice(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Client wants badges")
        await pilot.resize_terminal(70, 20)  # the enlarge notice: the form is hidden
        await settle(pilot)
        assert panels_in_sight(app.screen) == [] and app.focused is None
        await pilot.press("x")  # goes nowhere: nothing has the cursor
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert app.focused is app.screen.query_one("#field-request")
        await type_text(pilot, " for streaks")
        await pilot.press("enter")
        await settle(pilot)
    app.project.close()
    assert reopen(folder).request("CR-2").request == "Client wants badges for streaks"


async def test_ids_typed_and_tab_in_one_burst_put_the_checklist_on_them(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", *key_names("Quiz"), "tab", "tab", "tab", *key_names("c1 zz9"), "tab",
              "space", "up", "space")  # C1 unticked, then A1 ticked; ZZ9 (unknown) stays
        await settle(pilot)
        field = app.screen.query_one("#field-criteria")
        assert field.value == "A1, ZZ9"  # type: ignore[attr-defined]
        await pilot.press("escape")
    app.project.close()


async def test_a_reopened_form_starts_at_its_top(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *["tab"] * 11)  # down to Due, the form scrolled
        await pilot.press("escape", "n")
        await settle(pilot)
        form = app.screen.query_one(RequestForm)
        body, field = form.query_one("#form-body"), form.query_one("#field-request")
        assert body.scroll_y == 0 and field.region.height > 0
        assert body.region.contains_region(field.region)
        await pilot.press("escape")
    app.project.close()


async def test_one_footer_shows_the_form_s_keys_then_the_list_s(folder: Path) -> None:
    """The footer shows the keys of whatever has the cursor: the form's while it is open (the
    screen's keys are text there), the list's after; the same widget throughout, with no key
    widgets to rebuild."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        footer = screen.query_one(KeysFooter)
        for _round in range(2):
            await pilot.press("n")
            await settle(pilot)
            assert {"ctrl+s", "escape"} <= set(footer.shown_keys)
            assert not {"n", "q"} & set(footer.shown_keys)
            assert "Save" in str(footer.render())
            await pilot.press("escape")
            await settle(pilot)
            assert {"n", "q"} <= set(footer.shown_keys)
            assert not {"ctrl+s", "escape"} & set(footer.shown_keys)
        assert screen.query(KeysFooter).nodes == [footer] and not footer.children
    app.project.close()
