"""The store's backup: taken before a session's first commit, never shrunk silently, restorable.

``reviewroom.json.bak`` holds the store as it was before the latest writing session changed it.
It is replaced only by a store holding at least as much (as many meetings and requests): when
the store holds less — it was cut down by hand, or an old copy was put in its place — the larger
backup is kept and the session is warned, but the write goes ahead, since a live meeting must
never be blocked. ``restore`` puts the backup back and keeps whatever it replaces beside it as
``reviewroom.json.damaged`` (then ``.damaged.2``, ``.damaged.3`` …), never overwriting one.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import orjson

from reviewroom.store.errors import DamagedFileError, ReviewError, has_backup
from reviewroom.store.files import (
    FileError,
    atomic_write_bytes,
    free_name,
    fsync_directory,
    lstat_or_none,
    read_regular,
    remove_leftover_temps,
    write_temp,
)
from reviewroom.store.journal import journal_path
from reviewroom.store.lock import ProjectLock
from reviewroom.store.schema import counts, validate
from reviewroom.store.storage import backup_path, load_store, parse_bytes, read_compacted

DAMAGED_SUFFIX = ".damaged"


def take_session_backup(store: Path, held: tuple[int, int]) -> ReviewError | None:
    """Copy ``store`` to its ``.bak`` unless the backup holds more than ``held`` or is unusable.

    Args:
        store: the store file, as loaded and validated by this session (absent for a new one).
        held: (meetings, requests) in that store.

    Returns:
        None when the backup was taken (or there was nothing to back up); otherwise the warning
        to show: the backup holds more, or is not a readable regular file, and was left alone.

    Raises:
        OSError: writing the backup failed (disk full …); the caller refuses its commit, so the
            next one tries the backup again before anything changes.
    """
    if lstat_or_none(store) is None:
        return None
    bak = backup_path(store)
    try:
        previous = read_regular(bak)
    except FileNotFoundError:
        previous = None
    except OSError as exc:
        return FileError("storage.backup_unusable", exc, bak=str(bak))
    if previous is not None:
        kept = _held(previous)
        if kept[0] > held[0] or kept[1] > held[1]:
            return ReviewError(
                "storage.backup_kept", bak=str(bak), path=str(store), bak_meetings=kept[0],
                bak_requests=kept[1], meetings=held[0], requests=held[1],
            )
    atomic_write_bytes(bak, read_compacted(store))
    return None


def _held(raw: bytes) -> tuple[int, int]:
    """(meetings, requests) in a backup's bytes; (0, 0) for one that does not even parse."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return (0, 0)
    if not isinstance(data, dict):
        return (0, 0)
    tables = {name: docs for name, docs in data.items() if isinstance(docs, dict)}
    return counts(tables)


@dataclass(frozen=True)
class Restored:
    """What ``restore`` did: the store put back from the backup, and where the old one went."""

    store: Path
    bak: Path
    damaged: Path | None


def restore(folder: Path, store_name: str, *, force: bool = False) -> Restored:
    """Put the backup back in place of a damaged (or, with ``force``, any) store.

    Holds the writer lock throughout, so it never runs under a live meeting. The backup must be
    a sound reviewroom store. Whatever was at the store's name — a damaged file, a folder, a
    FIFO, a symlink — is moved aside (renamed, never read or followed) to the first free
    ``.damaged`` name, its journal likewise to ``reviewroom.json.journal.damaged`` (it belongs
    to the store replaced), and the backup's bytes take its place atomically.

    Raises:
        LockHeldError: someone has the project open for writing.
        ReviewError: the store is sound (without ``force``), there is no sound backup, or
            ``reviewroom.json.damaged`` is a symlink.
        FileError: the folder cannot be written.
    """
    store = folder / store_name
    bak = backup_path(store)
    lock = ProjectLock(folder)
    lock.acquire()
    try:
        remove_leftover_temps(store)
        if not force and is_sound(store):  # --force is offered only if it could work
            key = "cli.restore.not_damaged" if has_backup(str(bak)) else "cli.restore.no_bak"
            raise ReviewError(key, path=str(store), bak=str(bak))
        payload = _sound_backup(store, bak)
        keep = store.with_name(store.name + DAMAGED_SUFFIX)
        if os.path.islink(keep):
            raise ReviewError("restore.damaged_symlink", damaged=str(keep))
        try:
            damaged = _put_back(store, payload, keep)
        except OSError as exc:
            raise FileError("storage.unwritable", exc, path=str(store)) from None
    finally:
        lock.release()
    return Restored(store, bak, damaged)


def is_sound(store: Path) -> bool:
    """True when the store is a regular file (not a link) holding a valid reviewroom store,
    and its journal (if any) is sound and replays into one."""
    try:
        validate(load_store(store), store)
    except (DamagedFileError, OSError):
        return False
    return True


def _sound_backup(store: Path, bak: Path) -> bytes:
    """The backup's bytes, once they are known to be a sound store (never read through a link).

    Raises:
        DamagedFileError: there is no backup, or it is not a sound reviewroom store.
    """
    try:
        payload = read_regular(bak)
        validate(parse_bytes(payload, bak), bak)
    except FileNotFoundError:
        raise DamagedFileError("storage.no_backup", path=str(store), bak=str(bak)) from None
    except (DamagedFileError, OSError):
        raise DamagedFileError("storage.bad_backup", path=str(store), bak=str(bak)) from None
    return payload


def _put_back(store: Path, payload: bytes, keep: Path) -> Path | None:
    """Write the backup durably beside the store, move the old entry aside, rename into place.

    Between the two renames the store is missing for an instant; a crash there leaves a project
    that is refused with the restore hint, and restoring again finishes the job.
    """
    tmp = write_temp(store, payload)
    journal = journal_path(store)
    try:
        damaged = None
        if lstat_or_none(store) is not None:
            damaged = free_name(keep)
            os.rename(store, damaged)
        if lstat_or_none(journal) is not None:
            os.rename(journal, free_name(journal.with_name(journal.name + DAMAGED_SUFFIX)))
        os.replace(tmp, store)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_directory(store.parent)
    return damaged
