"""The models (store/model.py) behave as frozen dataclasses: their constructor, frozenness,
``==`` only within a class, hash, repr, ``replace``, ``fields`` and ``_rebuilt`` — whatever
generates ``==``, ``hash`` and ``repr`` (a shared base since session 20) and the constructors
(written out since session 21), to create the classes faster at import."""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewroom.store import model
from reviewroom.store.model import (
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Criterion,
    Decision,
    HistoryEntry,
    Meeting,
    MeetingStatus,
    Side,
    Verdict,
)

CRITERIA = Criteria(problem=(Criterion("P1", "Staff leave"),), result=(Criterion("R1", "Stay"),),
                    title="Onboarding", client="Acme", vendor="Studio", language="pl")
HISTORY = HistoryEntry("2024-05-01T10:00:00+00:00", "M-1", "note", "", "Fine")
# One instance of each model with every field set away from its default.
SAMPLES: dict[type, dict[str, Any]] = {
    Criterion: {"id": "P1", "text": "Staff leave"},
    Criteria: {name: getattr(CRITERIA, name) for name in (
        "problem", "result", "behaviour", "knowledge", "attitude", "concept",
        "title", "client", "vendor", "language")},
    CriteriaVersion: {"number": 2, "criteria": CRITERIA, "created_at": "2024-05-01",
                      "reason": "Agreed", "request": "CR-1", "meeting": "M-1",
                      "brief_digest": "ab" * 32},
    Attendee: {"name": "Dana", "side": Side.CLIENT, "role": "Owner"},
    Meeting: {"id": "M-1", "title": "Review", "started_at": "2024-05-01", "criteria_version": 2,
              "status": MeetingStatus.CLOSED, "ended_at": "2024-05-02", "facilitator": "Eve",
              "attendees": (Attendee("Dana", Side.CLIENT),), "carried_over": ("CR-1",)},
    HistoryEntry: {"at": HISTORY.at, "meeting": "M-1", "field": "note", "old": "",
                   "new": ("a", "tuple")},
    ChangeRequest: {"id": "CR-1", "meeting": "M-1", "request": "Bigger logo",
                    "created_at": "2024-05-01", "updated_at": "2024-05-02", "by": "Dana",
                    "intent": "Brand", "criteria": ("R1",), "verdict": Verdict.CONSISTENT,
                    "verdict_version": 2, "note": "Fine", "decision": Decision.ACCEPTED,
                    "alternative": "", "owner": "Eve", "due": "2024-06-01",
                    "history": (HISTORY,), "note_verdict": Verdict.CONSISTENT,
                    "where": "Slide 3"},
}
MODELS = list(SAMPLES)
ids = [cls.__name__ for cls in MODELS]


def sample(cls: type) -> Any:
    """The sample instance of ``cls``, built by keyword."""
    return cls(**SAMPLES[cls])


def names(cls: type) -> list[str]:
    """The field names of ``cls``, in order."""
    return [f.name for f in dataclasses.fields(cls)]


