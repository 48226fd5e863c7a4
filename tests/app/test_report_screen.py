"""Pilot: ``r`` opens the criteria-health report (bars and sparklines) over all meetings; escape
closes it; a watcher may open it too (it only reads)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Sparkline

from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.report import ReportScreen
from tests.domain.test_minutes import build_review_project
from tests.hostile import raw_characters
from tests.support import fixed_clock, make_app, make_project, settle, wait_until

SIZE = (100, 30)
TODAY = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The two-meeting review project with a third meeting under way."""
    with build_review_project(tmp_path / "home") as built:
        built.start_meeting("Pilot review")
        return built.path


def body(app: ReviewApp, selector: str) -> str:
    """The text of one part of the report."""
    return str(app.screen.query_one(selector).render())


async def test_r_opens_the_report_and_escape_closes_it(folder: Path) -> None:
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), clock=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen))
        criteria = body(app, "#report-criteria")
        assert "A1" in criteria and "revised ×1" in criteria and "A2" in criteria
        sparklines = list(app.screen.query(Sparkline))
        assert len(sparklines) == 3
        # listed per meeting (M-3: two carried over, one stale verdict to re-check)
        assert [list(s.data or []) for s in sparklines][0] == [3.0, 7.0, 3.0]
        assert body(app, "#report-meetings").count("M-") == 3
        past_due = body(app, "#report-past-due")
        assert past_due.startswith("CR-3") and "+20" in past_due  # as of the app's day
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
    app.project.close()


async def test_a_watcher_may_open_the_report(folder: Path) -> None:
    app = make_app(folder, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.press("q")  # q closes the report, not the app
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.is_running
    app.project.close()


async def test_the_ascii_look_draws_the_bars_in_ascii(folder: Path) -> None:
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), ascii=True,
                    clock=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen))
        text = body(app, "#report-criteria") + body(app, "#report-meetings")
        assert "█" not in text and "■" not in text and "#" in text
    app.project.close()


async def test_an_owner_with_markup_and_controls_shows_as_plain_text(tmp_path: Path) -> None:
    owner = "[bold red]Dana[/] [@click=app.quit]x[/] \x1b[2J\u202e"
    folder = make_project(tmp_path / "home", meeting="Review", requests=[
        {"request": "Bigger logo", "intent": "Brand", "criteria": "P1", "verdict": "consistent",
         "decision": "accepted", "owner": owner, "due": "2026-11-01"}])
    app = ReviewApp(Project.open(folder, clock=fixed_clock()), clock=lambda: TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen))
        shown = body(app, "#report-past-due")
        assert "[bold red]Dana[/] [@click=app" in shown  # literal, cut at 30 cells
        assert raw_characters(shown) == []
    app.project.close()
