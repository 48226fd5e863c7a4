"""The request form's layout: one two-column grid of labels and fields (built on the first ``n``,
so every widget counts), with each refusal line under its field and the label of the field with
the cursor lit."""

from __future__ import annotations

from textual.widgets import Label

from reviewroom.store.project import Project
from tests.support import FormHost, type_text, wait_until


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
