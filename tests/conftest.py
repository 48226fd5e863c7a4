"""Shared fixtures: an empty projects home, a project factory, and a process holding the lock."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from store.model import Attendee
from store.project import Project

BRIEF = """---
title: {title}
client: Northwind Retail
vendor: Brightpath Learning
language: {lang}
---

# {title}

## Problem
- P1: New staff make till errors that cost about 2% of store revenue in their first month.

## Goals
### Result
- R1: Till discrepancies of staff in their first 30 days fall by 40% by the end of Q3.
### Behaviour
- B1: Staff run the end-of-day cash-up without help by their fifth shift.
### Knowledge
- K1: Staff can name the five steps of the cash-up and when each applies.
### Attitude
- A1: Staff see asking a colleague for help as expected, not as failure.

## Concept
- C1: Six scenario-based micro-lessons of at most 7 minutes, taken on the shop-floor tablet.
"""


def brief_text(lang: str = "en", title: str = "Onboarding for new store staff") -> str:
    """A valid brief with one item per section (no warnings), in ``lang``."""
    return BRIEF.format(lang=lang, title=title)


def fixed_clock() -> Callable[[], dt.datetime]:
    """Deterministic timestamps: one minute per event from 27 Nov 2026, 09:00 UTC."""
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    counter = itertools.count()
    return lambda: start + dt.timedelta(minutes=next(counter))


ProjectFactory = Callable[..., Path]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty projects home (not created yet, as on a first run)."""
    return tmp_path / "home"


@pytest.fixture
def project(home: Path) -> ProjectFactory:
    """A factory: ``project(slug="acme", lang="en", meeting=None)`` creates a project and closes it.

    Args (of the factory):
        slug: the project's name under ``home``.
        lang: the brief's language.
        brief: the brief text (default: :func:`brief_text` in ``lang``).
        meeting: start a live meeting with this title.
        attendees: the meeting's attendees.

    Returns the project's folder; open it again with ``Project.open(folder)``.
    """

    def make(
        slug: str = "acme",
        *,
        lang: str = "en",
        brief: str | None = None,
        meeting: str | None = None,
        attendees: Iterable[Attendee] = (),
    ) -> Path:
        created = Project.create(slug, brief or brief_text(lang), home=home, clock=fixed_clock())
        with created:
            if meeting:
                created.start_meeting(meeting, attendees)
        return created.path

    return make


HOLD_LOCK = """
import sys
from pathlib import Path
from store.project import Project
project = Project.open(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
project.close()
"""


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """A factory: ``lock_holder(folder)`` starts another process that opens the project for writing
    and keeps it open (holding the writer lock) until the test ends."""
    processes: list[subprocess.Popen[str]] = []

    def hold(folder: Path) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        processes.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        return proc

    yield hold
    for proc in processes:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
