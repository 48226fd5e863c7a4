"""The six rules of DESIGN.md §4 as pure functions: each allowed and refused path."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import (
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Criterion,
    Decision,
    Verdict,
)
from reviewroom.store.rules import (
    check_request,
    check_revision,
    diff_criteria,
    find_phrases,
    tone_warnings,
)
from reviewroom.store.versions import CriteriaVersions

CRITERIA = Criteria(
    problem=(Criterion("P1", "Till errors cost 2% of revenue."),),
    result=(Criterion("R1", "Discrepancies fall by 40% by Q3."),),
    behaviour=(Criterion("B1", "Cash-up without help by shift 5."),),
    concept=(Criterion("C1", "Six micro-lessons of 7 minutes."),),
)


def make(**fields: object) -> ChangeRequest:
    """A request with sensible defaults and the given fields."""
    base = ChangeRequest(
        id="CR-1", meeting="M-1", request="Bigger logo", created_at="t", updated_at="t"
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def check(after: ChangeRequest, before: ChangeRequest | None = None, stale: bool = False) -> None:
    """Apply rules 1–4 against CRITERIA version 1."""
    check_request(before, after, CRITERIA, version=1, stale=stale, lang="en")


def refused(after: ChangeRequest, before: ChangeRequest | None = None, **kw: bool) -> ReviewError:
    """The error a change is refused with."""
    with pytest.raises(ReviewError) as info:
        check(after, before, **kw)
    return info.value


# Rule 1: intent first -------------------------------------------------------------------------


@pytest.mark.parametrize("verdict", [Verdict.CONSISTENT, Verdict.INCONSISTENT])
def test_judged_verdict_without_intent_is_refused(verdict: Verdict) -> None:
    error = refused(make(verdict=verdict, criteria=("R1",)))
    assert error.key == "rule.intent_first"
    assert error.field == "intent"
    assert "intent" in str(error)


def test_whitespace_intent_counts_as_none() -> None:
    assert (
        refused(make(verdict=Verdict.CONSISTENT, criteria=("R1",), intent="  ")).field == "intent"
    )


@pytest.mark.parametrize("verdict", [Verdict.UNCLEAR, Verdict.PENDING])
def test_unclear_and_pending_need_no_intent(verdict: Verdict) -> None:
    check(make(verdict=verdict))


def test_clearing_intent_of_a_judged_request_is_refused() -> None:
    before = make(verdict=Verdict.CONSISTENT, criteria=("R1",), intent="Brand recognition")
    assert refused(replace(before, intent=""), before).key == "rule.intent_first"


# Rule 2: name the criteria --------------------------------------------------------------------


def test_judged_verdict_without_criteria_is_refused() -> None:
    error = refused(make(verdict=Verdict.INCONSISTENT, intent="Looks dated"))
    assert error.key == "rule.name_criteria"
    assert error.field == "criteria"


def test_unknown_criterion_is_refused_and_lists_known_ids() -> None:
    error = refused(make(criteria=("R9",)))
    assert error.key == "rule.unknown_criterion"
    assert "R9" in str(error) and "P1, R1, B1, C1" in str(error)


def test_judged_verdict_with_intent_and_known_criteria_is_allowed() -> None:
    check(make(verdict=Verdict.CONSISTENT, intent="Learners trust the brand", criteria=("R1",)))


def test_unrelated_edit_is_not_rejudged() -> None:
    """A request judged earlier keeps its verdict when only its owner changes."""
    before = make(verdict=Verdict.CONSISTENT, criteria=("R9",), intent="x")
    check(replace(before, owner="Ana"), before)


# Rule 3: no quiet acceptance ------------------------------------------------------------------


@pytest.mark.parametrize("verdict", [Verdict.PENDING, Verdict.INCONSISTENT, Verdict.UNCLEAR])
def test_accepting_anything_but_consistent_is_refused(verdict: Verdict) -> None:
    req = make(verdict=verdict, decision=Decision.ACCEPTED, intent="x", criteria=("R1",))
    error = refused(req)
    assert error.key == "rule.no_quiet_acceptance"
    assert error.field == "decision"


def test_accepting_a_stale_verdict_is_refused() -> None:
    req = make(verdict=Verdict.CONSISTENT, decision=Decision.ACCEPTED, intent="x", criteria=("R1",))
    assert refused(req, stale=True).key == "rule.stale_acceptance"


def test_accepting_a_fresh_consistent_verdict_is_allowed() -> None:
    check(
        make(verdict=Verdict.CONSISTENT, decision=Decision.ACCEPTED, intent="x", criteria=("R1",))
    )


def test_turning_an_accepted_request_inconsistent_is_refused() -> None:
    before = make(
        verdict=Verdict.CONSISTENT, decision=Decision.ACCEPTED, intent="x", criteria=("R1",)
    )
    assert refused(replace(before, verdict=Verdict.INCONSISTENT), before).key == (
        "rule.no_quiet_acceptance"
    )


def test_accepted_request_that_went_stale_can_still_get_an_owner() -> None:
    before = make(
        verdict=Verdict.CONSISTENT, decision=Decision.ACCEPTED, intent="x", criteria=("R1",)
    )
    check(replace(before, owner="Ana"), before, stale=True)


# Rule 4: say why ------------------------------------------------------------------------------


def test_rejecting_without_reason_is_refused() -> None:
    error = refused(make(decision=Decision.REJECTED))
    assert (error.key, error.field) == ("rule.reason_needed", "alternative")


def test_alternative_without_text_is_refused() -> None:
    assert refused(make(decision=Decision.ALTERNATIVE)).key == "rule.alternative_needed"


@pytest.mark.parametrize("decision", [Decision.REJECTED, Decision.ALTERNATIVE])
def test_decision_with_its_text_is_allowed(decision: Decision) -> None:
    check(make(decision=decision, alternative="Keep the logo; enlarge it on the title screen."))


@pytest.mark.parametrize("decision", [Decision.OPEN, Decision.DEFERRED])
def test_open_and_deferred_need_no_text(decision: Decision) -> None:
    check(make(decision=decision))


def test_clearing_the_reason_of_a_rejection_is_refused() -> None:
    before = make(decision=Decision.REJECTED, alternative="Out of scope")
    assert refused(replace(before, alternative=""), before).key == "rule.reason_needed"


# Rule 5: revisions are explicit ---------------------------------------------------------------


def test_revision_without_reason_is_refused() -> None:
    with pytest.raises(ReviewError) as info:
        check_revision("  ", True, "en")
    assert info.value.key == "rule.revision_reason"


def test_revision_that_changes_nothing_is_refused() -> None:
    with pytest.raises(ReviewError) as info:
        check_revision("Client insists", False, "en")
    assert info.value.key == "rule.revision_unchanged"


def test_revision_with_reason_is_allowed() -> None:
    check_revision("Client insists on a shorter course", True, "en")


def test_diff_names_added_removed_and_reworded_items() -> None:
    new = replace(
        CRITERIA,
        result=(Criterion("R1", "Discrepancies fall by 50% by Q3."),),
        concept=(),
        knowledge=(Criterion("K1", "Name the five steps."),),
    )
    diff = diff_criteria(CRITERIA, new)
    assert (diff.added, diff.removed, diff.reworded) == (("K1",), ("C1",), ("R1",))
    assert diff.touched == {"C1", "R1"}


def is_stale(req: ChangeRequest, judged: Criteria, now: Criteria) -> bool:
    """Staleness as the project decides it (store/versions.py), version 1 judged, 2 current."""
    pairs = ((1, judged), (2, now))
    versions = CriteriaVersions({n: CriteriaVersion(n, c, "t", "r") for n, c in pairs})
    return versions.is_stale(req)


def test_verdict_on_reworded_criterion_is_stale() -> None:
    new = replace(CRITERIA, result=(Criterion("R1", "Discrepancies fall by 50% by Q3."),))
    req = make(verdict=Verdict.CONSISTENT, criteria=("R1",), verdict_version=1)
    assert is_stale(req, CRITERIA, new)


def test_verdict_on_untouched_criterion_is_not_stale() -> None:
    new = replace(CRITERIA, result=(Criterion("R1", "Discrepancies fall by 50% by Q3."),))
    req = make(verdict=Verdict.CONSISTENT, criteria=("B1",), verdict_version=1)
    assert not is_stale(req, CRITERIA, new)


def test_verdict_on_removed_criterion_is_stale() -> None:
    new = replace(CRITERIA, behaviour=())
    req = make(verdict=Verdict.INCONSISTENT, criteria=("B1",), verdict_version=1)
    assert is_stale(req, CRITERIA, new)


def test_pending_verdict_is_never_stale() -> None:
    new = replace(CRITERIA, result=())
    assert not is_stale(make(criteria=("R1",)), CRITERIA, new)


# Rule 6: neutral record -----------------------------------------------------------------------


def test_loaded_phrases_are_found_as_whole_words() -> None:
    assert find_phrases("Obviously the logo is too small", "en") == ["obviously"]
    assert find_phrases("The hallways are always busy", "en") == []
    assert find_phrases("You always change the brief", "en") == ["you always change"]
    assert find_phrases("The hallways are busy", "en") == []


def test_polish_phrases_are_found() -> None:
    assert "wasza wina" in find_phrases("To wasza wina, że kurs jest za długi", "pl")
    assert find_phrases("Wy ZAWSZE tak mówicie", "pl") == ["wy zawsze"]


def test_tone_warnings_name_request_field_and_phrase() -> None:
    req = make(intent="It is your fault the course is long")
    warnings = tone_warnings(req, "en")
    assert [(w.request, w.field, w.phrase) for w in warnings] == [("CR-1", "intent", "your fault")]


def test_messages_exist_in_polish() -> None:
    error = refused(make(decision=Decision.REJECTED))
    assert error.message("pl") != error.message("en")
    assert "powód" in error.message("pl")
