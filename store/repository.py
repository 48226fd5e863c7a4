"""A project's files on disk: the writer lock, the store's checks, reading and durable commits.

:class:`Repository` is everything :class:`~reviewroom.store.project.Project` needs from the disk
and nothing about the domain's rules: it hands out validated tables and writes the changes it is
given as one durable write after the session's backup: a line appended to the journal beside
``reviewroom.json`` (see :mod:`reviewroom.store.journal`), or an atomic replace of the whole file
for the session's first commit. Opening writes nothing: a new or migrated store is kept in memory
and written by the first commit.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from reviewroom.store.errors import DamagedFileError, ReviewError, has_backup
from reviewroom.store.files import (
    FileError,
    NotRegularFileError,
    StoreFileError,
    lstat_or_none,
    real_folder,
    regular_or_missing,
)
from reviewroom.store.home import MINUTES_DIR, STORE_NAME
from reviewroom.store.journal import journal_path
from reviewroom.store.lock import ProjectLock
from reviewroom.store.model import ChangeRequest, CriteriaVersion, Meeting
from reviewroom.store.schema import counts, new_store, validate, validate_changes
from reviewroom.store.storage import (
    AtomicJSONStorage,
    Signature,
    backup_path,
    fsync_directory,
    store_signature,
)

Tables = dict[str, dict[str, Any]]
Change = tuple[str, int, dict[str, Any]]  # (table, doc ID, document)
LoadedTables = tuple[dict[int, CriteriaVersion], dict[int, Meeting], dict[int, ChangeRequest]]


class Snapshot(NamedTuple):
    """The store as another process left it: its tables, and the file identity they came from.

    A NamedTuple (cheaper to create at import than a frozen dataclass): it goes from the
    watcher's reading thread to ``Project.adopt`` and is read by name, never compared or hashed.
    """

    tables: LoadedTables
    signature: Signature | None
    # The numbers of the requests that differ from the reading before (added, changed or gone),
    # worked out in the reader's thread so the view touches their rows only; None when there was
    # no reading before to compare with.
    changed_requests: frozenset[int] | None = None
    # Whether the store was read whole (a new snapshot) rather than the journal's new lines.
    whole: bool = True


class Repository:
    """One project folder's store, opened for reading or (holding the lock) for writing.

    Args:
        folder: the project folder.
        readonly: a reader takes no lock and never writes.
        lang: the language of the errors it raises (asked when one is raised).
        notice: told of a warning that does not stop a commit (a backup kept, say).
    """

    def __init__(self, folder: Path, *, readonly: bool, lang: Callable[[], str],
                 notice: Callable[[ReviewError], None]) -> None:
        self.folder = folder
        self.readonly = readonly
        self._lang = lang
        self._notice = notice
        self._lock = ProjectLock(folder)
        self._storage: AtomicJSONStorage | None = None
        self._signature: Signature | None = None
        self._base: Tables | None = None  # a new or migrated store, written by the first commit
        self._held = (0, 0)  # documents in the file when opened: the backup never holds fewer
        self._backed_up = False
        self._staged: dict[tuple[str, int], dict[str, Any]] = {}  # written by the next commit
        self._parsed: LoadedTables | None = None  # what a reader last parsed, to follow it

    @property
    def store_path(self) -> Path:
        """The TinyDB file."""
        return self.folder / STORE_NAME

    @property
    def minutes_dir(self) -> Path:
        """Where exports go by default."""
        return self.folder / MINUTES_DIR

    # ----------------------------------------------------------------- opening and closing

    def open(self) -> LoadedTables:
        """Lock (a writer), check the store file, and load it.

        Raises:
            ReviewError: the lock is held, or the store is read-only on purpose.
            DamagedFileError: the store is not a file of ours, or its history is missing.
        """
        if not self.readonly:
            self._lock.acquire()
        self._check_store_file()
        # The storage directly, not through a TinyDB object: the app reads and commits through
        # the storage alone, and importing TinyDB cost every start 3-4 ms.
        self._storage = AtomicJSONStorage(self.store_path, access_mode="r" if self.readonly
                                          else "r+", backup=False)
        return self.load()

    def close(self) -> None:
        """Release the store and the lock; safe to call twice."""
        if self._storage is not None:
            self._storage.close()
            self._storage = None
        self._lock.release()

    def _check_store_file(self) -> None:
        """The store is a regular file (a writer's also writable), or missing without history.

        Raises:
            DamagedFileError: a symlink, folder, FIFO or device; unreadable; or missing while
                a backup or minutes show the project had a history.
            ReviewError: a writer, and the store was made read-only on purpose.
        """
        path, bak = self.store_path, backup_path(self.store_path)
        try:
            st = regular_or_missing(path)
        except NotRegularFileError as exc:
            raise StoreFileError("storage.not_regular", exc, path=str(path), bak=str(bak)) from None
        except OSError as exc:
            raise StoreFileError("storage.unreadable", exc, path=str(path), bak=str(bak)) from None
        if st is None:
            self._refuse_lost_history()
        elif not os.access(path, os.R_OK):
            denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            raise StoreFileError("storage.unreadable", denied, path=str(path), bak=str(bak))
        elif not self.readonly and not (st.st_mode & stat.S_IWUSR and os.access(path, os.W_OK)):
            raise ReviewError("storage.read_only", path=str(path))

    def _refuse_lost_history(self) -> None:
        """A missing store is new only when nothing shows the project ever had one.

        Raises:
            DamagedFileError: a backup, a journal, or minutes in minutes/, exist.
        """
        path, bak = self.store_path, backup_path(self.store_path)
        journal = journal_path(path)
        evidence = (bak if os.path.lexists(bak) else journal if os.path.lexists(journal)
                    else _first_minutes(self.minutes_dir))
        if evidence is None:
            return
        # A folder or a dangling link named like the backup shows a history, but restore
        # cannot use it: the advice is then the user's own copies, as with no backup at all.
        usable = evidence == bak and has_backup(str(bak))
        key = "storage.missing_history" if usable else "storage.missing_no_backup"
        raise DamagedFileError(key, path=str(path), bak=str(bak), evidence=str(evidence))

    # ----------------------------------------------------------------- reading

    def load(self) -> LoadedTables:
        """Read every table into domain objects, once the store is known to be one of ours.

        Raises:
            DamagedFileError: not a reviewroom store, a newer schema, or unreadable.
        """
        with collector_paused():
            tables, unwritten = self._validated_tables()
            self._base = tables if unwritten else None
            self._held = counts(tables)
            self._signature = self._current_signature()
            parsed = parse_tables(tables)
        if self._storage is not None:
            self._storage.take_applied()  # what follows is measured from this parse
        self._parsed = None if unwritten else parsed
        return parsed

    def changed(self) -> bool:
        """Whether the store's identity moved since the last :meth:`adopt` (two ``stat`` calls:
        cheap enough for a watcher's UI thread, which then reads in a thread only if so)."""
        return self._current_signature() != self._signature

    def read_if_changed(self) -> Snapshot | None:
        """The store, read again when another process changed it since the last :meth:`adopt`.

        It changes nothing here, so a watcher can read a large store off its UI thread and
        :meth:`adopt` the result on it (one reading at a time: the storage's cache is not
        shared between threads). The file is stat'ed before it is read: a write in between is
        read now and, its identity being newer, read once more on the next call.

        Raises:
            DamagedFileError: the store cannot be read, or is not one of ours.
        """
        signature = self._current_signature()
        if signature == self._signature:
            return None
        return self._read_parsed(signature)

    def _read_parsed(self, signature: Signature | None) -> Snapshot:
        """The store parsed again: a reader following the journal re-checks and rebuilds only
        the documents its new lines changed (milliseconds, not a second, at 10,000 requests);
        anything else (a new snapshot, a removal) is read and checked whole, and compared with
        the reading before to tell which requests changed.

        Raises:
            DamagedFileError: the store cannot be read, or is not one of ours.
        """
        assert self._storage is not None
        previous, self._parsed = self._parsed, None
        raw = self._read_tables()
        applied = self._storage.take_applied()
        changed = _changed_docs(applied) if raw is not None and self.readonly else None
        if previous is None or raw is None or changed is None:
            tables, unwritten = self._validated_tables()
            parsed = parse_tables(tables)
            touched = None if previous is None else differing(previous[2], parsed[2])
            whole = True
        else:
            validate_changes(raw, changed, self.store_path)
            parsed, unwritten = _reparsed(previous, raw, changed), False
            touched = frozenset(int(doc_id) for doc_id in changed.get("requests", ()))
            whole = False
        self._parsed = None if unwritten else parsed
        return Snapshot(parsed, signature, touched, whole)

    def adopt(self, snapshot: Snapshot) -> None:
        """Take ``snapshot`` as what was last read (the next change is measured from it)."""
        self._signature = snapshot.signature

    def _validated_tables(self) -> tuple[Tables, bool]:
        """The store's tables once known to be ours, and whether they are not on disk as they are
        (a missing store is a new one; an older schema is migrated in memory).

        Raises:
            DamagedFileError: not a reviewroom store, a newer schema, or unreadable.
        """
        raw = self._read_tables()
        if raw is None:
            return new_store(), True
        loaded = validate(raw, self.store_path)
        return loaded.tables, loaded.migrated_from is not None

    def _read_tables(self) -> Tables | None:
        """The raw tables through the storage (cached while unchanged); None when missing.

        Raises:
            DamagedFileError: it cannot be read, or is not a file at all.
        """
        assert self._storage is not None
        path, bak = self.store_path, backup_path(self.store_path)
        try:
            return self._storage.read()
        except NotRegularFileError as exc:
            raise StoreFileError("storage.not_regular", exc, path=str(path), bak=str(bak)) from None
        except OSError as exc:
            raise StoreFileError("storage.unreadable", exc, path=str(path), bak=str(bak)) from None

    def _current_signature(self) -> Signature | None:
        """The store's identity (the file and its journal), to tell a reader whether the writer
        changed it."""
        try:
            return store_signature(self.store_path)
        except OSError:  # gone, or turned into a symlink loop: the next load says which
            return None

    # ----------------------------------------------------------------- writing

    def stage(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Keep a change for the next commit that succeeds, which writes it before its own.

        Opening writes nothing, so what it finds to record (a brief edited outside reviewroom)
        waits here: a refused command then leaves every file as it was.
        """
        self._staged[(table, doc_id)] = doc

    def commit(self, changes: list[Change]) -> None:
        """Write the staged changes and ``changes`` as one commit: all of it or none.

        Durable when this returns. The session's backup is taken first (once; retried by the
        next commit if this one fails). On failure nothing on disk has changed and what was
        staged stays staged. Only the changed documents are handed to the storage, which
        appends them to its journal (a new or migrated store is written whole).

        Raises:
            FileError: the store could not be written (disk full, permissions).
        """
        storage = self._storage
        assert storage is not None
        staged = [(table, doc_id, doc) for (table, doc_id), doc in sorted(self._staged.items())]
        with self.writing():
            current = self._read_tables()
            self._backup_once()
            if self._base is not None or current is None:
                base = self._base if self._base is not None else new_store()
                tables = {name: dict(docs) for name, docs in base.items()}
                for table, doc_id, doc in staged + changes:
                    tables.setdefault(table, {})[str(doc_id)] = doc
                storage.write(tables)
            else:
                storage.write_docs([(table, str(doc_id), doc)
                                    for table, doc_id, doc in staged + changes])
        self._base = None
        self._staged.clear()

    def _backup_once(self) -> None:
        """Before the session's first write: the backup, or a warning saying why it was kept.

        Raises:
            OSError: the backup could not be written; the commit is refused and retried later.
        """
        if self._backed_up:
            return
        from reviewroom.store.backup import take_session_backup  # not needed to open and show

        warning = take_session_backup(self.store_path, self._held)
        self._backed_up = True
        if warning is not None:
            self._notice(warning.in_language(self._lang()))

    @contextmanager
    def writing(self, path: Path | None = None) -> Iterator[None]:
        """Turn an OS failure to save (disk full, permissions) into a clear domain error.

        What was written is then the store a reader compares against (our own write is not
        another process's change).
        """
        try:
            yield
        except OSError as exc:
            raise FileError(
                "storage.unwritable", exc, lang=self._lang(), path=str(path or self.store_path)
            ) from None
        self._signature = self._current_signature()

    def ensure_minutes_dir(self) -> Path:
        """Create ``minutes/`` (0700) on first export; never use one that is a symlink.

        Raises:
            NotRegularFileError: minutes/ is a symlink or a file.
            OSError: it cannot be created.
        """
        try:
            real_folder(self.minutes_dir)
        except FileNotFoundError:
            self.minutes_dir.mkdir(mode=0o700)
            fsync_directory(self.folder)
        return self.minutes_dir


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a store is read, checked and rebuilt.

    Why: loading makes tens of thousands of dicts, lists and records (the JSON, then the domain
    objects), none of them garbage; every 700 of them woke the collector to walk the young ones
    again, about a tenth of opening a 1,000-request project. Nothing made here forms a cycle the
    collector would have to free, and it runs again (if it was running) however the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _changed_docs(applied: list[dict[str, Any]] | None) -> dict[str, set[str]] | None:
    """The documents journal lines set, by table; None when they did more (replaced a whole
    table, removed documents, touched the schema marker) or the store was read afresh."""
    if applied is None:
        return None
    changed: dict[str, set[str]] = {}
    for record in applied:
        if set(record) != {"s"} or "meta" in record["s"]:
            return None
        for table, docs in record["s"].items():
            changed.setdefault(table, set()).update(docs)
    return changed


def differing(before: dict[int, ChangeRequest], after: dict[int, ChangeRequest]
              ) -> frozenset[int]:
    """The numbers of the requests added, changed or gone between two readings."""
    gone = before.keys() - after.keys()
    return frozenset(n for n, req in after.items() if before.get(n) != req) | gone


def _reparsed(previous: LoadedTables, data: Tables, changed: dict[str, set[str]]
              ) -> LoadedTables:
    """``previous`` with the changed documents rebuilt from ``data`` (new dicts: the previous
    ones may be on show)."""
    versions, meetings, requests = dict(previous[0]), dict(previous[1]), dict(previous[2])
    builders: dict[str, tuple[dict[int, Any], Callable[[dict[str, Any]], Any]]] = {
        "criteria_versions": (versions, CriteriaVersion.from_dict),
        "meetings": (meetings, Meeting.from_dict),
        "requests": (requests, ChangeRequest.from_dict),
    }
    for table, ids in changed.items():
        target, build = builders.get(table, ({}, dict))  # other tables: checked, not shown
        for doc_id in ids:
            target[int(doc_id)] = build(data[table][doc_id])
    return versions, meetings, requests


def _first_minutes(folder: Path) -> Path | None:
    """A minutes file in ``folder`` (not followed if it is a symlink), or None."""
    st = lstat_or_none(folder)
    if st is None or not stat.S_ISDIR(st.st_mode):
        return None
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    found = next((n for n in names if n.endswith((".md", ".html")) and not n.startswith(".")),
                 None)
    return folder / found if found else None


def parse_tables(data: Tables) -> LoadedTables:
    """The criteria versions, meetings and requests of validated tables, by doc ID.

    Only for tables :func:`reviewroom.store.schema.validate` accepted: every document is then
    one the model can rebuild, and every reference between them resolves.
    """
    return (
        _load_table(data, "criteria_versions", CriteriaVersion.from_dict),
        _load_table(data, "meetings", Meeting.from_dict),
        _load_table(data, "requests", ChangeRequest.from_dict),
    )


def _load_table(data: dict[str, Any], name: str, build: Callable[[dict[str, Any]], Any]) -> Any:
    """Rebuild one table's documents keyed by their integer doc IDs."""
    return {int(doc_id): build(doc) for doc_id, doc in data.get(name, {}).items()}
