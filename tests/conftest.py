"""Shared fixtures: an empty projects home, the project builder bound to it, the sample project
(closed, or open for writing), and a process holding the lock."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from hypothesis import settings

from reviewroom.store.project import Project
from reviewroom.tui.gc_policy import relax
from tests.support import PROTOTYPE_REVIEW, fixed_clock, make_project

ProjectFactory = Callable[..., Path]

# Property tests draw the same examples on every run (derived from each test's name), so the
# README's command passes or fails the same way on every machine; a failure reproduces at once.
# To look for new failures, run with HYPOTHESIS_PROFILE=explore (random examples, and more).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Three workers for two cores (``-n auto``): a good part of the suite waits on other
    processes (the real app in tmux, killed writers, ssh, serve), and a third worker keeps the
    cores busy meanwhile. Measured on the 2-core CI machine, one after the other: 2 workers
    184 s, 3 workers 168 s, 4 workers 180 s. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still wins."""
    chosen = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if chosen and chosen.isdigit():
        return int(chosen)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cores or 1) * 3 // 2)


@pytest.hookimpl(trylast=True)  # after pytest's own, so that our cleanup runs before theirs
def pytest_configure(config: pytest.Config) -> None:
    """Forget a terminal size inherited through the environment; cache compiled modules;
    collect as the app does.

    pytest-xdist's workers run with ``COLUMNS=80`` and ``LINES=24``; every program a test starts
    (the real app in tmux, ``serve``'s sessions) would inherit them, and Textual, through
    ``shutil.get_terminal_size``, would believe them over the terminal it really has.

    Compiled modules are cached even where ``PYTHONDONTWRITEBYTECODE`` is set
    (:func:`keep_bytecode`).

    The apps Pilot tests build run in this process, so it takes the garbage-collection policy
    ``reviewroom open`` sets for itself (:mod:`reviewroom.tui.gc_policy`).
    """
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    keep_bytecode()
    relax()
    os.fsync = os.fdatasync = flush_nothing
    config.add_cleanup(collect_then_freeze)


def keep_bytecode() -> None:
    """Let this process, the xdist workers and every program a test starts cache compiled modules.

    With ``PYTHONDONTWRITEBYTECODE`` set (some machines set it for everyone), nothing was cached:
    each of the three workers compiled reviewroom and the test modules and rewrote their asserts
    again (collection took ~6 s of CPU a worker, ~4 s now), and every real ``reviewroom`` process
    a test starts (in tmux, serve's sessions, killed writers, CLI subprocesses) compiled the app
    before its first line ran (importing it: 0.8 s of CPU, 0.4 s compiled). Compiled files go
    where Python puts them anyway (``__pycache__``, ignored by git), and are written whole or not
    at all, so workers writing the same module at once is harmless. The workers start after this
    hook and inherit the environment, as the programs tests start do.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


def flush_nothing(fd: int) -> None:
    """``os.fsync`` and ``os.fdatasync`` in the test process: check the descriptor, skip the disk.

    Nothing a test in this process can see depends on the flush (only a power cut or a kernel
    crash would, and no test makes one), yet the suite made about 19,000 of them, 49 s of waiting
    summed over the workers. The store still calls them at every point it does in a real run; the
    tests that kill a real writer (tests/e2e/test_kills.py, tests/domain/test_crash.py, ssh,
    watchers) run it in another process, which flushes for real. A closed or bad descriptor still
    raises ``OSError`` as the flush would, and a test that replaces ``os.fsync`` itself (a full
    disk, a flush that must not happen) still does.
    """
    os.fstat(fd)


def collect_then_freeze() -> None:
    """At the session's end, before pytest's own end-of-run collections: free every garbage
    cycle now (finalisers run, and an exception in one still reaches pytest's unraisable-exception
    report, installed until after this), then leave the survivors out of later collections.

    Pilot tests leave about a million objects of garbage cycles in a worker (with the relaxed
    thresholds the old generation is never collected during the run); pytest then collects the
    whole heap five times in a row, and every pass after the first walked the ~600,000 objects
    still alive again for nothing, about 2 s of CPU per worker while the run's end waited.
    Collecting until a pass finds nothing keeps what those passes were for."""
    for _ in range(5):  # as many passes as pytest makes, at most
        if not gc.collect():
            break
    gc.freeze()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty projects home (not created yet, as on a first run)."""
    return tmp_path / "home"


@pytest.fixture
def new_project(home: Path) -> ProjectFactory:
    """:func:`tests.support.make_project` under ``home``: ``new_project("acme", meeting="Review")``
    creates a project, closes it, and returns its folder."""
    return partial(make_project, home)


@pytest.fixture
def folder(new_project: ProjectFactory) -> Path:
    """The sample project ``acme`` with the prototype review live and no requests yet, closed."""
    return new_project(meeting=PROTOTYPE_REVIEW)


@pytest.fixture
def project(folder: Path) -> Iterator[Project]:
    """:func:`folder` open for writing on a fixed clock; closed after the test."""
    with Project.open(folder, clock=fixed_clock()) as opened:
        yield opened


HOLD_LOCK = """
import sys
from pathlib import Path
from reviewroom.store.project import Project
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
