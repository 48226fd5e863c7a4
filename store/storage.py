"""AtomicJSONStorage: a drop-in TinyDB storage that never leaves a half-written file behind.

A full write serialises first, then writes a temp file beside the target, flushes, fsyncs,
``os.replace``s it over the target and fsyncs the directory, so a kill at any instant leaves
either the old file or the new one. When the storage is told which documents a write touched
(:meth:`AtomicJSONStorage.note_touched`, called by :class:`~reviewroom.store.journal_table.
JournalTable` and by the repository), the write is instead one line appended to the journal
beside the file and one ``fdatasync`` (see :mod:`reviewroom.store.journal`); the journal is
compacted into the file on the session's first write, when it outgrows the file, and on close,
so a store at rest is the same sorted JSON as ever. The parsed data is cached while the files
are unchanged, and a reader follows a growing journal by reading only what was appended.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import warnings
from pathlib import Path
from typing import Any

import orjson

from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.files import (
    FILE_MODE,
    TEMP_SUFFIX,
    atomic_write_bytes,
    datasync,
    fsync_directory,
    read_from,
    read_regular,
    remove_leftover_temps,
    write_all,
)
from reviewroom.store.journal import (
    Touched,
    apply,
    commit_record,
    encode,
    header,
    journal_path,
    parse,
    snapshot_id,
)

BACKUP_SUFFIX = ".bak"
# Sorted, two-space indent, trailing newline; APPEND_NEWLINE spares a copy of the whole payload.
DEFAULT_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
# The journal is compacted before a write once it is larger than this share of the snapshot
# (but never below JOURNAL_FLOOR bytes): replaying it then costs less than parsing the snapshot.
JOURNAL_RATIO = 1.0
JOURNAL_FLOOR = 256 * 1024

Tables = dict[str, dict[str, Any]]
# (inode, mtime in ns, size) of the file, then (inode, size) of its journal, or (-1, -1) without
# one: identifies one version of the store without reading it.
Signature = tuple[int, ...]
NO_JOURNAL = (-1, -1)


class AtomicJSONStorage:
    """TinyDB storage with atomic, durable, deterministic writes, journalled when it can be.

    Takes the same constructor arguments as TinyDB's ``JSONStorage``. Without JSON keyword
    arguments the output is sorted, indented by two spaces and UTF-8 with non-ASCII kept as is
    (written by orjson); with keyword arguments (``indent=4``, ``ensure_ascii=True`` …) the stdlib
    ``json.dumps`` is used with exactly those arguments, as ``JSONStorage`` would.

    In a writing mode (``r+``) the storage assumes it is the only writer (``Project`` holds the
    lock): it removes leftover temp files on open and copies the last good store (compacted:
    one file) to ``.bak`` before its first write (``backup=False`` leaves the backup to the
    caller, as ``Project`` does). In ``r`` mode it never touches the folder, so readers cannot
    disturb a writer. A FIFO or device where the file should be is refused (``OSError``) rather
    than read, so nothing ever blocks.

    It does not subclass TinyDB's ``Storage``: TinyDB calls a storage's ``read``, ``write`` and
    ``close`` and checks nothing else (TinyDB's own test suite runs against this class:
    tests/tinydb_suite), and the app talks to the storage directly, so the base class only
    imported all of TinyDB into every start (3-4 ms of the first paint).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        backup: bool = True,
        **kwargs: Any,
    ) -> None:
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(  # as JSONStorage warns: other modes could truncate the file
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss "
                "or corruption", stacklevel=2)
        self.path = Path(path)
        self.journal = journal_path(self.path)
        self.encoding = codecs.lookup(encoding or "utf-8").name
        self.kwargs = kwargs
        self.writable = access_mode not in ("r", "rb")
        self._cache: Tables | None = None
        self._signature: Signature | None = None
        # The version of the store last parsed (or written) here: only that one may become .bak.
        self._good: Signature | None = None
        self._backed_up = not backup
        self._snapshot = ""  # snapshot_id() of the file's bytes the cache started from
        self._snapshot_size = 0
        self._follow = False  # the journal read belongs to that snapshot: read on from its end
        self._lines = 1  # the number of the journal's next line, for a damage message
        self._fd: int | None = None  # the journal this session appends to
        self._touched: Touched | None = None  # what the coming write() changed, if known
        # The journal lines applied to the cached tables since take_applied() was last called
        # (None: the store was parsed afresh or written since): see take_applied.
        self._applied: list[dict[str, Any]] | None = None
        self._compacted = False  # the session's first write is a full one (see _append)
        if self.writable:
            if create_dirs:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            elif not self.path.parent.is_dir():  # refused now, as JSONStorage does, not later
                code = errno.ENOTDIR if self.path.parent.exists() else errno.ENOENT
                raise OSError(code, os.strerror(code), str(self.path.parent))
            remove_leftover_temps(self.path)

    @property
    def backup_path(self) -> Path:
        """Where the last good file is kept before this session's first write."""
        return backup_path(self.path)

    # ----------------------------------------------------------------- reading

    def read(self) -> Tables | None:
        """Return the stored tables, or None for a file that does not exist yet.

        Cached while neither file changed; a journal that only grew is read from where the
        last read stopped.

        Raises:
            DamagedFileError: zero bytes, invalid JSON, JSON that is not a dict of tables, or a
                bad line in the journal before its last.
        """
        try:
            signature = store_signature(self.path)
        except FileNotFoundError:
            self._cache, self._signature = None, None
            return None
        known = self._signature
        if self._cache is not None and known is not None and signature[:3] == known[:3]:
            if signature == known:
                return self._cache
            new = known[3:] == NO_JOURNAL  # the writer started a journal since
            if new or self._follow and signature[3] == known[3] and signature[4] > known[4]:
                try:
                    return self._read_on(signature, 0 if new else known[4])
                except FileNotFoundError:  # compacted away meanwhile: the file is new too
                    return self.read()
        return self._load(signature)

    def _load(self, signature: Signature) -> Tables:
        """Parse the file and replay its journal (stat'ed before, so a later change is seen)."""
        raw, data = load_snapshot(self.path, self.encoding)
        self._snapshot, self._snapshot_size = snapshot_id(raw), len(raw)
        self._follow, end = False, 0
        try:
            replay = parse(read_regular(self.journal), self.journal, backup_path(self.path))
        except FileNotFoundError:
            replay = None
        if replay is not None and replay.snapshot == self._snapshot:
            for record in replay.commits:
                apply(data, record)
            self._follow, end, self._lines = True, replay.end, replay.lines
        journal = (signature[3], end) if self._follow else signature[3:]
        self._cache, self._signature = data, (*signature[:3], *journal)
        self._applied = None
        self._good = self._signature
        return data

    def _read_on(self, signature: Signature, start: int) -> Tables:
        """Apply only the lines appended to the journal since the last read (from ``start``;
        0: a journal begun since, applied only if its header names the snapshot read)."""
        assert self._cache is not None and self._signature is not None
        raw = read_from(self.journal, start)
        replay = parse(raw, self.journal, backup_path(self.path), offset=start,
                       line_no=self._lines if start else 1)
        if start == 0 and replay.snapshot != self._snapshot:
            if replay.snapshot is not None:  # stale: ignored until it changes
                self._signature = signature
            return self._cache  # (a header not written whole yet is read again next time)
        self._follow = True
        for record in replay.commits:
            apply(self._cache, record)
        self._signature, self._lines = (*signature[:4], replay.end), replay.lines
        if self._applied is not None:
            self._applied.extend(replay.commits)
        self._good = self._signature
        return self._cache

    def take_applied(self) -> list[dict[str, Any]] | None:
        """The journal lines applied to the cached tables since the last call, or None when
        the store was parsed afresh (or written) since: a follower that keeps what it built
        from the tables rebuilds only what these lines name."""
        applied, self._applied = self._applied, []
        return applied

    # ----------------------------------------------------------------- writing

    def note_touched(self, table: str, ids: set[str] | None) -> None:
        """Tell the coming :meth:`write` which documents of ``table`` it changed (None: the
        whole table), so it can append them instead of rewriting the store."""
        touched = self._touched if self._touched is not None else {}
        known = touched.get(table, set())
        touched[table] = None if ids is None or known is None else known | ids
        self._touched = touched

    def forget(self) -> None:
        """Drop the cache (and what was noted): it was changed in place by a write that failed
        before reaching the storage, so the next read must show the disk."""
        self._cache, self._signature, self._touched = None, None, None

    def write(self, data: Tables) -> None:
        """Durably store ``data``: an appended journal line when the touched documents are
        known, else an atomic replace of the file (old or new, never a mix)."""
        touched, self._touched = self._touched, None
        self._applied = None
        try:
            if not self.writable:
                raise OSError(f"{self.path} is open read-only")
            if touched is not None and data is self._cache and self._compacted \
                    and not self._journal_full():
                self._append(data, touched)
            else:
                self._compact(data)
        except BaseException:
            # TinyDB mutated the cached tables in place before calling write: forget them so
            # the next read shows what is really on disk (also when the write was refused or
            # the data could not be serialised). The journal may end in a torn line now: the
            # next write starts over with a full one.
            self.forget()
            self._close_journal()
            self._compacted = False
            raise

    def write_docs(self, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Set (or, given None, remove) documents and store them durably: the repository's
        commit, appended to the journal when the store is already open and cached."""
        data = self.read()
        if data is None:
            data = {}
        for table, doc_id, doc in changes:
            docs = data.setdefault(table, {})
            if doc is None:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = doc
            self.note_touched(table, {doc_id})
        self.write(data)

    def _journal_full(self) -> bool:
        """Past the size ratio: the next write compacts instead of appending."""
        assert self._signature is not None
        used = self._signature[4] if self._fd is not None else 0
        return used > max(JOURNAL_RATIO * self._snapshot_size, JOURNAL_FLOOR)

    def _append(self, data: Tables, touched: Touched) -> None:
        """Append one commit line and ``fdatasync`` it; the first line of a session's journal
        creates the file (with its header) and makes its name durable too.

        Only after a full write of this session: that write removed any older journal, so the
        new one never follows a torn line or belongs to another snapshot.
        """
        assert self._signature is not None
        record = commit_record(data, touched)
        if not record:
            return  # it changed nothing (an update that matched no document)
        line = encode(record)
        if self._fd is None:
            line = header(self._snapshot) + line
            self._fd = _create(self.journal)
            write_all(self._fd, line)
            datasync(self._fd)
            fsync_directory(self.path.parent)
            journal = (os.fstat(self._fd).st_ino, len(line))
            self._lines = 2
        else:
            write_all(self._fd, line)
            datasync(self._fd)
            journal = (self._signature[3], self._signature[4] + len(line))
        self._lines += 1
        self._signature = (*self._signature[:3], *journal)
        self._good, self._follow = self._signature, True

    def _compact(self, data: Tables) -> None:
        """Replace the file with all of ``data`` and remove the journal it now holds.

        A crash between the two leaves a journal naming the old file's bytes: stale, ignored.
        """
        payload = self._serialise(data)
        self._backup_once()
        atomic_write_bytes(self.path, payload)
        self._close_journal()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)
        self._compacted, self._follow = True, False
        self._snapshot, self._snapshot_size = snapshot_id(payload), len(payload)
        self._cache, self._signature = data, (*_signature(self.path), *NO_JOURNAL)
        self._good = self._signature

    def close(self) -> None:
        """Compact the journal this session appended to (a store at rest is one sorted file),
        then drop the cache. A failure leaves the journal, as durable as before, for the next
        session. A session that wrote nothing leaves the files alone (opening writes nothing),
        even a journal left by a crash: the next session's first write folds it in."""
        if self._fd is not None:
            with contextlib.suppress(OSError, ReviewError):
                data = self.read()
                if data is not None:
                    self._compact(data)
        self._close_journal()
        self._cache, self._signature = None, None

    def _close_journal(self) -> None:
        """Close the journal this session appends to, if any."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _serialise(self, data: Tables) -> bytes:
        """Bytes of the whole store: orjson for the default format, json for custom kwargs."""
        if self.kwargs:
            return json.dumps(data, **self.kwargs).encode(self.encoding)
        if self.encoding != "utf-8":
            return serialise(data).decode("utf-8").encode(self.encoding)
        return serialise(data)

    def _backup_once(self) -> None:
        """Copy the last good store to ``.bak`` before the first write of this session.

        Only the store version this storage has read and parsed counts as good, so a damaged file
        can never overwrite a good backup. The session counts as backed up only once the copy is
        on disk: when the first write fails (disk full), the next one takes the backup first.
        """
        if self._backed_up:
            return
        try:
            current: Signature | None = store_signature(self.path)
        except FileNotFoundError:
            current = None
        if current is not None and self._good is not None and current[:4] == self._good[:4]:
            atomic_write_bytes(self.backup_path, read_compacted(self.path))
        self._backed_up = True


def serialise(data: Tables) -> bytes:
    """The store's bytes in the default format (sorted, two-space indent, UTF-8)."""
    try:
        return orjson.dumps(data, option=DEFAULT_OPTIONS)
    except TypeError:
        # What orjson refuses but JSONStorage accepts (non-str keys, integers beyond 64 bits):
        # the stdlib writes the very same format; truly unserialisable data still raises.
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        return text.encode("utf-8")


def _create(path: Path) -> int:
    """Open a new, empty journal for appending (a stale one left by a crash is replaced)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC
    try:
        return os.open(path, flags, FILE_MODE)
    except FileExistsError:
        os.unlink(path)
        return os.open(path, flags, FILE_MODE)


def store_signature(path: Path) -> Signature:
    """The store's identity: the file's (inode, mtime, size) and its journal's (inode, size).

    Raises:
        FileNotFoundError: there is no store file.
    """
    try:
        st = os.stat(journal_path(path))
        journal = (st.st_ino, st.st_size)
    except FileNotFoundError:
        journal = NO_JOURNAL
    return (*_signature(path), *journal)


def read_compacted(path: Path) -> bytes:
    """The store as one file's bytes: the file itself, or with its journal's commits applied
    (parsed only then: a store without a current journal is copied as it is).

    Raises:
        DamagedFileError: the file or its journal is damaged.
        OSError: it cannot be read.
    """
    raw, data = _replayed(path, follow_symlinks=True)
    return raw if data is None else serialise(data)


def load_store(path: Path) -> Tables:
    """The tables of the store at ``path`` (not followed if a symlink) with its journal applied.

    Raises:
        DamagedFileError: the file or its journal is damaged.
        OSError: it cannot be read, or is not a regular file.
    """
    raw, data = _replayed(path, follow_symlinks=False)
    return parse_bytes(raw, path) if data is None else data


def _replayed(path: Path, *, follow_symlinks: bool) -> tuple[bytes, Tables | None]:
    """The file's bytes, and its tables with the journal applied when it has a current one
    with commits (None otherwise: the bytes are then the whole store, not parsed here)."""
    raw = read_regular(path, follow_symlinks=follow_symlinks)
    journal = journal_path(path)
    try:
        replay = parse(read_regular(journal), journal, backup_path(path))
    except FileNotFoundError:
        return raw, None
    if replay.snapshot != snapshot_id(raw) or not replay.commits:
        return raw, None
    data = parse_bytes(raw, path)
    for record in replay.commits:
        apply(data, record)
    return raw, data

def backup_path(path: Path) -> Path:
    """The ``.bak`` beside a store file."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def _signature(path: Path) -> Signature:
    """Identify the file's current version cheaply; ``os.replace`` always changes the inode."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load_snapshot(path: Path, encoding: str = "utf-8") -> tuple[bytes, Tables]:
    """The file's bytes and its tables (the journal is not read); ``encoding`` is the text's.

    Raises:
        DamagedFileError: naming the file and the backup to restore from.
        OSError: it cannot be read, or it is a folder, FIFO or device rather than a file.
    """
    raw = read_regular(path, follow_symlinks=True)
    return raw, parse_bytes(raw, path, encoding)


def load_tables(path: Path) -> Tables:
    """Read and validate a store file; anything but a dict of dicts is refused, never emptied.

    Raises:
        DamagedFileError: naming the file and the backup to restore from.
        OSError: it cannot be read, or it is a folder, FIFO or device rather than a file.
    """
    return parse_bytes(read_regular(path, follow_symlinks=True), path)


def parse_bytes(raw: bytes, path: Path, encoding: str = "utf-8") -> Tables:
    """The tables in a store file's bytes (text in ``encoding``, UTF-8 unless the storage was
    given another); ``path`` only names the file in the error.

    Raises:
        DamagedFileError: zero bytes, invalid JSON, or JSON that is not a dict of tables.
    """
    bak = str(backup_path(path))
    if not raw or raw.isspace():  # as ``not raw.strip()``, without copying a store's bytes
        raise DamagedFileError("storage.empty", path=str(path), bak=bak)
    try:
        data = orjson.loads(raw if encoding == "utf-8" else raw.decode(encoding))
    except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DamagedFileError(
            "storage.bad_json", path=str(path), bak=bak, detail=str(exc)
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise DamagedFileError("storage.bad_shape", path=str(path), bak=bak)
    return data


__all__ = [
    "FILE_MODE",
    "TEMP_SUFFIX",
    "AtomicJSONStorage",
    "atomic_write_bytes",
    "backup_path",
    "fsync_directory",
    "load_snapshot",
    "load_store",
    "load_tables",
    "read_compacted",
    "parse_bytes",
    "remove_leftover_temps",
    "serialise",
    "store_signature",
]
