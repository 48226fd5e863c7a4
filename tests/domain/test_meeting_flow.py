"""The record across meetings (issue 10): stale verdicts from earlier meetings, re-judging against
removed criteria, action items, and a note that belongs to an earlier verdict."""

from __future__ import annotations

import pytest

from reviewroom.store.errors import ReviewError
from reviewroom.store.minutes import render_html, render_markdown
from reviewroom.store.model import Listing, Section, Verdict
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.support import brief_text, fixed_clock

C2 = "- C2: A branching scenario with a customer at the counter.\n"
BRIEF = brief_text().rstrip("\n") + "\n" + C2


def without_c2(project: Project) -> None:
    """Revise the criteria in the live meeting, removing C2."""
    criteria = project.criteria
    concept = tuple(c for c in criteria.concept if c.id != "C2")
    project.revise_criteria(
        criteria.with_section(Section.CONCEPT, concept), "The client drops the scenario."
    )


@pytest.fixture
def project(new_project: ProjectFactory):  # type: ignore[no-untyped-def]
    """M-1 rejects CR-1 resting on C2 and accepts CR-2 on R1; M-2 is live and removes C2."""
    clock = fixed_clock()
    proj = Project.open(new_project("aml", brief=BRIEF, clock=clock), clock=clock)
    proj.start_meeting("First review")
    proj.add_request("Drop the branching scenario.", intent="Less time per lesson.",
                     criteria="C2", verdict="inconsistent", note="C2 needs the scenario.",
                     decision="rejected", alternative="The scenario is the concept's core.")
    proj.add_request("Show the fines for a missed report.", intent="Make the risk concrete.",
                     criteria="R1", verdict="consistent", decision="accepted", owner="Leo")
    proj.end_meeting()
    proj.start_meeting("Second review")
    without_c2(proj)
    yield proj
    proj.close()


# ------------------------------------------------------------------ 1. stale from any meeting


def test_stale_verdict_from_an_earlier_meeting_is_listed_in_the_live_meeting(
    project: Project,
) -> None:
    live = project.live_meeting
    assert live is not None
    assert [r.id for r in project.meeting_requests(live)] == ["CR-1"]
    assert project.meeting_listing(live) == [(project.request("CR-1"), Listing.RECHECK)]
    assert project.listed_as(live, project.request("CR-1")) is Listing.RECHECK
    assert project.listed_as(live, project.request("CR-2")) is None


def test_minutes_of_the_live_meeting_list_the_stale_verdict(project: Project) -> None:
    live = project.live_meeting
    assert live is not None
    md = render_markdown(project, live)
    assert "- **Verdicts to re-check:** 1" in md
    part = md[md.index("## Verdicts to re-check"):md.index("## Action items")]
    assert "- **CR-1** (Drop the branching scenario.): Inconsistent against criteria " \
           "version 1; changed since: C2." in part
    assert "| CR-1 (from M-1, to re-check) | Drop the branching scenario. |" in md
    assert "Raised in meeting M-1; listed here because its verdict must be judged again." in md


def test_stale_verdict_stays_listed_after_the_meeting_and_in_the_next(project: Project) -> None:
    second = project.end_meeting()
    assert "- **Verdicts to re-check:** 1" in render_markdown(project, second)
    third = project.start_meeting("Third review")
    assert project.listed_as(third, project.request("CR-1")) is Listing.RECHECK
    # The first meeting closed before C2 was removed: its record does not change.
    first = project.meeting("M-1")
    assert [r.id for r in project.meeting_requests(first)] == ["CR-1", "CR-2"]
    assert "- **Verdicts to re-check:** 0" not in render_markdown(project, third)


def test_a_rejudged_request_stays_on_the_list_as_revisited(project: Project) -> None:
    live = project.live_meeting
    assert live is not None
    project.update_request("CR-1", criteria="C1", verdict="inconsistent")
    assert not project.is_stale(project.request("CR-1"))
    assert project.listed_as(live, project.request("CR-1")) is Listing.REVISITED
    md = render_markdown(project, live)
    assert "- **Verdicts to re-check:** 0" in md
    part = md[md.index("## Requests from earlier meetings"):md.index("## Verdicts to re-check")]
    assert "- **CR-1** (raised in M-1): Drop the branching scenario." in part
    assert "  - Criteria: C2 → C1" in part


