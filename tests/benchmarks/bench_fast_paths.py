"""Keys and seconds of the meeting's fast paths, typed into the real program in tmux at a
person's rate (issue 12's figures).

    .venv/bin/python tests/benchmarks/bench_fast_paths.py [--rate 5] [--before] [--reviewroom PATH]

Each path is a script of keys and text (tests/e2e/fast_paths.py), sent one keystroke at a time
at ``--rate`` keys per second (typed text too, character by character), timed until the save
shows. ``--before`` sends the scripts of version 1 (the modal form's drop-down lists, the raw
brief editor for a revision); run it with ``--reviewroom`` pointing at a checkout from before
issue 12 to get the "before" column.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e import fast_paths  # noqa: E402
from tests.e2e.tmux import TmuxPane  # noqa: E402
from tests.support import PROTOTYPE_REVIEW, make_project  # noqa: E402


def main() -> None:
    """Run each path once in a fresh project and print keys, characters and seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=5.0, help="keys per second")
    parser.add_argument("--before", action="store_true", help="version 1's key scripts")
    parser.add_argument("--reviewroom", default=str(Path(sys.executable).with_name("reviewroom")))
    args = parser.parse_args()
    full = fast_paths.FULL_REQUEST_BEFORE if args.before else fast_paths.FULL_REQUEST
    paths = [("bare capture", fast_paths.BARE_CAPTURE, "CR-1 saved"),
             ("full request", full, "CR-2 saved")]
    with tempfile.TemporaryDirectory() as home:
        pane = open_sample(args, home, 80, 24)
        try:
            print(f"{'path':<16} {'keys':>5} {'typed':>6} {'seconds':>8}   at {args.rate:g}"
                  " keystrokes/s, 80x24")
            for name, steps, saved in paths:
                tally = fast_paths.run(pane, steps, rate=args.rate,
                                       done=lambda saved=saved: pane.wait_for(saved, 30))
                print(f"{name:<16} {tally.keys:>5} {tally.characters:>6} {tally.seconds:>8.1f}")
            pane.send("Up", "i")  # CR-1: an intent and a criterion, so it can be judged
            pane.type("Recognition")
            pane.send("Tab")
            pane.type("a1")
            pane.send("Enter")
            pane.wait_for("CR-1 saved", 30)
            time.sleep(3)  # the toast is gone: the next "CR-1 saved" is the decision's
            tally = fast_paths.run(pane, fast_paths.REJUDGE_AND_DECIDE, rate=args.rate,
                                   done=lambda: pane.wait_for("CR-1 saved", 30))
            print(f"{'re-judge+decide':<16} {tally.keys:>5} {tally.characters:>6} "
                  f"{tally.seconds:>8.1f}")
        finally:
            pane.close()
    revise(args)


def open_sample(args: argparse.Namespace, home: str, width: int, height: int) -> TmuxPane:
    """The sample project with a live meeting, open in ``--reviewroom`` in a fresh tmux pane."""
    make_project(Path(home), meeting=PROTOTYPE_REVIEW)
    pane = TmuxPane([args.reviewroom, "--home", home, "open", "acme"], width=width, height=height,
                    env={"TERM": "xterm-256color", "COLORTERM": ""})
    pane.wait_for("Prototype review")
    return pane


def revise(args: argparse.Namespace) -> None:
    """Remove one criterion with a reason, at 100x30 as the Pilot count does, in a fresh project."""
    steps = fast_paths.REMOVE_CRITERION_BEFORE if args.before else fast_paths.REMOVE_CRITERION
    with tempfile.TemporaryDirectory() as home:
        pane = open_sample(args, home, 100, 30)
        try:
            tally = fast_paths.run(pane, steps, rate=args.rate,
                                   done=lambda: pane.wait_for("Criteria version 2 saved", 30))
            print(f"{'remove criterion':<16} {tally.keys:>5} {tally.characters:>6} "
                  f"{tally.seconds:>8.1f}   (100x30)")
        finally:
            pane.close()


if __name__ == "__main__":
    main()
