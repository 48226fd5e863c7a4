"""SIGKILL, SIGHUP and SIGTERM of the real app in tmux at planned moments of a scripted meeting.

Each run opens the same project, captures requests as a facilitator would (some with an intent)
and is hit by its signal at a moment drawn from a fixed seed: during start-up (after a random
delay), while a request is being typed, right after its save key (so the signal may land in the
middle of the save), or right after the screen confirmed it. The moments are tied to what the
script has done, not to the clock, so the test asks the same of a fast and of a loaded machine.

Afterwards the project must open for writing (the lock is free) and every request the screen
confirmed as saved ("CR-n saved") before the signal must be stored with its text. SIGHUP and
SIGTERM of an app that was on screen must also end it cleanly: exit status 128 + the signal, and
the terminal back out of the alternate screen with mouse tracking off.
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

from reviewroom.store.project import Project
from tests.e2e.launch import pane_format, program_pid, start, wait_ending
from tests.e2e.tmux import TmuxPane, tmux_available
from tests.support import PROTOTYPE_REVIEW, make_project

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (.ci/run installs it)"),
]

SEED = 20261127
SIGNALS = (signal.SIGKILL, signal.SIGHUP, signal.SIGTERM)
# Where in the script a signal lands: start-up (a random delay after launch), typing (between the
# two halves of request k's text), saving (just after its save key, with a jitter of a few
# milliseconds so some signals land inside the save) or saved (as soon as the screen confirmed it).
MOMENTS = ("start-up", "typing", "saving", "saved")
RUNS_PER_SIGNAL = len(MOMENTS)  # each signal at each kind of moment once, in a seeded order
STARTUP_DELAY = (0.05, 0.6)
SAVE_JITTER = (0.0, 0.05)
MAX_ITEM = 3


@dataclass(frozen=True)
class Moment:
    """When one run's signal is sent: ``where`` in the script, at request ``item``."""

    where: str
    item: int
    delay: float  # start-up: seconds after launch; saving: seconds after the save key

    @property
    def confirmed(self) -> int:
        """Saves the screen confirms before the signal, whatever the machine's speed."""
        return {"start-up": 0, "typing": self.item - 1, "saving": self.item - 1}.get(
            self.where, self.item
        )


@dataclass
class Run:
    """What one run did and saw before its signal."""

    sig: signal.Signals
    moment: Moment
    saved: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (request, intent)
    ready: bool = False  # the meeting screen was showing before the signal


class Stopped(Exception):
    """The signal came; the script stops."""


class Script:
    """Drive one pane and send the signal at the planned moment."""

    def __init__(self, pane: TmuxPane, pid: int, run: Run) -> None:
        self.pane = pane
        self.pid = pid
        self.run = run
        self.killed = threading.Event()
        self._timer: threading.Timer | None = None

    def signal_after(self, delay: float) -> None:
        """Send the signal ``delay`` seconds from now, from another thread."""
        self._timer = threading.Timer(delay, self._send)
        self._timer.start()

    def at(self, where: str, item: int) -> None:
        """Called at each point of the script: send the signal if this is the planned moment."""
        moment = self.run.moment
        if (moment.where, moment.item) != (where, item):
            return
        if where == "saving":
            self.signal_after(moment.delay)
            raise Stopped
        self._send()
        raise Stopped

    def _send(self) -> None:
        """The signal itself (once)."""
        if not self.killed.is_set():
            os.kill(self.pid, self.run.sig)
            self.killed.set()

    def finish(self) -> None:
        """Make sure the signal was sent (a start-up timer may still be pending)."""
        if self._timer is not None:
            self._timer.join()
        self._send()

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
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


def capture(script: Script, index: int, item: int, number: int) -> None:
    """Capture request ``item`` of run ``index`` (odd items with an intent), signalling on plan."""
    text = f"Run {index} item {item}: make the quiz feedback friendlier"
    intent = f"Learners retry after run {index} item {item}" if item % 2 else ""
    script.keys("n")
    script.wait_for("New request")
    half = len(text) // 2
    script.text(text[:half])
    script.at("typing", item)
    script.text(text[half:])
    if intent:
        script.keys("Tab", "Tab")
        script.text(intent)
        script.keys("C-s")
    else:
        script.keys("Enter")
    script.at("saving", item)
    script.wait_for(f"CR-{number} saved")
    script.run.saved[f"CR-{number}"] = (text, intent)
    script.at("saved", item)


def one_run(home: Path, folder: Path, index: int, run: Run) -> None:
    """Start the app, script a meeting, signal it at the planned moment, wait until it is gone."""
    number = next_number(folder)
    ending = home / "ending"
    pane = start(home, "open", "acme", ending=ending)
    script = Script(pane, program_pid(pane), run)
    if run.moment.where == "start-up":
        script.signal_after(run.moment.delay)
    try:
        script.wait_for("Prototype review")
        run.ready = not script.killed.is_set()
        for item in range(1, MAX_ITEM + 1):
            capture(script, index, item, number)
            number += 1
    except (Stopped, subprocess.CalledProcessError):
        pass
    finally:
        script.finish()
        try:
            ended = wait_ending(ending, timeout=30)
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


def plan_runs(sig: signal.Signals, rng: random.Random) -> list[Run]:
    """``sig`` at every kind of moment, in a shuffled order fixed by the seed."""
    runs = []
    for n in range(RUNS_PER_SIGNAL):
        where = MOMENTS[n % len(MOMENTS)]
        delay = rng.uniform(*(STARTUP_DELAY if where == "start-up" else SAVE_JITTER))
        runs.append(Run(sig, Moment(where, rng.randint(1, MAX_ITEM), delay)))
    rng.shuffle(runs)
    return runs


@pytest.mark.parametrize("sig", SIGNALS, ids=[sig.name for sig in SIGNALS])
def test_signals_at_random_moments_lose_nothing_saved(tmp_path: Path, sig: signal.Signals) -> None:
    folder = make_project(tmp_path, meeting=PROTOTYPE_REVIEW)
    runs = plan_runs(sig, random.Random(SEED + int(sig)))
    confirmed: dict[str, tuple[str, str]] = {}
    tally: Counter[str] = Counter()
    for index, run in enumerate(runs, 1):
        one_run(tmp_path, folder, index, run)
        assert len(run.saved) == run.moment.confirmed, f"run {index}: {run.moment}"
        confirmed.update(run.saved)
        tally[run.sig.name] += 1
        tally[run.moment.where] += 1
        tally["confirmed"] += len(run.saved)
        with Project.open(folder) as project:  # a writer: the lock is free, the store sound
            stored = {(r.id, r.request, r.intent) for r in project.requests()}
        lost = {rid for rid, (text, intent) in confirmed.items()
                if (rid, text, intent) not in stored}
        assert not lost, f"run {index} ({run.sig.name} at {run.moment}) lost {sorted(lost)}: " \
            f"stored {sorted(stored)}"
    print(f"\nkills: {dict(tally)}; lost: 0")
    assert tally["confirmed"] == sum(run.moment.confirmed for run in runs) >= 3
