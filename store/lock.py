"""One writer per project: an exclusive ``fcntl`` lock that names its holder.

The OS releases the lock when the holder dies (even on SIGKILL), so a crashed meeting never
leaves the project locked; the holder's details are only there to make the refusal useful.

The ``flock`` is always taken on the one stable file ``reviewroom.lock``, which is never renamed
or truncated: replacing it would let two writers lock different inodes. Who holds it is written
to a separate file, ``reviewroom.lock.holder``, atomically (temp file and rename) once the lock is
taken, and removed before it is released, so a refused writer never reads it half-written. In
the instants around that (taken but not yet named, or named by a holder that died), the refused
writer looks again for a moment rather than printing question marks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import getpass
import json
import os
import socket
import stat
import time
from pathlib import Path
from typing import Any

from reviewroom.store.errors import LockHeldError
from reviewroom.store.files import (
    FileError,
    NotRegularFileError,
    atomic_write_bytes,
    kind_of,
    lstat_or_none,
    read_regular,
    remove_leftover_temps,
)

LOCK_NAME = "reviewroom.lock"
HOLDER_SUFFIX = ".holder"
# How long a refused writer waits for the holder to name itself before giving up on the name.
NAME_WAIT = 2.0
NAME_POLL = 0.01


class ProjectLock:
    """The exclusive writer lock of one project folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def holder_path(self) -> Path:
        """Where the holder's name, host, pid and start time are kept while it holds the lock."""
        return holder_path(self.path)

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock without waiting, then record who holds it.

        Raises:
            LockHeldError: another process holds it; the message names user, host, pid, since.
            FileError: the lock file is a symlink, folder or FIFO, or it cannot be created or
                the holder file written (permissions, read-only folder, disk full).
        """
        give_up = time.monotonic() + NAME_WAIT
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                os.close(fd)
            info = read_holder(self.path)
            if _names_a_live_holder(info) or time.monotonic() > give_up:
                raise self._held_error(info)
            time.sleep(NAME_POLL)
        self._fd = fd
        try:
            remove_leftover_temps(self.holder_path)
            # Atomic (a refused writer never reads half of it) but not fsynced: it names a
            # process, and the lock itself does not outlive a crash (two fsyncs less to open).
            atomic_write_bytes(self.holder_path, json.dumps(holder_info()).encode("utf-8"),
                               durable=False)
        except OSError as exc:
            self.release()
            raise FileError("lock.unusable", exc, path=str(self.path)) from None

    def release(self) -> None:
        """Remove the holder file, then let go of the lock (the lock file itself stays)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # Gone already, or a folder made read-only meanwhile: either way the next holder
            # overwrites it, and a refused writer checks that the pid it names still runs.
            with contextlib.suppress(OSError):
                os.unlink(self.holder_path)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _open(self) -> int:
        """Open (or create) the lock file itself: never through a symlink, never a non-file.

        Raises:
            FileError: it is a symlink, folder, FIFO …, or cannot be opened or created.
        """
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            st = lstat_or_none(self.path) if exc.errno in (errno.ELOOP, errno.EISDIR) else None
            if st is not None and not stat.S_ISREG(st.st_mode):
                raise self._not_regular(st.st_mode) from None
            raise FileError("lock.unusable", exc, path=str(self.path)) from None
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            raise self._not_regular(mode)
        return fd

    def _not_regular(self, mode: int) -> FileError:
        """The refusal for a lock file that is a symlink, folder, FIFO …"""
        kind = NotRegularFileError(self.path, kind_of(mode))
        return FileError("lock.not_regular", kind, path=str(self.path))

    def _held_error(self, info: dict[str, Any]) -> LockHeldError:
        """The refusal a second writer sees."""
        return LockHeldError(
            "lock.held",
            project=str(self.path.parent),
            user=info.get("user", "?"),
            host=info.get("host", "?"),
            pid=info.get("pid", "?"),
            since=info.get("since", "?"),
        )


def holder_path(lock: Path) -> Path:
    """The holder file beside a lock file."""
    return lock.with_name(lock.name + HOLDER_SUFFIX)


def holder_info() -> dict[str, Any]:
    """Who we are, for the holder file."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(), "since": since}


def read_holder(lock: Path) -> dict[str, Any]:
    """The holder recorded for the lock file ``lock``, or an empty dict when none is."""
    try:
        data = json.loads(read_regular(holder_path(lock)).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _names_a_live_holder(info: dict[str, Any]) -> bool:
    """Whether the holder file names a process that may hold the lock now.

    A holder killed with SIGKILL leaves its file behind; on this host its pid no longer runs,
    and the new holder is about to overwrite the file. On another host we cannot tell.
    """
    if not {"user", "host", "pid", "since"} <= info.keys():
        return False
    pid = info["pid"]
    if info["host"] != socket.gethostname() or type(pid) is not int:
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True
