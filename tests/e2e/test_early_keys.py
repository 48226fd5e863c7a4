"""End-to-end: keys typed right after ``reviewroom open`` reach the app, and the terminal's modes
are given back as they were however the command ends.

Until Textual's driver takes the terminal (half a second or more after launch) the tty is in
cooked mode, which eats ``ctrl+s`` (XOFF), turns ``enter`` into ``ctrl+j`` and echoes the text.
To type in that window deterministically, the program is held at a gate just before it imports
Textual's app (a ``sitecustomize`` on ``PYTHONPATH`` waits there for a file): the test sends
the keys while it waits, then opens the gate, and checks what the store holds.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from tests.e2e.launch import TERM_ENV, children_of, reviewroom
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

# Imported by Python at start-up (from PYTHONPATH): waits at the first import of textual.app,
# after saying so, until the test opens the gate.
GATE = '''
import os, sys, time
FOLDER = os.environ.get("RR_GATE")

class Gate:
    def find_spec(self, name, path=None, target=None):
        if name == "textual.app":
            sys.meta_path.remove(self)
            open(os.path.join(FOLDER, "reached"), "w").close()
            while not os.path.exists(os.path.join(FOLDER, "open")):
                time.sleep(0.02)
        return None

if FOLDER:
    sys.meta_path.insert(0, Gate())
'''


class Gated:
    """A program that waits before importing Textual until :meth:`open` is called."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()
        (folder / "sitecustomize.py").write_text(GATE)
        self.env = {**TERM_ENV, "PYTHONPATH": str(folder), "RR_GATE": str(folder)}

    def wait_reached(self, pane: TmuxPane, timeout: float = 30.0) -> None:
        """Wait until the program is at the gate (past the CLI, before the app)."""
        wait_until(lambda: (self.folder / "reached").exists(), pane, timeout)

    def open(self) -> None:
        """Let the program go on to start the app."""
        (self.folder / "open").touch()


def wait_until(check: Callable[[], bool], pane: TmuxPane, timeout: float = 30.0) -> None:
    """Poll until ``check`` holds; fail with the screen when it never does."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, pane.screen()
        time.sleep(0.1)


def requests_in(folder: Path) -> list[str]:
    """The requests on disk, as a fresh reader sees them."""
    with Project.open(folder, readonly=True) as project:
        return [request.request for request in project.requests()]


@pytest.mark.parametrize("save", ["C-s", "Enter"])
def test_keys_typed_before_the_app_is_up_are_saved(tmp_path: Path, save: str) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    gate = Gated(tmp_path / "gate")
    pane = TmuxPane([reviewroom(), "--home", str(tmp_path), "open", "acme"], env=gate.env)
    try:
        gate.wait_reached(pane)
        pane._tmux("send-keys", "-t", pane.name, "n", "Make the logo bigger", save)
        gate.open()
        wait_until(lambda: requests_in(folder) == ["Make the logo bigger"], pane)
        screen = pane.wait_for("CR-1")
        pane.send("q")
        wait_until(lambda: not pane.alive(), pane)
    finally:
        pane.close()
    assert requests_in(folder) == ["Make the logo bigger"], screen


def run_in_shell(tmp_path: Path, line: str, env: dict[str, str]) -> tuple[TmuxPane, Path]:
    """``line`` between two ``stty -g`` in a shell in a pane; the second is written to
    ``after`` once the command has ended."""
    script = f"stty -g > before; {line}; echo $? > status; stty -g > after; sleep 60"
    pane = TmuxPane(["sh", "-c", f"cd {tmp_path} && {script}"], env=env)
    return pane, tmp_path / "after"


def modes_kept(tmp_path: Path) -> bool:
    """The terminal's attributes after the command equal those before it."""
    return (tmp_path / "before").read_text() == (tmp_path / "after").read_text()


def test_the_terminal_is_given_back_after_the_app(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane, after = run_in_shell(tmp_path, f"{reviewroom()} --home . open acme", TERM_ENV)
    try:
        pane.wait_for("Prototype review")
        pane.send("q")
        wait_until(after.exists, pane)
    finally:
        pane.close()
    assert (tmp_path / "status").read_text().strip() == "0"
    assert modes_kept(tmp_path)


def test_a_refusal_prints_its_line_on_a_terminal_given_back(tmp_path: Path) -> None:
    pane, after = run_in_shell(tmp_path, f"{reviewroom()} --home . open nowhere", TERM_ENV)
    try:
        wait_until(after.exists, pane)
        screen = pane.screen()
    finally:
        pane.close()
    assert (tmp_path / "status").read_text().strip() == "1"
    assert modes_kept(tmp_path)
    errors = [line for line in screen.splitlines() if "Error:" in line]
    assert len(errors) == 1 and errors[0].startswith("Error: "), screen


def test_sigterm_before_the_app_is_up_gives_the_terminal_back(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    gate = Gated(tmp_path / "gate")
    pane, after = run_in_shell(tmp_path, f"{reviewroom()} --home . open acme", gate.env)
    try:
        gate.wait_reached(pane)
        (program,) = children_of(pane.pid())  # the shell's one child at the gate
        os.kill(program, signal.SIGTERM)
        wait_until(after.exists, pane)
    finally:
        pane.close()
    assert (tmp_path / "status").read_text().strip() == str(128 + signal.SIGTERM)
    assert modes_kept(tmp_path)
