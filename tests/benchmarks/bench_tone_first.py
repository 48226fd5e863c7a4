"""The first tone check of a process, in CPU time: a text with one loaded word, and one with none.

    .venv/bin/python tests/benchmarks/bench_tone_first.py [--runs 21] [--against OTHER_CHECKOUT]

Opening the meeting screen checks the tone of the rows shown (rule 6), and the first check of a
process pays for whatever the check builds before it can answer. Each round starts one fresh
process per checkout (this one, and ``--against``: a ``git worktree`` of the commit before a
change) and text, the checkouts' order turned every round; the child imports
``reviewroom.store.rules`` (the app has by then), then times ``find_phrases(text, "en")`` with
``time.process_time_ns``: the CPU time of that one call. Medians over the rounds with min–max, ms,
and what each side found (the same, or the comparison means nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {
    "one loaded word": "The intro video is obviously too long for new staff.",
    "none": "Please add the branch name to the summary card.",
}
CHILD = r"""
import json, sys, time
from reviewroom.store.rules import find_phrases
start = time.process_time_ns()
found = find_phrases(sys.argv[1], "en")
took = time.process_time_ns() - start
print(json.dumps([took / 1e6, found]))
"""


def one(tree: Path, text: str) -> tuple[float, list[str]]:
    """One fresh process's first check of ``text``: its CPU ms and what it found."""
    out = subprocess.run([sys.executable, "-c", CHILD, text], cwd=tempfile.gettempdir(),
                         env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                         text=True, check=True)
    took, found = json.loads(out.stdout)
    return took, found


def main() -> None:
    """Run the rounds, print each text's medians side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", type=Path, help="another checkout, in the same rounds")
    args = parser.parse_args()
    trees = [ROOT, *([args.against] if args.against else [])]
    took: dict[tuple[str, Path], list[float]] = {(name, tree): [] for name in TEXTS
                                                  for tree in trees}
    found: dict[tuple[str, Path], set[str]] = {key: set() for key in took}
    for round_ in range(args.runs):
        for name, text in TEXTS.items():
            for tree in trees[round_ % len(trees):] + trees[:round_ % len(trees)]:
                ms, phrases = one(tree, text)
                took[name, tree].append(ms)
                found[name, tree].add(json.dumps(phrases))
    print(f"first find_phrases(text, 'en') in a fresh process, CPU ms, {args.runs} rounds")
    for name, text in TEXTS.items():
        print(f"\n{name}: {text!r}")
        for tree in trees:
            times = took[name, tree]
            print(f"  {str(tree)[-24:]:>24}  median {statistics.median(times):6.3f}  "
                  f"[{min(times):.3f}–{max(times):.3f}]  found {' / '.join(found[name, tree])}")


if __name__ == "__main__":
    main()