def test_polish_minutes_list_the_stale_verdict(project: Project) -> None:
    live = project.live_meeting
    assert live is not None
    md = render_markdown(project, live, lang="pl")
    assert "- **Oceny do ponownego sprawdzenia:** 1" in md
    assert "| CR-1 (z M-1, do ponownej oceny) |" in md


# ------------------------------------------------------------------ 2. removed criteria


def test_rejudging_against_a_removed_criterion_is_refused(project: Project) -> None:
    before = project.request("CR-1")
    with pytest.raises(ReviewError) as info:
        project.update_request("CR-1", verdict="inconsistent")
    error = info.value
    assert (error.key, error.field) == ("rule.removed_criterion", "criteria")
    assert error.message("en") == (
        "CR-1: criterion C2 is no longer in the criteria (version 2); replace it with one of "
        "P1, R1, B1, K1, A1, C1 in the request's criteria before judging it again."
    )
    assert error.message("pl").startswith("CR-1: kryterium C2 nie ma już w kryteriach")
    assert project.request("CR-1") == before
    assert project.is_stale(project.request("CR-1"))


@pytest.mark.parametrize("verdict", ["consistent", "unclear"])
def test_every_rejudgement_checks_the_criteria(project: Project, verdict: str) -> None:
    with pytest.raises(ReviewError) as info:
        project.update_request("CR-1", verdict=verdict)
    assert info.value.key == "rule.removed_criterion"


def test_setting_the_verdict_back_to_pending_needs_no_known_criteria(project: Project) -> None:
    after = project.update_request("CR-1", verdict="pending")
    assert after.verdict is Verdict.PENDING and after.verdict_version is None


# ------------------------------------------------------------------ 5. action items


@pytest.fixture
def agreed(new_project: ProjectFactory):  # type: ignore[no-untyped-def]
    """A live meeting with an alternative agreed (owned) and two accepted requests, one unowned."""
    clock = fixed_clock()
    proj = Project.open(new_project("bank", brief=BRIEF, clock=clock), clock=clock)
    proj.start_meeting("Review")
    proj.add_request("Make the bank logo bigger.", intent="Brand recognition.", criteria="A1",
                     verdict="inconsistent", decision="alternative",
                     alternative="Keep the logo at its size and put the bank's colour in the "
                                 "header.", owner="Leo", due="2026-12-01")
    proj.add_request("Add the reporting hotline number.", intent="Staff need it at hand.",
                     criteria="B1", verdict="consistent", decision="accepted")
    proj.add_request("Name the fines.", intent="Make the risk concrete.", criteria="R1",
                     verdict="consistent", decision="accepted", owner="Dana")
    yield proj
    proj.close()


def test_action_item_says_what_was_agreed(agreed: Project) -> None:
    live = agreed.live_meeting
    assert live is not None
    part = render_markdown(agreed, live).split("## Action items", 1)[1]
    assert ("- **2026-12-01** — Leo: CR-1 Alternative agreed: Keep the logo at its size and put "
            "the bank's colour in the header. (requested: Make the bank logo bigger.)") in part
    assert "- **No due date** — Dana: CR-3 Accepted: Name the fines." in part


def test_accepted_requests_without_an_owner_are_listed(agreed: Project) -> None:
    live = agreed.live_meeting
    assert live is not None
    md = render_markdown(agreed, live)
    part = md.split("## Action items", 1)[1]
    assert "### No owner yet\n\n- CR-2 Accepted: Add the reporting hotline number." in part
    assert "- **Action items:** 2 (no owner yet: 1)" in md
    pl = render_markdown(agreed, live, lang="pl").split("## Zadania", 1)[1]
    assert "### Bez osoby odpowiedzialnej\n\n- CR-2 Przyjęta: Add the reporting hotline" in pl
    html = render_html(agreed, live)
    assert "<h3>No owner yet</h3>" in html and "CR-2 Accepted: Add the reporting" in html


def test_no_owner_section_is_left_out_when_everyone_has_an_owner(agreed: Project) -> None:
    agreed.update_request("CR-2", owner="Marta")
    live = agreed.live_meeting
    assert live is not None
    assert "No owner yet" not in render_markdown(agreed, live)


