"""Client wording with square brackets and escape sequences, in the real app in tmux.

``Move the page [/about] to the menu`` once crashed the meeting screen and every watcher (Rich
markup); an OSC 0 in a request retitled the terminal, and the exit message after *End meeting*
left the terminal inside an open OSC. Here the writer (``open``) and a watcher (``watch``) show
such text as typed, keep running, and leave the terminal's title alone.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from tests.e2e.launch import pane_format, start, tmux, wait_ending
from tests.e2e.tmux import tmux_available
from tests.support import PROTOTYPE_REVIEW, fixed_clock, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

ABOUT = "Move the page [/about] to the menu"
RED = "Replace [red] with [blue] in the logo"
RETITLE = "\x1b]0;pwned\x07Retitle the window"
CLEAR = "\x1b[2J\x1b[HClear the screen"
TITLE = "Review \x1b]0;pwned\x07 [/] end"


def test_bracketed_and_escaped_text_shows_as_typed_in_open_and_watch(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    with Project.open(folder, clock=fixed_clock()) as project:
        project.add_request(ABOUT, by="Dana [client]")
        project.add_request(RED)
        project.add_request(RETITLE)
        project.add_request(CLEAR)
    # Wide enough for whole requests in the list's Request column.
    writer = start(tmp_path, "open", "acme", ending=tmp_path / "writer.end", width=150)
    watcher = start(tmp_path, "watch", "acme", ending=tmp_path / "watcher.end", width=150)
    try:
        shown = [ABOUT, RED, "Dana [client]", "^[]0;pwned^GRetitle the window",
                 "^[[2J^[[HClear the screen", "Prototype review"]
        for pane in (writer, watcher):
            for text in shown:  # the first frame may still be drawing: wait for each
                pane.wait_for(text)
        time.sleep(1.0)  # a watcher's refresh and a clock tick later, nothing was cleared
        for pane in (writer, watcher):
            screen = pane.screen()
            assert all(text in screen for text in shown), screen
        writer.capture_request("Add [TBD] to slide [3]", "[brand] consistency",
                               saved="CR-5 saved")
        watcher.wait_for("Add [TBD] to slide [3]")
        time.sleep(0.5)
        for pane in (writer, watcher):
            assert pane_format(pane, "#{pane_dead}") == "0"  # still running
            assert "pwned" not in pane_format(pane, "#{pane_title}")
    finally:
        writer.close()
        watcher.close()


def test_the_exit_message_after_end_meeting_is_sanitised(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    make_project(tmp_path)
    with Project.open(folder, clock=fixed_clock()) as project:
        project.start_meeting(TITLE)
    ending = tmp_path / "writer.end"
    writer = start(tmp_path, "open", "acme", ending=ending)
    try:
        writer.wait_for("Review ^[]0;pwned^G [/] end")
        writer.send("C-p")
        writer.wait_for("Search")
        writer.type("End meeting")
        time.sleep(0.5)
        writer.send("Enter")
        writer.wait_for("End the meeting?")
        writer.send("y")
        assert wait_ending(ending) == "exit 0"
        # The whole pane with its history, wrapped lines joined: the long message (it names the
        # project's folder) may have scrolled its first line out of the visible pane.
        printed = tmux(writer, "capture-pane", "-p", "-J", "-S", "-", "-t", writer.name)
        assert "Meeting M-1 (Review ^[]0;pwned^G [/] end) ended." in " ".join(printed.split())
        assert "pwned" not in pane_format(writer, "#{pane_title}")
    finally:
        writer.close()
