"""A fast, careless facilitator against the dialog flows (tui/typeahead.py ``flow``).

What a terminal delivers in one read over a slow link must have the effect slow typing and
clicking would have: keys typed right after a palette command reach the dialog it opens, a
double click opens one form, and a click that arrives just after ``v`` does not change which
request the chooser judges. Keys are posted in one go (``burst``); mouse clicks are posted as the
driver posts them (a press and a release; Textual makes the click of the two).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.command import CommandList, CommandPalette

from reviewroom.tui.screens.choice import ChoiceDialog
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.typeahead import FLOW_GROUP
from reviewroom.tui.widgets import RequestsTable
from tests.conftest import ProjectFactory
from tests.support import (
    PROTOTYPE_REVIEW,
    burst,
    key_names,
    make_app,
    reopen,
    settle,
    wait_until,
)

SIZE = (100, 30)
REQUESTS = [{"request": "Bigger logo", "intent": "Recognition", "criteria": "A1"},
            {"request": "Shorter course", "intent": "Less time away", "criteria": "R1"}]


@pytest.fixture
def two_requests(new_project: ProjectFactory) -> Path:
    """The prototype review with two requests that may be judged consistent (CR-1, CR-2)."""
    return new_project(meeting=PROTOTYPE_REVIEW, requests=REQUESTS)


def click(app: App[Any], x: int, y: int, times: int = 1) -> None:
    """Post ``times`` clicks at screen cell (x, y) at once, as the driver posts one read."""
    for _ in range(times):
        for kind in (events.MouseDown, events.MouseUp):
            app.post_message(kind(None, x, y, 0, 0, 1, False, False, False,
                                  screen_x=x, screen_y=y))


def row_cell(screen: MeetingScreen, row: int) -> tuple[int, int]:
    """A cell of the list's ``row`` (0 is the first request), in the Request column."""
    region = screen.query_one(RequestsTable).content_region
    return region.x + 12, region.y + 1 + row


def flows(app: object) -> list[object]:
    """The dialog flows still running."""
    return [w for w in app.workers if w.group == FLOW_GROUP  # type: ignore[attr-defined]
            and not w.is_finished]


