"""The journal (issue 13): appended commits, torn tails, damage, stale journals, compaction.

A "crash" is simulated by copying the files as they are on disk while the writer is still open
(its ``close`` would compact), which is what a SIGKILL leaves; tests/domain/test_crash.py kills
real writers.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from tinydb import TinyDB

import reviewroom.store.storage as storage_module
from reviewroom.store.errors import DamagedFileError
from reviewroom.store.journal import journal_path, parse
from reviewroom.store.journal_table import JournalTable
from reviewroom.store.project import Project
from reviewroom.store.storage import AtomicJSONStorage, backup_path, load_tables, serialise
from tests.conftest import ProjectFactory
from tests.support import run_cli

STORE = "reviewroom.json"


class JournalDB(TinyDB):
    """TinyDB whose tables tell the storage what they touched."""

    table_class = JournalTable


def open_db(path: Path, **kwargs: Any) -> JournalDB:
    """A journalling TinyDB on our storage."""
    return JournalDB(path, storage=AtomicJSONStorage, **kwargs)


def read_store(path: Path) -> Any:
    """The store as a fresh reader sees it (snapshot plus journal)."""
    return AtomicJSONStorage(path, access_mode="r").read()


def crash_copy(store: Path, dest: Path) -> Path:
    """The store and its journal as a SIGKILL would leave them, copied to ``dest``."""
    dest.mkdir()
    shutil.copyfile(store, dest / store.name)
    if journal_path(store).exists():
        shutil.copyfile(journal_path(store), journal_path(dest / store.name))
    return dest / store.name


def journalled(tmp_path: Path) -> tuple[Path, list[Any], bytes]:
    """A store whose journal holds three commits: the copy, the states after each line (the
    first: the snapshot alone), and the journal's bytes."""
    path = tmp_path / "live" / STORE
    path.parent.mkdir()
    db = open_db(path)
    db.insert({"n": 0, "text": "zażółć gęślą jaźń"})  # the session's first write: the snapshot
    states = [read_store(path)]
    db.insert({"n": 1})
    states.append(read_store(path))
    db.update({"n": 2, "who": "Zoë"}, doc_ids=[1])
    states.append(read_store(path))
    db.table("other").insert({"k": "v"})
    states.append(read_store(path))
    copy = crash_copy(path, tmp_path / "crashed")
    db.close()
    return copy, states, journal_path(copy).read_bytes()


# ------------------------------------------------------------------ commits are appended


def test_commits_append_to_the_journal_and_close_compacts(tmp_path: Path) -> None:
    path = tmp_path / STORE
    with open_db(path) as db:
        db.insert({"n": 0})
        snapshot = path.read_bytes()
        for n in range(1, 6):
            db.insert({"n": n})
        assert path.read_bytes() == snapshot, "later commits leave the snapshot alone"
        lines = journal_path(path).read_bytes().splitlines()
        assert len(lines) == 1 + 5, "a header and one line per commit"
        assert [d["n"] for d in read_store(path)["_default"].values()] == list(range(6))
    assert not journal_path(path).exists(), "close compacts the journal away"
    assert path.read_bytes() == serialise(load_tables(path)), "sorted, indented, as ever"


def test_project_commits_append_and_the_folder_at_rest_is_one_sorted_file(
    new_project: ProjectFactory, tmp_path: Path
) -> None:
    folder = new_project(meeting="Review", requests=["Bigger logo"])
    with Project.open(folder) as project:
        project.add_request("Shorter quiz")  # the session's first commit: a full write
        snapshot = (folder / STORE).read_bytes()
        project.update_request("CR-1", note="checked")
        project.add_request("Warmer colours")
        assert (folder / STORE).read_bytes() == snapshot
        assert len(journal_path(folder / STORE).read_bytes().splitlines()) == 3
        crashed = crash_copy(folder / STORE, tmp_path / "crashed")
    assert not journal_path(folder / STORE).exists()
    at_rest = (folder / STORE).read_bytes()
    assert at_rest == serialise(load_tables(folder / STORE))
    assert serialise(read_store(crashed)) == at_rest, "the journal replays to the same store"


# ------------------------------------------------------------------ torn and damaged lines


def test_a_cut_at_every_byte_loses_only_the_torn_line(tmp_path: Path) -> None:
    copy, states, journal = journalled(tmp_path)
    line_ends = [i + 1 for i, byte in enumerate(journal) if byte == ord("\n")]
    assert len(line_ends) == 4
    for cut in range(len(journal) + 1):
        sound_commits = max(0, sum(end <= cut for end in line_ends) - 1)
        for tail in (b"", b"\0" * (len(journal) - cut)):  # cut short, or zeros after a power cut
            journal_path(copy).write_bytes(journal[:cut] + tail)
            assert read_store(copy) == states[sound_commits], (cut, tail[:1])


