"""What a reviewroom store is: its schema marker, the shape of every document, and migrations.

A store is loaded only if it *is* one: ``meta/1`` holds ``{"schema": N}``, every table present is
one of reviewroom's (TinyDB never writes an empty table, so none is required), every document has
the fields its model needs with the right types, every ID matches its document number, and every
reference (a carried-over request, a request's meeting, a verdict's criteria version …) resolves.
Anything else is refused with one line that names the file, the document and what to do, so a
damaged or foreign file is never treated as empty and never reaches the domain code half-parsed.

The schema version is the migration policy: an older store is migrated forward in memory and
written back by the first commit that succeeds (after the backup); a newer one is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.i18n import t
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
from reviewroom.store.storage import backup_path

SCHEMA = 2
Tables = dict[str, dict[str, Any]]


def _add_where(data: Tables) -> Tables:
    """Schema 1 to 2: every request gets ``where`` (the place in the course), empty.

    Schema 2 also lets a request's ``meeting`` be null (imported onto the agenda of the next
    meeting) and a history entry be ``imported`` or ``discussed``: nothing in a schema 1 store
    changes for those.

    A schema 1 store already reads as a schema 2 one (the field is optional); writing the field
    into every request keeps the documents of one store alike, whichever version wrote them.
    """
    requests = data.get("requests")
    if not isinstance(requests, dict):  # none, or damaged: the checks that follow say which
        return data
    return {**data, "requests": {key: {"where": "", **doc} if isinstance(doc, dict) else doc
                                 for key, doc in requests.items()}}


# Migrations: MIGRATIONS[n] turns the tables of schema n into those of schema n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _add_where}

TABLES = ("meta", "criteria_versions", "meetings", "requests")
DOC_ID = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)
MEETING_ID = re.compile(r"M-([1-9][0-9]{0,17})", re.ASCII)
REQUEST_ID = re.compile(r"CR-([1-9][0-9]{0,17})", re.ASCII)
CRITERION_ID = re.compile(r"[PRBKAC][1-9][0-9]{0,17}", re.ASCII)
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
QUOTE_LIMIT = 40


class SchemaError(DamagedFileError):
    """The store is not (or no longer) a reviewroom store; says where and what, then what to do.

    ``problem`` is a catalog key rendered with ``details`` in the message's language.
    """

    def __init__(self, path: Path, problem: str, where: str = "", **details: Any) -> None:
        super().__init__(
            "storage.not_ours",
            path=str(path),
            bak=str(backup_path(path)),
            problem=problem,
            where=where,
            details=details,
        )

    def message(self, lang: str | None = None) -> str:
        """The whole line in ``lang``, with the problem translated too."""
        lang = lang or self.lang
        params = dict(self.params)
        problem, details = params.pop("problem"), dict(params.pop("details"))
        if "expected" in details:
            details["expected"] = t(lang, details["expected"])
        detail = t(lang, problem, where=params.pop("where"), **details)
        return t(lang, self.key, detail=detail, **params)


@dataclass(frozen=True)
class Loaded:
    """A validated store: its tables (migrated to SCHEMA) and whether a migration happened."""

    tables: Tables
    migrated_from: int | None


def validate(data: Tables, path: Path) -> Loaded:
    """Check the marker, migrate an older store, then check every document and reference.

    Raises:
        DamagedFileError: a newer schema, or anything that is not a reviewroom store.
    """
    version = schema_version(data, path)
    migrated_from = None
    if version < SCHEMA:
        migrated_from = version
        data = migrate(data, version)
    _Checker(data, path).run()
    return Loaded(data, migrated_from)


def validate_changes(data: Tables, changed: dict[str, set[str]], path: Path) -> None:
    """Check only the ``changed`` documents of a store checked whole before (see _Checker.run).

    Raises:
        DamagedFileError: a changed document (or what it names) is not a reviewroom one.
    """
    _Checker(data, path).run(changed)


def schema_version(data: Tables, path: Path) -> int:
    """The store's schema version from its marker.

    Raises:
        SchemaError: no marker, or one that is not a version number.
        DamagedFileError: a version newer than this reviewroom reads.
    """
    meta = data.get("meta", {}).get("1")
    if not isinstance(meta, dict) or "schema" not in meta:
        raise SchemaError(path, "schema.no_marker")
    version = meta["schema"]
    if type(version) is not int or version < 1:
        raise SchemaError(path, "schema.bad_marker", "meta/1", value=_quote(version))
    if version > SCHEMA:
        raise DamagedFileError(
            "storage.newer_schema", path=str(path), found=version, known=SCHEMA,
            bak=str(backup_path(path)),
        )
    return version


def migrate(data: Tables, version: int) -> Tables:
    """The tables of schema ``version`` brought forward to SCHEMA, one migration at a time."""
    while version < SCHEMA:
        data = MIGRATIONS[version](data)
        version += 1
    meta = dict(data.get("meta", {}).get("1", {}), schema=SCHEMA)
    return {**data, "meta": {**data.get("meta", {}), "1": meta}}


def new_store() -> Tables:
    """The tables of a store that does not exist yet: only the marker."""
    return {"meta": {"1": {"schema": SCHEMA}}}


def counts(data: Tables) -> tuple[int, int]:
    """(meetings, requests) held by a store's tables: what a backup must never lose silently."""
    return len(data.get("meetings", {})), len(data.get("requests", {}))


