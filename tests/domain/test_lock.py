"""One writer per project: the flock-based ProjectLock, across processes and through Project.

flock locks belong to an open file description, so the competing writer always runs in a child
process here (a second lock in the same process is also refused, but that proves less).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewroom.store.errors import LockHeldError
from reviewroom.store.lock import LOCK_NAME, ProjectLock, holder_path, read_holder
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.support import brief_text

ROOT = Path(__file__).resolve().parents[2]

BRIEF = brief_text(title="Cash-up training")

# A child that takes the lock (bare ProjectLock, or Project.open), says "held <pid>", and then
# obeys "release" / "acquire" / "quit" lines on stdin.
HOLDER = """
import sys
from pathlib import Path
from reviewroom.store.lock import ProjectLock
from reviewroom.store.project import Project

kind, folder = sys.argv[1], Path(sys.argv[2])
if kind == "lock":
    holder = ProjectLock(folder)
    holder.acquire()
    release, acquire = holder.release, holder.acquire
else:
    holder = Project.open(folder)
    release, acquire = holder.close, None
print("held", flush=True)
for line in sys.stdin:
    command = line.strip()
    if command == "release":
        release()
        print("released", flush=True)
    elif command == "acquire" and acquire:
        acquire()
        print("held", flush=True)
    elif command == "quit":
        break
"""

# A child that tries to become a second writer and reports what happened on one line.
CONTENDER = """
import sys
from pathlib import Path
from reviewroom.store.errors import LockHeldError
from reviewroom.store.lock import ProjectLock
from reviewroom.store.project import Project

kind, folder = sys.argv[1], Path(sys.argv[2])
try:
    if kind == "lock":
        ProjectLock(folder).acquire()
    elif kind == "reader":
        with Project.open(folder, readonly=True) as project:
            print("read", len(project.requests()), project.criteria_version, flush=True)
            sys.exit(0)
    else:
        Project.open(folder).close()
except LockHeldError as exc:
    print("refused", exc, flush=True)
    sys.exit(3)
print("acquired", flush=True)
"""


class Holder:
    """A child process holding the lock, driven line by line."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, kind, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.expect("held")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, command: str, reply: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        self.expect(reply)

    def expect(self, reply: str) -> None:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line == reply, f"holder said {line!r}, expected {reply!r}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream:
                stream.close()


@pytest.fixture
def hold() -> Iterator[Callable[[str, Path], Holder]]:
    """``hold(kind, folder)`` starts a child holding the lock (``lock`` or ``project``)."""
    holders: list[Holder] = []

    def start(kind: str, folder: Path) -> Holder:
        holders.append(Holder(kind, folder))
        return holders[-1]

    yield start
    for holder in holders:
        holder.stop()


