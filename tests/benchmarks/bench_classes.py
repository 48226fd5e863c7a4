"""What creating our classes costs the app's start, and importing the meeting screen, in fresh
processes.

    .venv/bin/python tests/benchmarks/bench_classes.py [--runs 15] [--against OTHER_CHECKOUT]

Round after round, a fresh ``python`` per checkout (this one, and ``--against``: a ``git
worktree`` of the commit before a change, alternating so both see the same load) imports
``textual.app`` untimed with collection disabled (the launcher holds it until the app loads),
then times one of two things:

* ``dataclasses``: the time ``dataclasses._process_class`` takes for reviewroom's dataclasses
  while ``reviewroom.store.project``, ``reviewroom.tui.app`` and
  ``reviewroom.tui.screens.meeting`` are imported — what is created before the first paint
  (Python 3.11 compiles each generated method from source: ~0.35–1.2 ms a class). With
  ``--per-class`` each class's median is listed too;
* ``import``: ``import reviewroom.tui.screens.meeting`` alone (it brings in the store too), in
  its own process, without the timer around ``_process_class``.

Both are read on the wall clock and the process's CPU clock (the CPU figure moves less when the
machine is shared). Printed: median [min–max] in ms over the rounds, per checkout.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc, json, sys, time
gc.disable()
import textual.app
import dataclasses
timed_classes, wall, cpu = {}, [0.0], [0.0]
process_class = dataclasses._process_class

def timed(cls, *args, **kwargs):
    w, c = time.perf_counter(), time.process_time()
    try:
        return process_class(cls, *args, **kwargs)
    finally:
        if cls.__module__.startswith("reviewroom."):
            spent = time.perf_counter() - w
            wall[0] += spent
            cpu[0] += time.process_time() - c
            name = cls.__module__.removeprefix("reviewroom.") + "." + cls.__qualname__
            timed_classes[name] = spent

if sys.argv[1] == "dataclasses":
    dataclasses._process_class = timed
    import reviewroom.store.project, reviewroom.tui.app, reviewroom.tui.screens.meeting
    print(json.dumps({"wall": wall[0], "cpu": cpu[0], "classes": timed_classes}))
else:
    w, c = time.perf_counter(), time.process_time()
    import reviewroom.tui.screens.meeting
    print(json.dumps({"wall": time.perf_counter() - w, "cpu": time.process_time() - c}))
"""
FIGURES = ("dataclasses", "import")


def run_child(tree: Path, figure: str) -> dict[str, Any]:
    """One fresh process of ``tree``'s code timing ``figure``; seconds as the child measured."""
    out = subprocess.run([sys.executable, "-c", CHILD, figure], cwd=tree,
                         env={**os.environ, "PYTHONPATH": str(tree)},
                         capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def summary(values: list[float]) -> str:
    """``median [min–max]`` of seconds, in ms."""
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.2f} [{min(ms):.2f}–{max(ms):.2f}]"


def main() -> None:
    """Measure every checkout in alternating rounds; print a table (and each class's median)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another checkout to time in the same rounds")
    parser.add_argument("--per-class", action="store_true", help="each dataclass's median too")
    args = parser.parse_args()
    trees = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    for tree in trees.values():  # compiled as an installed package is (see bench_open.py)
        for package in ("store", "tui"):
            compileall.compile_dir(tree / package, quiet=1)
    got: dict[str, dict[str, list[dict[str, Any]]]] = {
        side: {figure: [] for figure in FIGURES} for side in trees}
    order = list(trees)
    for n in range(args.runs):
        for figure in FIGURES:
            for side in order if n % 2 == 0 else order[::-1]:
                got[side][figure].append(run_child(trees[side], figure))
    print(f"| figure (ms, {args.runs} rounds) | " + " | ".join(
        f"{side}: {tree}" for side, tree in trees.items()) + " |")
    print("|---" * (len(trees) + 1) + "|")
    for figure in FIGURES:
        for clock in ("wall", "cpu"):
            cells = [summary([r[clock] for r in got[side][figure]]) for side in trees]
            print(f"| {figure}, {clock} | " + " | ".join(cells) + " |")
    counts = [str(len(got[side]["dataclasses"][0]["classes"])) for side in trees]
    print("| dataclasses created | " + " | ".join(counts) + " |")
    if args.per_class:
        for side in trees:
            runs = [r["classes"] for r in got[side]["dataclasses"]]
            print(f"\n{side}:")
            for name in sorted({name for run in runs for name in run}):
                print(f"  {name}: {summary([run.get(name, 0.0) for run in runs])}")


if __name__ == "__main__":
    main()
