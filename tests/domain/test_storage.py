"""AtomicJSONStorage: TinyDB use, deterministic format, backups, damage, cache, failed writes."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

import reviewroom.store.storage as storage_module
from reviewroom.store.errors import DamagedFileError
from reviewroom.store.storage import AtomicJSONStorage, backup_path
from tests.helpers_deadline import deadline

STORE = "reviewroom.json"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the store goes (not created)."""
    return tmp_path / STORE


def open_db(path: Path, **kwargs: Any) -> TinyDB:
    """A TinyDB on our storage, exactly as a user of JSONStorage would write it."""
    return TinyDB(path, storage=AtomicJSONStorage, **kwargs)


def temps(folder: Path) -> list[Path]:
    """Leftover (or stray) temp files of the store in ``folder``."""
    return sorted(folder.glob(f".{STORE}.*.tmp"))


def tables(path: Path) -> Any:
    """The file's content as parsed by the stdlib, independent of the code under test."""
    return json.loads(path.read_text("utf-8"))


# ---------------------------------------------------------------------------- ordinary use


def test_insert_search_update_remove_and_reopen(path: Path) -> None:
    doc = Query()
    with open_db(path) as db:
        first = db.insert({"id": "CR-1", "owner": "Ann", "verdict": "pending"})
        more = db.insert_multiple(
            [
                {"id": "CR-2", "owner": "Bob", "verdict": "consistent"},
                {"id": "CR-3", "owner": "Ann", "verdict": "unclear"},
                {"id": "CR-4", "owner": "Cy", "verdict": "pending"},
            ]
        )
        assert (first, more) == (1, [2, 3, 4])
        assert [d["id"] for d in db.search(doc.owner == "Ann")] == ["CR-1", "CR-3"]
        assert db.update({"verdict": "consistent"}, doc.id == "CR-1") == [1]
        assert db.remove(doc.owner == "Cy") == [4]
        assert db.get(doc_id=1)["verdict"] == "consistent"  # type: ignore[index]
        assert len(db) == 3

    with open_db(path) as db:
        assert db.all() == [
            {"id": "CR-1", "owner": "Ann", "verdict": "consistent"},
            {"id": "CR-2", "owner": "Bob", "verdict": "consistent"},
            {"id": "CR-3", "owner": "Ann", "verdict": "unclear"},
        ]
        assert [d.doc_id for d in db.all()] == [1, 2, 3]
        assert db.count(doc.verdict == "consistent") == 2
        assert db.insert({"id": "CR-5"}) == 4  # next after the highest, as with JSONStorage


def test_several_tables(path: Path) -> None:
    with open_db(path) as db:
        db.table("meetings").insert({"id": "M-1", "title": "Kick-off"})
        db.table("requests").insert_multiple([{"id": "CR-1"}, {"id": "CR-2"}])
        db.table("meta").insert({"schema": 1})
        db.table("requests").update({"owner": "Ann"}, doc_ids=[2])
    with open_db(path) as db:
        assert db.tables() == {"meetings", "requests", "meta"}
        assert db.table("meetings").all() == [{"id": "M-1", "title": "Kick-off"}]
        assert db.table("requests").all() == [{"id": "CR-1"}, {"id": "CR-2", "owner": "Ann"}]
        assert db.table("meta").get(doc_id=1) == {"schema": 1}
        db.drop_table("meetings")
    assert set(tables(path)) == {"requests", "meta"}


def test_upsert_and_truncate(path: Path) -> None:
    q = Query()
    with open_db(path) as db:
        db.upsert({"id": "CR-1", "owner": "Ann"}, q.id == "CR-1")
        db.upsert({"id": "CR-1", "owner": "Bob"}, q.id == "CR-1")
        assert db.all() == [{"id": "CR-1", "owner": "Bob"}]
        db.truncate()
        assert db.all() == []
    assert tables(path) == {"_default": {}}


# ---------------------------------------------------------------------------- format


SAMPLE = {
    "requests": {
        "2": {
            "request": "Logo większe — zażółć gęślą jaźń",
            "quote": 'He said "bigger" \\ then left\nfor lunch\t(!)',
            "criteria": ["R1", "B2"],
            "due": None,
            "ok": True,
            "score": 2.5,
            "emoji": "😀",
            "html": "</script><b>",
            "history": [],
            "extra": {},
        },
        "10": {"z": -3, "a": "x"},
    },
    "_default": {},
    "meta": {"1": {"schema": 1}},
}


