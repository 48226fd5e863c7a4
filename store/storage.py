"""AtomicJSONStorage: a drop-in TinyDB storage that never leaves a half-written file behind.

Every write serialises first, then writes a temp file beside the target, flushes, fsyncs,
``os.replace``s it over the target and fsyncs the directory, so a kill at any instant leaves
either the old file or the new one. The parsed data is cached while the file is unchanged, so a
write does not re-read and re-parse the whole store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.files import (
    FILE_MODE,
    TEMP_SUFFIX,
    atomic_write_bytes,
    fsync_directory,
    read_regular,
    remove_leftover_temps,
)

BACKUP_SUFFIX = ".bak"
# Sorted, two-space indent, trailing newline; APPEND_NEWLINE spares a copy of the whole payload.
DEFAULT_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE

Tables = dict[str, dict[str, Any]]
# (inode, mtime in ns, size): identifies one version of the file without reading it.
Signature = tuple[int, int, int]


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic, durable, deterministic writes.

    Takes the same constructor arguments as TinyDB's ``JSONStorage``. Without JSON keyword
    arguments the output is sorted, indented by two spaces and UTF-8 with non-ASCII kept as is
    (written by orjson); with keyword arguments (``indent=4``, ``ensure_ascii=True`` …) the stdlib
    ``json.dumps`` is used with exactly those arguments, as ``JSONStorage`` would.

    In a writing mode (``r+``) the storage assumes it is the only writer (``Project`` holds the
    lock): it removes leftover temp files on open and copies the last good file to ``.bak`` before
    its first write (``backup=False`` leaves the backup to the caller, as ``Project`` does). In
    ``r`` mode it never touches the folder, so readers cannot disturb a writer. A FIFO or device
    where the file should be is refused (``OSError``) rather than read, so nothing ever blocks.
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
        super().__init__()
        self.path = Path(path)
        self.encoding = encoding or "utf-8"
        self.kwargs = kwargs
        self.writable = access_mode not in ("r", "rb")
        self._cache: Tables | None = None
        self._signature: Signature | None = None
        # The version of the file last parsed (or written) here: only that one may become .bak.
        self._good: Signature | None = None
        self._backed_up = not backup
        if self.writable:
            if create_dirs:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            remove_leftover_temps(self.path)

    @property
    def backup_path(self) -> Path:
        """Where the last good file is kept before this session's first write."""
        return backup_path(self.path)

    def read(self) -> Tables | None:
        """Return the stored tables, or None for a file that does not exist yet.

        Raises:
            DamagedFileError: zero bytes, invalid JSON, or JSON that is not a dict of tables.
        """
        try:
            signature = _signature(self.path)
        except FileNotFoundError:
            self._cache, self._signature = None, None
            return None
        if self._cache is not None and signature == self._signature:
            return self._cache
        data = load_tables(self.path)
        self._cache, self._signature, self._good = data, signature, signature
        return data

    def write(self, data: Tables) -> None:
        """Durably replace the file with ``data`` (atomic: old or new, never a mix)."""
        try:
            if not self.writable:
                raise OSError(f"{self.path} is open read-only")
            payload = self._serialise(data)
            self._backup_once()
            atomic_write_bytes(self.path, payload)
        except BaseException:
            # TinyDB mutated the cached tables in place before calling write: forget them so
            # the next read shows what is really on disk (also when the write was refused or
            # the data could not be serialised).
            self._cache, self._signature = None, None
            raise
        self._cache, self._signature = data, _signature(self.path)
        self._good = self._signature

    def close(self) -> None:
        """Drop the cache; there is no handle to close, every write opens its own temp file."""
        self._cache, self._signature = None, None

    def _serialise(self, data: Tables) -> bytes:
        """Bytes of the whole store: orjson for the default format, json for custom kwargs."""
        if self.kwargs:
            return json.dumps(data, **self.kwargs).encode(self.encoding)
        try:
            return orjson.dumps(data, option=DEFAULT_OPTIONS)
        except TypeError:
            # What orjson refuses but JSONStorage accepts (non-str keys, integers beyond 64 bits):
            # the stdlib writes the very same format; truly unserialisable data still raises.
            text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            return text.encode("utf-8")

    def _backup_once(self) -> None:
        """Copy the last good file to ``.bak`` before the first write of this session.

        Only the file version this storage has read and parsed counts as good, so a damaged file
        can never overwrite a good backup. The session counts as backed up only once the copy is
        on disk: when the first write fails (disk full), the next one takes the backup first.
        """
        if self._backed_up:
            return
        try:
            current: Signature | None = _signature(self.path)
        except FileNotFoundError:
            current = None
        if current is not None and current == self._good:
            atomic_write_bytes(self.backup_path, read_regular(self.path, follow_symlinks=True))
        self._backed_up = True


def backup_path(path: Path) -> Path:
    """The ``.bak`` beside a store file."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def _signature(path: Path) -> Signature:
    """Identify the file's current version cheaply; ``os.replace`` always changes the inode."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def load_tables(path: Path) -> Tables:
    """Read and validate a store file; anything but a dict of dicts is refused, never emptied.

    Raises:
        DamagedFileError: naming the file and the backup to restore from.
        OSError: it cannot be read, or it is a folder, FIFO or device rather than a file.
    """
    return parse_bytes(read_regular(path, follow_symlinks=True), path)


def parse_bytes(raw: bytes, path: Path) -> Tables:
    """The tables in a store file's bytes; ``path`` only names the file in the error.

    Raises:
        DamagedFileError: zero bytes, invalid JSON, or JSON that is not a dict of tables.
    """
    bak = str(backup_path(path))
    if not raw.strip():
        raise DamagedFileError("storage.empty", path=str(path), bak=bak)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
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
    "load_tables",
    "parse_bytes",
    "remove_leftover_temps",
]
