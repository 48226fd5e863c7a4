"""The shape of every stored document: a check per field, by model, for :mod:`.schema`.

Kept apart from the checker so each stays readable: this module says *what* a reviewroom
document holds (declarative specs), :mod:`reviewroom.store.schema` walks a store with them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import fields
from operator import attrgetter
from typing import Any, NamedTuple

from reviewroom.store.model import (
    HISTORY_FIELDS,
    Attendee,
    ChangeRequest,
    CriteriaVersion,
    Decision,
    HistoryEntry,
    Meeting,
    MeetingStatus,
    Section,
    Side,
    Verdict,
)

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _is_int(value: Any, least: int = 0) -> bool:
    """A JSON integer (not a bool, not a float) of at least ``least``."""
    return type(value) is int and value >= least


def _is_timestamp(value: Any) -> bool:
    """An ISO timestamp with its UTC offset, as the clock writes them."""
    if not isinstance(value, str) or len(value) > 64:
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _all_timestamps(column: tuple[Any, ...]) -> bool:
    """Whether every value of ``column`` passes :func:`_is_timestamp`, told in C (the store's
    check on opening reads a request's two timestamps a column at a time: 2,000 calls of
    :func:`_is_timestamp` were a third of checking 1,000 requests). Same answers, value for
    value, with a ``str`` subclass left to the check itself (unsure, never wrongly accepted)."""
    if not set(map(type, column)) <= {str} or max(map(len, column), default=0) > 64:
        return False
    try:
        return all(map(_TZINFO, map(dt.datetime.fromisoformat, column)))
    except ValueError:
        return False


_TZINFO = attrgetter("tzinfo")  # a datetime's offset (a timezone, always true), or None


def _is_date(value: Any) -> bool:
    """``YYYY-MM-DD``, a real calendar date."""
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_plain(value: Any) -> bool:
    """A history value: text, nothing, or a list of texts (criteria IDs)."""
    return value is None or isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


Check = Callable[[Any], bool]
TEXT: Check = lambda v: isinstance(v, str)  # noqa: E731
OPT_TEXT: Check = lambda v: v is None or isinstance(v, str)  # noqa: E731
TIMESTAMP: Check = _is_timestamp
OPT_TIMESTAMP: Check = lambda v: v is None or _is_timestamp(v)  # noqa: E731
OPT_DATE: Check = lambda v: v is None or _is_date(v)  # noqa: E731
VERSION: Check = lambda v: _is_int(v, 1)  # noqa: E731
OPT_VERSION: Check = lambda v: v is None or _is_int(v, 1)  # noqa: E731
PLAIN: Check = _is_plain
LIST: Check = lambda v: isinstance(v, list)  # noqa: E731
DICT: Check = lambda v: isinstance(v, dict)  # noqa: E731


# Checks with a column form: whether every value of a column passes, told without a call per
# value (store/schema_shortcut.py), written beside the check and held to it by a test.
ALL_OF: dict[Check, Callable[[tuple[Any, ...]], bool]] = {TIMESTAMP: _all_timestamps}

# The checks that accept exactly a set of values (an enum's stored values, and null for an optional
# one), with that set: the checker's fast path tests membership rather than calling the check
# (store/schema_shortcut.py). Filled by _one_of and _optional from the very set each check tests.
VALUES_OF: dict[Check, frozenset[str | None]] = {}


def _one_of(values: Iterable[str]) -> Check:
    """A check that the value is one of an enum's stored values."""
    allowed = frozenset(values)
    check: Check = lambda v: isinstance(v, str) and v in allowed  # noqa: E731
    VALUES_OF[check] = allowed
    return check


def _optional(check: Check) -> Check:
    """``check``, or null (a field that is unset until something happens)."""
    optional: Check = lambda v: v is None or check(v)  # noqa: E731
    if check in VALUES_OF:
        VALUES_OF[optional] = VALUES_OF[check] | {None}
    return optional