def test_default_format_is_sorted_two_space_utf8(path: Path) -> None:
    AtomicJSONStorage(path).write(SAMPLE)
    raw = path.read_bytes()
    assert "zażółć gęślą jaźń".encode() in raw, "non-ASCII is kept as is, not \\u-escaped"
    assert "😀".encode() in raw
    expected = json.dumps(SAMPLE, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert raw == expected.encode("utf-8")
    assert raw.startswith(b'{\n  "_default": {},\n  "meta": {\n    "1": {\n      "schema": 1')


def test_same_data_twice_is_byte_identical(tmp_path: Path) -> None:
    reordered = {k: SAMPLE[k] for k in reversed(list(SAMPLE))}
    reordered["requests"] = {
        k: dict(reversed(list(v.items()))) for k, v in reversed(list(SAMPLE["requests"].items()))
    }
    AtomicJSONStorage(tmp_path / "a.json").write(SAMPLE)
    AtomicJSONStorage(tmp_path / "b.json").write(reordered)
    AtomicJSONStorage(tmp_path / "a.json").write(SAMPLE)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_same_edits_through_tinydb_give_identical_files(tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        with open_db(tmp_path / name) as db:
            db.table("requests").insert_multiple([{"id": f"CR-{n}", "n": n} for n in range(20)])
            db.table("requests").update({"owner": "Zoë"}, doc_ids=[3, 7])
            db.table("meta").insert({"schema": 1})
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


JSON_KWARGS = [
    {"indent": 4},
    {"ensure_ascii": True},
    {"sort_keys": True},
    {"separators": (",", ":")},
    {"indent": 4, "sort_keys": True, "ensure_ascii": False, "separators": (",", ": ")},
]


@pytest.mark.parametrize("kwargs", JSON_KWARGS, ids=lambda k: ",".join(k))
def test_json_kwargs_are_honoured_like_jsonstorage(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    ours, stock = tmp_path / "ours.json", tmp_path / "stock.json"
    for target, storage in ((ours, AtomicJSONStorage), (stock, JSONStorage)):
        with TinyDB(target, storage=storage, encoding="utf-8", **kwargs) as db:
            db.insert({"b": "zażółć", "a": [1, 2, {"y": None, "x": True}]})
            db.table("other").insert_multiple([{"k": "ü"}, {"k": "v"}])
            db.update({"b": "done"}, doc_ids=[1])
    assert ours.read_bytes() == stock.read_bytes()
    with TinyDB(ours, storage=AtomicJSONStorage, **kwargs) as db:
        assert db.all() == [{"b": "done", "a": [1, 2, {"y": None, "x": True}]}]


def test_non_string_keys_are_accepted_like_jsonstorage(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"votes": {1: "yes", 2: "no"}})
    assert b'"1": "yes"' in path.read_bytes()
    with open_db(path) as db:
        assert db.all() == [{"votes": {"1": "yes", "2": "no"}}]


def test_unserialisable_value_raises_and_poisons_nothing(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"id": "CR-1"})
        before = path.read_bytes()
        with pytest.raises(TypeError):
            db.insert({"id": "CR-2", "when": object()})
        assert path.read_bytes() == before
        assert db.all() == [{"id": "CR-1"}], "the refused document must not linger in the cache"
        db.insert({"id": "CR-3"})
    assert [d["id"] for d in tables(path)["_default"].values()] == ["CR-1", "CR-3"]


# ---------------------------------------------------------------------------- files on disk


def test_file_mode_is_0600_even_with_a_lax_umask(path: Path) -> None:
    old = os.umask(0)
    try:
        with open_db(path) as db:
            db.insert({"a": 1})
        with open_db(path) as db:
            db.insert({"a": 2})  # second session: writes the .bak too
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o600


def test_missing_file_reads_empty_and_is_created_on_first_write(path: Path) -> None:
    with open_db(path) as db:
        assert db.all() == []
        assert db.tables() == set()
        assert db.search(Query().a == 1) == []
        assert not path.exists(), "reading must not create the file"
        assert list(path.parent.iterdir()) == []
        db.insert({"a": 1})
        assert path.exists()
    assert tables(path) == {"_default": {"1": {"a": 1}}}
    assert not backup_path(path).exists(), "no .bak when there was no file before"
    assert temps(path.parent) == []


def test_missing_file_in_read_mode(path: Path) -> None:
    with open_db(path, access_mode="r") as db:
        assert db.all() == []
    assert not path.exists()


def test_create_dirs(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / STORE
    with open_db(target, create_dirs=True) as db:
        db.insert({"a": 1})
    assert tables(target) == {"_default": {"1": {"a": 1}}}


def plant_leftovers(folder: Path) -> tuple[list[Path], list[Path]]:
    """Temp files a killed writer could leave, and unrelated files that must survive."""
    leftovers = [folder / f".{STORE}.k3j_x9a.tmp", folder / f".{STORE}.bak.q1w2e3.tmp"]
    unrelated = [
        folder / ".other.json.abc.tmp",
        folder / f"{STORE}.notes",
        folder / f".{STORE}.swp",
        folder / "brief.md",
    ]
    for f in leftovers + unrelated:
        f.write_bytes(b'{"half": ')
    return leftovers, unrelated


def test_leftover_temps_removed_on_open_for_writing(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"a": 1})
    leftovers, unrelated = plant_leftovers(path.parent)
    db = open_db(path)
    assert not any(f.exists() for f in leftovers)
    assert all(f.exists() for f in unrelated)
    assert db.all() == [{"a": 1}]
    db.close()


def test_leftover_temps_kept_in_read_mode(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"a": 1})
    leftovers, unrelated = plant_leftovers(path.parent)
    with open_db(path, access_mode="r") as db:
        assert db.all() == [{"a": 1}]
    assert all(f.exists() for f in leftovers + unrelated), "a reader never touches the folder"


