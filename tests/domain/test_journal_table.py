"""JournalTable: the hook into TinyDB's private ``Table._update_table``, and random workloads
against TinyDB's own in-memory storage (the model).

If a TinyDB release stops sending writes through ``_update_table``, the journal would silently
fall back to full writes (or, worse, miss a change): the first test fails loudly then.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tinydb
from tinydb import Query, TinyDB
from tinydb.operations import increment
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from reviewroom.store.journal import journal_path
from reviewroom.store.journal_table import JournalTable
from reviewroom.store.storage import AtomicJSONStorage

HOOK_LOST = ("TinyDB no longer sends this write through Table._update_table, so the journal "
             "does not see it: check store/journal_table.py against the TinyDB release and the "
             "range pinned in pyproject.toml")


class JournalDB(TinyDB):
    """TinyDB whose tables tell the storage what they touched."""

    table_class = JournalTable


class ModelDB(TinyDB):
    """The model: TinyDB as shipped (its own Table), in memory."""


def journal_lines(path: Path) -> int:
    """Lines in the store's journal (0 without one)."""
    journal = journal_path(path)
    return len(journal.read_bytes().splitlines()) if journal.exists() else 0


WRITES: dict[str, Callable[[TinyDB], object]] = {
    "insert": lambda db: db.insert({"n": 10}),
    "insert_multiple": lambda db: db.insert_multiple([{"n": 11}, {"n": 12}]),
    "insert_document": lambda db: db.insert(Document({"n": 13}, doc_id=50)),
    "update_ids": lambda db: db.update({"n": 20}, doc_ids=[1]),
    "update_cond": lambda db: db.update({"seen": True}, Query().n == 12),
    "update_all": lambda db: db.update(increment("n")),
    "update_multiple": lambda db: db.update_multiple([({"m": 1}, Query().n == 21)]),
    "upsert_match": lambda db: db.upsert({"n": 30, "up": 1}, Query().n == 14),
    "upsert_new": lambda db: db.upsert({"n": 99}, Query().n == -1),
    "remove_ids": lambda db: db.remove(doc_ids=[2]),
    "remove_cond": lambda db: db.remove(Query().n == 99),
    "truncate": lambda db: db.truncate(),
}


def test_tinydb_is_the_pinned_line() -> None:
    assert tinydb.__version__.startswith("4.9."), (tinydb.__version__, HOOK_LOST)


def test_every_kind_of_write_goes_through_the_hook_and_is_appended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = JournalTable._update_table

    def counting(self: JournalTable, updater: Any) -> None:
        calls.append(self.name)
        real(self, updater)

    monkeypatch.setattr(JournalTable, "_update_table", counting)
    path = tmp_path / "store.json"
    with JournalDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 0})  # the session's first write: a full one
        for name, write in WRITES.items():
            before_calls, before_lines = len(calls), journal_lines(path)
            write(db)
            assert len(calls) > before_calls, f"{name}: {HOOK_LOST}"
            assert journal_lines(path) == max(before_lines, 1) + 1, f"{name}: not appended"
            with JournalDB(storage=MemoryStorage) as model:
                WRITES["insert"](model)
                write(model)
                with JournalDB(path, storage=AtomicJSONStorage, access_mode="r") as reader:
                    assert snapshot_of(reader)["_default"] == snapshot_of(db)["_default"]


# ------------------------------------------------------------------ random workloads


def random_write(rng: random.Random, db: TinyDB, names: list[str]) -> Callable[[TinyDB], Any]:
    """One random TinyDB write, as a function applied alike to ours and to the model."""
    table = rng.choice(names)
    n = rng.randrange(8)
    doc = {"n": n, "text": rng.choice(["", "zażółć", "😀", "a\nb", "x" * 30]),
           "tags": rng.sample(["a", "b", "c"], rng.randrange(3))}
    ids = [rng.randrange(1, 12) for _ in range(rng.randrange(1, 3))]
    kind = rng.randrange(12)
    coin = rng.random()  # drawn now: the write runs twice (ours, the model) and must match

    def existing(target: TinyDB) -> list[int]:
        return [i for i in ids if target.table(table).contains(doc_id=i)]

    choices: list[Callable[[TinyDB], Any]] = [
        lambda t: t.table(table).insert(doc),
        lambda t: t.table(table).insert_multiple([doc, {"n": n + 1}]),
        lambda t: t.table(table).update({"n": n, "edited": True}, doc_ids=existing(t)),
        lambda t: t.table(table).update({"extra": ids}, Query().n == n),
        lambda t: t.table(table).update(increment("n"), Query().n < n),
        lambda t: t.table(table).upsert({"n": n, "up": True}, Query().n == n),
        lambda t: t.table(table).remove(doc_ids=existing(t)),
        lambda t: t.table(table).remove(Query().n == n),
        lambda t: t.table(table).update_multiple([({"m": n}, Query().n == n)]),
        lambda t: t.table(table).truncate() if coin < 0.2 else None,
        lambda t: t.drop_table(table) if coin < 0.3 else None,
        lambda t: t.table(table).insert(Document(doc, doc_id=100 + len(t.table(table)))),
    ]
    return choices[kind]


def snapshot_of(db: TinyDB) -> dict[str, dict[int, dict[str, Any]]]:
    """Every table's documents by doc ID, through TinyDB's reading API."""
    return {name: {d.doc_id: dict(d) for d in db.table(name).all()} for name in db.tables()}


@pytest.mark.parametrize("seed", range(6))
def test_random_workloads_match_tinydb_in_memory(tmp_path: Path, seed: int) -> None:
    """Ours (journalled, reopened, crashed and recovered, read by a fresh reader) against the
    model after every step."""
    rng = random.Random(seed)
    path = tmp_path / "store.json"
    model = ModelDB(storage=MemoryStorage)
    ours = JournalDB(path, storage=AtomicJSONStorage)
    names = ["_default", "requests", "meetings"]
    crashes = 0
    for step in range(120):
        write = random_write(rng, model, names)
        try:
            expected_error = None
            write(model)
        except ValueError as exc:  # an ID that exists already: ours must refuse it too
            expected_error = exc
        if expected_error is None:
            write(ours)
        else:
            with pytest.raises(ValueError):
                write(ours)
        assert snapshot_of(ours) == snapshot_of(model), (seed, step)
        event = rng.random()
        if event < 0.10:  # TinyDB's tables of a new session count their next IDs afresh
            model._tables.clear()
        if event < 0.05:  # reopen
            ours.close()
            ours = JournalDB(path, storage=AtomicJSONStorage)
        elif event < 0.10:  # a kill: what is on disk is all the next session finds
            crashed = tmp_path / f"crash{crashes}"
            crashed.mkdir()
            shutil.copyfile(path, crashed / path.name)
            if journal_path(path).exists():
                shutil.copyfile(journal_path(path), journal_path(crashed / path.name))
            ours.close()
            path, crashes = crashed / path.name, crashes + 1
            ours = JournalDB(path, storage=AtomicJSONStorage)
        if event < 0.10 or step % 10 == 0:
            with JournalDB(path, storage=AtomicJSONStorage, access_mode="r") as reader:
                assert snapshot_of(reader) == snapshot_of(model), (seed, step, "reader")
    for db in (ours, model):
        db.insert({"last": True})
        db.insert({"last": False})
    ours.close()
    with JournalDB(path, storage=AtomicJSONStorage, access_mode="r") as reader:
        assert snapshot_of(reader) == snapshot_of(model)
    assert not journal_path(path).exists(), "a session that wrote leaves one compacted file"
