"""Pilot tests of ``c``: the criteria as a list (add, edit, remove one item at a time), the
preview before saving (Was/Now, stale verdicts, reason, linked request), the raw brief editor,
and brief warnings shown once; each checks what the project then holds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, TextArea

from reviewroom.store.model import Criterion, Section
from reviewroom.store.project import Project
from reviewroom.tui.screens.criteria_editor import CriteriaEditor
from reviewroom.tui.screens.criteria_revision import CriteriaRevision
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.revision_preview import RevisionPreview
from reviewroom.tui.screens.text_prompt import TextPrompt
from reviewroom.tui.widgets import RequestsTable
from reviewroom.tui.widgets.error_line import ErrorLine
from tests.support import (
    burst,
    fixed_clock,
    key_names,
    make_app,
    record_notes,
    reopen,
    settle,
    type_text,
)

SIZE = (100, 30)
REASON = "Client asked"


def with_requests(folder: Path, *requests: dict[str, Any]) -> None:
    """Add judged requests to the live meeting of ``folder``."""
    with Project.open(folder, clock=fixed_clock()) as project:
        for values in requests:
            project.add_request(**values)


async def keys(pilot: Any, *names: str) -> None:
    """Press keys and let every dialog they open or close settle."""
    for name in names:
        await pilot.press(name)
        await settle(pilot)


async def save_with(pilot: Any, reason: str = REASON) -> None:
    """``s``, the reason, ``enter``: the preview saves."""
    await keys(pilot, "s")
    assert isinstance(pilot.app.screen, RevisionPreview)
    await type_text(pilot, reason)
    await keys(pilot, "enter")


def highlighted(app: Any) -> str | None:
    """The ID of the row under the list's cursor."""
    option = app.screen.query_one(OptionList).highlighted_option
    return option.id if option else None


def select(app: Any, option_id: str) -> None:
    """Put the list's cursor on a row (the keys that move it are tested elsewhere)."""
    options = app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)


def stored(folder: Path) -> Project:
    """What is on disk."""
    return reopen(folder)


async def test_adding_an_item_records_exactly_that_item(folder: Path) -> None:
    app = make_app(folder)
    before = app.project.criteria
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c")
        assert isinstance(app.screen, CriteriaRevision) and highlighted(app) == "P1"
        await keys(pilot, "a")
        await type_text(pilot, "Shrinkage rises in the first month.")
        await keys(pilot, "enter")
        assert highlighted(app) == "P2"
        await save_with(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    after = stored(folder)
    expected = before.with_section(
        Section.PROBLEM, (*before.problem, Criterion("P2", "Shrinkage rises in the first month.")))
    assert (after.criteria_version, after.criteria) == (2, expected)
    assert after.versions()[-1].reason == REASON


async def test_editing_an_item_keeps_its_id(folder: Path) -> None:
    app = make_app(folder)
    before = app.project.criteria
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "e", "ctrl+u")
        await type_text(pilot, "Till errors cost 3% of revenue.")
        await keys(pilot, "enter")
        await save_with(pilot)
    app.project.close()
    after = stored(folder).criteria
    assert after == before.with_section(Section.PROBLEM,
                                        (Criterion("P1", "Till errors cost 3% of revenue."),))


async def test_removing_an_item_never_renumbers_and_its_id_is_never_given_again(
        folder: Path) -> None:
    before = stored(folder).criteria
    before = replace(before, result=(*before.result, Criterion("R2", "Refunds fall by 10%.")))
    with Project.open(folder, clock=fixed_clock()) as project:
        project.revise_criteria(before, "Second result")
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "down", "down")  # P1 → the Result heading → R1
        assert highlighted(app) == "R1"
        await keys(pilot, "x")  # marked removed, still listed until saved
        assert "R1" in [o.id for o in app.screen.query_one(OptionList).options]
        await keys(pilot, "x", "x")  # pressed again: kept; and again: removed
        await save_with(pilot)
        await keys(pilot, "c", "down", "a")  # a new result goal, on the Result heading
        await type_text(pilot, "Queues shorten by 20%.")
        await keys(pilot, "enter", "escape")  # not saved: only the ID it would get matters
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    after = stored(folder)
    assert after.criteria == before.with_section(Section.RESULT,
                                                 (Criterion("R2", "Refunds fall by 10%."),))
    assert after.criteria_version == 3


