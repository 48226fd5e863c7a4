"""End-to-end: keys sent to the real ``reviewroom`` in one burst (one ``tmux send-keys`` call).

Over SSH, or from a fast typist, the terminal hands the app several keys in one read; each must
reach the field or screen the key before it moved to. ``TmuxPane.send`` pauses between keys, so
these tests send each burst with one ``send-keys`` call instead.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from tests.e2e.launch import start
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

REQUEST_PROMPT = "What does the client want changed?"


def burst(pane: TmuxPane, *keys: str) -> None:
    """Send text and key names (``Tab``, ``Enter``, ``Escape``, ``C-s``) in one tmux call."""
    pane._tmux("send-keys", "-t", pane.name, *keys)


def wait_gone(pane: TmuxPane, timeout: float = 15.0) -> None:
    """Wait until the program has ended (tmux closes the session with it)."""
    deadline = time.monotonic() + timeout
    while pane.alive():
        assert time.monotonic() < deadline, f"still running; screen was:\n{pane.screen()}"
        time.sleep(0.1)


def quit_app(pane: TmuxPane) -> None:
    """``q`` on the meeting screen, and wait until the program has ended."""
    pane.send("q")
    wait_gone(pane)


def test_a_burst_with_tab_and_enter_fills_the_right_fields(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme")
    try:
        pane.wait_for("Prototype review")
        pane.send("n")
        pane.wait_for("New request")
        burst(pane, "Make the course cheaper", "Tab", "Agreed", "Tab", "Because it's cheaper",
              "C-s")
        pane.wait_for("CR-1 saved")
        # The whole capture in one go: n, the request, enter, then i and the intent at once.
        burst(pane, "n", "Bigger logo", "Enter", "i", "Staff recognise the brand", "C-s")
        pane.wait_for("CR-2")
        pane.wait_for("Staff recognise the brand")
        # Choosers and a pasted request right behind them: v u, then n and a bracketed paste.
        pane._tmux("set-buffer", "Shorter lessons")
        burst(pane, "v", "u", "n")
        pane._tmux("paste-buffer", "-p", "-t", pane.name)
        burst(pane, "Enter")
        pane.wait_for("CR-3")
        quit_app(pane)
    finally:
        pane.close()
    with Project.open(folder, readonly=True) as project:
        first, second = project.request("CR-1"), project.request("CR-2")
        third = project.request("CR-3")
    assert (first.request, first.by, first.intent) == ("Make the course cheaper", "Agreed",
                                                       "Because it's cheaper")
    assert (second.request, second.intent) == ("Bigger logo", "Staff recognise the brand")
    assert second.verdict.value == "unclear" and third.request == "Shorter lessons"


def test_escape_then_a_key_closes_the_form_and_the_key_acts_after_it(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme")
    try:
        pane.wait_for("Prototype review")
        pane.send("n")
        pane.wait_for("New request")
        # esc then n within the escape delay: the form closes and n opens a fresh one.
        burst(pane, "Bigger logo", "Escape", "n")
        screen = pane.wait_for(REQUEST_PROMPT)
        assert "Bigger logo" not in screen
        burst(pane, "Escape", "q")
        wait_gone(pane)
    finally:
        pane.close()
    with Project.open(folder, readonly=True) as project:
        assert project.requests() == []
