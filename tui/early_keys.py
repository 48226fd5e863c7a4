"""Keys typed while the app starts reach it unmangled: the terminal held in the app's mode.

A facilitator may type ``n``, the request and ``enter`` right after ``reviewroom open …``. Until
Textual's driver puts the terminal into raw mode (over half a second of imports and loading
later) the tty is in cooked mode: ``ctrl+s`` is taken as XOFF and never arrives, ``enter``
arrives as ``ctrl+j``, and the typed text is echoed onto the screen and held back line by line.
So before anything heavy is imported, a command that starts the app (``open``, ``watch``,
``demo``, ``reviewroom PROJECT``) puts a terminal stdin into the mode the driver will use, and
the early keys wait in the input buffer, as typed, for the driver to read them.

The driver saves the attributes it finds and "restores" them at exit, which would leave our mode
behind: the original attributes are saved here and put back when the command ends, whatever
ends it (a normal exit, a refusal — restored *before* its ``Error:`` line is printed —, a crash,
SIGTERM or SIGHUP before the app's own handlers are up). Keys typed for an app that never read
them are discarded then, as Textual discards its own at exit, so the shell never runs them.

This module imports only the standard library: :mod:`reviewroom.tui.launcher` (the console
script) uses it before ``click`` and the store are imported, and the CLI to give the terminal back.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import termios
import tty
from collections.abc import Sequence
from types import FrameType
from typing import Any

# Keep in step with tui/cli (a test checks): the commands that start the app on this terminal,
# and the others. A first word that is neither is a project (``reviewroom PROJECT`` opens it).
APP_COMMANDS = frozenset({"open", "watch", "demo"})
OTHER_COMMANDS = frozenset({"new", "list", "check", "serve", "meeting", "request", "import",
                            "criteria", "export", "report", "restore"})
ROOT_OPTIONS = ("--home", "--lang")  # the options that may come before the command
NO_APP_FLAGS = frozenset({"-h", "--help", "--version"})
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
INTERRUPTED = 128 + signal.SIGINT
STDIN = 0  # the descriptor itself: sys.stdin may be None or replaced

_saved: tuple[int, list[Any]] | None = None  # stdin's fd and attributes, while ours are set


def starts_app(args: Sequence[str]) -> bool:
    """Whether ``reviewroom ARGS…`` starts the app on this terminal (a guess click confirms).

    A wrong "no" only loses the early keys, so anything unusual (help, an unknown option) is no.
    """
    if any(arg in NO_APP_FLAGS for arg in args):
        return False
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word in ROOT_OPTIONS:
            rest = rest[1:]  # its value
        elif word.startswith(tuple(f"{name}=" for name in ROOT_OPTIONS)):
            continue
        elif word.startswith("-"):
            return False
        else:
            return word in APP_COMMANDS or word not in OTHER_COMMANDS
    return False


def app_mode(attrs: list[Any]) -> list[Any]:
    """``attrs`` changed as Textual's Linux driver changes them (no echo, no line editing, no
    XON/XOFF, no CR/NL translation, one byte at a time), except that ``ctrl+c`` still interrupts
    until the app is up: nothing is on the screen yet that could take it."""
    mode = list(attrs)
    mode[tty.IFLAG] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR
                         | termios.IGNCR)
    mode[tty.LFLAG] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)
    mode[tty.CC] = list(mode[tty.CC])
    mode[tty.CC][termios.VMIN], mode[tty.CC][termios.VTIME] = 1, 0
    return mode


def hold_keys(fd: int) -> bool:
    """Put the terminal ``fd`` into the app's mode, saving its attributes; False when it is no
    terminal (a pipe, a file): then nothing is changed."""
    global _saved
    if _saved is not None or not os.isatty(fd):
        return False
    try:
        attrs = termios.tcgetattr(fd)
        termios.tcsetattr(fd, termios.TCSANOW, app_mode(attrs))
    except (termios.error, OSError):
        return False
    _saved = (fd, attrs)
    return True


def restore_terminal() -> None:
    """Put back the attributes :func:`hold_keys` saved, dropping keys nobody read; idempotent.

    Called before anything is printed once the app is over (or never started), and again when
    the command ends. A terminal that has gone (a hang-up) is left alone.
    """
    global _saved
    if _saved is None:
        return
    fd, attrs = _saved
    _saved = None
    with contextlib.suppress(termios.error, OSError):
        termios.tcflush(fd, termios.TCIFLUSH)
    with contextlib.suppress(termios.error, OSError):
        termios.tcsetattr(fd, termios.TCSANOW, attrs)


def exit_on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGHUP before the app handles them: unwind (restoring the terminal).

    After a hang-up the terminal is gone: output goes to ``/dev/null``, so the last flush cannot
    fail (as :meth:`reviewroom.tui.shutdown.Ending.leave` does once the app is up).
    """
    if signum == signal.SIGHUP:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            for stream in (sys.stdout, sys.stderr):
                os.dup2(devnull, stream.fileno())
            os.close(devnull)
    raise SystemExit(128 + signum)
