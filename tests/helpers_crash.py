"""The child of tests/domain/test_crash.py: writes in a loop and acknowledges each durable write.

    python tests/helpers_crash.py project FOLDER   # Project.update_request("CR-1", note=<n>)
    python tests/helpers_crash.py tinydb FILE      # TinyDB + AtomicJSONStorage, {"counter": <n>}
    python tests/helpers_crash.py journal FILE     # the same through JournalTable (appends)

It emits ``ready <n>`` once the store is open (``n`` is the counter found on disk), then, after
each write *returns*, the new counter value on its own line. The parent kills it at a random
moment and checks that the file still loads and holds every acknowledged value. The test forks
its children and calls :data:`WRITERS` directly (a fork costs milliseconds, a new interpreter
a quarter of a second); the command line is there to run one by hand.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tinydb import TinyDB  # noqa: E402

from reviewroom.store.journal_table import JournalTable  # noqa: E402
from reviewroom.store.project import Project  # noqa: E402
from reviewroom.store.storage import AtomicJSONStorage  # noqa: E402

LIMIT = 1_000_000  # the parent always kills first; this only bounds a runaway child


Emit = Callable[[str], None]


def run_project(folder: Path, emit: Emit) -> None:
    """Edit one request's note through the real API, one durable commit per value."""
    with Project.open(folder) as project:
        start = int(project.request("CR-1").note or 0)
        emit(f"ready {start}")
        for n in range(start + 1, start + LIMIT):
            project.update_request("CR-1", note=str(n))
            emit(str(n))


class JournalDB(TinyDB):
    """TinyDB whose tables tell the storage what each write touched: commits are appended."""

    table_class = JournalTable


def run_journal(path: Path, emit: Emit) -> None:
    """As :func:`run_tinydb`, but each write is one appended journal line."""
    run_tinydb(path, emit, JournalDB)


def run_tinydb(path: Path, emit: Emit, db_class: type[TinyDB] = TinyDB) -> None:
    """The storage alone: update one document, plus a growing second table for size."""
    with db_class(path, storage=AtomicJSONStorage) as db:
        doc = db.get(doc_id=1)
        start = int(doc["counter"]) if doc else 0  # type: ignore[index]
        if doc is None:
            db.insert({"counter": 0})
        emit(f"ready {start}")
        log = db.table("log")
        for n in range(start + 1, start + LIMIT):
            db.update({"counter": n}, doc_ids=[1])
            emit(str(n))
            log.insert({"n": n, "text": "zażółć gęślą jaźń " * 4})


WRITERS: dict[str, Callable[[Path, Emit], None]] = {
    "project": run_project, "tinydb": run_tinydb, "journal": run_journal,
}


def default_signals() -> None:
    """The parent's signals must end this writer as they end any process by default, even when
    the test run itself was started with them ignored (``nohup`` ignores SIGHUP for every child)
    or handled (pytest's own handlers, inherited by a forked child)."""
    for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)


def main(argv: list[str]) -> None:
    """Dispatch on the mode; acknowledgements go to stdout."""
    default_signals()
    mode, target = argv[1], Path(argv[2])
    if mode not in WRITERS:
        raise SystemExit(f"unknown mode {mode!r}")
    WRITERS[mode](target, lambda line: print(line, flush=True))


if __name__ == "__main__":
    main(sys.argv)
