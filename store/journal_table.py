"""JournalTable: TinyDB's Table telling the storage which documents each write touched.

TinyDB hands a storage the whole database at every write, so a storage that wants to append
only what changed would have to diff every table (milliseconds at 10,000 documents, and a deep
copy first, since TinyDB changes documents in place). This table class overrides TinyDB's
private ``Table._update_table`` (the one place every write of a table goes through) to run the
update on the storage's cached table itself, recording which documents the update set, removed
or changed in place, and calls ``storage.note_touched`` before ``storage.write``. With a storage
that has no ``note_touched`` it behaves exactly as TinyDB's own.

The override follows TinyDB 4.9's ``_update_table``; pyproject.toml pins TinyDB to that line,
and tests/domain/test_journal_table.py fails loudly if TinyDB stops calling it.

    db = TinyDB(path, storage=AtomicJSONStorage)
    db.table_class = JournalTable      # or: class DB(TinyDB): table_class = JournalTable
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import orjson
from tinydb.table import Table

# A document read by an update, and what it looked like then (None: it could not be serialised,
# so it counts as changed).
Seen = dict[str, bytes | None]


class JournalTable(Table):
    """A TinyDB table whose writes tell the storage what they touched (see the module doc)."""

    def _update_table(self, updater: Callable[[dict[int, Mapping[Any, Any]]], None]) -> None:
        """Run ``updater`` on the cached table itself, then write, naming what it touched.

        TinyDB's own version copies the whole table into a dict keyed by doc ID objects and
        back (twice O(n) per write); this one is a view over the stored dict. An updater that
        raises may have changed the cache already: the storage forgets it, so the next read
        shows the disk.
        """
        storage = self._storage
        note = getattr(storage, "note_touched", None)
        forget = getattr(storage, "forget", None)
        if note is None or forget is None:
            super()._update_table(updater)
            return
        tables = storage.read()
        if tables is None:
            tables = {}
        raw = tables.get(self.name)
        new_table = raw is None
        view = RecordingTable({} if raw is None else raw, self.document_id_class)
        try:
            # TinyDB's updaters use only the mapping operations the view implements
            updater(view)  # type: ignore[arg-type]
        except BaseException:
            forget()
            raise
        tables[self.name] = view.raw
        note(self.name, None if new_table or view.cleared else view.touched())
        storage.write(tables)
        self.clear_cache()


class RecordingTable(MutableMapping[Any, Any]):
    """The stored table (string keys) seen as TinyDB's updaters see it (doc ID keys), recording
    the documents set, removed, or read (a read document may be changed in place: it counts
    only if its serialised form differs when the write comes)."""

    def __init__(self, raw: dict[str, Any], id_class: Callable[[str], Any]) -> None:
        self.raw = raw
        self._id_class = id_class
        self._changed: set[str] = set()
        self._seen: Seen = {}
        self.cleared = False

    def __getitem__(self, doc_id: Any) -> Any:
        """The stored document; remembered as it is, to tell later whether it changed."""
        key = str(doc_id)
        doc = self.raw[key]
        if key not in self._changed and key not in self._seen:
            self._seen[key] = _serialised(doc)
        return doc

    def __setitem__(self, doc_id: Any, doc: Any) -> None:
        """Set a document: touched."""
        key = str(doc_id)
        self.raw[key] = doc
        self._changed.add(key)

    def __delitem__(self, doc_id: Any) -> None:
        """Remove a document: touched."""
        key = str(doc_id)
        del self.raw[key]
        self._changed.add(key)

    def __contains__(self, doc_id: object) -> bool:
        """Whether the document exists (reads nothing)."""
        return str(doc_id) in self.raw

    def __iter__(self) -> Iterator[Any]:
        """The doc IDs, as TinyDB's document ID class."""
        return (self._id_class(key) for key in list(self.raw))

    def __len__(self) -> int:
        """How many documents."""
        return len(self.raw)

    def clear(self) -> None:
        """Empty the table: the whole table is touched."""
        self.raw.clear()
        self.cleared = True

    def touched(self) -> set[str]:
        """The documents set or removed, and those read whose content has changed since."""
        changed = set(self._changed)
        for key, before in self._seen.items():
            if key in changed:
                continue
            if key not in self.raw or before is None or _serialised(self.raw[key]) != before:
                changed.add(key)
        return changed


def _serialised(doc: Any) -> bytes | None:
    """A document's bytes, to compare before and after an update; None if orjson refuses it."""
    try:
        return bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
    except TypeError:
        return None


__all__ = ["JournalTable", "RecordingTable"]