def test_a_bad_line_before_the_last_is_damage_named_with_its_line(tmp_path: Path) -> None:
    copy, _, journal = journalled(tmp_path)
    lines = journal.splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"n":2', b'"n":3')  # the CRC no longer matches
    journal_path(copy).write_bytes(b"".join(lines))
    with pytest.raises(DamagedFileError) as caught:
        read_store(copy)
    message = str(caught.value)
    assert "line 3" in message and "\n" not in message
    assert "reviewroom restore" not in message  # no .bak beside the copy: nothing to restore
    lines[2] = b"not a journal line at all\n"
    journal_path(copy).write_bytes(b"".join(lines))
    with pytest.raises(DamagedFileError, match="line 3"):
        read_store(copy)


def test_a_bad_header_with_commits_after_it_is_damage(tmp_path: Path) -> None:
    copy, _, journal = journalled(tmp_path)
    journal_path(copy).write_bytes(b"00000000 {}\n" + journal.split(b"\n", 1)[1])
    with pytest.raises(DamagedFileError, match="line 1"):
        read_store(copy)


def one_error_line(result: Result) -> str:
    """Exit 1 with one ``Error: …`` line and no traceback."""
    assert result.exit_code == 1, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_a_damaged_journal_is_refused_then_restored(
    home: Path, new_project: ProjectFactory
) -> None:
    folder = new_project(meeting="Review", requests=["Bigger logo", "Shorter quiz"])
    with Project.open(folder) as project:  # a session that journals, then "crashes"
        project.update_request("CR-1", note="one")
        project.update_request("CR-1", note="two")
        project.update_request("CR-2", note="three")
        crashed = crash_copy(folder / STORE, home / "crashed")
    shutil.copyfile(crashed, folder / STORE)
    shutil.copyfile(journal_path(crashed), journal_path(folder / STORE))
    shutil.rmtree(home / "crashed")
    journal = journal_path(folder / STORE)
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1][:20] + b"#" + lines[1][21:]
    journal.write_bytes(b"".join(lines))
    before = journal.read_bytes()
    line = one_error_line(run_cli(home, "request", "list", "acme"))
    assert "reviewroom.json.journal" in line and "reviewroom restore" in line
    assert journal.read_bytes() == before, "a refused open changes nothing"
    assert run_cli(home, "restore", "acme").exit_code == 0
    assert (folder / "reviewroom.json.journal.damaged").read_bytes() == before
    assert not journal.exists()
    assert run_cli(home, "request", "list", "acme").exit_code == 0


# ------------------------------------------------------------------ compaction


def test_the_compaction_crash_window(tmp_path: Path) -> None:
    """Compaction writes the new snapshot, then removes the journal. Killed before the new
    snapshot lands: the old one and its journal. Killed after: a stale journal, ignored (its
    commits are in the snapshot; replaying them would change nothing either)."""
    copy, states, journal = journalled(tmp_path)
    assert read_store(copy) == states[-1], "before: snapshot plus journal"
    compacted = serialise(states[-1])
    copy.write_bytes(compacted)  # the new snapshot is in place, the journal not removed yet
    assert read_store(copy) == states[-1], "after: the stale journal is ignored"
    assert parse(journal, journal_path(copy), backup_path(copy)).commits, "it still has commits"
    other = {"_default": {"1": {"n": "put back by hand"}}}
    copy.write_bytes(serialise(other))  # any other snapshot (a git checkout, say)
    assert read_store(copy) == other, "a journal belongs to the snapshot its header names"
    copy.write_bytes(compacted)
    with open_db(copy) as db:  # the next writer's first write compacts it away
        assert db.get(doc_id=1) == {"n": 2, "who": "Zoë", "text": "zażółć gęślą jaźń"}
        db.insert({"n": 3})
        assert not journal_path(copy).exists()
        db.insert({"n": 4})
    assert [d["n"] for d in load_tables(copy)["_default"].values()] == [2, 1, 3, 4]


def test_a_stale_journal_that_happens_to_match_replays_harmlessly(tmp_path: Path) -> None:
    """Even a stale journal taken for current (a CRC collision) only repeats final states."""
    copy, states, journal = journalled(tmp_path)
    replay = parse(journal, journal_path(copy), backup_path(copy))
    data = states[-1]
    for record in replay.commits:
        storage_module.apply(data, record)
    assert data == states[-1]


def test_the_journal_is_compacted_past_its_size_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage_module, "JOURNAL_FLOOR", 2000)
    path = tmp_path / STORE
    biggest = 0
    with open_db(path) as db:
        db.insert({"n": 0})
        for n in range(1, 200):
            db.update({"n": n, "pad": "x" * 40}, doc_ids=[1])
            size = journal_path(path).stat().st_size if journal_path(path).exists() else 0
            biggest = max(biggest, size)
        assert read_store(path)["_default"]["1"]["n"] == 199
    assert 2000 < biggest < 2200, "one line past the floor, then a full write"


