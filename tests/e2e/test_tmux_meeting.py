"""End-to-end: the real ``reviewroom open`` in tmux, typed into, killed, and opened again."""

from __future__ import annotations

import shutil
import signal
import sys
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]


def reviewroom() -> str:
    """The installed console script next to the running interpreter."""
    script = Path(sys.executable).with_name("reviewroom")
    found = script if script.exists() else shutil.which("reviewroom")
    assert found, "reviewroom is not installed; run pip install -e '.[test]'"
    return str(found)


def start(home: Path, *args: str, term: str = "xterm-256color") -> TmuxPane:
    """Open the meeting app on project ``acme`` under ``home`` in a fresh tmux pane."""
    return TmuxPane([reviewroom(), "--home", str(home), *args], width=100, height=30,
                    env={"TERM": term, "COLORTERM": ""})


def test_request_survives_a_killed_app(tmp_path: Path) -> None:
    """The plain story: capture, SIGKILL, open again. Every signal at every moment: test_kills."""
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme")
    try:
        pane.wait_for("Prototype review")
        pane.capture_request("Make the logo bigger", "Staff recognise the brand")
        pane.kill_program(signal.SIGKILL)
    finally:
        pane.close()
    with Project.open(folder) as project:  # the lock is free again
        stored = project.request("CR-1")
        assert (stored.request, stored.intent) == ("Make the logo bigger",
                                                   "Staff recognise the brand")
    again = start(tmp_path, "open", "acme")
    try:
        screen = again.wait_for("CR-1")
        assert "Make the logo bigger" in screen
    finally:
        again.close()


def test_second_writer_is_refused_while_the_app_runs(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme")
    try:
        pane.wait_for("Prototype review")
        second = start(tmp_path, "request", "add", "acme", "Another change")
        # The CLI prints its one-line refusal and exits; tmux closes the pane with it.
        import subprocess

        result = subprocess.run([reviewroom(), "--home", str(tmp_path), "request", "add", "acme",
                                 "Another change"], capture_output=True, text=True)
        second.close()
        assert result.returncode == 1
        assert "open for writing by" in result.stderr and "Traceback" not in result.stderr
    finally:
        pane.close()


def test_readable_with_16_colours(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme", term="xterm")
    try:
        screen = pane.wait_for("Prototype review")
        assert "Criteria" in screen and "Problem" in screen
    finally:
        pane.close()