def contend(kind: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a second would-be writer (or a reader) in a child process."""
    return subprocess.run(
        [sys.executable, "-c", CONTENDER, kind, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )


def assert_names_holder(message: str, folder: Path, pid: int) -> None:
    """The refusal names the project, user, host, pid and since of the holder."""
    assert str(folder) in message
    assert f"{getpass.getuser()}@{socket.gethostname()}" in message
    assert f"pid {pid}" in message
    since = message.split(" since ", 1)[1].split(";", 1)[0]
    stamp = dt.datetime.fromisoformat(since)
    assert stamp.tzinfo is not None
    assert abs(dt.datetime.now().astimezone() - stamp) < dt.timedelta(minutes=5)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A bare folder for ProjectLock tests."""
    path = tmp_path / "proj"
    path.mkdir()
    return path


@pytest.fixture
def proj(new_project: ProjectFactory) -> Path:
    """A real project folder with one live meeting and one request, closed again."""
    return new_project("cashup", brief=BRIEF, meeting="Alpha review",
                       requests=[{"request": "Make the logo bigger", "by": "Client"}])


# ---------------------------------------------------------------------------- ProjectLock


def test_second_lock_in_another_process_is_refused(
    folder: Path, hold: Callable[..., Holder]
) -> None:
    holder = hold("lock", folder)
    with pytest.raises(LockHeldError) as caught:
        ProjectLock(folder).acquire()
    assert_names_holder(str(caught.value), folder, holder.pid)
    info = read_holder(folder / LOCK_NAME)
    assert info["pid"] == holder.pid


def test_child_is_refused_while_parent_holds(folder: Path) -> None:
    lock = ProjectLock(folder)
    lock.acquire()
    try:
        result = contend("lock", folder)
        assert result.returncode == 3, result.stderr
        assert result.stdout.startswith("refused ")
        assert_names_holder(result.stdout, folder, os.getpid())
    finally:
        lock.release()
    result = contend("lock", folder)
    assert (result.returncode, result.stdout.strip()) == (0, "acquired"), result.stderr


def test_second_lock_in_the_same_process_is_refused(folder: Path) -> None:
    first, second = ProjectLock(folder), ProjectLock(folder)
    first.acquire()
    with pytest.raises(LockHeldError):
        second.acquire()
    assert not second.held
    first.release()
    second.acquire()
    assert second.held
    second.release()


def test_release_then_acquire(folder: Path, hold: Callable[..., Holder]) -> None:
    holder = hold("lock", folder)
    holder.send("release", "released")
    assert read_holder(folder / LOCK_NAME) == {}, "a released lock names nobody"
    mine = ProjectLock(folder)
    mine.acquire()
    assert read_holder(folder / LOCK_NAME)["pid"] == os.getpid()
    mine.release()
    holder.send("acquire", "held")
    with pytest.raises(LockHeldError):
        ProjectLock(folder).acquire()
    assert (folder / LOCK_NAME).stat().st_mode & 0o777 == 0o600


def test_lock_is_free_after_holder_is_killed(folder: Path, hold: Callable[..., Holder]) -> None:
    holder = hold("lock", folder)
    with pytest.raises(LockHeldError):
        ProjectLock(folder).acquire()
    os.kill(holder.pid, signal.SIGKILL)
    holder.proc.wait(timeout=10)
    assert read_holder(folder / LOCK_NAME)["pid"] == holder.pid, "stale details"
    lock = ProjectLock(folder)
    lock.acquire()  # the OS dropped the dead holder's lock; its leftover details do not matter
    assert read_holder(folder / LOCK_NAME)["pid"] == os.getpid()
    lock.release()


def test_release_twice_is_harmless(folder: Path) -> None:
    lock = ProjectLock(folder)
    lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held


# ---------------------------------------------------------------------------- through Project


def test_second_writer_project_is_refused_with_holder_named(proj: Path) -> None:
    with Project.open(proj) as project:
        assert not project.readonly
        result = contend("project", proj)
        assert result.returncode == 3, result.stderr
        assert result.stdout.startswith("refused ")
        assert_names_holder(result.stdout, proj, os.getpid())
    result = contend("project", proj)
    assert (result.returncode, result.stdout.strip()) == (0, "acquired"), result.stderr


def test_project_refused_while_child_writer_holds(proj: Path, hold: Callable[..., Holder]) -> None:
    holder = hold("project", proj)
    before = (proj / "reviewroom.json").read_bytes()
    with pytest.raises(LockHeldError) as caught:
        Project.open(proj)
    assert_names_holder(str(caught.value), proj, holder.pid)
    assert (proj / "reviewroom.json").read_bytes() == before
    holder.send("release", "released")
    Project.open(proj).close()


def test_reader_works_while_writer_holds(proj: Path, hold: Callable[..., Holder]) -> None:
    hold("project", proj)
    leftover = proj / ".reviewroom.json.zz9.tmp"
    leftover.write_bytes(b"{")
    with Project.open(proj, readonly=True) as reader:
        assert [r.request for r in reader.requests()] == ["Make the logo bigger"]
        assert reader.live_meeting is not None
    result = contend("reader", proj)
    assert (result.returncode, result.stdout.strip()) == (0, "read 1 1"), result.stderr
    assert leftover.exists(), "a reader never cleans the writer's folder"


def test_writer_is_free_after_killed_project_holder(
    proj: Path, hold: Callable[..., Holder]
) -> None:
    holder = hold("project", proj)
    os.kill(holder.pid, signal.SIGKILL)
    holder.proc.wait(timeout=10)
    with Project.open(proj) as project:
        assert [r.id for r in project.requests()] == ["CR-1"]
        project.update_request("CR-1", owner="Ann")


# ---------------------------------------------------------------------------- naming the holder

# A child in the instant every holder passes through: it has the flock but has not yet named
# itself (its holder file is missing, or names a holder that died); it names itself after 0.3 s.
UNNAMED = """
import fcntl, json, os, sys, time
from pathlib import Path
from reviewroom.store.files import atomic_write_bytes
from reviewroom.store.lock import LOCK_NAME, holder_info, holder_path

lock = Path(sys.argv[1]) / LOCK_NAME
fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(0.3)
atomic_write_bytes(holder_path(lock), json.dumps(holder_info()).encode())
sys.stdin.read()
"""


@pytest.mark.parametrize("leftover", ["none", "a dead holder's"])
def test_a_holder_that_has_not_named_itself_yet_is_still_named(
    folder: Path, leftover: str
) -> None:
    if leftover != "none":
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
        stale = {"user": "gone", "host": socket.gethostname(), "pid": int(dead.stdout),
                 "since": "2026-01-01T00:00:00+00:00"}
        holder_path(folder / LOCK_NAME).write_text(json.dumps(stale))
    child = subprocess.Popen([sys.executable, "-c", UNNAMED, str(folder)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeldError) as caught:
            ProjectLock(folder).acquire()
        assert_names_holder(str(caught.value), folder, child.pid)
    finally:
        child.kill()
        child.wait(timeout=10)
        for stream in (child.stdin, child.stdout):
            if stream:
                stream.close()


def test_the_holder_file_is_gone_once_the_lock_is_released(folder: Path) -> None:
    lock = ProjectLock(folder)
    lock.acquire()
    assert read_holder(folder / LOCK_NAME)["pid"] == os.getpid()
    assert (folder / LOCK_NAME).read_bytes() == b"", "the locked file itself is never rewritten"
    lock.release()
    assert not lock.holder_path.exists()
    assert read_holder(folder / LOCK_NAME) == {}


def test_naming_the_holder_replaces_its_file_atomically_without_fsync(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holder file only names a running process (the flock dies with it): opening a project
    does not wait for the disk to write it, but a refused writer still never reads half of it."""
    replaced: list[str] = []
    replace = os.replace

    def recording(src: str, dst: str) -> None:
        replaced.append(Path(dst).name)
        replace(src, dst)

    def no_fsync(fd: int) -> None:
        raise AssertionError("the holder file is never fsynced")

    monkeypatch.setattr(os, "replace", recording)
    monkeypatch.setattr(os, "fsync", no_fsync)
    lock = ProjectLock(folder)
    lock.acquire()
    assert replaced == [lock.holder_path.name]
    assert read_holder(folder / LOCK_NAME)["pid"] == os.getpid()
    lock.release()
