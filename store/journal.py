"""The store's journal: one appended, checksummed JSON line per commit, replayed over the snapshot.

A durable commit rewriting the whole store costs two fsyncs and the serialisation of every
document; appending the few documents a commit changed costs one small write and one
``fdatasync`` whatever the store's size. ``reviewroom.json`` stays the snapshot (today's sorted
JSON); ``reviewroom.json.journal`` beside it holds what changed since, one commit a line::

    <crc32 as 8 hex digits> <compact JSON>\\n

The first line is the header, ``{"journal": 1, "snapshot": "<size>:<crc32>"}``, naming the exact
snapshot bytes the journal belongs to. Every other line is one commit: ``{"r": {table: docs}}``
replaces whole tables, ``{"s": {table: {id: doc}}}`` sets documents and ``{"d": {table: [ids]}}``
removes them (a line holds the final state of what one write touched, so applying it twice is
harmless). Reading rules:

* the last line may be torn by a crash (no newline, or a checksum that does not match): it was
  never acknowledged, so it is dropped;
* a bad line with more lines after it is damage: refused (:class:`DamagedFileError`), never
  skipped, since what follows it depended on it;
* a header naming other snapshot bytes marks a *stale* journal: compaction writes the new
  snapshot and only then removes the journal, so a crash in between leaves a journal whose
  commits the snapshot already holds. It is ignored (and removed by the next compaction).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import orjson

from reviewroom.store.errors import DamagedFileError

JOURNAL_SUFFIX = ".journal"
VERSION = 1

Tables = dict[str, dict[str, Any]]
# What one write touched: per table, the doc IDs (as stored: strings), or None for the whole table.
Touched = dict[str, set[str] | None]


def journal_path(store: Path) -> Path:
    """The journal beside a store file."""
    return store.with_name(store.name + JOURNAL_SUFFIX)


def snapshot_id(raw: bytes) -> str:
    """Name one version of the snapshot's bytes: its size and CRC32 (a few ms for megabytes).

    A collision could only make a stale journal look current; its commits are then applied
    again over a snapshot that already holds them, which changes nothing (see the module doc).
    """
    return f"{len(raw)}:{zlib.crc32(raw):08x}"


def encode(record: dict[str, Any]) -> bytes:
    """One journal line: CRC32 of the JSON, a space, compact JSON, newline.

    orjson writes it; what orjson refuses but TinyDB's JSONStorage accepts (non-string keys,
    integers beyond 64 bits) goes through the stdlib, as the snapshot does.
    """
    try:
        body = orjson.dumps(record)
    except TypeError:
        body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def header(snapshot: str) -> bytes:
    """The first line of a journal belonging to the snapshot named ``snapshot``."""
    return encode({"journal": VERSION, "snapshot": snapshot})


def commit_record(data: Tables, touched: Touched) -> dict[str, Any]:
    """The line for one write: the touched documents as they are now in ``data``, or their
    removal; a table touched as a whole (cleared, say) is written whole."""
    whole: dict[str, Any] = {}
    sets: dict[str, dict[str, Any]] = {}
    dels: dict[str, list[str]] = {}
    for table, ids in touched.items():
        docs = data.get(table)
        if ids is None:
            whole[table] = docs
            continue
        for doc_id in sorted(ids):
            if docs is not None and doc_id in docs:
                sets.setdefault(table, {})[doc_id] = docs[doc_id]
            else:
                dels.setdefault(table, []).append(doc_id)
    record: dict[str, Any] = {}
    for key, value in (("r", whole), ("s", sets), ("d", dels)):
        if value:
            record[key] = value
    return record


def apply(tables: Tables, record: dict[str, Any]) -> None:
    """Apply one commit line to ``tables`` in place (whole tables, then sets, then removals).

    A whole table given as null was dropped.
    """
    for table, docs in record.get("r", {}).items():
        if docs is None:
            tables.pop(table, None)
        else:
            tables[table] = docs
    for table, docs in record.get("s", {}).items():
        tables.setdefault(table, {}).update(docs)
    for table, ids in record.get("d", {}).items():
        existing = tables.get(table)
        if existing is not None:
            for doc_id in ids:
                existing.pop(doc_id, None)


class Replay:
    """What a journal's bytes hold: its header's snapshot, its commits, and where they end.

    ``end`` is the offset just past the last sound line: a torn tail lies beyond it, and a
    follower reads on from there; ``lines`` is the number the next line would have.

    A plain class (a dataclass costs ~0.35 ms to create at import): :func:`parse` fills it in
    as it reads, and its callers read it by name; nothing compares, hashes or prints one.
    """

    __slots__ = ("snapshot", "commits", "end", "lines")

    def __init__(self, snapshot: str | None, *, end: int = 0, lines: int = 1) -> None:
        self.snapshot = snapshot
        self.commits: list[dict[str, Any]] = []
        self.end = end
        self.lines = lines


def parse(raw: bytes, path: Path, bak: Path, *, offset: int = 0, line_no: int = 1) -> Replay:
    """Read journal lines from ``raw``, the journal's bytes from ``offset`` on (0: the whole
    journal, header first); ``line_no`` is the number of its first line, for the message.

    Raises:
        DamagedFileError: a bad line (or a bad header) with more lines after it, or a sound
            line that is not a commit.
    """
    replay = Replay(None, end=offset, lines=line_no)
    pos = 0
    while pos < len(raw):
        nl = raw.find(b"\n", pos)
        record = None if nl < 0 else _decode(raw[pos:nl])
        if record is None:
            if nl < 0 or not raw[nl + 1 :].strip(b"\0\n "):
                break  # the torn last line of a crash: never acknowledged
            raise _damage(path, bak, replay.lines)
        if offset + pos == 0:
            replay.snapshot = _header_snapshot(record, path, bak)
        elif not _is_commit(record):
            raise _damage(path, bak, replay.lines)
        else:
            replay.commits.append(record)
        pos = nl + 1
        replay.end, replay.lines = offset + pos, replay.lines + 1
    return replay


def _damage(path: Path, bak: Path, line: int) -> DamagedFileError:
    """The one-line refusal of a damaged journal, naming the line and the backup."""
    return DamagedFileError("storage.bad_journal", path=str(path), bak=str(bak), line=line)


def _decode(line: bytes) -> dict[str, Any] | None:
    """The record of one sound line (without its newline), or None when it is not sound."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        record = orjson.loads(body)
    except orjson.JSONDecodeError:  # what only the stdlib writes (NaN, via encode's fallback)
        try:
            record = json.loads(body)
        except ValueError:
            return None
    except ValueError:  # a bad hex CRC
        return None
    return record if isinstance(record, dict) else None


def _header_snapshot(record: dict[str, Any], path: Path, bak: Path) -> str:
    """The snapshot a sound header names.

    Raises:
        DamagedFileError: the first line is not a header this version reads.
    """
    snapshot = record.get("snapshot")
    if record.get("journal") != VERSION or not isinstance(snapshot, str):
        raise _damage(path, bak, 1)
    return snapshot


def _is_commit(record: dict[str, Any]) -> bool:
    """A commit line: only r/s/d, each shaped as :func:`apply` expects."""
    if not record or set(record) - {"r", "s", "d"}:
        return False
    whole, sets, dels = record.get("r", {}), record.get("s", {}), record.get("d", {})
    if not (isinstance(whole, dict) and isinstance(sets, dict) and isinstance(dels, dict)):
        return False
    return (all(v is None or isinstance(v, dict) for v in whole.values())
            and all(isinstance(v, dict) for v in sets.values())
            and all(isinstance(v, list) and all(isinstance(i, str) for i in v)
                    for v in dels.values()))


__all__ = [
    "JOURNAL_SUFFIX",
    "Replay",
    "Touched",
    "apply",
    "commit_record",
    "encode",
    "header",
    "journal_path",
    "parse",
    "snapshot_id",
]
