"""store/schema_shortcut.py and the checker's set tests: fast, and never more lenient.

The reference is the checker's own field-by-field pass (``_Checker(..., shortcuts=False)``, and
``_record`` for one record), which is what opening a project did before the shortcuts. For
records and whole stores generated valid and then damaged (a field missing, unknown, of another
type, an enum value or a timestamp or a date that is not one, true for a number, null where it
is not allowed, IDs and references that do not hold, key orders, records that are not records),
the shortcut accepts only what the reference accepts, and the checker refuses exactly as the
reference does: the same problem, place and details, the same message in English and Polish.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewroom.store import schema, schema_spec
from reviewroom.store.model import Section, Verdict
from reviewroom.store.schema_shortcut import MOST_SHAPES, Shortcut
from reviewroom.store.schema_spec import Check, Rules
from tests.domain.test_schema_checker import valid_store

STORE = Path("reviewroom.json")
AT = "2026-01-05T09:00:00+00:00"
RULES: dict[str, Rules] = {
    "version": schema_spec.RULES["version"], "meeting": schema_spec.RULES["meeting"],
    "request": schema_spec.RULES["request"], "criteria": schema_spec.CRITERIA_RULES,
    "item": schema_spec.ITEM_RULES, "attendee": schema_spec.ATTENDEE_RULES,
    "history": schema_spec.HISTORY_RULES,
}

# ------------------------------------------------------------------------------ values

TEXT = st.text(max_size=12)
TIMESTAMPS = st.builds(
    lambda moment, minutes: moment.replace(
        tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)), st.integers(-1439, 1439))
DATES = st.dates().map(dt.date.isoformat)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
# Values every field is tried with: each JSON type, near misses of every check, IDs that are
# and are not the store's, and values no JSON parser returns (a str subclass, a dict subclass).
HOSTILE: list[Any] = [
    "", "x", " ", None, 0, 1, 2, -1, 10**20, True, False, 1.0, 1.5, float("nan"), [], ["x"],
    [1], [None], [["B1"]], {}, {"a": 1}, "2026-01-05T09:00:00+00:00", "2026-01-05T09:00:00",
    "2026-13-01T09:00:00+00:00", "2026-01-05T09:00:00+00:00" + " " * 40, "2026-01-05",
    "2026-02-30", "2026-1-5", "２０２６-01-05", "pending", "Pending", "consistent ", "open",
    "deferred", "live", "closed", "client", "vendor", "by", "imported", "M-1", "M-2", "M-9",
    "M-01", "m-1", "CR-1", "CR-2", "CR-3", "CR-9", "CR-01", "B1", "C1", "P1", "B01", "X1", "b1",
    ["CR-1"], ["CR-1", "CR-1"], ["B1", "C1"], ["B1", 1], Verdict.CONSISTENT,
    {"name": "Ola", "side": "vendor"}, {"at": "2026-01-05T09:00:00+00:00", "field": "by"},
    {"id": "B2", "text": "More"}, OrderedDict(name="Ola", side="client"),
]
# The fields that hold an ID or a reference, by table, with values to try in each: the
# store's IDs and others, near misses, other types.
MEETING_REFS = ["M-1", "M-2", "M-3", "M-9", "M-01", "m-1", "M-1 ", "CR-1", None, 1, ["M-1"]]
REQUEST_REFS = ["CR-1", "CR-2", "CR-3", "CR-6", "CR-9", "CR-01", "cr-1", "M-1", "", None, 1]
VERSION_REFS = [1, 2, 3, 9, 0, -1, True, 1.0, "1", None]
ID_FIELDS: dict[str, dict[str, list[Any]]] = {
    "criteria_versions": {"number": VERSION_REFS, "request": REQUEST_REFS,
                          "meeting": MEETING_REFS},
    "meetings": {"id": MEETING_REFS, "criteria_version": VERSION_REFS,
                 "carried_over": REQUEST_REFS, "status": ["live", "closed", "Live", None]},
    "requests": {"id": REQUEST_REFS, "meeting": MEETING_REFS, "verdict_version": VERSION_REFS,
                 "criteria": ["B1", "K2", "C1", "X1", "B01", "b1", "", None, ["B1"]],
                 "history": MEETING_REFS},
}
# Field names tried as unknown or misplaced ones.
NAMES = ["zeta", "", "Verdict", "id", "meeting", "status", "history", "attendees", "problem",
         "1", "01", "x", "_default", "meta", "requests"]
# What each check accepts, as a JSON parser returns it.
VALID: dict[Check, st.SearchStrategy[Any]] = {
    schema_spec.TEXT: TEXT,
    schema_spec.OPT_TEXT: st.none() | TEXT,
    schema_spec.TIMESTAMP: TIMESTAMPS,
    schema_spec.OPT_TIMESTAMP: st.none() | TIMESTAMPS,
    schema_spec.OPT_DATE: st.none() | DATES,
    schema_spec.VERSION: st.integers(1, 10**18),
    schema_spec.OPT_VERSION: st.none() | st.integers(1, 10**18),
    schema_spec.PLAIN: st.none() | TEXT | st.lists(TEXT, max_size=3),
    schema_spec.LIST: st.lists(JSON, max_size=2),
    schema_spec.DICT: st.dictionaries(TEXT, JSON, max_size=2),
    **{check: st.sampled_from(sorted(values, key=str))
       for check, values in schema_spec.VALUES_OF.items()},
}


def test_every_check_of_every_spec_has_valid_values_here() -> None:
    """A new kind of check must be taught to this test before it can test it."""
    for rules in RULES.values():
        for name, check, *_ in rules.fields:
            assert check in VALID, name


@pytest.mark.parametrize("check", list(schema_spec.VALUES_OF))
def test_every_enum_check_accepts_exactly_its_values(check: Check) -> None:
    """The set the shortcut tests is the one the check tests (for the types JSON holds)."""
    allowed = schema_spec.VALUES_OF[check]
    for value in [*HOSTILE, *allowed, *NAMES]:
        if type(value) in (str, type(None)):
            assert check(value) == (value in allowed), value
        elif not isinstance(value, str):  # a str subclass: the shortcut leaves it to the check
            assert not check(value), value


STAMPS = st.one_of(
    st.datetimes(timezones=st.none() | st.timezones()).map(dt.datetime.isoformat),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["2024-05-01T10:00:00+00:00", "2024-05-01T10:00:00Z", "2024-13-01T10:00",
                     "2024-05-01T10:00:00+25:00", "2024-05-01 10:00:00.123456-03:30",
                     "x" * 65, "2024-05-01T10:00:00+00:00" + " " * 40, "", "now"]),
    TEXT, st.none(), st.integers(), st.floats(), st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(STAMPS, max_size=6).map(tuple))
def test_a_column_form_answers_as_its_check_on_every_value(column: tuple[Any, ...]) -> None:
    """``ALL_OF``: a check's column form (the shortcut's) says a column passes exactly when the
    check passes every value: valid and invalid timestamps, dates, offsets, long text, other
    types."""
    for check, every in schema_spec.ALL_OF.items():
        assert every(column) == all(map(check, column)), column


# ------------------------------------------------------------------------------ records


@st.composite
def valid_records(draw: st.DrawFn, rules: Rules) -> dict[str, Any]:
    """A record ``rules`` accept: the required fields, some optional ones, in any order."""
    fields = [(name, check) for name, check, _kind, required, _bare in rules.fields
              if required or draw(st.booleans())]
    order = draw(st.permutations(fields))
    return {name: draw(VALID[check]) for name, check in order}


@st.composite
def damaged(draw: st.DrawFn, record: dict[str, Any]) -> Any:
    """``record`` with one to three things wrong with it (or, by chance, still right)."""
    if not isinstance(record, dict):
        return record
    record = dict(record)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["drop", "unknown", "value", "value", "not a record"]))
        if action == "drop" and record:
            del record[draw(st.sampled_from(sorted(record)))]
        elif action == "unknown":
            record[draw(st.sampled_from(NAMES) | TEXT)] = draw(st.sampled_from(HOSTILE))
        elif action == "value" and record:
            record[draw(st.sampled_from(sorted(record)))] = draw(st.sampled_from(HOSTILE) | JSON)
        elif action == "not a record":
            return draw(st.sampled_from([None, "x", [], [record], OrderedDict(record)]))
    return record


def field_by_field(record: Any, rules: Rules) -> bool:
    """The reference: whether the checker's field-by-field pass accepts ``record``."""
    try:
        schema._Checker({}, STORE)._record("here", record, rules)
    except schema.SchemaError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_shortcut_accepts_records_only_when_the_field_by_field_pass_does(
        data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(sorted(RULES)))
    rules = RULES[kind]
    records = data.draw(st.lists(valid_records(rules), max_size=6))
    clean = True
    for index in data.draw(st.lists(st.integers(0, max(len(records) - 1, 0)), max_size=2)):
        if records:
            records[index] = data.draw(damaged(records[index]))
            clean = False
    columns = Shortcut(rules).columns(records)
    valid = all(field_by_field(record, rules) for record in records)
    if columns is not None:
        assert valid, records
        for name in rules.known:
            assert sorted(map(repr, columns.get(name, ()))) == sorted(
                repr(r[name]) for r in records if name in r), name
    elif clean:
        pytest.fail(f"valid records of JSON types refused: {records}")