def test_a_failed_append_loses_nothing_and_the_next_write_starts_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / STORE
    db = open_db(path)
    db.insert({"n": 0})
    db.insert({"n": 1})
    real_fdatasync = storage_module.os.fdatasync

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "fdatasync", full_disk)
    with pytest.raises(OSError, match="No space"):
        db.insert({"n": 2})
    monkeypatch.setattr(storage_module.os, "fdatasync", real_fdatasync)
    # the line may be on disk (unacknowledged, like a write in flight at a kill), or not
    assert [d["n"] for d in db.all()] in ([0, 1], [0, 1, 2]), "the disk, not the mutated cache"
    snapshot = path.read_bytes()
    db.insert({"n": 3})
    assert path.read_bytes() != snapshot, "the next write is a full one"
    assert not journal_path(path).exists(), "which removed the journal and its torn tail"
    db.close()
    assert [d["n"] for d in load_tables(path)["_default"].values()] in ([0, 1, 3], [0, 1, 2, 3])


# ------------------------------------------------------------------ backup and readers


def test_the_backup_after_a_crashed_session_is_one_compacted_file(tmp_path: Path) -> None:
    copy, states, _ = journalled(tmp_path)
    with open_db(copy) as db:
        db.insert({"n": 9})
    assert load_tables(backup_path(copy)) == states[-1], "the journal's commits are in the .bak"
    assert backup_path(copy).read_bytes() == serialise(states[-1])


def test_a_reader_follows_the_journal_reading_only_what_was_appended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / STORE
    writer = open_db(path)
    writer.insert({"n": 0})
    writer.insert({"n": 1})
    reader = AtomicJSONStorage(path, access_mode="r")
    assert len(reader.read()["_default"]) == 2  # type: ignore[index]
    parsed: list[Path] = []
    reads: list[int] = []
    real_load, real_read_from = storage_module.load_snapshot, storage_module.read_from

    def counting_load(p: Path, *args: Any) -> Any:
        parsed.append(p)
        return real_load(p, *args)

    def counting_read_from(p: Path, offset: int) -> bytes:
        got = real_read_from(p, offset)
        reads.append(len(got))
        return got

    monkeypatch.setattr(storage_module, "load_snapshot", counting_load)
    monkeypatch.setattr(storage_module, "read_from", counting_read_from)
    for n in range(2, 12):
        writer.insert({"n": n, "text": "a longer document " * 5})
        assert reader.read()["_default"][str(n + 1)]["n"] == n  # type: ignore[index]
    assert parsed == [], "the snapshot is not parsed again"
    assert len(reads) == 10 and max(reads) < 200, "each read takes only the appended line"
    writer.close()  # compaction: a new snapshot, so the reader reads it whole once
    assert len(reader.read()["_default"]) == 12  # type: ignore[index]
    assert len(parsed) == 1


def test_a_watching_project_sees_journalled_changes(new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Review", requests=["Bigger logo"])
    with Project.open(folder) as writer, Project.open(folder, readonly=True) as watcher:
        writer.update_request("CR-1", note="first")  # full write
        assert watcher.refresh() and watcher.request("CR-1").note == "first"
        writer.update_request("CR-1", note="second")  # appended
        assert watcher.refresh() and watcher.request("CR-1").note == "second"
        assert not watcher.refresh(), "nothing changed: one stat each, no read"
        writer.add_request("Shorter quiz")
        assert watcher.refresh() and len(watcher.requests()) == 2


def test_a_session_that_writes_nothing_leaves_a_crash_journal_alone(tmp_path: Path) -> None:
    """Opening writes nothing, even over a journal a crash left; the first write folds it in."""
    copy, states, journal = journalled(tmp_path)
    snapshot = copy.read_bytes()
    with open_db(copy) as db:
        assert db.all() == [states[-1]["_default"]["1"], states[-1]["_default"]["2"]]
    assert copy.read_bytes() == snapshot and journal_path(copy).read_bytes() == journal
    with open_db(copy) as db:
        db.insert({"n": 5})
        assert not journal_path(copy).exists()


def test_what_only_the_stdlib_writes_is_journalled_too(tmp_path: Path) -> None:
    """Integers beyond 64 bits (orjson refuses them) go through the stdlib, as in the file."""
    path = tmp_path / STORE
    with open_db(path) as db:
        db.insert({"n": 0})
        db.insert({"big": 2**70, "votes": {1: "yes"}})
        db.update({"n": 2**65}, doc_ids=[1])
        assert read_store(path)["_default"] == {
            "1": {"n": 2**65}, "2": {"big": 2**70, "votes": {"1": "yes"}}}
    assert load_tables(path)["_default"]["2"]["big"] == 2**70
