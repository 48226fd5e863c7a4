"""One writer and two watchers, each the real ``reviewroom`` in its own tmux pane.

Requests the writer captures show in both watchers (the lag after the writer's "saved" is printed:
it is a benchmark figure, the test only waits for it, generously); a watcher's editing keys change
nothing on disk; watchers never hold the lock, and they notice when the meeting ends.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from tests.e2e.launch import reviewroom, start
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

# Short enough to show whole in the list's Request column at 100 columns.
REQUESTS = ("Bigger logo on page 1", "Shorter final quiz", "Calmer voice-over")
PATIENCE = 30.0  # seconds: bounds a real failure only; a loaded machine is slow, not wrong


def seen_at(pane: TmuxPane, text: str, timeout: float = PATIENCE) -> float:
    """Poll ``pane`` as fast as tmux answers; the monotonic time ``text`` was first seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in pane.screen():
            return time.monotonic()
    raise AssertionError(f"{text!r} did not show within {timeout}s; screen:\n{pane.screen()}")


def capture(writer: TmuxPane, text: str) -> None:
    """The writer's fast capture: ``n``, the text, ``enter``."""
    writer.send("n")
    writer.wait_for("New request")
    writer.type(text)
    writer.send("Enter")


def test_writer_and_two_watchers(tmp_path: Path) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    store = folder / "reviewroom.json"
    writer = start(tmp_path, "open", "acme")
    watchers = [start(tmp_path, "watch", "acme") for _ in range(2)]
    try:
        writer.wait_for("Prototype review")
        for watcher in watchers:
            watcher.wait_for("READ-ONLY")

        lags = []
        for number, text in enumerate(REQUESTS, 1):
            capture(writer, text)
            saved = seen_at(writer, f"CR-{number} saved")
            lags += [seen_at(watcher, f"CR-{number} ") - saved for watcher in watchers]
        print(f"\nwatcher lag after 'saved': {[round(x, 2) for x in lags]} s")

        before = store.read_bytes()
        watcher = watchers[0]
        for keys in (["n"], ["v", "c"], ["d", "a"], ["c"], ["t"], ["e"], ["i"], ["Enter"]):
            watcher.send(*keys, "Escape")
        watcher.type("zx")  # text for a form, had one opened
        time.sleep(0.5)
        assert store.read_bytes() == before
        assert not (folder / "minutes").exists()
        screen = watcher.screen()
        assert "READ-ONLY" in screen and "New request" not in screen

        writer.send("q")  # the meeting stays live; the watchers keep following it
        deadline = time.monotonic() + PATIENCE
        while writer.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        with Project.open(folder) as project:  # no watcher holds the lock
            assert [r.request for r in project.requests()] == list(REQUESTS)

        ended = subprocess.run([reviewroom(), "--home", str(tmp_path), "meeting", "end", "acme"],
                               capture_output=True, text=True)
        assert ended.returncode == 0, ended.stderr
        for watcher in watchers:
            watcher.wait_for("ended", timeout=PATIENCE)  # header or notice
    finally:
        for pane in (writer, *watchers):
            pane.close()
