"""A dropped SSH connection (SIGHUP) or SIGTERM ends the app the way ``q`` does.

Textual's Linux driver handles SIGTSTP, SIGCONT and SIGWINCH but not SIGHUP or SIGTERM, whose
default action kills the process on the spot: the terminal stays in application mode (mouse
tracking, alternate screen) and nothing unwinds. Every commit is already durable and the OS frees
the lock of a dead process, so no data is at stake, but a clean exit restores the terminal where it
still exists and lets ``with project:`` release the lock itself.

The handler only schedules ``app.exit()`` on the app's event loop. Should the exit hang (writing
to a hung-up terminal can block once Textual's writer thread has died), ``SIGALRM`` ends the
process after :data:`GRACE_SECONDS`: the kernel does that without any Python code running.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, NoReturn

from textual.app import App

EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
GRACE_SECONDS = 5


@dataclass
class Ending:
    """Which signal ended the app, if one did."""

    signum: int | None = None

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number (0: none)."""
        return 128 + self.signum if self.signum else 0

    def leave(self) -> NoReturn:
        """Exit with :attr:`exit_code`.

        After a hang-up the terminal is gone: stdout and stderr are pointed at ``/dev/null``
        first, so Python's last flush cannot fail with EIO (which would print a complaint
        nobody sees and turn the exit status into 120).
        """
        if self.signum == signal.SIGHUP:
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                for stream in (sys.stdout, sys.stderr):
                    os.dup2(devnull, stream.fileno())
                os.close(devnull)
        sys.exit(self.exit_code)


@contextmanager
def exit_on_signals(app: App[Any], grace: int = GRACE_SECONDS) -> Iterator[Ending]:
    """Within the block SIGHUP and SIGTERM make ``app`` exit cleanly; old handlers return after.

    Install it around ``app.run()``. Outside the main thread (where Python cannot set handlers) it
    does nothing.

    Args:
        app: the app to end.
        grace: seconds the clean exit may take before SIGALRM ends the process.

    Yields:
        An :class:`Ending` that names the signal once one arrived.
    """
    ending = Ending()
    if threading.current_thread() is not threading.main_thread():
        yield ending
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if ending.signum is not None:
            return  # already on the way out; SIGALRM is the backstop
        ending.signum = signum
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Before the app's loop started or after it stopped: unwind, closing the project.
            raise SystemExit(ending.exit_code) from None
        signal.alarm(grace)
        loop.call_soon_threadsafe(app.exit, None, ending.exit_code)

    watched = (*EXIT_SIGNALS, signal.SIGALRM)
    previous = {sig: signal.getsignal(sig) for sig in watched}
    for sig in EXIT_SIGNALS:
        signal.signal(sig, handle)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    try:
        yield ending
    finally:
        signal.alarm(0)
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