def test_every_model_is_sampled() -> None:
    declared = {value for value in vars(model).values()
                if isinstance(value, type) and dataclasses.is_dataclass(value)}
    assert declared == set(MODELS) == set(model._ModelBase.__subclasses__())


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_the_constructor_takes_the_fields_in_order_by_position_or_keyword(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in params] == names(cls)
    assert {p.kind for p in params} == {inspect.Parameter.POSITIONAL_OR_KEYWORD}
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    assert [p.default for p in params] == [
        inspect.Parameter.empty if defaults[p.name] is dataclasses.MISSING else defaults[p.name]
        for p in params]
    assert cls(*SAMPLES[cls].values()) == sample(cls)


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_a_field_left_out_takes_its_default(cls: type) -> None:
    required = {f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING}
    built = cls(**{name: value for name, value in SAMPLES[cls].items() if name in required})
    for f in dataclasses.fields(cls):
        expected = SAMPLES[cls][f.name] if f.name in required else f.default
        assert getattr(built, f.name) == expected


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_assigning_or_deleting_raises_frozen_instance_error(cls: type) -> None:
    made = sample(cls)
    for name in [*names(cls), "unknown"]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, name, None)
    for name in names(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(made, name)
    assert made == sample(cls)


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_equal_when_every_field_is_and_only_to_the_same_class(cls: type) -> None:
    made = sample(cls)
    assert made == sample(cls) and (made != sample(cls)) is False
    for name in names(cls):
        other = dataclasses.replace(made, **{name: object()})
        assert made != other and (made == other) is False, name
    values = tuple(SAMPLES[cls].values())
    assert made != values, "not a tuple"
    assert made.__eq__(values) is NotImplemented

    @dataclasses.dataclass(frozen=True)
    class Lookalike:  # the same fields and values, another class
        pass

    lookalike = Lookalike()
    vars(lookalike).update(SAMPLES[cls])
    assert made != lookalike and lookalike != made


def test_a_subclass_is_not_equal_to_its_model() -> None:
    class Sub(Criterion):
        pass

    assert Criterion("P1", "x") != Sub("P1", "x")


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_hash_is_that_of_the_fields_tuple_as_a_generated_one(cls: type) -> None:
    made = sample(cls)
    if cls is HistoryEntry:  # old and new hold anything: a list is not hashable
        with pytest.raises(TypeError):
            hash(dataclasses.replace(made, new=["a"]))
    assert hash(made) == hash(sample(cls)) == hash(tuple(SAMPLES[cls].values()))
    assert len({made, sample(cls)}) == 1


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_repr_names_the_class_and_every_field(cls: type) -> None:
    shown = ", ".join(f"{name}={value!r}" for name, value in SAMPLES[cls].items())
    assert repr(sample(cls)) == f"{cls.__qualname__}({shown})"


def test_repr_reads_as_before() -> None:
    assert repr(Criterion("P1", "it's")) == """Criterion(id='P1', text="it's")"""
    assert repr(Attendee("Dana", Side.CLIENT)) == (
        "Attendee(name='Dana', side=<Side.CLIENT: 'client'>, role='')")


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_replace_and_fields_work(cls: type) -> None:
    made = sample(cls)
    first = names(cls)[0]
    changed = dataclasses.replace(made, **{first: "changed"})
    assert type(changed) is cls and getattr(changed, first) == "changed"
    assert [getattr(changed, n) for n in names(cls)[1:]] == list(SAMPLES[cls].values())[1:]
    assert names(cls) == list(SAMPLES[cls])


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_pattern_matching_by_position(cls: type) -> None:
    first = names(cls)[0]
    match sample(cls):
        case model.Criterion(matched) | model.Criteria(matched) | model.CriteriaVersion(
            matched) | model.Attendee(matched) | model.Meeting(matched) | model.HistoryEntry(
            matched) | model.ChangeRequest(matched):
            assert matched == SAMPLES[cls][first]
        case _:
            pytest.fail("no match")


@pytest.mark.parametrize("cls", MODELS, ids=ids)
def test_rebuilt_is_the_same_object_as_constructed(cls: type) -> None:
    rebuilt = model._rebuilt(cls, dict(SAMPLES[cls]))
    made = sample(cls)
    assert type(rebuilt) is cls
    assert rebuilt == made and hash(rebuilt) == hash(made) and repr(rebuilt) == repr(made)
    assert vars(rebuilt) == vars(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(rebuilt, names(cls)[0], None)


def test_a_stored_request_rebuilds_equal() -> None:
    req = sample(ChangeRequest)
    assert ChangeRequest.from_dict(req.to_dict()) == req


def test_the_cached_lookup_is_not_part_of_equality_hash_or_repr() -> None:
    looked_up = sample(Criteria)
    assert looked_up.by_id()["P1"].text == "Staff leave"
    assert "_by_id" in vars(looked_up)
    fresh = sample(Criteria)
    assert looked_up == fresh and hash(looked_up) == hash(fresh)
    assert repr(looked_up) == repr(fresh)


REQUEST_REF = re.compile(r"CR-?([0-9]{1,18})", re.ASCII | re.IGNORECASE)


def reference_request_number(rid: str) -> int | None:
    """What ``request_number`` answered before its fast path: the expression alone."""
    match = REQUEST_REF.fullmatch(rid.strip())
    return int(match.group(1)) if match and int(match.group(1)) >= 1 else None


@settings(max_examples=500, deadline=None)
@given(st.one_of(
    st.text(max_size=24),
    st.builds("{}{}{}".format, st.sampled_from(["CR-", "cr-", "CR", "Cr-", " CR-", "CR--"]),
              st.text(alphabet="0123456789٣", max_size=21),
              st.sampled_from(["", " ", "\n", "x", "³"])),
))
@example("CR-٣")  # a digit, but not an ASCII one
@example("CR-" + "1" * 19)  # one digit too many
@example("CR-" + "0" * 18)  # zero
@example("CR-007")
def test_request_number_reads_an_id_as_the_expression_does(rid: str) -> None:
    """The fast path for stored IDs (``CR-`` and ASCII digits) answers as the expression does:
    the number, or ValueError (zero, too many digits, other digits, other text)."""
    expected = reference_request_number(rid)
    if expected is None:
        with pytest.raises(ValueError):
            model.request_number(rid)
    else:
        assert model.request_number(rid) == expected
