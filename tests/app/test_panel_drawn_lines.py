"""The criteria panel draws a line again only when something it shows changed: whatever a
facilitator does, the lines it keeps are the lines it would draw anew (the list's marks, the
form's boxes and ticks, the checklist's cursor, another theme, another criteria version)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.theme import BUILTIN_THEMES, Theme

from reviewroom.store.model import Criterion, Section
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import CriteriaPanel, RequestsTable
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, settle, type_text, wait_until

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with two requests naming different criteria."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=[
        {"request": "Shorter course", "criteria": "R1"},
        {"request": "Bigger logo", "criteria": "K1, A1"},
    ])


def kept_and_anew(panel: CriteriaPanel) -> tuple[list[Strip], list[Strip]]:
    """The panel's visible lines as it would draw them now from what it keeps, and drawn anew
    with nothing kept."""
    panel._base = panel.rich_style  # as a drawing starts
    top, height = round(panel.scroll_y), panel.scrollable_content_region.height
    kept = [panel._strip(index) for index in range(top, top + height)]
    panel._drawn.clear()
    return kept, [panel._strip(index) for index in range(top, top + height)]


async def check_after(pilot: object, app: ReviewApp, *keys: str) -> None:
    """Press ``keys``, let the frame be drawn, and compare the panel's lines."""
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot)
    kept, anew = kept_and_anew(app.screen.query_one(CriteriaPanel))
    assert kept == anew, f"stale panel lines after {keys}"


async def test_the_lines_kept_are_the_lines_drawn_anew(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count == 2)
        await check_after(pilot, app, "down")  # another request's marks
        await check_after(pilot, app, "up")
        await check_after(pilot, app, "n")  # boxes
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "b1")
        await check_after(pilot, app, "tab")  # ticked, and the checklist's cursor
        await check_after(pilot, app, "down", "space")
        await check_after(pilot, app, "escape")  # no boxes again
    app.project.close()


async def test_another_theme_draws_every_line_in_it(folder: Path) -> None:
    """Even a theme that changes only the accent (the panel's own colours stay) redraws the
    headings and the marked items' shade."""
    base = BUILTIN_THEMES["textual-dark"]
    red = Theme(name="red-accent", primary=base.primary, secondary=base.secondary,
                accent="#ff0000", background=base.background, surface=base.surface,
                panel=base.panel, foreground=base.foreground, dark=True)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count == 2)
        app.theme = "textual-dark"
        await settle(pilot)
        app.register_theme(red)
        app.theme = "red-accent"
        await check_after(pilot, app)
        app.theme = "nord"
        await check_after(pilot, app, "down")
    app.project.close()


async def test_a_new_criteria_version_draws_its_own_lines(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count == 2)
        await settle(pilot)
        project = app.project
        changed = (Criterion("R1", "Errors fall by half by Q4."),)
        project.revise_criteria(project.criteria.with_section(Section.RESULT, changed),
                                "The client's target changed.")
        app.screen.reload()  # type: ignore[attr-defined]
        await check_after(pilot, app)
        lines = [strip.text for strip in app.screen.query_one(CriteriaPanel).item_strips("R1")]
        assert "half" in " ".join(lines)
    app.project.close()


PARTS = st.sampled_from(["", " ", "K15 ", "[x] ", "word", "漢字", "…", "a longer piece of text"])
INKS = st.sampled_from([None, Style(), Style(bold=True), Style(color="red", italic=True),
                        Style(bgcolor="blue")])


@settings(max_examples=300)
@given(parts=st.lists(st.tuples(PARTS, INKS), max_size=5), width=st.integers(0, 30),
       base=st.sampled_from([Style(), Style(color="white", bgcolor="black")]),
       shade=st.sampled_from([Style(), Style(bgcolor="grey30"), Style(bold=True)]))
def test_a_line_is_finished_as_textuals_strips_finish_it(
        parts: list[tuple[str, Style | None]], width: int, base: Style, shade: Style) -> None:
    """One pass over a line's segments gives the segments a strip extended, cropped and styled
    gives (the panel's ``_finish``), however wide the parts, the line and the styles."""
    panel = CriteriaPanel("en")
    panel._base = base
    segments = [Segment(text, ink) for text, ink in parts]
    strips = Strip(segments).extend_cell_length(width).crop(0, width).apply_style(base + shade)
    finished = panel._finish(list(segments), shade, width)
    assert list(finished) == list(strips)
    assert finished.cell_length == strips.cell_length