def test_backup_written_before_first_write_of_each_session(path: Path) -> None:
    bak = backup_path(path)
    with open_db(path) as db:
        db.insert({"n": 1})
        db.insert({"n": 2})
    assert not bak.exists(), "no previous file, so nothing to back up"
    session1 = path.read_bytes()

    with open_db(path) as db:
        assert len(db) == 2
        assert not bak.exists(), "reading alone writes no .bak"
        db.insert({"n": 3})
        assert bak.read_bytes() == session1
        db.insert({"n": 4})
        db.update({"n": 40}, doc_ids=[4])
        assert bak.read_bytes() == session1, "only the first write of a session backs up"
    session2 = path.read_bytes()
    assert session2 != session1

    with open_db(path, access_mode="r") as db:
        assert len(db) == 4
    assert bak.read_bytes() == session1, "a reader never writes the .bak"

    with open_db(path) as db:
        db.remove(doc_ids=[1])
    assert bak.read_bytes() == session2
    assert temps(path.parent) == []


# ---------------------------------------------------------------------------- damaged files

GOOD = b'{\n  "_default": {\n    "1": {\n      "a": 1\n    }\n  }\n}\n'
DAMAGED = {
    "zero-bytes": b"",
    "whitespace": b"  \n\t \n",
    "truncated": GOOD[: len(GOOD) // 2],
    "invalid": b'{"_default": {"1": {"a": 1,}}}',
    "not-utf8": b'{"_default": {"1": {"a": "\xff\xfe"}}}',
    "list": b'[{"a": 1}]',
    "null": b"null",
    "table-not-dict": b'{"_default": [1, 2]}',
    "one-table-not-dict": b'{"_default": {"1": {"a": 1}}, "meta": 3}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
@pytest.mark.parametrize("with_bak", [False, True], ids=["no-bak", "good-bak"])
def test_damaged_file_is_refused_and_left_untouched(
    path: Path, content: bytes, with_bak: bool
) -> None:
    path.write_bytes(content)
    bak = backup_path(path)
    if with_bak:
        bak.write_bytes(GOOD)
    for mode in ("r+", "r"):
        db = open_db(path, access_mode=mode)
        actions = (
            db.all,
            lambda db=db: db.insert({"b": 2}),
            lambda db=db: db.table("x").insert({}),
        )
        for action in actions:
            with pytest.raises(DamagedFileError) as caught:
                action()
            message = str(caught.value)
            assert str(path) in message
            assert str(bak) in message
        db.close()
    assert path.read_bytes() == content, "a damaged file is never rewritten"
    if with_bak:
        assert bak.read_bytes() == GOOD, "a damaged file never overwrites a good .bak"
    else:
        assert not bak.exists(), "a damaged file is never copied to .bak"
    assert temps(path.parent) == []


def test_backup_is_taken_even_when_the_first_write_fails(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_db(path) as db:
        db.insert({"n": 1})
    session1 = path.read_bytes()
    real_replace = os.replace

    def disk_full(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    with open_db(path) as db:
        monkeypatch.setattr(storage_module.os, "replace", disk_full)
        with pytest.raises(OSError):
            db.insert({"n": 2})  # neither the backup nor the store could be written
        assert not backup_path(path).exists()
        monkeypatch.setattr(storage_module.os, "replace", real_replace)
        db.insert({"n": 3})  # space again: the backup comes first
    assert backup_path(path).read_bytes() == session1
    assert [d["n"] for d in tables(path)["_default"].values()] == [1, 3]


def test_backup_can_be_left_to_the_caller(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"n": 1})
    with open_db(path, backup=False) as db:
        db.insert({"n": 2})
    assert not backup_path(path).exists()
    assert [d["n"] for d in tables(path)["_default"].values()] == [1, 2]


@pytest.mark.parametrize("mode", ["r", "r+"])
def test_a_fifo_is_refused_not_read(path: Path, mode: str) -> None:
    os.mkfifo(path)
    with open_db(path, access_mode=mode) as db, pytest.raises(OSError, match="FIFO"), \
            deadline(10):  # a FIFO opened for reading blocks until a writer comes: fail instead
        db.all()


# ---------------------------------------------------------------------------- read-only


def test_read_only_storage_refuses_to_write(path: Path) -> None:
    with open_db(path) as db:
        db.insert({"a": 1})
    before = path.read_bytes()
    with open_db(path, access_mode="r") as db:
        with pytest.raises(OSError):
            db.insert({"a": 2})
        with pytest.raises(OSError):
            db.update({"a": 3}, doc_ids=[1])
        assert db.all() == [{"a": 1}], "a refused write must not show up in later reads"
    assert path.read_bytes() == before
    assert not backup_path(path).exists()


# ---------------------------------------------------------------------------- the cache


@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every call of ``store.storage.load_snapshot`` (the full parse), by path."""
    calls: list[Path] = []
    real = storage_module.load_snapshot

    def counting(p: Path, *args: Any) -> Any:
        calls.append(p)
        return real(p, *args)

    monkeypatch.setattr(storage_module, "load_snapshot", counting)
    yield calls


def test_write_does_not_reparse(path: Path, parse_count: list[Path]) -> None:
    with open_db(path) as db:
        db.insert({"n": 0})
    parse_count.clear()
    with open_db(path) as db:
        db.insert({"n": 1})
        assert len(parse_count) == 1, "the first read of a session parses the file"
        for n in range(2, 12):
            db.update({"n": n}, doc_ids=[2])
            db.table("other").insert({"n": n})
        assert db.get(doc_id=2) == {"n": 11}
        assert len(db.table("other")) == 10
        assert len(parse_count) == 1, "reads after our own writes come from the cache"


def test_change_by_another_writer_is_seen(path: Path, parse_count: list[Path]) -> None:
    with open_db(path) as db:
        db.insert({"n": 1})
        assert db.all() == [{"n": 1}]
        calls = len(parse_count)
        assert db.all() == [{"n": 1}]
        assert len(parse_count) == calls
        other = AtomicJSONStorage(path)
        other.write({"_default": {"1": {"n": 1}, "2": {"n": 2, "by": "someone else"}}})
        assert db.all() == [{"n": 1}, {"n": 2, "by": "someone else"}]
        assert len(parse_count) == calls + 1
        db.update({"n": 3}, doc_ids=[2])
    assert tables(path)["_default"] == {"1": {"n": 1}, "2": {"n": 3, "by": "someone else"}}


def test_reader_sees_the_writers_changes(path: Path) -> None:
    writer, reader = open_db(path), open_db(path, access_mode="r")
    assert reader.all() == []
    writer.insert({"n": 1})
    assert reader.all() == [{"n": 1}]
    writer.update({"n": 2}, doc_ids=[1])
    assert reader.all() == [{"n": 2}]
    writer.close()
    reader.close()


# ---------------------------------------------------------------------------- failed writes


@pytest.fixture
def failing_replace(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every ``os.replace`` fail like a full or read-only disk would; returns the attempts."""
    attempts: list[str] = []

    def refuse(src: Any, dst: Any) -> None:
        attempts.append(str(dst))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", refuse)
    return attempts


@pytest.mark.parametrize("first_write", [True, False], ids=["first-write", "later-write"])
def test_failed_replace_keeps_old_file_and_cache_honest(
    path: Path, monkeypatch: pytest.MonkeyPatch, first_write: bool
) -> None:
    with open_db(path) as db:
        db.insert({"n": 1})
    db = open_db(path)
    if not first_write:
        db.insert({"n": 2})  # writes the .bak and the file
    before = path.read_bytes()
    expected = db.all()
    real_replace = os.replace

    attempts: list[str] = []

    def refuse(src: Any, dst: Any) -> None:
        attempts.append(str(dst))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        db.update({"n": 99}, doc_ids=[1])
    assert attempts
    assert path.read_bytes() == before, "the old file is intact"
    assert temps(path.parent) == [], "no temp file is left behind"
    assert db.all() == expected, "the next read shows the disk, not the mutated cache"

    monkeypatch.setattr(storage_module.os, "replace", real_replace)
    db.insert({"n": 3})
    db.close()
    assert [d["n"] for d in tables(path)["_default"].values()] == [d["n"] for d in expected] + [3]


def test_atomic_write_bytes_failure_leaves_no_temp(path: Path, failing_replace: list[str]) -> None:
    path.write_bytes(b"old")
    with pytest.raises(OSError):
        storage_module.atomic_write_bytes(path, b"new")
    assert failing_replace == [str(path)]
    assert path.read_bytes() == b"old"
    assert temps(path.parent) == []
