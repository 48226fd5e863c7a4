"""End-to-end: the meeting's fast paths in the real program, their keys counted (issue 12).

Typed text (the request, names, criterion IDs) is not counted; every other key is. What was
typed is checked where it matters: in the store, after the program is gone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewroom.store.model import Decision, Verdict
from reviewroom.store.project import Project
from tests.e2e import fast_paths
from tests.e2e.test_tmux_meeting import reviewroom
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]


def open_at_80x24(home: Path) -> TmuxPane:
    """The app on ``acme`` in the smallest terminal it supports."""
    pane = TmuxPane([reviewroom(), "--home", str(home), "open", "acme"], width=80, height=24,
                    env={"TERM": "xterm-256color", "COLORTERM": ""})
    pane.wait_for("Prototype review")
    return pane


def wait_until(check: Callable[[], bool], pane: TmuxPane, timeout: float = 15.0) -> None:
    """Poll until ``check`` holds; fail with the screen when it never does."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, pane.screen()
        time.sleep(0.1)


def test_capture_judge_and_decide_take_the_promised_keys(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = open_at_80x24(tmp_path)
    try:
        bare = fast_paths.run(pane, fast_paths.BARE_CAPTURE,
                              done=lambda: pane.wait_for("CR-1 saved"))
        full = fast_paths.run(pane, fast_paths.FULL_REQUEST,
                              done=lambda: pane.wait_for("CR-2 saved"))
        pane.send("Up")  # back to CR-1, to judge it: give it an intent and a criterion first
        fast_paths.run(pane, [*fast_paths.keys("i"), *fast_paths.text("Recognition"),
                              *fast_paths.keys("Tab"), *fast_paths.text("a1"),
                              *fast_paths.keys("Enter")])
        pane.wait_for("CR-1 saved")
        rejudge = fast_paths.run(pane, fast_paths.REJUDGE_AND_DECIDE)
        pane.send("q")  # taken after the keys before it: the program ends once they are saved
        wait_until(lambda: not pane.alive(), pane)
    finally:
        pane.close()
    assert (bare.keys, full.keys, rejudge.keys) == (2, 10, 4), (bare.sent, full.sent)
    assert bare.keys <= 3 and full.keys <= 12 and rejudge.keys == 4  # issue 12's targets
    with Project.open(folder) as project:
        first, second = project.request("CR-1"), project.request("CR-2")
    assert (first.request, first.criteria, first.verdict, first.decision) == (
        "Make the logo bigger", ("A1",), Verdict.CONSISTENT, Decision.ACCEPTED)
    assert (second.by, second.intent, second.criteria, second.verdict, second.decision) == (
        "Dana Whitfield", "Staff check their own cash-up", ("B1", "K1"), Verdict.CONSISTENT,
        Decision.ACCEPTED)