def test_too_many_shapes_are_left_to_the_field_by_field_pass() -> None:
    """Records in more key orders than a store has: unsure, and the store still accepted."""
    data = valid_store()
    request = data["requests"]["1"]
    names = list(request)
    rotations = [{name: request[name] for name in names[n:] + names[:n]}
                 for n in range(MOST_SHAPES + 1)]
    shortcut = Shortcut(schema_spec.RULES["request"])
    assert shortcut.columns(rotations[:MOST_SHAPES]) is not None
    assert shortcut.columns(rotations) is None
    data["requests"] = {str(n): dict(r, id=f"CR-{n}") for n, r in enumerate(rotations, 1)}
    assert outcome(data, shortcuts=True) == outcome(data, shortcuts=False) == ("accepted",)


# ------------------------------------------------------------------------------ stores


@st.composite
def valid_stores(draw: st.DrawFn) -> dict[str, Any]:
    """A store the checker accepts: versions, meetings (at most one live), requests, each
    record drawn as :func:`valid_records` does, then its IDs and references made to hold."""
    versions = draw(st.integers(1, 2))
    meetings = draw(st.integers(0, 3))
    requests = draw(st.integers(0, 5))
    meeting_ids = [f"M-{n}" for n in range(1, meetings + 1)]
    request_ids = [f"CR-{n}" for n in range(1, requests + 1)]
    criterion_ids = [f"{s.prefix}{n}" for s in Section for n in (1, 2)]
    maybe_meeting = st.none() | st.sampled_from(meeting_ids) if meeting_ids else st.none()

    def refs(doc: dict[str, Any], field: str, choices: st.SearchStrategy[Any]) -> None:
        if field in doc:
            doc[field] = draw(choices)

    data: dict[str, Any] = {"meta": {"1": {"schema": schema.SCHEMA}}, "criteria_versions": {},
                            "meetings": {}, "requests": {}}
    for n in range(1, versions + 1):
        doc = draw(valid_records(RULES["version"]))
        doc["number"] = n
        criteria = draw(valid_records(schema_spec.CRITERIA_RULES))
        for section in Section:
            count = draw(st.integers(0, 2)) if section.value in criteria else 0
            criteria[section.value] = [{**draw(valid_records(schema_spec.ITEM_RULES)),
                                        "id": f"{section.prefix}{i + 1}"} for i in range(count)]
        doc["criteria"] = criteria
        refs(doc, "request", st.none() | st.sampled_from(request_ids) if request_ids
             else st.none())
        refs(doc, "meeting", maybe_meeting)
        data["criteria_versions"][str(n)] = doc
    for n, mid in enumerate(meeting_ids, 1):
        doc = draw(valid_records(RULES["meeting"]))
        doc.update(id=mid, criteria_version=draw(st.integers(1, versions)))
        if n < meetings or "status" in doc:
            doc["status"] = "closed" if n < meetings else draw(st.sampled_from(["live", "closed"]))
        refs(doc, "attendees", st.lists(valid_records(schema_spec.ATTENDEE_RULES), max_size=2))
        refs(doc, "carried_over", st.lists(st.sampled_from(request_ids), unique=True)
             if request_ids else st.just([]))
        data["meetings"][str(n)] = doc
    for n, rid in enumerate(request_ids, 1):
        doc = draw(valid_records(RULES["request"]))
        doc.update(id=rid, meeting=draw(maybe_meeting))
        refs(doc, "criteria", st.lists(st.sampled_from(criterion_ids), max_size=3))
        refs(doc, "verdict_version", st.none() | st.integers(1, versions))
        if "history" in doc:
            doc["history"] = draw(st.lists(valid_records(schema_spec.HISTORY_RULES), max_size=2))
            for entry in doc["history"]:
                refs(entry, "meeting", maybe_meeting)
        data["requests"][str(n)] = doc
    return data


