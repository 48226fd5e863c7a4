"""kill -9 at random moments never loses an acknowledged write nor leaves an unreadable store.

A forked child (tests/helpers_crash.py) writes in a loop and sends each value after the write
returned (a project's commits, and TinyDB's, are appended to the journal after each session's
first full write: most kills land in an append or its fdatasync);
the parent SIGKILLs it 5–80 ms after it reported the store open (random, fixed seed), then checks
that the file loads, that it holds the last acknowledged value (or the one being written when the
kill came, never anything else) and that the ``.bak`` is sound. Finally a writer's open removes
whatever temp files the kills left behind.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewroom.store.journal import journal_path
from reviewroom.store.project import Project
from reviewroom.store.storage import AtomicJSONStorage, backup_path, load_store, load_tables
from tests.conftest import ProjectFactory
from tests.helpers_crash import WRITERS, default_signals
from tests.support import brief_text

SEED = 20261127
PROJECT_KILLS = 40
TINYDB_KILLS = 20

BRIEF = brief_text("pl", "Cash-up training")


@dataclass
class Kill:
    """What one killed child acknowledged."""

    start: int
    acks: list[int]

    @property
    def last(self) -> int:
        """The last acknowledged value, or where the child started."""
        return self.acks[-1] if self.acks else self.start


def fork_writer(mode: str, target: Path) -> tuple[int, int, int]:
    """Fork a writer child; its pid and the read ends of its acknowledgements and its stderr.

    The child runs the writer from ``tests.helpers_crash`` with the code this process already
    imported, writes each acknowledgement with one ``os.write`` (atomic on a pipe: no torn
    lines) and never returns into pytest: whatever happens, it ends with ``os._exit``.
    """
    acks_read, acks_write = os.pipe()
    errors_read, errors_write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about forking a process with threads;
        warnings.simplefilter("ignore", DeprecationWarning)  # the child touches only its files
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(acks_read)
            os.close(errors_read)
            os.dup2(errors_write, 2)
            default_signals()
            def emit(line: str) -> None:
                os.write(acks_write, f"{line}\n".encode())

            WRITERS[mode](target, emit)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(1)
    os.close(acks_write)
    os.close(errors_write)
    return pid, acks_read, errors_read


def run_and_kill(
    mode: str, target: Path, delay: float, sig: signal.Signals = signal.SIGKILL
) -> Kill:
    """Start the writer, wait for ``ready``, let it write for ``delay`` seconds, signal it."""
    pid, acks_fd, errors_fd = fork_writer(mode, target)
    with open(acks_fd, "rb") as acks_pipe, open(errors_fd, "rb") as errors_pipe:
        sent = False
        try:
            ready, _, _ = select.select([acks_pipe], [], [], 30)
            assert ready, "the writer did not start"
            first = acks_pipe.readline().split()
            assert first[:1] == [b"ready"], (first, errors_pipe.read1().decode())
            time.sleep(delay)
            os.kill(pid, sig)
            sent = True
        finally:
            if not sent:  # a failed check above: the writer would loop for ever
                os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        rest = acks_pipe.read()
        errors = errors_pipe.read().decode()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig, (status, errors)
    assert "Traceback" not in errors, errors
    lines = rest.split(b"\n")
    acks = [int(line) for line in lines[:-1]]  # the last piece is "" or a torn line
    start = int(first[1])
    assert acks == list(range(start + 1, start + 1 + len(acks))), "acks are consecutive"
    return Kill(start, acks)


def check_value(found: int, kill: Kill, previous: int) -> None:
    """Every acknowledged write is there; at most the one in flight went further."""
    assert kill.start == previous, "the child resumed from what the last check saw"
    assert found >= kill.last, f"lost acknowledged value {kill.last}: file has {found}"
    assert found <= kill.last + 1, f"file has {found}, never acknowledged past {kill.last}"


def check_files(store: Path) -> None:
    """The store (with its journal) and its backup (if any) all parse as a store."""
    load_store(store)
    if backup_path(store).exists():
        load_tables(backup_path(store))


def leftover_temps(folder: Path) -> list[Path]:
    """Temp files of the store or its .bak."""
    return sorted(folder.glob(".reviewroom.json.*.tmp"))


@pytest.fixture
def proj(new_project: ProjectFactory) -> Path:
    """A project with a live meeting, 150 realistic requests and CR-1 to hammer."""
    return new_project("cashup", brief=BRIEF, meeting="Przegląd alfa", requests=[
        {"request": f"Zmień kolor przycisku na ekranie {n} — klient prosi o „żywsze” barwy",
         "by": "Klient", "intent": "Uczestnicy mają szybciej zauważyć, gdzie kliknąć",
         "criteria": "B1,C1"}
        for n in range(150)
    ])


@pytest.mark.slow
def test_kill_9_during_project_commits(proj: Path) -> None:
    rng = random.Random(SEED)
    store = proj / "reviewroom.json"
    previous, acked, acking, seen_temps, journals = 0, 0, 0, 0, 0
    for _ in range(PROJECT_KILLS):
        kill = run_and_kill("project", proj, rng.uniform(0.005, 0.080))
        check_files(store)
        journals += journal_path(store).exists()
        with Project.open(proj, readonly=True) as reader:  # a reader touches nothing
            found = int(reader.request("CR-1").note or 0)
            assert len(reader.requests()) == 150
        check_value(found, kill, previous)
        previous, acked = found, acked + len(kill.acks)
        acking += bool(kill.acks)
        seen_temps = max(seen_temps, len(leftover_temps(proj)))
    assert acking >= PROJECT_KILLS // 4, "most children wrote nothing: the test proves little"
    assert journals >= PROJECT_KILLS // 4, "most kills left no journal: appends were not hit"

    planted = proj / ".reviewroom.json.planted.tmp"
    planted.write_bytes(b'{"half": ')
    assert leftover_temps(proj)
    with Project.open(proj) as writer:
        assert leftover_temps(proj) == [], "opening for writing removes leftover temp files"
        assert int(writer.request("CR-1").note) == previous
        history = writer.request("CR-1").history
        assert [int(h.new) for h in history] == list(range(1, previous + 1))
        writer.update_request("CR-1", note=str(previous + 1))
    with Project.open(proj, readonly=True) as reader:
        assert reader.request("CR-1").note == str(previous + 1)
    print(f"{PROJECT_KILLS} kills, {acked} acknowledged commits, max {seen_temps} leftover temps")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["tinydb", "journal"])
def test_kill_9_during_tinydb_writes(tmp_path: Path, mode: str) -> None:
    rng = random.Random(SEED + 1)
    store = tmp_path / "reviewroom.json"
    previous = 0
    for _ in range(TINYDB_KILLS):
        kill = run_and_kill(mode, store, rng.uniform(0.005, 0.080))
        check_files(store)
        with TinyDB(store, storage=AtomicJSONStorage, access_mode="r") as db:
            found = db.get(doc_id=1)["counter"]  # type: ignore[index]
        check_value(found, kill, previous)
        previous = found
    (tmp_path / ".reviewroom.json.planted.tmp").write_bytes(b"")
    with TinyDB(store, storage=AtomicJSONStorage) as db:
        assert leftover_temps(tmp_path) == []
        assert db.get(doc_id=1)["counter"] == previous  # type: ignore[index]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_lose_nothing(proj: Path, sig: signal.Signals) -> None:
    """A closed terminal or SSH link (SIGHUP) or a plain kill (SIGTERM) during commits."""
    rng = random.Random(SEED + sig)
    previous = 0
    for _ in range(5):
        kill = run_and_kill("project", proj, rng.uniform(0.005, 0.080), sig)
        check_files(proj / "reviewroom.json")
        with Project.open(proj, readonly=True) as reader:
            found = int(reader.request("CR-1").note or 0)
        check_value(found, kill, previous)
        previous = found
    with Project.open(proj) as writer:  # the lock went with the process
        assert int(writer.request("CR-1").note or 0) == previous
