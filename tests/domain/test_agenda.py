"""The agenda of imported comments (issue 14): which are discussed, durably, from the history."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewroom.store.agenda import is_discussed, meeting_agenda, next_waiting
from reviewroom.store.errors import ReviewError
from reviewroom.store.project import Project
from tests.domain.test_importing import plan, write_csv
from tests.support import make_project, reopen

COMMENTS = [["Comment", "Slide"], ["Shorter intro", "1"], ["Bigger logo", "2"],
            ["Calmer colours", "3"]]


def agenda_project(tmp_path: Path) -> Path:
    """A live meeting: CR-1 raised in it, CR-2…CR-4 imported into it (the app's tests too)."""
    folder = make_project(tmp_path / "home", meeting="Review 1", requests=["Raised live"])
    with Project.open(folder) as p:
        p.import_comments(plan(write_csv(tmp_path / "c.csv", COMMENTS), p))
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A live meeting with one request raised in it and three comments imported into it."""
    return agenda_project(tmp_path)


def test_imported_comments_wait_on_the_agenda_until_a_meeting_touches_them(folder: Path) -> None:
    with Project.open(folder) as p:
        agenda = meeting_agenda(p.requests(), p.live_meeting)
        assert (agenda.discussed, agenda.total) == (0, 3)
        assert agenda.waiting == ("CR-2", "CR-3", "CR-4")
        p.update_request("CR-3", verdict="unclear")  # edited in the meeting: discussed
        p.mark_discussed("CR-4")  # talked through, nothing to change
    with reopen(folder) as stored:  # durable: read back from disk
        agenda = meeting_agenda(stored.requests(), stored.live_meeting)
        assert (agenda.discussed, agenda.total, agenda.waiting) == (2, 3, ("CR-2",))
        entry = stored.request("CR-4").history[-1]
        assert (entry.meeting, entry.field, entry.new) == ("M-1", "discussed", None)


def test_an_edit_while_no_meeting_runs_is_not_a_discussion(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "home", meeting="Review 1")
    with Project.open(folder) as p:
        p.end_meeting()
        p.import_comments(plan(write_csv(tmp_path / "c.csv", COMMENTS), p))
        p.update_request("CR-1", where="Slide 9")  # between meetings
        assert not is_discussed(p.request("CR-1"))
        meeting = p.start_meeting("Review 2")  # adopts the agenda
        agenda = meeting_agenda(p.requests(), meeting)
        assert (agenda.discussed, agenda.total) == (0, 3)


def test_marking_twice_records_once_and_a_raised_request_is_refused(folder: Path) -> None:
    with Project.open(folder) as p:
        first = p.mark_discussed("CR-2")
        assert p.mark_discussed("CR-2") == first
        assert [h.field for h in first.history] == ["imported", "discussed"]
        with pytest.raises(ReviewError) as refused:
            p.mark_discussed("CR-1")
        assert "CR-1 is not on the agenda" in refused.value.message("en")
        p.end_meeting()
        with pytest.raises(ReviewError):  # no live meeting: nothing to discuss it in
            p.mark_discussed("CR-3")
    with reopen(folder) as stored:
        assert [h.field for h in stored.request("CR-1").history] == []
        assert [h.field for h in stored.request("CR-3").history] == ["imported"]


def test_comments_a_meeting_did_not_reach_are_on_the_next_agenda(folder: Path) -> None:
    with Project.open(folder) as p:
        p.mark_discussed("CR-2")
        p.update_request("CR-3", decision="deferred", alternative="After the pilot.")
        p.end_meeting()  # CR-4 never reached; CR-3 discussed and deferred
        meeting = p.start_meeting("Review 2")
        assert set(meeting.carried_over) >= {"CR-3", "CR-4"}
        agenda = meeting_agenda(p.requests(), meeting)
        assert (agenda.discussed, agenda.total, agenda.waiting) == (0, 1, ("CR-4",))
        p.mark_discussed("CR-4")
        assert meeting_agenda(p.requests(), p.live_meeting).discussed == 1


def test_a_meeting_without_imported_requests_has_no_agenda(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "home", meeting="Review 1", requests=["Raised live"])
    with reopen(folder) as p:
        assert meeting_agenda(p.requests(), p.live_meeting).total == 0
        assert meeting_agenda(p.requests(), None).total == 0


@pytest.mark.parametrize(("current", "expected"), [
    (None, "CR-2"), ("CR-1", "CR-2"), ("CR-2", "CR-4"), ("CR-4", "CR-2"), ("CR-5", "CR-2"),
])
def test_the_next_waiting_request_follows_the_list_and_wraps_round(current: str | None,
                                                                    expected: str) -> None:
    order = ["CR-1", "CR-2", "CR-3", "CR-4", "CR-5"]
    assert next_waiting(order, current, {"CR-2", "CR-4"}) == expected


def test_the_last_waiting_request_is_its_own_next_and_none_waits_after_it() -> None:
    assert next_waiting(["CR-1", "CR-2"], "CR-2", {"CR-2"}) == "CR-2"
    assert next_waiting(["CR-1", "CR-2"], "CR-2", set()) is None