async def until_flows_end_or_wait(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """After ``settle``: wait until every flow has ended, or one shows a dialog (waiting for a
    key that will not come: the test then fails on what it finds, without a timeout)."""

    def ended_or_waiting() -> bool:
        """the flows ended (or the app did), or a dialog waits for a key"""
        return not app.is_running or not flows(app) or not isinstance(app.screen, MeetingScreen)

    await settle(pilot)
    await wait_until(pilot, ended_or_waiting)


async def open_palette_on(pilot, app, query: str) -> None:  # type: ignore[no-untyped-def]
    """``ctrl+p`` and ``query``; wait until the palette lists exactly one command for it."""
    burst(app, "ctrl+p", *key_names(query))
    await settle(pilot)

    def one_match() -> bool:
        """the palette lists one command"""
        screen = app.screen
        return (isinstance(screen, CommandPalette)
                and screen.query_one(CommandList).option_count == 1)

    await wait_until(pilot, one_match)


# ------------------------------------------------------ the command palette

async def test_a_choice_typed_right_after_a_palette_verdict_reaches_the_chooser(
    two_requests: Path,
) -> None:
    """``ctrl+p`` Verdict, then ``enter c`` in one read: the chooser opens and takes ``c``
    (slowly typed, ``c`` lands in the chooser; in a burst it went into the closing palette)."""
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette_on(pilot, app, "Verdict")
        burst(app, "enter", "c")
        await until_flows_end_or_wait(pilot, app)
        assert isinstance(app.screen, MeetingScreen), app.screen_stack
    app.project.close()
    assert reopen(two_requests).request("CR-1").verdict.value == "consistent"


async def test_a_request_typed_right_after_palette_new_is_captured(two_requests: Path) -> None:
    """``ctrl+p`` New, then ``enter``, the request, ``enter`` in one read: it is saved."""
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette_on(pilot, app, "New")
        burst(app, "enter", *key_names("Quiz at the end"), "enter")
        await until_flows_end_or_wait(pilot, app)
        assert isinstance(app.screen, MeetingScreen), app.screen_stack
    app.project.close()
    assert [r.request for r in reopen(two_requests).requests()][-1] == "Quiz at the end"


async def test_a_yes_typed_right_after_palette_end_meeting_ends_it(two_requests: Path) -> None:
    """``ctrl+p`` End meeting, then ``enter y`` in one read: the meeting ends and the app
    leaves (the ``y`` went into the closing palette and the confirmation stayed open)."""
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        await open_palette_on(pilot, app, "End meeting")
        burst(app, "enter", "y")
        await until_flows_end_or_wait(pilot, app)
        assert not app.is_running, app.screen_stack
    app.project.close()
    assert reopen(two_requests).live_meeting is None


# ------------------------------------------------------ clicks between a key and its dialog

async def test_a_double_click_on_the_highlighted_request_opens_one_form(
    two_requests: Path,
) -> None:
    """A click on a request, then a double click on it, its two clicks in one read (SSH): one
    edit form. Two used to open, one over the other: after saving the first, a second form with
    the old text came up, and ``enter`` there put the old text back in the list."""
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        x, y = row_cell(screen, 0)
        click(app, x, y)  # the first click moves the cursor onto the cell; it selects nothing
        await settle(pilot)
        await pilot.pause()
        click(app, x, y, times=2)
        await wait_until(pilot, lambda: screen.editing)
        await settle(pilot)
        burst(app, "end", *key_names(" now"), "enter")
        await settle(pilot)
        # The second click found the form open (the screen's keys and clicks are off while it
        # is): once saved, no second form comes up with the old text.
        assert not screen.editing and screen.focused is screen.query_one(RequestsTable)
        assert not flows(app)
    app.project.close()
    assert reopen(two_requests).request("CR-1").request.endswith(" now")


@pytest.mark.parametrize("keys", [("v",), ("right", "v")],
                         ids=["right-after-v", "behind-held-keys"])
async def test_a_click_takes_its_turn_after_the_keys_before_it(
    two_requests: Path, keys: tuple[str, ...]
) -> None:
    """``v`` on CR-1, then a click on CR-2 and ``c``, all in one read (SSH): CR-1 is judged, as
    when typed slowly (the chooser is open by the time of the click, which lands on nothing).

    ``right-after-v``: the flow read the highlighted row when it started, after the click.
    ``behind-held-keys``: the type-ahead holds ``v`` until ``right`` has taken effect, and a
    click that was not held overtook ``v`` and moved the cursor to CR-2 first.
    """
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        burst(app, "home")  # the screen is settled: the next key is dispatched as it arrives
        await settle(pilot)
        x, y = row_cell(screen, 1)
        burst(app, *keys)  # ``right`` moves nothing in a list of rows
        click(app, x, y)
        burst(app, "c")
        await until_flows_end_or_wait(pilot, app)
        assert not isinstance(app.screen, ChoiceDialog), app.screen_stack
    app.project.close()
    stored = reopen(two_requests)
    assert stored.request("CR-1").verdict.value == "consistent"
    assert stored.request("CR-2").verdict.value == "pending"


# ------------------------------------------------------ pastes typed ahead of their dialog

PASTED = "Keep the logo\nbut show it on phones"  # two lines, as copied from an e-mail


@pytest.mark.parametrize(("keys", "where"), [
    (["n"], "request"),
    (["d", "r"], "reason"),
    (["slash"], "filter"),
])
async def test_a_paste_typed_ahead_of_its_field_keeps_every_line(
    two_requests: Path, keys: list[str], where: str,
) -> None:
    """``n`` (or ``d r``, or ``/``), a paste of two lines and ``enter`` in one read: the field
    takes both lines joined by a space, as it does when the paste comes after the dialog has
    opened. The paste was cleaned for the widget focused when it arrived (the list, not a
    one-line field), so its line break was kept and the field then took the first line only."""
    app = make_app(two_requests)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *keys)
        app.post_message(events.Paste(PASTED))
        burst(app, "enter")
        await until_flows_end_or_wait(pilot, app)
        assert isinstance(app.screen, MeetingScreen), app.screen_stack
        shown_filter = app.screen.filter.text
    app.project.close()
    joined = "Keep the logo but show it on phones"
    stored = reopen(two_requests)
    if where == "request":
        assert stored.requests()[-1].request == joined
    elif where == "reason":
        assert stored.request("CR-1").alternative == joined
    else:
        assert shown_filter == joined
