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

import json
import re
from collections.abc import Callable, Collection, Iterable
from collections.abc import Set as AbstractSet
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.i18n import t
from reviewroom.store.model import MeetingStatus, Section
from reviewroom.store.schema_shortcut import Columns, Shortcut
from reviewroom.store.schema_spec import (
    ATTENDEE_RULES,
    CRITERIA_RULES,
    HISTORY_RULES,
    ITEM_RULES,
    RULES,
    Rules,
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


class Loaded(NamedTuple):
    """A validated store: its tables (migrated to SCHEMA) and whether a migration happened.

    A NamedTuple (cheaper to create at import than a frozen dataclass): read by name once,
    where :func:`validate` returns it.
    """

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


def _quote(value: Any) -> str:
    """A value from the file, safe to show: JSON with escapes, cut to a few dozen characters."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


# A field absent from a document (None is a stored value).
_MISSING = object()
# A document's ID, read down a whole table in C (once its records are known to be fine).
_ID = itemgetter("id")


def _unsure(records: Collection[Any]) -> Columns | None:
    """The shortcut of a checker told to take none: every record goes field by field."""
    return None


class _Checker:
    """One pass over a store's tables; the first problem found is raised as a SchemaError.

    The checks run in a fixed order (tables, documents in file order, fields in spec order,
    then references), so the problem reported is always the same one. Opening a project pays
    this pass over every document, so the common case is kept cheap: a table whose records
    its rules certainly accept is told so by a :class:`Shortcut`, a field at a time in C, and
    the IDs, records and references its documents hold are tested as sets; only when one of
    those is unsure does the pass go document by document, field by field (:meth:`_record`,
    which names the first problem, making a bare type test inline). An ID already seen
    well-formed is not matched again, and the text of a place in the store is built only for
    the message.

    ``shortcuts=False`` goes document by document, field by field, ID by ID, everywhere: the
    same refusals, slower (the reference the shortcuts are tested against).
    """

    def __init__(self, data: Tables, path: Path, *, shortcuts: bool = True) -> None:
        self.data = data
        self.path = path
        self.shortcuts = shortcuts
        # Values a pattern already matched (IDs repeat: a request names its meeting, meetings
        # carry the same requests over): a set lookup instead of a regex each time.
        self._matched: dict[re.Pattern[str], set[str]] = {
            MEETING_ID: set(), REQUEST_ID: set(), CRITERION_ID: set()}
        # Per kind of record, its fields' values down many records when the rules it is
        # checked with certainly accept them all (None: unsure).
        self._columns: dict[str, Callable[[Collection[Any]], Columns | None]] = {
            kind: Shortcut(rules).columns if shortcuts else _unsure for kind, rules in (
                ("version", RULES["version"]), ("meeting", RULES["meeting"]),
                ("request", RULES["request"]), ("criteria", CRITERIA_RULES),
                ("item", ITEM_RULES), ("attendee", ATTENDEE_RULES),
                ("history", HISTORY_RULES))}
        # The requests' columns and their history entries', once told fine (_requests_fine).
        self._fine_requests: tuple[Columns, Columns] | None = None

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
        meetings = self._table("meetings", "meeting", self._meeting, changed,
                               self._meetings_fine)
        requests = self._table("requests", "request", self._request, changed,
                               self._requests_fine)
        self._references(versions, meetings, requests)

    def _meta(self) -> None:
        """Only the marker document, with only the schema field."""
        for key, doc in self.data.get("meta", {}).items():
            if key != "1":
                raise self.fail("schema.unknown_document", f"meta/{key}")
            self._known_fields("meta/1", doc, {"schema"})

    def _fine(self, kind: str, records: Collection[Any]) -> bool:
        """The rules of ``kind`` certainly accept every one of ``records`` (False: unsure)."""
        return self._columns[kind](records) is not None

    def _table(self, name: str, model: str, check: Callable[[str, dict[str, Any]], None],
               changed: dict[str, set[str]] | None,
               all_fine: Callable[[dict[str, dict[str, Any]], Columns], bool] | None = None,
               ) -> dict[str, dict[str, Any]]:
        """Check every document of one table (or the changed ones); returns them by key.

        When the shortcut tells that the records are all fine and ``all_fine`` that what
        ``check`` asks of each document holds for all of them, that is all; else document by
        document: its record (unless known fine), then ``check``.
        """
        table = self.data.get(name, {})
        docs = table if changed is None else {key: table[key] for key in changed.get(name, ())}
        columns = self._columns[model](docs.values())
        if columns is not None and all_fine is not None and all_fine(docs, columns):
            return docs
        model_rules = RULES[model]
        for key, doc in docs.items():
            if columns is None:
                self._record(f"{name}/{key}", doc, model_rules)
            check(key, doc)
        return docs

    def _version(self, key: str, doc: dict[str, Any]) -> None:
        """The number matches the document; the criteria are sections of well-formed items."""
        where = f"criteria_versions/{key}"
        if doc["number"] != int(key):
            raise self.fail("schema.id_mismatch", where, field="number",
                            value=_quote(doc["number"]))
        criteria = doc["criteria"]
        if not self._fine("criteria", (criteria,)):
            self._record(f"{where}/criteria", criteria, CRITERIA_RULES)
        sections = [(section, criteria.get(section.value, [])) for section in Section]
        items_fine = self._fine("item", list(chain.from_iterable(i for _, i in sections)))
        seen: set[str] = set()
        for section, items in sections:
            for index, item in enumerate(items):
                spot = f"{where}/criteria/{section.value}/{index + 1}"
                if not items_fine:
                    self._record(spot, item, ITEM_RULES)
                cid = item["id"]
                if not self._matches(CRITERION_ID, cid) or cid[0] != section.prefix:
                    raise self.fail("schema.bad_id", spot, field="id", value=_quote(cid))
                if cid in seen:
                    raise self.fail("schema.duplicate", spot, field="id", value=_quote(cid))
                seen.add(cid)

    def _meeting(self, key: str, doc: dict[str, Any]) -> None:
        """The ID matches the document; attendees are records; carried-over IDs are IDs."""
        if doc["id"] != "M-" + key:
            self._wrong_id(f"meetings/{key}", doc["id"], MEETING_ID)
        attendees = doc.get("attendees", [])
        if not self._fine("attendee", attendees):
            for index, attendee in enumerate(attendees):
                self._record(f"meetings/{key}/attendees/{index + 1}", attendee, ATTENDEE_RULES)
        carried = doc.get("carried_over", [])
        for rid in carried:
            if not self._matches(REQUEST_ID, rid):
                raise self.fail("schema.bad_id", f"meetings/{key}", field="carried_over",
                                value=_quote(rid))
        if len(set(carried)) != len(carried):
            twice = next(r for r in carried if carried.count(r) > 1)
            raise self.fail("schema.duplicate", f"meetings/{key}", field="carried_over",
                            value=_quote(twice))

    def _meetings_fine(self, docs: dict[str, dict[str, Any]], columns: Columns) -> bool:
        """What :meth:`_meeting` checks, told for all the meetings at once (their records are
        known fine; False: unsure): each ID is its key's, the attendees are records, the
        carried-over IDs are IDs, none twice in one meeting."""
        carried = columns.get("carried_over", ())
        return (list(map(_ID, docs.values())) == list(map("M-".__add__, docs))
                and self._fine("attendee", list(chain.from_iterable(
                    columns.get("attendees", ()))))
                and self._all_match(REQUEST_ID, chain.from_iterable(carried))
                and list(map(len, carried)) == list(map(len, map(set, carried))))

    def _request(self, key: str, doc: dict[str, Any]) -> None:
        """The ID matches the document; criteria are IDs; history entries are records."""
        if doc["id"] != "CR-" + key:
            self._wrong_id(f"requests/{key}", doc["id"], REQUEST_ID)
        meeting = doc["meeting"]
        if meeting is not None and not self._matches(MEETING_ID, meeting):
            raise self.fail("schema.bad_id", f"requests/{key}", field="meeting",
                            value=_quote(meeting))
        for cid in doc.get("criteria", []):
            if not self._matches(CRITERION_ID, cid):
                raise self.fail("schema.bad_id", f"requests/{key}", field="criteria",
                                value=_quote(cid))
        history = doc.get("history", [])
        if not self._fine("history", history):
            for index, entry in enumerate(history):
                self._record(f"requests/{key}/history/{index + 1}", entry, HISTORY_RULES)

    def _requests_fine(self, docs: dict[str, dict[str, Any]], columns: Columns) -> bool:
        """What :meth:`_request` checks, told for all the requests at once (their records are
        known fine; False: unsure): each ID is its key's, the meetings and criteria they name
        are IDs, their history entries are records."""
        meetings = set(columns.get("meeting", ()))
        meetings.discard(None)
        history = self._columns["history"](list(chain.from_iterable(
            columns.get("history", ()))))
        if (history is None or list(map(_ID, docs.values())) != list(map("CR-".__add__, docs))
                or not self._all_match(MEETING_ID, meetings)
                or not self._all_match(CRITERION_ID, chain.from_iterable(
                    columns.get("criteria", ())))):
            return False
        self._fine_requests = (columns, history)
        return True

    def _all_match(self, pattern: re.Pattern[str], values: Iterable[Any]) -> bool:
        """Every one of ``values`` is text that ``pattern`` matches whole (those not matched
        before once each, the others by a set test in C); False when unsure."""
        matched = self._matched[pattern]
        try:
            new = set(values).difference(matched)
        except TypeError:  # a value that cannot be in a set (a list, say): not an ID
            return False
        return all(self._matches(pattern, value) for value in new)

    def _matches(self, pattern: re.Pattern[str], value: Any) -> bool:
        """``value`` is text that ``pattern`` matches whole (remembered once it did)."""
        if not isinstance(value, str):
            return False
        matched = self._matched[pattern]
        if value in matched:
            return True
        if pattern.fullmatch(value) is None:
            return False
        matched.add(value)
        return True

    def _wrong_id(self, where: str, value: str, pattern: re.Pattern[str]) -> None:
        """The error for an ID that is not its document's (``M-3`` in meetings/3, ``CR-3`` in
        requests/3).

        The callers compare the ID with the prefix and the document's key: the key is the
        number's digits (``DOC_ID``: no sign, no leading zero), so that is the one ID that
        matches ``pattern`` and names the document, and the whole check. The pattern only says
        which problem another value has.
        """
        if pattern.fullmatch(value) is None:
            raise self.fail("schema.bad_id", where, field="id", value=_quote(value))
        raise self.fail("schema.id_mismatch", where, field="id", value=_quote(value))

    def _record(self, where: str, value: Any, rules: Rules) -> None:
        """A record with only known fields, the required ones present, each of the right type.

        Fields are checked in spec order, so a record with several problems is refused for the
        first; a bare type test (text, list, record) is made here rather than by a call.
        """
        if not isinstance(value, dict):
            raise self.fail("schema.not_record", where)
        self._known_fields(where, value, rules.known)
        get = value.get
        for name, check, kind, required, types in rules.fields:
            found = get(name, _MISSING)
            if found is _MISSING:
                if required:
                    raise self.fail("schema.missing_field", where, field=name)
            elif not (check(found) if types is None else isinstance(found, types)):
                raise self.fail("schema.wrong_type", where, field=name,
                                expected=f"schema.expect.{kind}", value=_quote(found))

    def _known_fields(self, where: str, value: dict[str, Any], known: AbstractSet[str]) -> None:
        """No field reviewroom does not know: rewriting the record would silently drop it."""
        if value.keys() <= known:  # no set built when there is nothing to report
            return
        raise self.fail("schema.unknown_field", where, field=_quote(min(value.keys() - known)))

    def _references(self, versions: dict[str, dict[str, Any]],
                    meetings: dict[str, dict[str, Any]],
                    requests: dict[str, dict[str, Any]]) -> None:
        """Every ID the given documents name exists in the store; at most one meeting is live.

        The IDs known are the whole store's, so checking only changed documents is the same
        check (documents are never removed, and a document's ID is its number).
        """
        all_meetings = self.data.get("meetings", {}).values()
        meeting_ids = {doc["id"] for doc in all_meetings}
        request_ids = {doc["id"] for doc in self.data.get("requests", {}).values()}
        version_numbers = {int(key) for key in self.data.get("criteria_versions", {})}

        def resolve(where: str, field: str, value: Any, known: AbstractSet[Any]) -> None:
            if value is not None and value not in known:
                raise self.fail("schema.unknown_ref", where, field=field, value=_quote(value))

        for key, doc in versions.items():
            where = f"criteria_versions/{key}"
            resolve(where, "request", doc.get("request"), request_ids)
            resolve(where, "meeting", doc.get("meeting"), meeting_ids)
        live = []
        for key, doc in meetings.items():
            where = f"meetings/{key}"
            resolve(where, "criteria_version", doc["criteria_version"], version_numbers)
            if not request_ids.issuperset(doc.get("carried_over", [])):
                for rid in doc["carried_over"]:
                    resolve(where, "carried_over", rid, request_ids)
        for doc in all_meetings:
            if doc.get("status", MeetingStatus.LIVE.value) == MeetingStatus.LIVE.value:
                live.append(doc["id"])
        if len(live) > 1:
            raise self.fail("schema.two_live", "meetings", first=live[0], second=live[1])
        if self._references_fine(meeting_ids, version_numbers):
            return
        for key, doc in requests.items():
            meeting, version = doc["meeting"], doc.get("verdict_version")
            if (meeting is None or meeting in meeting_ids) and (
                    version is None or version in version_numbers) and not doc.get("history"):
                continue  # nothing to report: the message's place is built below only if so
            where = f"requests/{key}"
            resolve(where, "meeting", meeting, meeting_ids)
            resolve(where, "verdict_version", version, version_numbers)
            for index, entry in enumerate(doc.get("history", [])):
                resolve(f"{where}/history/{index + 1}", "meeting", entry.get("meeting"),
                        meeting_ids)

    def _references_fine(self, meeting_ids: set[str], version_numbers: set[int]) -> bool:
        """Every meeting and criteria version the requests name, and every meeting their
        history entries name, exists: set tests in C on the columns :meth:`_requests_fine`
        kept (False: unsure, and each request is resolved in turn)."""
        if self._fine_requests is None:
            return False
        columns, history = self._fine_requests
        meetings: set[str | None] = {None, *meeting_ids}
        return (meetings.issuperset(columns.get("meeting", ()))
                and {None, *version_numbers}.issuperset(columns.get("verdict_version", ()))
                and meetings.issuperset(history.get("meeting", ())))
