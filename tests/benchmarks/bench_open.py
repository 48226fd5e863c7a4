"""The store's share of starting the app: importing it, and opening a project, in fresh processes.

    .venv/bin/python tests/benchmarks/bench_open.py [--runs 15] [--against OTHER_CHECKOUT]
                                                     [--clock wall|cpu] [--parts]

It builds one project of 1,000 requests over 20 meetings (``bench_tui.build``), then, round after
round, starts a fresh ``python`` per checkout that times two things with ``perf_counter``:

* ``import``: ``import reviewroom.store.project`` (and all it pulls in), as the app's start pays it;
* ``open``: ``Project.open(folder)`` for writing, then ``close()``: the lock, reading the file,
  checking every document (``schema.validate``) and rebuilding the domain objects, with the
  first-use costs (lazy imports, regex compiles) a fresh process pays.

Fresh processes, because that is what a facilitator's ``reviewroom open`` is: nothing is cached
from one run to the next. ``--against`` (a ``git worktree`` of the commit before a change, say) is
timed in the same rounds, alternating with this checkout, so both see the same machine load.

Each is measured twice: in a bare process (everything the store imports counts), and after an
untimed ``import textual.app`` ("in the app": only what the store adds to the app's start).

``--parts`` adds a third fresh process per checkout and round, which imports the store (untimed)
and times three parts of opening alone, each the first call of the process, with the collector
paused as ``open`` pauses it: ``read`` (the file's bytes parsed, ``storage.load_tables``),
``validate`` (``schema.validate`` on those tables: every document checked) and ``parse_tables``
(the domain objects rebuilt).

How to read it: one row per figure and a column per checkout, median with min–max over the
rounds, in ms; an ``import + open`` row is the sum per round (its median, not the sum of medians).
The last column compares this checkout with ``--against``: (this − other) / other. Noise on a
shared machine is a few ms; trust the medians of ≥ 15 rounds, and the min as "what it costs when
nothing interferes".
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_tui import build  # noqa: E402

CHILD = """
import json, sys, time
if sys.argv[3:]:
    import textual.app  # what the app imports anyway: not the store's share
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
start = clock()
import reviewroom.store.project
imported = clock()
project = reviewroom.store.project.Project.open(sys.argv[1])
project.close()
opened = clock()
print(json.dumps({"import": imported - start, "open": opened - imported}))
"""
FIGURES = ("import", "open", "import + open")
PARTS_CHILD = """
import json, sys, time
from pathlib import Path
import reviewroom.store.project  # untimed: everything the store imports, as ``open`` has it
from reviewroom.store import repository, schema, storage
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
path = Path(sys.argv[1]) / "reviewroom.json"
with repository.collector_paused():  # as Repository.load reads, checks and rebuilds
    start = clock()
    tables = storage.load_tables(path)
    read = clock()
    loaded = schema.validate(tables, path)
    checked = clock()
    repository.parse_tables(loaded.tables)
    parsed = clock()
print(json.dumps({"read": read - start, "validate": checked - read,
                  "parse_tables": parsed - checked}))
"""
PARTS = ("read", "validate", "parse_tables")
# The same after ``import textual.app``: the store's share of the app's start (the stdlib modules
# Textual imports too, dataclasses, typing, re, pathlib, tempfile, socket …, are then paid).
IN_APP = tuple(f"{name}, in the app" for name in FIGURES)


def run_child(tree: Path, folder: Path, in_app: bool, clock: str) -> dict[str, float]:
    """One fresh process of ``tree``'s code: ms to import the store, to open (and close);
    ``in_app``: after importing Textual's app, untimed; ``clock``: ``wall`` or ``cpu``."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), clock,
                          *(["app"] if in_app else [])],
                         cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                         capture_output=True, text=True, check=True)
    got = {name: value * 1000 for name, value in json.loads(out.stdout).items()}
    got["import + open"] = got["import"] + got["open"]
    names = IN_APP if in_app else FIGURES
    return {names[FIGURES.index(name)]: value for name, value in got.items()}


def run_parts(tree: Path, folder: Path, clock: str) -> dict[str, float]:
    """One fresh process of ``tree``'s code: ms to read, validate and parse the store."""
    out = subprocess.run([sys.executable, "-c", PARTS_CHILD, str(folder), clock],
                         cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                         capture_output=True, text=True, check=True)
    return {name: value * 1000 for name, value in json.loads(out.stdout).items()}


def measure(trees: dict[str, Path], folder: Path, runs: int, clock: str, parts: bool = False
            ) -> dict[str, dict[str, list[float]]]:
    """Every figure of every checkout, ``runs`` rounds, the checkouts alternating in each round
    (and their order flipped every other round, so neither always runs first); ``parts``: the
    parts of opening too (:data:`PARTS_CHILD`)."""
    names = FIGURES + IN_APP + (PARTS if parts else ())
    times: dict[str, dict[str, list[float]]] = {side: {name: [] for name in names}
                                                for side in trees}
    order = list(trees)
    for n in range(runs):
        for in_app in (False, True, *(("parts",) if parts else ())):
            for side in order if n % 2 == 0 else order[::-1]:
                got = (run_parts(trees[side], folder, clock) if in_app == "parts"
                       else run_child(trees[side], folder, bool(in_app), clock))
                for name, value in got.items():
                    times[side][name].append(value)
    return times


def summary(values: list[float]) -> str:
    """``median [min–max]`` in ms."""
    return f"{statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}]"


def main() -> None:
    """Build the project, measure every checkout in alternating rounds, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another checkout to time in the same rounds")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="cpu: the child's process time, less moved by other load")
    parser.add_argument("--parts", action="store_true",
                        help="also time reading, validating and parsing the store alone")
    args = parser.parse_args()
    trees = {"this": ROOT}
    if args.against:
        trees["against"] = args.against.resolve()
    # Compiled as an installed package is: with PYTHONDONTWRITEBYTECODE set, a source checkout
    # would recompile every module in every child.
    for tree in trees.values():
        for package in ("store", "tui"):
            compileall.compile_dir(tree / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        print("building 1,000 requests over 20 meetings …", flush=True)
        folder = build(Path(tmp), 20, 50, "spread")
        times = measure(trees, folder, args.runs, args.clock, args.parts)
    print()
    heads = [f"{side}: {tree}" for side, tree in trees.items()]
    heads += ["change"] if args.against else []
    print(f"| figure ({args.clock} ms, {args.runs} rounds) | " + " | ".join(heads) + " |")
    print("|---" * (len(trees) + 1 + bool(args.against)) + "|")
    for name in FIGURES + IN_APP + (PARTS if args.parts else ()):
        cells = [summary(times[side][name]) for side in trees]
        if args.against:
            this, other = (statistics.median(times[s][name]) for s in ("this", "against"))
            cells.append(f"{(this - other) / other:+.0%}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
