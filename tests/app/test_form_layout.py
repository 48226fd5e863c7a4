"""The request form's layout: one two-column grid of labels and fields (built on the first ``n``,
so every widget counts), with each refusal line under its field and the label of the field with
the cursor lit."""

from __future__ import annotations

import pytest
from textual.content import Content
from textual.widgets import Label, Static

from reviewroom.store.project import Project
from reviewroom.tui.widgets import DetailPane
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, FormHost, make_app, settle, type_text, wait_until


def lit_labels(app: FormHost) -> list[str]:
    """The labels drawn as the current field's."""
    return [str(label.render()) for label in app.screen.query(".field-label").results(Label)
            if label.has_class("-current")]


async def test_a_refusal_shows_under_its_field_in_sight_and_its_label_lit(project: Project) -> None:
    app = FormHost(project, None, focus_field="due", preset={"request": "Bigger logo"})
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "soon")
        await pilot.press("ctrl+s")
        screen = app.screen
        field, error = screen.query_one("#field-due"), screen.query_one("#error-due")
        await wait_until(pilot, lambda: error.region.height > 0)
        assert screen.focused is field and lit_labels(app) == ["Due"]
        assert (error.region.x, error.region.y) == (field.region.x, field.region.bottom)
        body = screen.query_one("#form-body")
        assert body.region.contains_region(field.region)
        assert body.region.contains_region(error.region)
        await pilot.press("shift+tab")
        await wait_until(pilot, lambda: lit_labels(app) == ["Owner"])


async def test_typing_updates_the_forms_lines_only_when_they_change(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each update of a line lays the screen out again; typing that changes no warning, hint or
    key line updates none of them."""
    updated: list[str] = []
    update = Static.update

    def counted(self: Static, *args: object, **kwargs: object) -> None:
        updated.append(self.id or "")
        update(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Static, "update", counted)
    app = FormHost(project, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_form(pilot)
        updated.clear()
        await type_text(pilot, "Bigger logo")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "R1 R9")
        await pilot.press("ctrl+s")  # refused: R9 is not in the brief
        assert updated.count("form-tone") == 0
        assert str(app.screen.query_one("#criteria-hint", Static).render()).strip() == "R9?"
        assert updated.count("form-keys") == 0  # the key line is the same in every one-line field
        assert [name for name in updated if name.startswith("error-")] == ["error-criteria"]
        updated.clear()
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        await type_text(pilot, "Obviously ")
        await wait_until(pilot, lambda: updated.count("form-tone") == 1)
        assert str(app.screen.query_one("#form-tone", Static).render()) != ""


async def settle_form(pilot: object) -> None:
    """Let the form finish opening."""
    await pilot.pause()  # type: ignore[attr-defined]


async def test_saving_draws_the_saved_requests_details_once(
        new_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The saved request is shown as saved and again as highlighted: one update, not two (each
    lays the screen out again)."""
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course"])
    bodies: list[str] = []
    update = DetailPane.update

    def counted(self: DetailPane, content: Content) -> None:
        bodies.append(str(content))
        update(self, content)

    monkeypatch.setattr(DetailPane, "update", counted)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Bigger logo")
        await settle(pilot)
        bodies.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert len(bodies) == 1 and "Bigger logo" in bodies[0]
    app.project.close()