# (check, expected-kind catalog suffix, required) per stored field, by model.
Spec = dict[str, tuple[Check, str, bool]]
VERSION_SPEC: Spec = {
    "number": (VERSION, "number", True),
    "criteria": (DICT, "record", True),
    "created_at": (TIMESTAMP, "timestamp", True),
    "reason": (TEXT, "text", False),
    "request": (OPT_TEXT, "request_id", False),
    "meeting": (OPT_TEXT, "meeting_id", False),
    "brief_digest": (TEXT, "text", False),
}
CRITERIA_SPEC: Spec = {
    **{s.value: (LIST, "list", False) for s in Section},
    "title": (TEXT, "text", False),
    "client": (TEXT, "text", False),
    "vendor": (TEXT, "text", False),
    "language": (TEXT, "text", False),
}
ITEM_SPEC: Spec = {"id": (TEXT, "criterion_id", True), "text": (TEXT, "text", True)}
MEETING_SPEC: Spec = {
    "id": (TEXT, "meeting_id", True),
    "title": (TEXT, "text", True),
    "started_at": (TIMESTAMP, "timestamp", True),
    "ended_at": (OPT_TIMESTAMP, "timestamp", False),
    "criteria_version": (VERSION, "number", True),
    "status": (_one_of(s.value for s in MeetingStatus), "status", False),
    "facilitator": (TEXT, "text", False),
    "attendees": (LIST, "list", False),
    "carried_over": (LIST, "list", False),
}
ATTENDEE_SPEC: Spec = {
    "name": (TEXT, "text", True),
    "side": (_one_of(s.value for s in Side), "side", True),
    "role": (TEXT, "text", False),
}
REQUEST_SPEC: Spec = {
    "id": (TEXT, "request_id", True),
    "meeting": (OPT_TEXT, "meeting_id", True),  # null: on the agenda of the next meeting
    "request": (TEXT, "text", True),
    "created_at": (TIMESTAMP, "timestamp", True),
    "updated_at": (TIMESTAMP, "timestamp", True),
    "by": (TEXT, "text", False),
    "intent": (TEXT, "text", False),
    "criteria": (LIST, "list", False),
    "verdict": (_one_of(v.value for v in Verdict), "verdict", False),
    "verdict_version": (OPT_VERSION, "number", False),
    "note": (TEXT, "text", False),
    "note_verdict": (_optional(_one_of(v.value for v in Verdict)), "verdict", False),
    "decision": (_one_of(d.value for d in Decision), "decision", False),
    "alternative": (TEXT, "text", False),
    "owner": (TEXT, "text", False),
    "due": (OPT_DATE, "date", False),
    "history": (LIST, "list", False),
    "where": (TEXT, "text", False),
}
HISTORY_SPEC: Spec = {
    "at": (TIMESTAMP, "timestamp", True),
    "meeting": (OPT_TEXT, "meeting_id", False),
    "field": (_one_of(HISTORY_FIELDS), "field", True),
    "old": (PLAIN, "plain", False),
    "new": (PLAIN, "plain", False),
}
# The model each spec stores: a field added to a model is allowed in the store (unchecked until
# a rule is written for it; tests/domain/test_schema.py fails until then).
MODELS: dict[str, type] = {"version": CriteriaVersion, "meeting": Meeting,
                           "attendee": Attendee, "request": ChangeRequest,
                           "history": HistoryEntry}
SPECS: dict[str, Spec] = {"version": VERSION_SPEC, "meeting": MEETING_SPEC,
                          "attendee": ATTENDEE_SPEC, "request": REQUEST_SPEC,
                          "history": HISTORY_SPEC}
# The fields a stored document may have, once per model rather than once per document.
KNOWN: dict[str, frozenset[str]] = {
    model: frozenset(spec) | {f.name for f in fields(MODELS[model])}
    for model, spec in SPECS.items()
}
# The checks that are a bare type test, made inline by the checker (a call per field was most of
# checking a document): each must say exactly what its check says (tests/domain/test_schema.py).
TYPE_OF: dict[Check, type | tuple[type, ...]] = {
    TEXT: str, OPT_TEXT: (str, type(None)), LIST: list, DICT: dict,
}


class Rules(NamedTuple):
    """A spec made ready for checking many documents: the fields a record may have, and per
    field (name, check, expected kind, required, the types of a bare type test or None)."""

    known: AbstractSet[str]
    fields: tuple[tuple[str, Check, str, bool, type | tuple[type, ...] | None], ...]


def rules(spec: Spec, known: AbstractSet[str] | None = None) -> Rules:
    """``spec`` as :class:`Rules`; ``known`` (else the spec's own fields) are the fields allowed."""
    return Rules(frozenset(spec) if known is None else known,
                 tuple((name, check, kind, required, TYPE_OF.get(check))
                       for name, (check, kind, required) in spec.items()))


RULES: dict[str, Rules] = {model: rules(spec, KNOWN[model]) for model, spec in SPECS.items()}
CRITERIA_RULES = rules(CRITERIA_SPEC)
ITEM_RULES = rules(ITEM_SPEC)
ATTENDEE_RULES = rules(ATTENDEE_SPEC)
HISTORY_RULES = rules(HISTORY_SPEC)
