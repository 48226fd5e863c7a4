"""Pilot tests of the record side of issue 10 on the meeting screen.

Stale verdicts from earlier meetings listed and marked, a note kept from an earlier verdict, and
history in the project's language.
"""

from __future__ import annotations

from pathlib import Path

from reviewroom.store.model import Section
from reviewroom.store.project import Project
from reviewroom.tui.widgets import DetailPane, RequestsTable
from tests.conftest import ProjectFactory
from tests.support import brief_text, fixed_clock, make_app, make_project, reopen

SIZE = (100, 30)
C2 = "- C2: A branching scenario with a customer at the counter.\n"


def detail_text(app) -> str:  # type: ignore[no-untyped-def]
    """The detail pane's text as shown."""
    return app.screen.query_one(DetailPane).text


def two_meetings(home: Path, lang: str = "en") -> Path:
    """M-1 rejects CR-1 resting on C2; M-2 is live and removes C2, so CR-1's verdict is stale."""
    brief = brief_text(lang).rstrip("\n") + "\n" + C2
    clock = fixed_clock()
    folder = make_project(home, "aml", brief=brief, clock=clock, meeting="First review", requests=[
        {"request": "Drop the branching scenario.", "intent": "Less time per lesson.",
         "criteria": "C2", "verdict": "inconsistent", "decision": "rejected",
         "alternative": "The scenario is the concept's core."},
    ])
    with Project.open(folder, clock=clock) as proj:
        proj.end_meeting()
        proj.start_meeting("Second review")
        proj.add_request("Name the fines.")
        criteria = proj.criteria
        concept = tuple(c for c in criteria.concept if c.id != "C2")
        proj.revise_criteria(criteria.with_section(Section.CONCEPT, concept), "Scenario dropped.")
        return proj.path


async def test_stale_verdict_of_an_earlier_meeting_is_listed_and_marked(tmp_path: Path) -> None:
    app = make_app(two_meetings(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(RequestsTable)
        assert list(table.keys) == ["CR-1", "CR-2"]
        assert str(table.get_cell("CR-1", "flags")) == "!^"
        assert table.current_id == "CR-1"
        text = detail_text(app)
        assert "^ From M-1: listed here until its verdict is judged again." in text
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"scenario")
        await pilot.press("enter")
        await pilot.pause()
        assert list(table.keys) == ["CR-1"]
    app.project.close()


async def test_rejudged_request_stays_listed(tmp_path: Path) -> None:
    folder = two_meetings(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one(RequestsTable).select("CR-1")
        await pilot.press("v", "x")
        await pilot.pause()
        # C2 no longer exists: the form opens at the criteria, with the choice kept.
        assert app.screen.query_one("#field-criteria").has_focus
        await pilot.press("ctrl+a", "ctrl+k", "C", "1", "ctrl+s")
        await pilot.pause()
        table = app.screen.query_one(RequestsTable)
        assert "CR-1" in list(table.keys)
        assert str(table.get_cell("CR-1", "flags")) == "^"
        assert "^ From M-1: changed in this meeting." in detail_text(app)
    app.project.close()
    assert not reopen(folder).is_stale(reopen(folder).request("CR-1"))


async def test_quick_rejudge_marks_the_note_as_the_earlier_verdicts(
    new_project: ProjectFactory,
) -> None:
    folder = new_project("n", meeting="Review", requests=[
        {"request": "Shorter lessons.", "intent": "Less time away.", "criteria": "C1",
         "verdict": "inconsistent", "note": "C1 sets lessons of 7 minutes."},
    ])
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "c")
        await pilot.pause()
        text = detail_text(app)
        assert "Note (for the earlier verdict: inconsistent): C1 sets lessons of 7 minutes." in text
    app.project.close()


async def test_history_shows_values_in_polish(new_project: ProjectFactory) -> None:
    clock = fixed_clock()
    folder = new_project("pl", lang="pl", clock=clock, meeting="Przegląd",
                         requests=["Krótsze lekcje."])
    with Project.open(folder, clock=clock) as proj:
        proj.update_request("CR-1", verdict="unclear", decision="deferred")
    app = make_app(folder)
    async with app.run_test(size=SIZE):
        text = detail_text(app)
        assert "Ocena: do oceny -> niejasna" in text
        assert "Decyzja: otwarta -> odłożona" in text
        assert "pending" not in text and "deferred" not in text
    app.project.close()
