"""Presenter mode's side file: where the writer's cursor is, for watchers to follow.

The writer publishes its highlighted request and the list's scroll position to
``reviewroom.cursor`` beside the store, every time they change. It is not the store: it is
never fsynced (a cursor lost in a crash costs nothing), never backed up, and never read as
part of the project; writing it costs the writer a temp file and one ``os.replace`` (well under
a millisecond), and never touches ``reviewroom.json``. Readers take what they find and ignore
anything unexpected: a missing, garbled, oversized, symlinked or hostile file reads as None.

Only IDs and numbers are published (``M-3``, ``CR-12``, a scroll row, a sequence number), each
checked on reading against a strict pattern, so no client text can travel through this file.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

import orjson

CURSOR_NAME = "reviewroom.cursor"
# A fixed temp name: only the lock holder publishes, and a leftover is simply reused.
CURSOR_TEMP = f".{CURSOR_NAME}.tmp"
MAX_BYTES = 512  # a published cursor is about 90 bytes; anything larger is not ours
MAX_NUMBER = 10**9  # scroll rows and sequence numbers beyond this are not ours either
MEETING_ID = re.compile(r"M-[0-9]{1,9}", re.ASCII)
REQUEST_ID = re.compile(r"CR-[0-9]{1,18}", re.ASCII)
FIELDS = frozenset({"meeting", "request", "top", "scroll", "seq"})


class Cursor(NamedTuple):
    """Where the writer is: its meeting, the highlighted request, the list's scroll.

    ``top`` is the request in the list's first visible row (None when the list is empty), so a
    watcher whose list holds other rows still shows the same stretch; ``scroll`` is the row
    number, for when it does not have that request. ``seq`` grows with every move, so a move
    back to where the writer was before is still a change.

    A NamedTuple (cheaper to create at import than a frozen dataclass): cursors are compared
    only with cursors or None (a watcher's "did it move"), which tuple equality does as before.
    """

    meeting: str | None
    request: str | None
    top: str | None = None
    scroll: int = 0
    seq: int = 0

    def to_bytes(self) -> bytes:
        """The side file's content: one JSON object of IDs and numbers."""
        return orjson.dumps({"meeting": self.meeting, "request": self.request,
                             "top": self.top, "scroll": self.scroll, "seq": self.seq})

    def same_place(self, other: Cursor | None) -> bool:
        """Whether ``other`` points at the same place (whatever its sequence number)."""
        return other is not None and (self.meeting, self.request, self.top, self.scroll) == (
            other.meeting, other.request, other.top, other.scroll)


def cursor_path(folder: Path) -> Path:
    """The side file of the project in ``folder``."""
    return folder / CURSOR_NAME


def write_cursor(folder: Path, cursor: Cursor) -> bool:
    """Replace the side file atomically (temp file + ``os.replace``, no fsync).

    Only a regular file (or nothing) is replaced and the temp file is opened without following
    a symlink, like every other write in the folder. A failure is not the meeting's problem:
    it returns False and the cursor is simply not published this time.
    """
    path = cursor_path(folder)
    tmp = folder / CURSOR_TEMP
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    else:
        if not stat.S_ISREG(st.st_mode):
            return False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
                     | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        os.write(fd, cursor.to_bytes())
    except OSError:
        return False
    finally:
        os.close(fd)
    try:
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def read_cursor(folder: Path) -> Cursor | None:
    """The writer's cursor, or None when there is none or it is not one we wrote.

    Opened without following a symlink and without blocking on a FIFO; a file that is not
    regular or larger than :data:`MAX_BYTES` is not read.
    """
    try:
        fd = os.open(cursor_path(folder),
                     os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            return None
        raw = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return parse_cursor(raw)


def parse_cursor(raw: bytes) -> Cursor | None:
    """A cursor from the side file's bytes, checked field by field; None for anything else."""
    if len(raw) > MAX_BYTES:
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or set(data) != FIELDS:
        return None
    meeting, request, top = data["meeting"], data["request"], data["top"]
    scroll, seq = data["scroll"], data["seq"]
    if not (_id_or_none(meeting, MEETING_ID) and _id_or_none(request, REQUEST_ID)
            and _id_or_none(top, REQUEST_ID) and _number(scroll) and _number(seq)):
        return None
    return Cursor(meeting=meeting, request=request, top=top, scroll=scroll, seq=seq)


def _id_or_none(value: object, pattern: re.Pattern[str]) -> bool:
    """Whether ``value`` is None or exactly one of our IDs."""
    return value is None or (isinstance(value, str) and pattern.fullmatch(value) is not None)


def _number(value: object) -> bool:
    """Whether ``value`` is a plain non-negative int of a sane size (not a bool, not a float)."""
    return type(value) is int and 0 <= value <= MAX_NUMBER