async def test_a_removed_id_is_not_offered_again(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "down", "down", "x")  # R1
        await save_with(pilot)
        await keys(pilot, "c", "down", "a")  # on the (now empty) Result heading
        await type_text(pilot, "Queues shorten by 20%.")
        await keys(pilot, "enter")
        assert highlighted(app) == "R2"
        await save_with(pilot, "New result goal")
    app.project.close()
    assert [c.id for c in stored(folder).criteria.result] == ["R2"]


async def test_the_preview_lists_the_right_stale_requests(folder: Path) -> None:
    with_requests(folder,
                  {"request": "Shorter lessons", "intent": "Time", "criteria": "C1",
                   "verdict": "inconsistent"},
                  {"request": "Bigger logo", "intent": "Brand", "criteria": "K1",
                   "verdict": "consistent"})
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        current = app.screen.query_one(RequestsTable).current_id
        await keys(pilot, "c")  # the list starts on the highlighted request's criterion
        assert highlighted(app) == {"CR-1": "C1", "CR-2": "K1"}[current or ""]
        select(app, "C1")
        await keys(pilot, "e", "ctrl+u")
        await type_text(pilot, "Eight micro-lessons.")
        await keys(pilot, "enter", "s")
        body = str(app.screen.query_one("#preview-changes").render())
        assert "C1" in body and "Eight micro-lessons." in body and "Was:" in body
        assert "CR-1" in body and "Shorter lessons" in body
        assert "CR-2" not in body
        await type_text(pilot, REASON)
        await keys(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert [r.id for r in stored(folder).stale_requests()] == ["CR-1"]


async def test_the_reason_is_required(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "x", "s")  # P1 removed: no problem left, so nothing to preview
        assert isinstance(app.screen, CriteriaRevision)
        assert app.screen.query_one("#revision-error", ErrorLine).has_class("-shown")
        await keys(pilot, "x", "down", "down", "x", "s", "enter")  # R1; an empty reason
        assert isinstance(app.screen, RevisionPreview)
        error = app.screen.query_one("#reason-error", ErrorLine)
        assert error.has_class("-shown") and "reason" in str(error.render()).lower()
        await type_text(pilot, "Merged")
        await keys(pilot, "escape")  # back to the list: the removal is still there
        assert isinstance(app.screen, CriteriaRevision)
        assert [c.id for c in app.screen.draft.changes()] == ["R1"]
        await keys(pilot, "s")  # and so is the reason
        assert app.screen.query_one("#reason", Input).value == "Merged"
    app.project.close()
    assert stored(folder).criteria_version == 1


async def test_the_linked_request_defaults_to_the_highlighted_one_and_can_change(
        folder: Path) -> None:
    with_requests(folder, {"request": "Shorter lessons"}, {"request": "Bigger logo"})
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        current = app.screen.query_one(RequestsTable).current_id
        await keys(pilot, "c")
        select(app, "R1")
        await keys(pilot, "x", "s")
        field = app.screen.query_one("#request", Input)
        assert field.value == current
        await type_text(pilot, REASON)
        field.value = "CR-9"
        await keys(pilot, "enter")
        assert app.screen.query_one("#request-error", ErrorLine).has_class("-shown")
        assert app.project.criteria_version == 1
        other = "CR-1" if current == "CR-2" else "CR-2"
        field.value = other
        await keys(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert stored(folder).versions()[-1].request == other


async def test_the_raw_editor_still_works_and_shows_line_numbers(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "r")
        assert isinstance(app.screen, CriteriaEditor)
        area = app.screen.query_one(TextArea)
        assert area.show_line_numbers
        area.text = area.text.replace("at most 7 minutes", "at most 5 minutes")
        app.screen.query_one("#reason", Input).focus()
        await type_text(pilot, REASON)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()
    assert "at most 5 minutes" in stored(folder).criteria.concept[0].text


async def test_brief_warnings_show_once(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notes(app)
        await keys(pilot, "c", "down", "a")
        await type_text(pilot, "Staff feel better about the till.")  # nothing measurable
        await keys(pilot, "enter")
        await save_with(pilot)
        warned = [n for n in notes if n.severity == "warning" and "R2" in n.message]
        assert len(warned) == 1
        notes.clear()
        await keys(pilot, "c", "e", "ctrl+u")  # P1 reworded; R2 is still unmeasurable
        await type_text(pilot, "Till errors cost 3% of revenue.")
        await keys(pilot, "enter")
        await save_with(pilot, "Figure updated")
        assert not [n for n in notes if "R2" in n.message]
    app.project.close()
    assert stored(folder).criteria_version == 3


async def test_enter_edits_an_item_and_adds_on_a_heading(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "c", "enter")  # on P1: its text to reword
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == app.project.criteria.problem[0].text
        await keys(pilot, "escape", "up", "enter")  # on the Problem heading: a new item
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "Queues at the till grow in December.")
        await keys(pilot, "enter")
        assert highlighted(app) == "P2"
    app.project.close()


async def test_keys_typed_at_once_reach_the_list_and_the_preview(folder: Path) -> None:
    """``c x s``, the reason and ``enter`` in one burst (a fast typist, SSH) remove K1."""
    with_requests(folder, {"request": "A quiz", "criteria": "K1"})
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "c", "x", "s", *key_names("Merged"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen), app.screen_stack
    app.project.close()
    after = stored(folder)
    assert (after.criteria.knowledge, after.versions()[-1].reason) == ((), "Merged")
    assert after.versions()[-1].request == "CR-1"


# ----------------------------------------------------------------------------- the key count


async def remove_in_raw_editor(pilot: Any, item: str) -> list[str]:
    """Remove ``item`` in the brief's text as main's ``c`` offered it: down to its line, select
    the line (shift+down), delete it, tab to the reason; the keys, ``c`` first (not ``r``)."""
    await keys(pilot, "c", "r")
    area = pilot.app.screen.query_one(TextArea)
    pressed = ["c"]
    while not area.document.get_line(area.cursor_location[0]).startswith(f"- {item}:"):
        await keys(pilot, "down")
        pressed.append("down")
    for key in ("shift+down", "backspace", "tab"):
        await keys(pilot, key)
        pressed.append(key)
    return pressed


async def remove_in_list(pilot: Any, item: str) -> list[str]:
    """Remove ``item`` with the list: down to its row, ``x``, ``s`` (the preview's reason)."""
    await keys(pilot, "c")
    pressed = ["c"]
    while highlighted(pilot.app) != item:
        await keys(pilot, "down")
        pressed.append("down")
    for key in ("x", "s"):
        await keys(pilot, key)
        pressed.append(key)
    return pressed


@pytest.mark.parametrize(("requests", "expected"), [
    ((), {"remove_in_raw_editor": 15, "remove_in_list": 10}),
    (({"request": "A quiz", "criteria": "K1"},), {"remove_in_raw_editor": 5, "remove_in_list": 4}),
], ids=["from-the-first-item", "the-highlighted-request-names-it"])
async def test_removing_a_criterion_with_a_reason_takes_fewer_keys_in_the_list(
        new_project: Any, requests: tuple[dict[str, str], ...], expected: dict[str, int]) -> None:
    """The figure of issue 12: K1 removed with the reason "Merged" (6 more keys) at 100×30,
    the same stored result both ways. Each route's keys are counted as pressed (every key but
    the reason's letters), plus ``enter`` to save. Both routes start on the highlighted
    request's first criterion, else on the first item."""
    counts = {}
    for route in (remove_in_raw_editor, remove_in_list):
        folder = new_project(route.__name__.replace("_", "-"), meeting="Review",
                             requests=requests)
        app = make_app(folder)
        async with app.run_test(size=SIZE) as pilot:
            pressed = await route(pilot, "K1")
            await type_text(pilot, "Merged")
            await keys(pilot, "enter")
            assert isinstance(app.screen, MeetingScreen)
            counts[route.__name__] = len(pressed) + 1
        app.project.close()
        after = stored(folder)
        assert (after.criteria_version, after.criteria.knowledge) == (2, ())
        assert len(list(after.criteria.items())) == 5
    assert counts == expected
