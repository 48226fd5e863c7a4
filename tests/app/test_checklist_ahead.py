"""A writer's criteria panel lays its checklist out ahead (issue 13, part 2): the form's first
open must not wrap a long brief again, and what it draws is what an open made on demand draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, RequestsTable
from reviewroom.tui.widgets.criteria_panel import PREPARE_DELAY
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, settle, wait_until

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with one request."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course"])


def panel_of(app: object) -> CriteriaPanel:
    """The meeting screen's criteria panel."""
    return app.screen.query_one(CriteriaPanel)  # type: ignore[attr-defined, no-any-return]


async def checklist_lines(folder: Path, *, ahead: bool) -> list[str]:
    """Every item's lines as the open form's checklist draws them; ``ahead``: the form opens
    only once the panel has laid the checklist out by itself."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count > 0)
        panel = panel_of(app)
        if ahead:
            await wait_until(pilot, lambda: panel.checklist_ready)
        await pilot.press("n")
        await settle(pilot)
        lines = [strip.text for item in panel.item_ids for strip in panel.item_strips(item)]
    app.project.close()
    return lines


async def test_a_writers_panel_lays_out_the_checklist_the_form_then_draws(folder: Path) -> None:
    ahead = await checklist_lines(folder, ahead=True)
    assert ahead == await checklist_lines(folder, ahead=False)
    assert ahead[0].startswith("[ ] ")


async def test_a_watchers_panel_lays_out_no_checklist(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: panel_of(app).item_ids != [])
        await pilot.pause(3 * PREPARE_DELAY)  # long past when a writer's would have been made
        assert not panel_of(app).checklist_ready
    app.project.close()
