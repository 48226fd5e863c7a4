"""A resize never leaves the list unusable: its highlighted row out of view, or its keys
dead (hostile16)."""

from __future__ import annotations

import pytest

from reviewroom.tui.widgets import CriteriaPanel, RequestsTable
from tests.conftest import ProjectFactory
from tests.support import make_app, notice_shown, panels_in_sight, settle, type_text, wait_until


def cursor_in_view(table: RequestsTable) -> bool:
    """The cursor's row lies inside the rows the table shows (below its header)."""
    top = int(table.scroll_y)
    shown = table.body_height()
    return top <= table.cursor_row < top + shown


@pytest.mark.parametrize(("size", "step"), [((100, 30), (101, 30)), ((120, 40), (120, 41))])
async def test_the_last_row_stays_in_view_after_a_resize_and_back(
    new_project: ProjectFactory, size: tuple[int, int], step: tuple[int, int]
) -> None:
    """One column wider (the list only widens its request column) or one line taller, and
    back: the highlighted last request was scrolled out of view, the detail pane still on it."""
    folder = new_project(meeting="Review", requests=[f"Request {n}" for n in range(1, 101)])
    app = make_app(folder)
    async with app.run_test(size=size) as pilot:
        table = app.screen.query_one(RequestsTable)
        await pilot.press("end")
        await wait_until(pilot, lambda: table.cursor_row == 99 and cursor_in_view(table))
        shown_height = table.scrollable_content_region.height
        await pilot.resize_terminal(*step)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await wait_until(pilot, lambda: table.scrollable_content_region.height == shown_height)
        for _ in range(3):  # the scroll follows the resize's refresh
            await pilot.pause()
        assert table.cursor_row == 99
        assert cursor_in_view(table), (table.scroll_y, table.scrollable_content_region)
    app.project.close()


@pytest.mark.parametrize("small", [(79, 30), (100, 23)])
async def test_the_list_takes_keys_again_after_the_too_small_notice(
    new_project: ProjectFactory, small: tuple[int, int]
) -> None:
    """The notice hid the list and took its focus: back at a usable size, up and down did
    nothing (the screen's own keys still worked) until a form was opened and closed."""
    folder = new_project(meeting="Review", requests=[f"Request {n}" for n in range(1, 6)])
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        table = screen.query_one(RequestsTable)
        await pilot.resize_terminal(*small)
        await wait_until(pilot, lambda: notice_shown(screen))
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: "requests" in panels_in_sight(screen))
        await pilot.pause()
        await pilot.press("down")
        await wait_until(pilot, lambda: table.cursor_row == 1, timeout=10)
    app.project.close()


async def test_the_panel_shows_the_highlighted_requests_criteria_after_the_checklist(
    new_project: ProjectFactory,
) -> None:
    """``n``, A1 in the Criteria field, tab into the checklist, esc: the panel stayed where the
    checklist had scrolled it (the brief's end), the first request's B1 out of view, because
    it was asked to show B1 while the checklist still had the cursor (since 9439f9f)."""
    folder = new_project(meeting="Review", requests=[
        {"request": "Make the logo bigger", "intent": "Feel welcome", "criteria": ["B1"]}])
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        panel = screen.query_one(CriteriaPanel)
        await wait_until(pilot, lambda: screen.query_one(RequestsTable).row_count == 1)
        assert panel.in_view("B1")
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.form is not None and screen.form.is_open)
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "A1")
        await pilot.press("tab")
        await wait_until(pilot, lambda: panel.has_focus and not panel.in_view("B1"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.query_one(RequestsTable).has_focus)
        await settle(pilot)
        assert panel.in_view("B1"), panel.scroll_y
    app.project.close()