# ------------------------------------------------------------------------------ value checks


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


def _quote(value: Any) -> str:
    """A value from the file, safe to show: JSON with escapes, cut to a few dozen characters."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


# A field absent from a document (None is a stored value).
_MISSING = object()

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


def _one_of(values: Iterable[str]) -> Check:
    """A check that the value is one of an enum's stored values."""
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _optional(check: Check) -> Check:
    """``check``, or null (a field that is unset until something happens)."""
    return lambda v: v is None or check(v)


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


class _Checker:
    """One pass over a store's tables; the first problem found is raised as a SchemaError."""

    def __init__(self, data: Tables, path: Path) -> None:
        self.data = data
        self.path = path

    def fail(self, problem: str, where: str = "", **details: Any) -> SchemaError:
        """The error for one problem."""
        return SchemaError(self.path, problem, where, **details)

    def run(self, changed: dict[str, set[str]] | None = None) -> None:
        """Tables, then documents, then the references between them; with ``changed``, only
        those documents (a follower's journal lines: the rest was checked when first read)."""
        for name in self.data if changed is None else changed:
            if name not in TABLES and self.data.get(name):
                raise self.fail("schema.unknown_table", name, table=_quote(name))
        for name in TABLES:
            for key in self.data.get(name, {}) if changed is None else changed.get(name, ()):
                if not DOC_ID.fullmatch(key):
                    raise self.fail("schema.bad_doc_id", name, value=_quote(key))
        self._meta()
        versions = self._table("criteria_versions", "version", self._version, changed)
        meetings = self._table("meetings", "meeting", self._meeting, changed)
        requests = self._table("requests", "request", self._request, changed)
        self._references(versions, meetings, requests)

    def _meta(self) -> None:
        """Only the marker document, with only the schema field."""
        for key, doc in self.data.get("meta", {}).items():
            if key != "1":
                raise self.fail("schema.unknown_document", f"meta/{key}")
            self._known_fields("meta/1", doc, {"schema"})

    def _table(self, name: str, model: str, check: Callable[[str, int, dict[str, Any]], None],
               changed: dict[str, set[str]] | None) -> dict[int, dict[str, Any]]:
        """Check every document of one table (or the changed ones); returns them by number."""
        docs: dict[int, dict[str, Any]] = {}
        table = self.data.get(name, {})
        keys = table if changed is None else changed.get(name, ())
        for key in keys:
            doc, where = table[key], f"{name}/{key}"
            self._fields(where, doc, model)
            check(where, int(key), doc)
            docs[int(key)] = doc
        return docs

    def _fields(self, where: str, doc: Any, model: str) -> None:
        """A record with the required fields, no unknown ones, each of the right type."""
        if not isinstance(doc, dict):
            raise self.fail("schema.not_record", where)
        self._known_fields(where, doc, KNOWN[model])
        self._spec_values(where, doc, SPECS[model])

    def _version(self, where: str, number: int, doc: dict[str, Any]) -> None:
        """The number matches the document; the criteria are sections of well-formed items."""
        if doc["number"] != number:
            raise self.fail("schema.id_mismatch", where, field="number",
                            value=_quote(doc["number"]))
        criteria = doc["criteria"]
        self._known_fields(f"{where}/criteria", criteria, CRITERIA_SPEC.keys())
        self._spec_values(f"{where}/criteria", criteria, CRITERIA_SPEC)
        seen: set[str] = set()
        for section in Section:
            for index, item in enumerate(criteria.get(section.value, [])):
                spot = f"{where}/criteria/{section.value}/{index + 1}"
                self._record(spot, item, ITEM_SPEC)
                cid = item["id"]
                if not CRITERION_ID.fullmatch(cid) or cid[0] != section.prefix:
                    raise self.fail("schema.bad_id", spot, field="id", value=_quote(cid))
                if cid in seen:
                    raise self.fail("schema.duplicate", spot, field="id", value=_quote(cid))
                seen.add(cid)

    def _meeting(self, where: str, number: int, doc: dict[str, Any]) -> None:
        """The ID matches the document; attendees are records; carried-over IDs are IDs."""
        self._own_id(where, doc["id"], MEETING_ID, number)
        for index, attendee in enumerate(doc.get("attendees", [])):
            self._record(f"{where}/attendees/{index + 1}", attendee, ATTENDEE_SPEC)
        carried = doc.get("carried_over", [])
        for rid in carried:
            if not isinstance(rid, str) or not REQUEST_ID.fullmatch(rid):
                raise self.fail("schema.bad_id", where, field="carried_over", value=_quote(rid))
        if len(set(carried)) != len(carried):
            twice = next(r for r in carried if carried.count(r) > 1)
            raise self.fail("schema.duplicate", where, field="carried_over", value=_quote(twice))

    def _request(self, where: str, number: int, doc: dict[str, Any]) -> None:
        """The ID matches the document; criteria are IDs; history entries are records."""
        self._own_id(where, doc["id"], REQUEST_ID, number)
        if doc["meeting"] is not None and not MEETING_ID.fullmatch(doc["meeting"]):
            raise self.fail("schema.bad_id", where, field="meeting", value=_quote(doc["meeting"]))
        for cid in doc.get("criteria", []):
            if not isinstance(cid, str) or not CRITERION_ID.fullmatch(cid):
                raise self.fail("schema.bad_id", where, field="criteria", value=_quote(cid))
        for index, entry in enumerate(doc.get("history", [])):
            self._record(f"{where}/history/{index + 1}", entry, HISTORY_SPEC)

    def _own_id(self, where: str, value: str, pattern: re.Pattern[str], number: int) -> None:
        """``M-3`` in meetings/3, ``CR-3`` in requests/3: the ID is the document number."""
        match = pattern.fullmatch(value)
        if match is None:
            raise self.fail("schema.bad_id", where, field="id", value=_quote(value))
        if int(match.group(1)) != number:
            raise self.fail("schema.id_mismatch", where, field="id", value=_quote(value))

    def _record(self, where: str, value: Any, spec: Spec) -> None:
        """A nested record (criteria item, attendee, history entry) with only known fields."""
        if not isinstance(value, dict):
            raise self.fail("schema.not_record", where)
        self._known_fields(where, value, spec.keys())
        self._spec_values(where, value, spec)

    def _known_fields(self, where: str, value: dict[str, Any], known: AbstractSet[str]) -> None:
        """No field reviewroom does not know: rewriting the record would silently drop it."""
        unknown = value.keys() - known
        if unknown:
            raise self.fail("schema.unknown_field", where, field=_quote(min(unknown)))

    def _spec_values(self, where: str, value: dict[str, Any], spec: Spec) -> None:
        """Required fields present, every present one of the right type."""
        for name, (check, kind, required) in spec.items():
            found = value.get(name, _MISSING)
            if found is _MISSING:
                if required:
                    raise self.fail("schema.missing_field", where, field=name)
            elif not check(found):
                raise self.fail("schema.wrong_type", where, field=name,
                                expected=f"schema.expect.{kind}", value=_quote(found))

    def _references(self, versions: dict[int, dict[str, Any]],
                    meetings: dict[int, dict[str, Any]],
                    requests: dict[int, dict[str, Any]]) -> None:
        """Every ID the given documents name exists in the store; at most one meeting is live.

        The IDs known are the whole store's, so checking only changed documents is the same
        check (documents are never removed, and a document's ID is its number).
        """
        all_meetings = self.data.get("meetings", {}).values()
        meeting_ids = {doc["id"] for doc in all_meetings}
        request_ids = {doc["id"] for doc in self.data.get("requests", {}).values()}
        version_numbers = {int(key) for key in self.data.get("criteria_versions", {})}

        def resolve(where: str, field: str, value: Any, known: Iterable[Any]) -> None:
            if value is not None and value not in known:
                raise self.fail("schema.unknown_ref", where, field=field, value=_quote(value))

        for number, doc in versions.items():
            where = f"criteria_versions/{number}"
            resolve(where, "request", doc.get("request"), request_ids)
            resolve(where, "meeting", doc.get("meeting"), meeting_ids)
        live = []
        for number, doc in meetings.items():
            where = f"meetings/{number}"
            resolve(where, "criteria_version", doc["criteria_version"], version_numbers)
            for rid in doc.get("carried_over", []):
                resolve(where, "carried_over", rid, request_ids)
        for doc in all_meetings:
            if doc.get("status", MeetingStatus.LIVE.value) == MeetingStatus.LIVE.value:
                live.append(doc["id"])
        if len(live) > 1:
            raise self.fail("schema.two_live", "meetings", first=live[0], second=live[1])
        for number, doc in requests.items():
            where = f"requests/{number}"
            resolve(where, "meeting", doc["meeting"], meeting_ids)
            resolve(where, "verdict_version", doc.get("verdict_version"), version_numbers)
            for index, entry in enumerate(doc.get("history", [])):
                resolve(f"{where}/history/{index + 1}", "meeting", entry.get("meeting"),
                        meeting_ids)
