"""Starting the real ``reviewroom`` in tmux for the fault tests, and reading how its pane ended."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.tmux import TmuxPane

TERM_ENV = {"TERM": "xterm-256color", "COLORTERM": ""}


def reviewroom() -> str:
    """The installed console script next to the running interpreter."""
    script = Path(sys.executable).with_name("reviewroom")
    found = script if script.exists() else shutil.which("reviewroom")
    assert found, "reviewroom is not installed; run pip install -e '.[test]'"
    return str(found)


# Runs the command as a child and writes how it ended ("exit N" or "signal N") to a file: tmux's
# own #{pane_dead_status} is not always filled in when the terminal closes before the reaping.
# Like a shell, it passes a hang-up or SIGTERM on to the program and outlives it, so it can tell
# how the program ended. (On a hang-up the kernel signals only the session leader, which this
# recorder is under ssh; the program starts with the default handlers, as exec resets them.)
RECORD_ENDING = """
import pathlib, signal, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
for sig in (signal.SIGHUP, signal.SIGTERM):
    signal.signal(sig, lambda number, _: child.send_signal(number))
code = child.wait()
ending = f"signal {-code}" if code < 0 else f"exit {code}"
pathlib.Path(sys.argv[1]).write_text(ending)
"""


def start(home: Path, *args: str, ending: Path | None = None, term: str = "xterm-256color",
          width: int = 100, height: int = 30) -> TmuxPane:
    """Run ``reviewroom --home HOME ARGS…`` in a fresh tmux pane.

    Args:
        ending: record there how the program ended (see :func:`wait_ending`); the pane then
            stays open after it, so the terminal modes it left behind can be read with
            :func:`pane_format`, and :func:`program_pid` finds the program under the recorder.
    """
    command = [reviewroom(), "--home", str(home), *args]
    if ending is not None:
        ending.unlink(missing_ok=True)
        command = [sys.executable, "-c", RECORD_ENDING, str(ending), *command]
    pane = TmuxPane(command, width=width, height=height, env={**TERM_ENV, "TERM": term})
    if ending is not None:
        tmux(pane, "set-option", "-t", pane.name, "remain-on-exit", "on")
    return pane


def tmux(pane: TmuxPane, *args: str) -> str:
    """A tmux command on the pane's private server; empty output when the server is gone."""
    result = subprocess.run(["tmux", "-L", pane.socket, *args], capture_output=True, text=True)
    return result.stdout


def pane_format(pane: TmuxPane, fmt: str) -> str:
    """A tmux format (``#{alternate_on}``, ``#{mouse_any_flag}`` …) evaluated for the pane."""
    return tmux(pane, "display-message", "-p", "-t", pane.name, fmt).strip()


def program_pid(pane: TmuxPane, timeout: float = 5.0) -> int:
    """The pid of ``reviewroom`` under the recorder of a pane started with ``ending``."""
    recorder = pane.pid()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = children_of(recorder)
        if children:
            return children[0]
        time.sleep(0.005)
    raise AssertionError("the program never started under the recorder")


def children_of(pid: int) -> list[int]:
    """The child processes of ``pid``, from /proc (no procps needed)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:  # state, then the parent's pid
            children.append(int(stat.parent.name))
    return sorted(children)


def wait_ending(ending: Path, timeout: float = 10.0) -> str:
    """Wait until the program has ended; ``exit N`` or ``signal N``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ending.exists() and (text := ending.read_text()):
            return text
        time.sleep(0.02)
    raise AssertionError(f"the program did not end within {timeout}s")
