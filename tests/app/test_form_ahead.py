"""A writer's meeting screen in a terminal builds its request form ahead (issue 13, part 2): the
first ``n`` only shows it. Hidden until then; an ``n`` pressed while it is being built waits for
it instead of building a second; a headless app (these tests) builds nothing ahead."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from reviewroom.tui.screens import meeting
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import DetailPane, KeysFooter, RequestsTable
from reviewroom.tui.widgets.request_form import RequestForm
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, burst, make_app, reopen, settle, type_text, wait_until

SIZE = (100, 30)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """A live meeting with one request."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=["Shorter course"])


@pytest.fixture
def as_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers' screens build their form ahead as in a terminal, after ``delay`` seconds."""
    monkeypatch.setattr(MeetingScreen, "builds_form_ahead",
                        property(lambda screen: not screen.read_only))
    monkeypatch.setattr(meeting, "FORM_AHEAD_DELAY", 0.05)


def screen_of(app: object) -> MeetingScreen:
    """The meeting screen, once it is up."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MeetingScreen)
    return screen


async def opened(pilot: object, app: object) -> MeetingScreen:
    """Wait for the meeting screen and its rows."""
    await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)  # type: ignore[attr-defined]
                     and app.screen.query_one(RequestsTable).row_count > 0)  # type: ignore[attr-defined]
    return screen_of(app)


@pytest.mark.usefixtures("as_in_a_terminal")
async def test_the_form_is_built_ahead_hidden_and_n_shows_it(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        await wait_until(pilot, lambda: screen.form is not None)
        assert not screen.editing and screen.query_one(DetailPane).display
        assert not screen.query_one(RequestForm).display
        await pilot.pause()  # the screen's keys stay in the footer: n, i, v first
        assert "New" in str(screen.query_one("#keys", KeysFooter).render())
        await pilot.press("n")
        await type_text(pilot, "Bigger logo")
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.editing
    app.project.close()
    assert [r.request for r in reopen(folder).requests()][-1] == "Bigger logo"


@pytest.mark.usefixtures("as_in_a_terminal")
async def test_an_n_during_the_build_ahead_gets_the_one_form(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meeting, "FORM_AHEAD_DELAY", 0)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", "Q", "u", "i", "z")
        await settle(pilot)
        screen = screen_of(app)
        assert screen.editing
        assert len(screen.query(RequestForm)) == 1
        assert len(screen.query(KeysFooter)) == 1  # one footer, showing the form's keys
        assert "ctrl+s" in screen.query_one(KeysFooter).shown_keys
        assert screen.query_one("#field-request").value == "Quiz"  # type: ignore[attr-defined]
        await pilot.press("escape")
    app.project.close()


async def test_two_asking_for_the_form_at_once_get_one_form_with_its_fields(folder: Path) -> None:
    """The build ahead and an ``n`` in the same moment, made certain."""
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)

        async def fields_on_return() -> tuple[RequestForm, int]:
            form = await screen._form_ready()
            return form, len(form.query("#field-request"))

        (first, fields), (second, more) = await asyncio.gather(fields_on_return(),
                                                               fields_on_return())
        assert first is second and fields == more == 1
        assert len(screen.query(RequestForm)) == 1
    app.project.close()


async def test_a_headless_app_builds_no_form_ahead(folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app)
        assert not screen.builds_form_ahead and screen.form is None
    app.project.close()
