"""SIGKILL, SIGHUP and SIGTERM of the real app in tmux at random moments of a scripted meeting.

Each run opens the same project, captures requests as a facilitator would (some with an intent)
and is hit by its signal after a random delay (fixed seed) that may fall in start-up, in typing,
or in the middle of a save. Afterwards the project must open for writing (the lock is free) and
every request the screen confirmed as saved ("CR-n saved") before the signal must be stored with
its text. SIGHUP and SIGTERM of an app that was on screen must also end it cleanly: exit status
128 + the signal, and the terminal back out of the alternate screen with mouse tracking off.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from store.project import Project
from tests.e2e.launch import pane_format, program_pid, start, wait_ending
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

SEED = 20261127
RUNS_PER_SIGNAL = 7
SIGNALS = (signal.SIGKILL, signal.SIGHUP, signal.SIGTERM)
# From launch: start-up takes about a second, then a request is captured every ~0.7 s.
EARLIEST, LATEST = 0.3, 2.8


@dataclass
class Run:
    """What one run did and saw before its signal."""

    sig: signal.Signals
    delay: float
    saved: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (request, intent)
    ready: bool = False  # the meeting screen was showing before the signal


class Stopped(Exception):
    """The signal came; the script stops."""


class Script:
    """Drive one pane until the killer thread has fired."""

    def __init__(self, pane: TmuxPane, killed: threading.Event) -> None:
        self.pane = pane
        self.killed = killed

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        """Poll the pane for ``text``; stop as soon as the signal has been sent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.pane.screen():
                return
            if self.killed.is_set():
                raise Stopped
            time.sleep(0.03)
        raise AssertionError(f"{text!r} never showed; screen:\n{self.pane.screen()}")

    def keys(self, *keys: str) -> None:
        """Send keys unless the signal has been sent."""
        if self.killed.is_set():
            raise Stopped
        self.pane.send(*keys)

    def text(self, text: str) -> None:
        """Type text unless the signal has been sent."""
        if self.killed.is_set():
            raise Stopped
        self.pane.type(text)


def next_number(folder: Path) -> int:
    """The number the next captured request will get."""
    with Project.open(folder, readonly=True) as project:
        return len(project.requests()) + 1


def one_run(home: Path, folder: Path, index: int, run: Run) -> None:
    """Start the app, script a meeting, signal it after ``run.delay``, wait until it is gone."""
    number = next_number(folder)
    ending = home / "ending"
    pane = start(home, "open", "acme", ending=ending)
    killed = threading.Event()
    pid = program_pid(pane)

    def kill() -> None:
        os.kill(pid, run.sig)
        killed.set()

    killer = threading.Timer(run.delay, kill)
    killer.start()
    script = Script(pane, killed)
    try:
        script.wait_for("Prototype review")
        run.ready = not killed.is_set()
        for item in range(1, 20):
            text = f"Run {index} item {item}: make the quiz feedback friendlier"
            intent = f"Learners retry after run {index} item {item}" if item % 2 else ""
            script.keys("n")
            script.wait_for("New request")
            script.text(text)
            if intent:
                script.keys("Tab", "Tab")
                script.text(intent)
                script.keys("C-s")
            else:
                script.keys("Enter")
            script.wait_for(f"CR-{number} saved")
            run.saved[f"CR-{number}"] = (text, intent)
            number += 1
    except (Stopped, subprocess.CalledProcessError):
        pass
    finally:
        killer.join()
        try:
            ended = wait_ending(ending)
            terminal = pane_format(pane, "#{alternate_on}/#{mouse_any_flag}")
        finally:
            pane.close()
    check_ending(run, ended, terminal)


def check_ending(run: Run, ended: str, terminal: str) -> None:
    """SIGKILL kills; SIGHUP/SIGTERM of an app on screen end it cleanly, terminal restored.

    Args:
        ended: ``exit N`` or ``signal N``.
        terminal: ``alternate screen/mouse tracking`` flags the program left behind (``0/0``).
    """
    if run.sig is signal.SIGKILL:
        assert ended == f"signal {int(signal.SIGKILL)}"
    elif run.ready:
        outcome = f"{ended} {terminal}"
        assert outcome == f"exit {128 + run.sig} 0/0", f"{run.sig.name}: {outcome}"


def test_signals_at_random_moments_lose_nothing_saved(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    rng = random.Random(SEED)
    plan = [sig for sig in SIGNALS for _ in range(RUNS_PER_SIGNAL)]
    rng.shuffle(plan)
    confirmed: dict[str, tuple[str, str]] = {}
    tally: Counter[str] = Counter()
    for index, sig in enumerate(plan, 1):
        run = Run(sig, rng.uniform(EARLIEST, LATEST))
        one_run(tmp_path, folder, index, run)
        confirmed.update(run.saved)
        tally[sig.name] += 1
        tally["saved"] += len(run.saved)
        tally["on screen"] += run.ready
        with Project.open(folder) as project:  # a writer: the lock is free, the store sound
            stored = {(r.id, r.request, r.intent) for r in project.requests()}
        lost = {rid for rid, (text, intent) in confirmed.items()
                if (rid, text, intent) not in stored}
        assert not lost, f"run {index} ({sig.name} after {run.delay:.2f}s) lost {sorted(lost)}"
    print(f"\nkills: {dict(tally)}; lost: 0")
    assert sum(tally[s.name] for s in SIGNALS) >= 20
    assert tally["saved"] >= 10, "too few saves to mean anything: the delays are too short"