# ------------------------------------------------------------------ 6. a note of an earlier verdict


@pytest.fixture
def noted(new_project: ProjectFactory):  # type: ignore[no-untyped-def]
    """CR-1 judged inconsistent with a note saying why."""
    clock = fixed_clock()
    proj = Project.open(new_project("note", brief=BRIEF, clock=clock), clock=clock)
    proj.start_meeting("Review")
    proj.add_request("Shorter lessons.", intent="Less time away.", criteria="C1",
                     verdict="inconsistent", note="C1 sets lessons of 7 minutes.")
    yield proj
    proj.close()


def test_quick_rejudge_keeps_the_note_marked_as_the_earlier_verdicts(noted: Project) -> None:
    after = noted.update_request("CR-1", verdict="consistent")
    assert after.note == "C1 sets lessons of 7 minutes."
    assert after.note_verdict is Verdict.INCONSISTENT
    assert after.note_is_earlier
    live = noted.live_meeting
    assert live is not None
    md = render_markdown(noted, live)
    assert "- **Verdict note** (written for the earlier verdict: Inconsistent): C1 sets" in md
    pl = render_markdown(noted, live, lang="pl")
    assert "- **Uzasadnienie oceny** (dotyczy wcześniejszej oceny: Niespójna): C1 sets" in pl


def test_a_note_given_with_the_new_verdict_belongs_to_it(noted: Project) -> None:
    after = noted.update_request("CR-1", verdict="consistent", note="Fits after the revision.")
    assert after.note_verdict is Verdict.CONSISTENT and not after.note_is_earlier


def test_judging_back_to_the_notes_verdict_clears_the_mark(noted: Project) -> None:
    noted.update_request("CR-1", verdict="consistent")
    after = noted.update_request("CR-1", verdict="inconsistent")
    assert not after.note_is_earlier


def test_a_note_written_while_pending_belongs_to_the_first_verdict(
    new_project: ProjectFactory,
) -> None:
    clock = fixed_clock()
    with Project.open(new_project("p", brief=BRIEF, clock=clock), clock=clock) as proj:
        proj.start_meeting("Review")
        proj.add_request("Shorter lessons.", note="Ask the L&D team first.")
        after = proj.update_request("CR-1", intent="Time.", criteria="C1", verdict="consistent")
        assert not after.note_is_earlier


def test_the_notes_verdict_survives_a_reopen(noted: Project) -> None:
    noted.update_request("CR-1", verdict="consistent")
    path = noted.path
    noted.close()
    with Project.open(path, readonly=True) as again:
        assert again.request("CR-1").note_verdict is Verdict.INCONSISTENT


def test_a_note_stored_before_this_field_existed_counts_as_the_verdicts() -> None:
    from reviewroom.store.model import ChangeRequest

    old = {"id": "CR-1", "meeting": "M-1", "request": "x", "created_at": "t", "updated_at": "t",
           "verdict": "inconsistent", "note": "Why."}
    req = ChangeRequest.from_dict(old)
    assert req.note_verdict is None and not req.note_is_earlier



def test_place_orders_requests_as_the_meetings_list_does(new_project: ProjectFactory) -> None:
    """A watcher places a newly listed request by ``place``: it must agree with the list."""
    clock = fixed_clock()
    with Project.open(new_project("order", brief=BRIEF, clock=clock), clock=clock) as project:
        project.start_meeting("First review")
        project.add_request("Later, maybe.", decision="deferred")  # CR-1: carried
        project.add_request("Drop the scenario.", intent="Shorter.", criteria="C2",
                            verdict="inconsistent", decision="rejected",
                            alternative="It is the concept's core.")  # CR-2: re-check
        project.add_request("Still open.")  # CR-3: carried
        project.end_meeting()
        project.start_meeting("Second review")
        without_c2(project)
        project.add_request("Raised now.")  # CR-4
        project.add_request("Raised too.")  # CR-5
        live = project.live_meeting
        assert live is not None
        listed = [(req.id, why) for req, why in project.meeting_listing(live)]
        assert {why for _, why in listed} == {Listing.CARRIED, Listing.RECHECK, Listing.RAISED}
        shuffled = listed[::-1]
        assert sorted(shuffled, key=lambda item: project.place_in(live, *item)) == listed
