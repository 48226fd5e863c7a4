"""SVG snapshots of issue 14 on the meeting screen: imported comments carry the
agenda marker and the header counts them, at the smallest supported size, in both languages.

Update with ``pytest tests/snapshots/test_agenda_snapshots.py --snapshot-update`` after looking
at the new pictures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewroom.tui.app import ReviewApp
from tests.domain.test_importing import plan, write_csv
from tests.snapshots.test_snapshots import CASES, meeting_app

COMMENTS = {
    "en": [["Comment", "Author", "Slide"], ["The intro video is too long", "Dana", "2"],
           ["Use our colours in the quiz", "Lee", "7"], ["Add a glossary", "Dana", "9"]],
    "pl": [["Komentarz", "Autor", "Slajd"], ["Film wprowadzający jest za długi", "Anna", "2"],
           ["Nasze kolory w teście", "Jan", "7"], ["Dodać słowniczek", "Anna", "9"]],
}


@pytest.fixture(params=["en", "pl"])
def agenda_app(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The meeting of a sample with three comments imported into it, the first discussed."""
    sample, title, start = CASES[request.param]
    app = meeting_app(tmp_path, sample, title, start)
    project = app.project
    made = project.import_comments(plan(write_csv(tmp_path / "comments.csv",
                                                  COMMENTS[request.param]), project))
    project.mark_discussed(made[0].id)
    yield app
    project.close()


def test_agenda_marker_and_count(agenda_app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """``a`` goes to the first comment still waiting: its marker, the count, the key in the
    footer."""
    assert snap_compare(agenda_app, terminal_size=(80, 24), press=["a"])


def test_report_screen(app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """``r``: bars per criterion, the meetings' sparklines and decision bars, at 100×30."""
    assert snap_compare(app, terminal_size=(100, 30), press=["r"])


def test_report_screen_scrolled(app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The lower half: open requests by age and the action items past due."""
    async def scrolled(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#report-body").scroll_end(animate=False, immediate=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=scrolled)