def containers(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every dict and list in ``tree``, itself first."""
    found = [path]
    items = tree.items() if isinstance(tree, dict) else enumerate(tree)
    for key, value in items:
        if isinstance(value, dict | list):
            found += containers(value, (*path, key))
    return found


@st.composite
def damaged_stores(draw: st.DrawFn) -> dict[str, Any]:
    """A valid store with up to three changes: anywhere in it (a value set, a field or
    document or table added or removed, an element appended or duplicated), to one of its
    IDs and references (:func:`damage_reference`), or to a record's shape (:func:`reshape`)."""
    data = draw(valid_stores())
    for _ in range(draw(st.sampled_from([1, 2, 3, 0]))):
        where = draw(st.sampled_from(["reference", "anywhere", "reshape", "table"]))
        if where == "reshape":
            reshape(draw, data)
        elif where == "reference":
            damage_reference(draw, data)
        elif where == "anywhere":
            damage_anywhere(draw, data)
        elif data and draw(st.booleans()):  # a table removed, or one added (the storage
            del data[draw(st.sampled_from(sorted(data)))]  # reads only a dict of dicts)
        else:
            data[draw(st.sampled_from(NAMES))] = {draw(st.sampled_from(NAMES)): draw(
                st.sampled_from(HOSTILE))}
    return data


def reshape(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """A record's fields in another order, or one of them left out (an optional one, as a
    store written before a field existed has it, or a required one)."""
    records = [path for path in containers(data)[1:] if len(path) >= 2]
    if not records:
        return
    path = draw(st.sampled_from(records))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    record = parent[path[-1]]
    if not isinstance(record, dict) or not record:
        return
    if draw(st.booleans()):
        parent[path[-1]] = dict(reversed(record.items()))
    else:
        del record[draw(st.sampled_from(sorted(record)))]


def damage_anywhere(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """One change inside a table: a value set, a field or document added or removed, an
    element of a list set, appended, duplicated or removed."""
    paths = containers(data)[1:]
    if not paths:
        return
    path = draw(st.sampled_from(paths[::-1]))  # the deepest first: they are the most
    node = data
    for key in path:
        node = node[key]
    documents = [d for t in ("meetings", "requests") if isinstance(data.get(t), dict)
                 for d in data[t].values()]
    value = draw(st.sampled_from(HOSTILE) | JSON | st.sampled_from(documents or [None]))
    value = copy.deepcopy(value)
    if isinstance(node, dict):
        action = draw(st.sampled_from(["set", "set", "add", "remove"]))
        if action == "remove" and node:
            del node[draw(st.sampled_from(sorted(node)))]
        elif action == "add" or not node:
            node[draw(st.sampled_from(NAMES))] = value
        else:
            node[draw(st.sampled_from(sorted(node)))] = value
    else:
        action = draw(st.sampled_from(["set", "append", "duplicate", "remove"]))
        if node and action == "set":
            node[draw(st.integers(0, len(node) - 1))] = value
        elif node and action == "duplicate":
            node.append(copy.deepcopy(draw(st.sampled_from(node))))
        elif node and action == "remove":
            del node[draw(st.integers(0, len(node) - 1))]
        else:
            node.append(value)


def damage_reference(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """One ID or reference of ``data`` set to another value, or one more in a list of them
    (a carried-over request, a criterion: another one, or one already there)."""
    tables = [name for name in ID_FIELDS if isinstance(data.get(name), dict) and data[name]]
    if not tables:
        return
    table = draw(st.sampled_from(tables))
    doc = data[table][draw(st.sampled_from(sorted(data[table])))]
    if not isinstance(doc, dict):
        return
    field = draw(st.sampled_from(sorted(ID_FIELDS[table])))
    value = draw(st.sampled_from(ID_FIELDS[table][field]))
    held = doc.get(field)
    if field == "history":  # a history entry's meeting
        entries = [e for e in held if isinstance(e, dict)] if isinstance(held, list) else []
        if entries:
            draw(st.sampled_from(entries))["meeting"] = value
    elif isinstance(held, list) and draw(st.booleans()):
        held.append(draw(st.sampled_from(held)) if held and draw(st.booleans()) else value)
    else:
        doc[field] = value


def outcome(data: Any, shortcuts: bool, changed: dict[str, set[str]] | None = None) -> Any:
    """What the checker makes of ``data``: accepted, or the refusal in full (both languages),
    or whatever else it raised."""
    try:
        schema._Checker(data, STORE, shortcuts=shortcuts).run(changed)
    except schema.SchemaError as refused:
        return ("refused", refused.key, refused.params, refused.message("en"),
                refused.message("pl"))
    except Exception as crashed:  # whatever it is, the reference must raise it alike
        return ("crashed", type(crashed), str(crashed))
    return ("accepted",)


def rich_store() -> dict[str, Any]:
    """A valid store with a bit of everything: two criteria versions (the second naming a
    request and a meeting), three meetings (the last live, carrying two requests over, with
    attendees), four requests (history entries, verdicts judged against either version, a due
    date, one imported outside any meeting)."""
    data = valid_store()
    version = copy.deepcopy(data["criteria_versions"]["1"])
    version.update(number=2, request="CR-1", meeting="M-1", reason="Revised")
    data["criteria_versions"]["2"] = version
    meeting = copy.deepcopy(data["meetings"]["2"])
    data["meetings"]["2"].update(status="closed", ended_at=AT)
    meeting.update(id="M-3", criteria_version=2, carried_over=["CR-1", "CR-2"])
    data["meetings"]["3"] = meeting
    entry = {"at": AT, "meeting": "M-1", "field": "by", "old": "", "new": "Dana"}
    data["requests"]["1"]["history"] = [entry, dict(entry, meeting=None, field="criteria",
                                                    old=["B1"], new=["B1", "C1"])]
    request = copy.deepcopy(data["requests"]["3"])
    request.update(id="CR-4", meeting=None, verdict="consistent", verdict_version=2,
                   due="2026-02-28", note="Fine", note_verdict="consistent",
                   history=[dict(entry, field="imported", old=None, new=["a.xlsx", "3", ""])])
    data["requests"]["4"] = request
    return data


# The values each field of the rich store is set to, one at a time; a field left out; a value
# added to a list.
SINGLE: list[Any] = HOSTILE + MEETING_REFS + REQUEST_REFS + VERSION_REFS
LEFT_OUT, ADDED = object(), object()


def single_damages(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    """Every record of ``data`` with one field set to each of :data:`SINGLE` or left out, and
    every list with each of them added, or an element already there added again: (place,
    value) pairs, the value :data:`LEFT_OUT` or :data:`ADDED` for the last two."""
    damages: list[tuple[tuple[Any, ...], Any]] = []
    for path in containers(data)[1:]:
        node = data
        for key in path:
            node = node[key]
        if isinstance(node, dict) and len(path) >= 2:
            for name in node:
                damages += [((*path, name), value) for value in (*SINGLE, LEFT_OUT)]
        elif isinstance(node, list):
            damages += [((*path, ADDED), value) for value in (*SINGLE, *node[:1])]
    return damages


def damaged_at(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of ``data`` with one :func:`single_damages` damage."""
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is LEFT_OUT:
        del node[path[-1]]
    elif path[-1] is ADDED:
        node.append(copy.deepcopy(value))
    else:
        node[path[-1]] = copy.deepcopy(value)
    return data


def test_the_rich_store_is_valid() -> None:
    assert outcome(rich_store(), shortcuts=False) == ("accepted",)


@pytest.mark.parametrize("table", ["criteria_versions", "meetings", "requests"])
def test_every_single_damage_is_refused_exactly_as_the_field_by_field_pass_refuses_it(
        table: str) -> None:
    """Each field of each record, each list, of one table of the rich store: every value."""
    store = rich_store()
    tried = refused = 0
    for path, value in single_damages(store):
        if path[0] != table:
            continue
        data = damaged_at(store, path, value)
        expected = outcome(data, shortcuts=False)
        assert outcome(data, shortcuts=True) == expected, (path, value)
        changed = {table: {path[1]}}
        assert outcome(data, True, changed) == outcome(data, False, changed), (path, value)
        tried, refused = tried + 1, refused + (expected[0] != "accepted")
    assert tried > 500 and 0 < refused < tried


@settings(max_examples=300, deadline=None)
@given(damaged_stores())
def test_a_store_is_refused_exactly_as_the_field_by_field_pass_refuses_it(
        data: dict[str, Any]) -> None:
    assert outcome(data, shortcuts=True) == outcome(data, shortcuts=False)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_changed_documents_are_refused_exactly_as_the_field_by_field_pass_refuses_them(
        data: st.DataObject) -> None:
    """A follower checks only the documents its journal lines changed."""
    store = data.draw(damaged_stores())
    changed = {name: set(data.draw(st.lists(st.sampled_from(sorted(docs)), unique=True)))
               for name, docs in store.items()
               if name in schema.TABLES and isinstance(docs, dict) and docs}
    assert outcome(store, True, changed) == outcome(store, False, changed)


@settings(max_examples=100, deadline=None)
@given(valid_stores())
def test_valid_stores_are_accepted_without_going_document_by_document(
        data: dict[str, Any]) -> None:
    """What makes opening fast: a store of reviewroom's never reaches ``_record``, nor the
    checks of one meeting or one request."""
    assert outcome(data, shortcuts=False) == ("accepted",)
    with pytest.MonkeyPatch.context() as patched:
        for name in ("_record", "_meeting", "_request"):
            patched.setattr(schema._Checker, name, one_by_one)
        assert schema.validate(json.loads(json.dumps(data)), STORE).migrated_from is None


def test_a_store_written_by_reviewroom_is_accepted_without_going_document_by_document() -> None:
    """The same for a store as :meth:`to_dict` writes it (in the journal's key order)."""
    with pytest.MonkeyPatch.context() as patched:
        for name in ("_record", "_meeting", "_request"):
            patched.setattr(schema._Checker, name, one_by_one)
        schema.validate(rich_store(), STORE)


def one_by_one(*args: Any) -> None:
    """A check of one document or record that fails the test: the shortcuts should have
    answered for all of them."""
    raise AssertionError(f"document by document: {args[1:]}")
