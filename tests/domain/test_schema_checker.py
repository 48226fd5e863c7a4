"""store/schema.py's checker, branch by branch where it takes a short cut: the bare type tests made
inline, IDs compared as text or remembered once matched, references skipped when they resolve.

Each test damages one spot of a small valid store and pins the problem, the place and the field
reported, so a short cut that let something through, or reported another spot, fails here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from reviewroom.store import schema, schema_spec
from reviewroom.store.model import (
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Criterion,
    Meeting,
    MeetingStatus,
    Side,
)

STORE = Path("reviewroom.json")
AT = "2026-01-05T09:00:00+00:00"


def valid_store() -> dict[str, Any]:
    """Two meetings (M-1 closed, M-2 live carrying CR-1 over), three requests, one version."""
    criteria = Criteria(problem=(Criterion("P1", "Till errors"),),
                        behaviour=(Criterion("B1", "Cash-up alone"),),
                        concept=(Criterion("C1", "Micro-lessons"),))
    people = (Attendee("Dana", Side.CLIENT),)
    meetings = [Meeting("M-1", "One", AT, 1, MeetingStatus.CLOSED, AT, attendees=people),
                Meeting("M-2", "Two", AT, 1, attendees=people, carried_over=("CR-1",))]
    requests = [ChangeRequest("CR-1", "M-1", "Logo", AT, AT, criteria=("B1", "C1")),
                ChangeRequest("CR-2", "M-1", "Quiz", AT, AT, criteria=("B1",),
                              verdict_version=1),
                ChangeRequest("CR-3", "M-2", "Audio", AT, AT, criteria=("C1", "B1"))]
    return {
        "meta": {"1": {"schema": schema.SCHEMA}},
        "criteria_versions": {"1": CriteriaVersion(1, criteria, AT, "first").to_dict()},
        "meetings": {str(m.number): m.to_dict() for m in meetings},
        "requests": {str(r.number): r.to_dict() for r in requests},
    }


def refusal(data: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(problem, place, details) of the store's refusal."""
    with pytest.raises(schema.SchemaError) as refused:
        schema.validate(data, STORE)
    params = refused.value.params
    return params["problem"], params["where"], params["details"]


def test_the_valid_store_is_accepted() -> None:
    assert schema.validate(valid_store(), STORE).migrated_from is None


SAMPLES: list[Any] = ["", "x", None, 0, 1, True, 1.5, [], ["x"], {}, {"a": 1}, ("x",)]


@pytest.mark.parametrize("check", list(schema_spec.TYPE_OF))
def test_every_inline_type_test_says_what_its_check_says(check: schema_spec.Check) -> None:
    for value in SAMPLES:
        assert isinstance(value, schema_spec.TYPE_OF[check]) == check(value), value


@pytest.mark.parametrize(("field", "value", "kind"), [
    ("by", 7, "text"), ("by", None, "text"), ("meeting", 3, "meeting_id"),
    ("criteria", "B1", "list"), ("verdict", ["consistent"], "verdict"),
    ("note_verdict", 1, "verdict"), ("verdict_version", 0, "number"),
    ("created_at", "2026-01-05T09:00:00", "timestamp"), ("due", "2026-02-30", "date"),
])
def test_a_field_of_the_wrong_type_is_named_with_what_was_expected(
        field: str, value: Any, kind: str) -> None:
    data = valid_store()
    data["requests"]["2"][field] = value
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.wrong_type", "requests/2", field)
    assert details["expected"] == f"schema.expect.{kind}"


def test_the_first_problem_in_field_order_is_the_one_reported() -> None:
    data = valid_store()
    del data["requests"]["3"]["updated_at"]  # required, after id in the spec
    data["requests"]["3"]["id"] = 3
    assert refusal(data)[:2] == ("schema.wrong_type", "requests/3")
    data["requests"]["3"]["id"] = "CR-3"
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.missing_field", "requests/3",
                                                  "updated_at")


def test_unknown_fields_name_the_first_in_order() -> None:
    data = valid_store()
    data["meetings"]["1"].update(zeta=1, alpha=2)
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.unknown_field", "meetings/1",
                                                  "\"alpha\"")


@pytest.mark.parametrize(("value", "problem"), [
    ("CR-2", "schema.id_mismatch"), ("CR-02", "schema.bad_id"), ("CR-3 ", "schema.bad_id"),
    ("cr-3", "schema.bad_id"), ("M-3", "schema.bad_id"), ("CR-30", "schema.id_mismatch"),
])
def test_an_id_that_is_not_its_documents_is_told_apart(value: str, problem: str) -> None:
    data = valid_store()
    data["requests"]["3"]["id"] = value
    assert refusal(data)[:2] == (problem, "requests/3")


@pytest.mark.parametrize("bad", ["B1x", "b1", "B01", ["B1"], None, 1])
def test_a_criterion_id_is_matched_even_after_good_ones_were_remembered(bad: Any) -> None:
    data = valid_store()
    data["requests"]["3"]["criteria"] = ["C1", "B1", bad]
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.bad_id", "requests/3", "criteria")


@pytest.mark.parametrize("bad", ["M-01", "m-1", ["M-1"], 1])
def test_a_meeting_id_is_matched_even_after_good_ones_were_remembered(bad: Any) -> None:
    data = valid_store()
    data["requests"]["3"]["meeting"] = bad
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) in {
        ("schema.bad_id", "requests/3", "meeting"), ("schema.wrong_type", "requests/3", "meeting")}


@pytest.mark.parametrize("bad", ["CR-01", ["CR-1"], None])
def test_a_carried_over_id_is_matched(bad: Any) -> None:
    data = valid_store()
    data["meetings"]["2"]["carried_over"] = ["CR-1", bad]
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.bad_id", "meetings/2", "carried_over")


def test_a_carried_over_request_that_does_not_exist_is_named() -> None:
    data = valid_store()
    data["meetings"]["2"]["carried_over"] = ["CR-1", "CR-9", "CR-2"]
    problem, where, details = refusal(data)
    assert (problem, where, details) == ("schema.unknown_ref", "meetings/2",
                                         {"field": "carried_over", "value": '"CR-9"'})


@pytest.mark.parametrize(("field", "value", "where"), [
    ("meeting", "M-7", "requests/2"), ("verdict_version", 4, "requests/2"),
])
def test_a_request_naming_what_does_not_exist_is_refused(field: str, value: Any,
                                                         where: str) -> None:
    data = valid_store()
    data["requests"]["2"][field] = value
    problem, spot, details = refusal(data)
    assert (problem, spot, details["field"]) == ("schema.unknown_ref", where, field)


def test_a_history_entry_naming_a_meeting_that_does_not_exist_is_refused() -> None:
    data = valid_store()
    entry = {"at": AT, "meeting": "M-9", "field": "by", "old": "", "new": "Dana"}
    data["requests"]["1"]["history"] = [copy.deepcopy(entry) | {"meeting": "M-1"}, entry]
    problem, where, details = refusal(data)
    assert (problem, where, details["field"]) == ("schema.unknown_ref", "requests/1/history/2",
                                                  "meeting")


def test_only_changed_documents_are_checked_but_against_the_whole_store() -> None:
    data = valid_store()
    data["requests"]["1"]["meeting"] = "M-0"  # not checked: not among the changed
    schema.validate_changes(data, {"requests": {"2"}}, STORE)
    data["requests"]["2"]["meeting"] = "M-1x"
    with pytest.raises(schema.SchemaError) as refused:
        schema.validate_changes(data, {"requests": {"2"}}, STORE)
    assert refused.value.params["where"] == "requests/2"
