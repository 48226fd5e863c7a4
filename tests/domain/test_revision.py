"""A revision item by item: IDs never renumbered or reused, the verdicts it would make stale, and
the brief warnings it brings (only the new ones)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Criterion, Section
from reviewroom.store.project import Project
from reviewroom.store.revision import Change, CriteriaDraft, check_criteria, new_warnings, next_id


def test_next_id_counts_from_the_highest_ever_used() -> None:
    assert next_id(Section.RESULT, ["R1", "R3", "B7", "P2"]) == "R4"
    assert next_id(Section.KNOWLEDGE, ["R1"]) == "K1"


def test_a_draft_adds_edits_and_removes_without_renumbering(project: Project) -> None:
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    added = draft.add(Section.RESULT, "Complaints halve by June.")
    draft.edit("B1", "Staff cash up alone by their third shift.")
    draft.toggle_removed("K1")
    criteria = draft.criteria()
    assert added.id == "R2"
    assert [c.id for c in criteria.result] == ["R1", "R2"]
    assert criteria.knowledge == ()
    assert criteria.behaviour == (Criterion("B1", "Staff cash up alone by their third shift."),)
    assert [c.id for c in draft.changes()] == ["R2", "B1", "K1"]
    assert draft.changes()[0] == Change("R2", None, "Complaints halve by June.")
    assert draft.changes()[2].now is None
    draft.toggle_removed("K1")  # pressed again: kept after all
    assert draft.criteria().knowledge == project.criteria.knowledge


def test_a_removed_id_is_never_given_again(project: Project) -> None:
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    draft.add(Section.CONCEPT, "A printed cash-up card for the till.")
    project.revise_criteria(draft.criteria(), "Card agreed")
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    draft.toggle_removed("C2")
    project.revise_criteria(draft.criteria(), "Card dropped")
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    assert draft.add(Section.CONCEPT, "A poster in the back office.").id == "C3"


def test_the_domain_refuses_a_reused_id(project: Project) -> None:
    """Whatever made the revision (the raw editor, the CLI), an old ID cannot name a new item."""
    criteria = project.criteria
    project.revise_criteria(replace(criteria, concept=(Criterion("C2", "Posters."),)), "Swap")
    with pytest.raises(ReviewError) as caught:
        project.revise_criteria(
            replace(project.criteria, concept=(Criterion("C1", "Something else."),)), "Back")
    assert caught.value.key == "rule.revision_reused_id"
    assert caught.value.field == "criteria"
    assert "C3" in caught.value.message("en")
    assert project.criteria_version == 2


def test_turning_stale_lists_the_verdicts_a_revision_would_make_stale(project: Project) -> None:
    project.add_request("Shorter", intent="Time", criteria="C1", verdict="inconsistent")
    project.add_request("Logo", intent="Brand", criteria="K1", verdict="consistent")
    project.add_request("Quiz", intent="Check", criteria="C1")  # pending: cannot go stale
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    draft.edit("C1", "Eight micro-lessons.")
    draft.add(Section.KNOWLEDGE, "Staff know where the cash-up card is.")  # an addition: none
    assert [r.id for r in project.turning_stale(draft.criteria())] == ["CR-1"]
    project.revise_criteria(draft.criteria(), "Longer")
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    draft.edit("C1", "Nine micro-lessons.")  # CR-1 is already stale: it does not *turn* stale
    draft.toggle_removed("K1")
    assert [r.id for r in project.turning_stale(draft.criteria())] == ["CR-2"]


def test_the_linked_request_is_checked_under_its_field(project: Project) -> None:
    draft = CriteriaDraft(project.criteria, project.ever_ids())
    draft.edit("C1", "Eight micro-lessons.")
    with pytest.raises(ReviewError) as caught:
        project.revise_criteria(draft.criteria(), "Longer", "CR-9")
    assert caught.value.field == "request"
    assert project.criteria_version == 1


def test_only_warnings_the_old_criteria_did_not_have_are_new(project: Project) -> None:
    old = project.criteria
    draft = CriteriaDraft(old, project.ever_ids())
    draft.add(Section.RESULT, "Staff feel better about the till.")  # nothing measurable
    first = new_warnings(old, check_criteria(draft.criteria()))
    assert [(w.key, w.params.get("id")) for w in first] == [("brief.not_measurable", "R2")]
    revised = draft.criteria()
    draft = CriteriaDraft(revised, ())
    draft.edit("C1", "Eight micro-lessons.")  # R2 still unmeasurable: not new any more
    assert new_warnings(revised, check_criteria(draft.criteria())) == []
