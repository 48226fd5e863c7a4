"""One writer per project: an exclusive ``fcntl`` lock that names its holder.

The OS releases the lock when the holder dies (even on SIGKILL), so a crashed meeting never
leaves the project locked; the holder's details are only there to make the refusal useful.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import json
import os
import socket
from pathlib import Path
from typing import Any

from store.errors import LockHeldError

LOCK_NAME = "reviewroom.lock"


class ProjectLock:
    """The exclusive writer lock of one project folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock without waiting, then record who holds it.

        Raises:
            LockHeldError: another process holds it; the message names user, host, pid, since.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise self._held_error() from None
        self._fd = fd
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder_info()).encode("utf-8"), 0)

    def release(self) -> None:
        """Let go of the lock; the file stays so that waiting writers never race on its inode."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def _held_error(self) -> LockHeldError:
        """The refusal a second writer sees."""
        info = read_holder(self.path)
        return LockHeldError(
            "lock.held",
            project=str(self.path.parent),
            user=info.get("user", "?"),
            host=info.get("host", "?"),
            pid=info.get("pid", "?"),
            since=info.get("since", "?"),
        )


def holder_info() -> dict[str, Any]:
    """Who we are, for the lock file."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return {"user": user, "host": socket.gethostname(), "pid": os.getpid(), "since": since}


def read_holder(path: Path) -> dict[str, Any]:
    """The holder recorded in a lock file, or an empty dict when it cannot be read."""
    try:
        data = json.loads(path.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
