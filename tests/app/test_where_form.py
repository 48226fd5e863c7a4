"""Pilot: the form's Where field (last, after Due) is stored, and the detail pane shows it."""

from __future__ import annotations

from pathlib import Path

from reviewroom.store.project import Project
from reviewroom.tui.widgets import DetailPane
from reviewroom.tui.widgets.request_form import RequestForm
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, settle, type_text, wait_until

SIZE = (100, 30)


async def test_where_typed_in_the_form_is_stored_and_shown(new_project: ProjectFactory) -> None:
    folder: Path = new_project(meeting=PROTOTYPE_REVIEW)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Shorter intro")
        await pilot.press("shift+tab")  # from Request back round to the last field, Where
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one("#field-where")
        await type_text(pilot, "Lesson 2, slide 4")
        await pilot.press("enter")
        form = app.screen.query_one(RequestForm)
        await wait_until(pilot, lambda: not form.is_open)
        detail = app.screen.query_one(DetailPane)
        await wait_until(pilot, lambda: "Lesson 2, slide 4" in detail.text)
    app.project.close()
    with Project.open(folder, readonly=True) as stored:
        assert stored.request("CR-1").where == "Lesson 2, slide 4"


async def test_the_detail_pane_says_where_an_imported_request_came_from(
    new_project: ProjectFactory, tmp_path: Path
) -> None:
    from tests.domain.test_importing import plan, write_csv

    folder: Path = new_project(meeting=PROTOTYPE_REVIEW)
    path = write_csv(tmp_path / "comments [b].csv", [["Comment", "Slide", "Date"],
                                                    ["Shorter [red]intro", "4", "2026-11-02"]])
    with Project.open(folder) as p:
        p.import_comments(plan(path, p))
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one(DetailPane)
        expected = "imported from comments [b].csv, row 2, commented 2026-11-02"
        await wait_until(pilot, lambda: expected in detail.text)
        assert "Where: Slide 4" in detail.text
    app.project.close()
