"""An unexpected error is never exit 0 and never a traceback on the facilitator's screen.

The full report goes to a private file in the per-user log folder (``platformdirs``'
``user_log_path``: ``~/.local/state/reviewroom/log`` on Linux), never into a project folder,
which watchers only read and the lock holder alone may write. The terminal gets one ``Error:``
line that says where the report is, and the process exits with :data:`CRASH_EXIT` (70,
``EX_SOFTWARE`` in sysexits.h: an internal error), so no script mistakes a crash for success.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from platformdirs import user_log_path

from reviewroom.store.i18n import t
from reviewroom.store.text import clean_line, clean_text

CRASH_EXIT = 70


def log_folder() -> Path:
    """The per-user folder crash reports go to (created 0700 when missing)."""
    folder = user_log_path("reviewroom", appauthor=False)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def write_report(text: str) -> Path:
    """Write a crash report readable by its owner only (0600) and return its path.

    Raises:
        OSError: the folder or the file could not be written.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_folder() / f"crash-{stamp}-{os.getpid()}.log"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(text)
    return path


def report(details: str, lang: str = "en") -> str:
    """Save ``details`` and return the one ``Error:`` line the terminal gets.

    When the report cannot be written the line says so and the details follow it, since losing
    them would be worse than a long message.
    """
    try:
        path = write_report(details)
    except OSError as error:
        reason = clean_line(f"{error.strerror or error}")
        return t(lang, "crash.unwritten", reason=reason) + "\n" + clean_text(details)
    return t(lang, "crash.reported", path=clean_line(path))


def report_exception(error: BaseException, lang: str = "en") -> str:
    """:func:`report` for an exception caught outside the app (the CLI around it)."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return report(details, lang)
