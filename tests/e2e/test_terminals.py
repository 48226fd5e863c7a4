"""Limited terminals: TERM=linux gets the ASCII-safe look; --no-mouse sends no mouse tracking."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.launch import pane_format, start
from tests.e2e.tmux import tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

BOX_DRAWING = {chr(c) for c in range(0x2500, 0x2580)}


def test_linux_console_gets_ascii_borders_and_stays_readable(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "open", "acme", term="linux")
    try:
        screen = pane.wait_for("Prototype review")
        assert "Criteria" in screen and "Problem" in screen and "+-" in screen
        assert not set(screen) & BOX_DRAWING
    finally:
        pane.close()


@pytest.mark.parametrize(("args", "tracking"), [((), "1"), (("--no-mouse",), "0")])
def test_no_mouse_turns_mouse_tracking_off(tmp_path: Path, args: tuple[str, ...],
                                           tracking: str) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    pane = start(tmp_path, "watch", "acme", *args)
    try:
        pane.wait_for("READ-ONLY")
        # Textual switches tracking on once more after start-up: wait for the settled state.
        deadline = time.monotonic() + 30
        while pane_format(pane, "#{mouse_any_flag}") != tracking:
            assert time.monotonic() < deadline, f"mouse tracking never became {tracking}"
            time.sleep(0.1)
        time.sleep(0.5)  # and it stays so
        assert pane_format(pane, "#{mouse_any_flag}") == tracking
    finally:
        pane.close()
