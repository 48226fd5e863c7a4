"""Text that shows as nothing (a zero-width space, a bidi mark, a filler) is refused like empty
text wherever a value is required, and the refusal changes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.hostile import BLANK
from tests.support import fixed_clock

INVISIBLE = [*BLANK, "\u200e\u200f", "\u2066\u2069", "\u00ad", "\x00", "\u0301"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_an_invisible_request_is_refused(project: Project, text: str) -> None:
    with project, pytest.raises(ReviewError) as refused:
        project.add_request(text)
    assert refused.value.key == "request.empty" and project.requests() == []


@pytest.mark.parametrize("text", INVISIBLE)
def test_an_invisible_request_edit_is_refused(project: Project, text: str) -> None:
    with project:
        project.add_request("Bigger logo")
        with pytest.raises(ReviewError):
            project.update_request("CR-1", request=text)
        assert project.request("CR-1").request == "Bigger logo"


@pytest.mark.parametrize("text", INVISIBLE)
def test_an_invisible_meeting_title_or_attendee_is_refused(
    new_project: ProjectFactory, text: str,
) -> None:
    with Project.open(new_project(), clock=fixed_clock()) as project:
        with pytest.raises(ReviewError) as refused:
            project.start_meeting(text)
        assert refused.value.key == "meeting.empty_title"
        with pytest.raises(ReviewError) as refused:
            project.start_meeting("Review", [Attendee(text, Side.CLIENT)])
        assert refused.value.key == "meeting.empty_attendee"
        assert project.meetings() == []


@pytest.mark.parametrize("text", INVISIBLE)
def test_an_invisible_intent_reason_or_alternative_does_not_count(
    project: Project, text: str
) -> None:
    with project:
        project.add_request("Bigger logo")
        with pytest.raises(ReviewError) as refused:
            project.update_request("CR-1", intent=text, criteria="A1", verdict="consistent")
        assert refused.value.key == "rule.intent_first"
        for decision in ("rejected", "alternative"):
            with pytest.raises(ReviewError):
                project.update_request("CR-1", decision=decision, alternative=text)
        revised = replace(project.criteria, concept=(Criterion("C1", "Eight lessons"),))
        with pytest.raises(ReviewError) as refused:
            project.revise_criteria(revised, text)
        assert refused.value.key == "rule.revision_reason"
        assert project.request("CR-1").history == ()


def test_visible_text_with_invisible_characters_is_kept_as_given(project: Project) -> None:
    with project:
        req = project.add_request("\u200bBigger\u202e logo")
        assert req.request == "\u200bBigger\u202e logo"
