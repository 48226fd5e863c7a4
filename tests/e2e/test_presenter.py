"""Presenter mode with the real ``reviewroom``: one writer and one watcher, each in its own tmux
pane. Moving the writer's cursor moves the watcher's (its highlighted request, shown in the
detail pane's title, and its list's scroll); ``f`` in the watcher stops following, ``f`` again
catches up. The test waits for what it expects (up to 10 s) and asserts no latency: the figures
are tests/benchmarks/bench_follow.py's."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from reviewroom.store.presence import read_cursor
from tests.e2e.launch import start
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

FOLLOW = 10.0  # seconds: the bound for a test's wait (the view follows within a second)
REQUESTS = [f"Change number {n}" for n in range(1, 41)]  # more than the list shows at 100×30


def detail_title(pane: TmuxPane) -> str | None:
    """The ID in the detail pane's border: the request the pane's view highlights."""
    found = re.findall(r"─ (CR-\d+) ─", pane.screen())
    return found[-1] if found else None


def wait_detail(pane: TmuxPane, rid: str, timeout: float = FOLLOW) -> str:
    """Wait until ``pane`` highlights ``rid``; its screen then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if detail_title(pane) == rid:
            return pane.screen()
        time.sleep(0.05)
    raise AssertionError(f"{rid} not highlighted within {timeout}s; screen:\n{pane.screen()}")


def listed(screen: str, rid: str) -> bool:
    """Whether the list shows ``rid``'s row (its ID followed by its request text)."""
    number = rid.split("-")[1]
    return re.search(rf"{rid}\s+Change number {number}\b", screen) is not None


def test_the_watcher_follows_the_writers_cursor_and_scroll(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW, requests=REQUESTS)
    writer = start(tmp_path, "open", "acme")
    watcher = start(tmp_path, "watch", "acme")
    try:
        writer.wait_for("Prototype review")
        watcher.wait_for("· following ·")
        wait_detail(watcher, "CR-1")

        writer.send("End")  # the last request: the writer's list scrolls to the bottom
        wait_detail(writer, "CR-40")
        screen = wait_detail(watcher, "CR-40")
        assert listed(screen, "CR-40") and not listed(screen, "CR-1")

        writer.send("Up", "Up", "Up")
        wait_detail(writer, "CR-37")
        wait_detail(watcher, "CR-37")

        watcher.send("f")
        watcher.wait_for("not following")
        writer.send("Home")
        wait_detail(writer, "CR-1")
        deadline = time.monotonic() + FOLLOW  # the writer has published its move …
        while (cursor := read_cursor(folder)) is None or cursor.request != "CR-1":
            assert time.monotonic() < deadline, "the writer did not publish its cursor"
            time.sleep(0.05)
        time.sleep(1.0)  # … and a following watcher would have moved by now
        assert detail_title(watcher) == "CR-37"

        watcher.send("f")  # follow again: catch up
        screen = wait_detail(watcher, "CR-1")
        assert listed(screen, "CR-1") and not listed(screen, "CR-40")
        assert "· following ·" in watcher.screen()
    finally:
        for pane in (writer, watcher):
            pane.close()


def test_only_a_facilitator_view_watcher_shows_tone_warnings(tmp_path: Path) -> None:
    make_project(tmp_path, meeting=PROTOTYPE_REVIEW, requests=["Obviously the logo is too small"])
    client = start(tmp_path, "watch", "acme", height=60)  # the whole detail pane
    facilitator = start(tmp_path, "watch", "acme", "--facilitator-view", height=60)
    try:
        tone = facilitator.wait_for("~ Tone:")
        assert re.search(r"~\s+CR-1 ", tone)  # the marker in the flags column
        screen = client.wait_for("Obviously the logo is too small")
        client.wait_for("─ CR-1 ─")  # the detail pane shows the request …
        screen = client.screen()
        assert "Tone" not in screen  # … without its tone line
        assert not re.search(r"~\s+CR-1 ", screen)
    finally:
        for pane in (client, facilitator):
            pane.close()
