"""The presenter's side file (store/presence.py): replaced atomically without fsync, never the
store, and whatever is found in its place — missing, garbled, hostile — reads as None."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest

from reviewroom.store.errors import ReviewError
from reviewroom.store.presence import (
    CURSOR_NAME,
    CURSOR_TEMP,
    Cursor,
    parse_cursor,
    read_cursor,
    write_cursor,
)
from reviewroom.store.project import Project

GOOD = {"meeting": "M-1", "request": "CR-2", "top": "CR-1", "scroll": 0, "seq": 1}


def test_publishing_replaces_the_side_file_and_never_touches_the_store(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = project.store_path
    before = store.read_bytes(), os.stat(store)
    replaced: list[tuple[str, str]] = []
    replace = os.replace

    def recording(src: Any, dst: Any) -> None:
        replaced.append((Path(src).name, Path(dst).name))
        replace(src, dst)

    def no_fsync(fd: int) -> None:
        raise AssertionError("the side file is never fsynced")

    monkeypatch.setattr(os, "replace", recording)
    monkeypatch.setattr(os, "fsync", no_fsync)
    inodes = set()
    for n in range(1, 6):
        assert project.publish_cursor(f"CR-{n}", top="CR-1", scroll=n)
        inodes.add(os.stat(project.cursor_path).st_ino)
        assert read_cursor(project.path) == Cursor("M-1", f"CR-{n}", "CR-1", n, seq=n)
    assert replaced == [(CURSOR_TEMP, CURSOR_NAME)] * 5
    assert store.read_bytes() == before[0]
    assert os.stat(store).st_mtime_ns == before[1].st_mtime_ns
    assert os.stat(store).st_ino == before[1].st_ino
    assert not (project.path / CURSOR_TEMP).exists()
    assert project.cursor_path.name == CURSOR_NAME != store.name
    assert (project.cursor_path.stat().st_mode & 0o777) == 0o600


def test_an_unchanged_cursor_is_not_written_again(project: Project) -> None:
    assert project.publish_cursor("CR-1", top=None, scroll=0)
    first = os.stat(project.cursor_path)
    assert project.publish_cursor("CR-1", top=None, scroll=0)
    assert os.stat(project.cursor_path).st_ino == first.st_ino
    assert project.read_cursor() == Cursor("M-1", "CR-1", None, 0, seq=1)


def test_a_watcher_never_publishes(folder: Path) -> None:
    with Project.open(folder, readonly=True) as watcher, pytest.raises(ReviewError):
        watcher.publish_cursor("CR-1", top=None, scroll=0)
    assert not (folder / CURSOR_NAME).exists()


def test_a_missing_side_file_reads_as_none(folder: Path) -> None:
    assert read_cursor(folder) is None
    assert read_cursor(folder / "nowhere") is None


def hostile(**changes: object) -> bytes:
    """The good cursor with some fields changed (or removed, when given as ``...``)."""
    data = {**GOOD, **changes}
    return orjson.dumps({k: v for k, v in data.items() if v is not ...})


GARBLED = [
    b"", b"{", b"null", b"[]", b'"CR-1"', b"\xff\xfe not utf-8", b"{}" + b" " * 600,
    orjson.dumps({**GOOD, "extra": 1}),
    hostile(seq=...),
    hostile(request="[@click=app.quit]x[/]"),
    hostile(request="CR-1\x1b[31m"),
    hostile(request="CR-1\nM-2"),
    hostile(request="cr-1"),
    hostile(request="CR-١"),  # not an ASCII digit
    hostile(top="Bigger logo"),
    hostile(meeting="M-1; rm -rf ~"),
    hostile(meeting=1),
    hostile(scroll=-1),
    hostile(scroll=True),
    hostile(scroll=1.5),
    hostile(scroll="3"),
    hostile(scroll=10**12),
    hostile(seq=...)[:-1] + b',"seq":1000000000000000000000000000000}',
    hostile(seq=None),
]


@pytest.mark.parametrize("raw", GARBLED)
def test_garbled_or_hostile_content_reads_as_none(folder: Path, raw: bytes) -> None:
    (folder / CURSOR_NAME).write_bytes(raw)
    assert read_cursor(folder) is None
    assert parse_cursor(raw) is None


def test_the_good_cursor_reads_back(folder: Path) -> None:
    (folder / CURSOR_NAME).write_bytes(orjson.dumps(GOOD))
    assert read_cursor(folder) == Cursor("M-1", "CR-2", "CR-1", 0, 1)


def test_a_symlink_is_neither_read_nor_written_through(project: Project, tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_bytes(orjson.dumps(GOOD))
    project.cursor_path.symlink_to(victim)
    assert project.read_cursor() is None
    assert not project.publish_cursor("CR-3", top=None, scroll=0)
    assert victim.read_bytes() == orjson.dumps(GOOD)
    assert project.cursor_path.is_symlink()


def test_a_symlinked_temp_file_is_not_written_through(project: Project, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (project.path / CURSOR_TEMP).symlink_to(victim)
    assert not project.publish_cursor("CR-3", top=None, scroll=0)
    assert victim.read_text() == "keep me"
    assert project.read_cursor() is None


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_in_its_place_reads_as_none_at_once(
    project: Project, kind: str
) -> None:
    path = project.cursor_path
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(project.read_cursor()), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert result == [None]  # it did not block on the FIFO
    assert not project.publish_cursor("CR-1", top=None, scroll=0)
    assert not path.is_file()


def test_an_oversized_side_file_is_not_read(folder: Path) -> None:
    (folder / CURSOR_NAME).write_bytes(orjson.dumps(GOOD) + b" " * 10_000)
    assert read_cursor(folder) is None


def test_a_write_failure_is_not_the_meetings_problem(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert not write_cursor(project.path, Cursor("M-1", "CR-1"))
    assert not (project.path / CURSOR_TEMP).exists()
