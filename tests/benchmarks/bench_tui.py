"""Figures of DESIGN.md §11 for the meeting screen, measured side by side in one run.

    .venv/bin/python tests/benchmarks/bench_tui.py [--runs 7] [--against OTHER_CHECKOUT]

1. Start to first painted meeting screen (its rows shown: tests/paint_child.py) for a project
   with 1,000 requests over 20 meetings, against an empty Textual app started the same way (a
   fresh ``python`` process, headless). Target: 1.3×. "First paint" is the issue's: from the
   process started to the first frame handed to the terminal (``App._display``) with the rows
   shown; for the empty app, its first frame. Each child prints that moment on the system-wide
   monotonic clock, and its CPU time by then. The time to the process's exit is printed too:
   until session 19 it was the figure reported as first paint, and it flattered the meeting
   screen (the empty app took ~100 ms from its first frame to its exit, the meeting screen
   ~25). The empty app is timed twice: as anyone writes it, and collecting as reviewroom's
   launcher and app do (nothing collected until the app loads): holding collection makes
   Textual's own import cheaper too, so the second ratio is like for like. ``--against``
   times another checkout's paint (a ``git worktree`` of the commit before a change, say) in
   the same rounds, through this checkout's paint_child with the other's code first on
   ``PYTHONPATH``: before and after, side by side.
2. Handling an add and an edit (store + table update) at 1,000 requests in one meeting, timed
   inside the app with ``perf_counter`` around the handler. Target: under 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewroom.store.model import Attendee, Side  # noqa: E402
from reviewroom.store.project import Project  # noqa: E402
from tests.support import BRIEF  # noqa: E402


class Timings(NamedTuple):
    """Medians of one side of the start-up rounds, in seconds: to the first paint (wall, and the
    child's CPU by then), and to the process's exit (wall, and its CPU in all)."""

    paint: float
    paint_cpu: float
    exit: float
    exit_cpu: float


# The empty app exits at its first frame, timed as tests/paint_child.py times the meeting's.
EMPTY = """
import sys, time
HELD
from textual.app import App
display, painted = App._display, []
def timed(app, screen, renderable):
    display(app, screen, renderable)
    if renderable is not None and not painted:
        painted.append(time.clock_gettime(time.CLOCK_MONOTONIC))
        print(f"painted {painted[0]:.6f} {time.process_time():.6f}", file=sys.stderr, flush=True)
        app.exit()
App._display = timed
class Empty(App):
    def on_load(self):
        RESUMED
Empty().run(headless=True, size=(100, 30))
"""
# The same app collecting as reviewroom's launcher and app do (tui/gc_policy.py: nothing
# collected until the app loads, then what was imported frozen): like for like, since holding
# collection makes Textual's own import cheaper too.
EMPTY_HELD = EMPTY.replace("HELD", "import gc; gc.disable()").replace(
    "RESUMED", "gc.freeze(); gc.set_threshold(50_000, 20, 100); gc.enable()")
EMPTY = EMPTY.replace("HELD", "").replace("RESUMED", "pass")


def build(home: Path, meetings: int, per_meeting: int, slug: str) -> Path:
    """A project with ``meetings`` meetings of ``per_meeting`` requests; the last one live."""
    moment = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

    def clock() -> dt.datetime:
        nonlocal moment
        moment += dt.timedelta(seconds=30)
        return moment

    project = Project.create(slug, BRIEF, home=home, clock=clock)
    people = [Attendee("Dana Whitfield", Side.CLIENT), Attendee("Marta K", Side.VENDOR)]
    for m in range(meetings):
        project.start_meeting(f"Review {m + 1}", people)
        for n in range(per_meeting):
            project.add_request(
                f"Change {m}-{n}: make the scenario about disputed change shorter",
                by="Dana Whitfield",
                intent="New staff should practise the cash-up on their first shift",
                criteria="B1, C1",
                verdict="consistent",
                decision="accepted" if n % 3 else "deferred",
                owner="Marta K",
            )
        if m < meetings - 1:
            project.end_meeting()
    path = project.path
    project.close()
    return path


def startup(folder: Path, runs: int, against: Path | None = None
            ) -> tuple[dict[str, Timings], dict[str, list[Timings]]]:
    """Medians (see :class:`Timings`) by side (``empty``, ``meeting``, and ``against`` when
    given), interleaved round by round; and every round's timings by side, in round order.

    The sides take turns starting each round. Every side pays the interpreter's start-up, so the
    ratio isolates what opening the project and drawing the meeting screen add to Textual's own
    start. The CPU time is the child's
    (user + system): another process's load inflates it less than the wall time. ``against`` is
    another checkout of reviewroom (a ``git worktree``) whose paint is measured in the same
    rounds, with its own code first on ``PYTHONPATH``.
    """
    child = str(ROOT / "tests" / "paint_child.py")
    sides: dict[str, tuple[list[str], Path]] = {
        "empty": (["-c", EMPTY], ROOT),
        "empty, held": (["-c", EMPTY_HELD], ROOT),
        "meeting": ([child, str(folder)], ROOT),  # rows shown
    }
    if against is not None:
        sides["against"] = ([child, str(folder)], against)
    times: dict[str, list[Timings]] = {side: [] for side in sides}
    names = list(sides)
    for round_ in range(runs):
        # Each round starts with another side: a burst of load on the machine then falls on
        # every side in turn, not always on the one that comes first.
        shift = round_ % len(names)
        for side in names[shift:] + names[:shift]:
            args, tree = sides[side]
            times[side].append(one_start(args, tree))
    medians = {side: Timings(*(statistics.median(values) for values in zip(*got, strict=True)))
               for side, got in times.items()}
    return medians, times


def per_round(times: dict[str, list[Timings]], side: str, base: str) -> str:
    """The ratio ``side`` / ``base`` to first paint within each round, as its median and
    quartiles: steadier than the ratio of the medians when the machine's speed drifts over a
    run (each round's sides ran within a second of each other)."""
    ratios = [a.paint / b.paint for a, b in zip(times[side], times[base], strict=True)]
    if len(ratios) < 4:
        return f"{statistics.median(ratios):.2f}×"
    low, _, high = statistics.quantiles(ratios, n=4)
    return f"{statistics.median(ratios):.2f}× (quartiles {low:.2f}–{high:.2f})"


def one_start(args: list[str], tree: Path) -> Timings:
    """One child, from its start: to the frame it reports as painted, and to its exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.clock_gettime(time.CLOCK_MONOTONIC)
    out = subprocess.run([sys.executable, *args], cwd=tree, env={**os.environ,
                         "PYTHONPATH": str(tree)}, capture_output=True, text=True, check=True)
    ended = time.clock_gettime(time.CLOCK_MONOTONIC)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    painted = [line.split() for line in out.stderr.splitlines() if line.startswith("painted ")]
    if len(painted) != 1:
        raise SystemExit(f"{args[0]}: no first paint reported\n{out.stderr}")
    moment, cpu = float(painted[0][1]), float(painted[0][2])
    exit_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Timings(moment - start, cpu, ended - start, exit_cpu)


async def handling(folder: Path, runs: int) -> tuple[float, float]:
    """Median ms of an add and of an edit inside the running app (store + table update)."""
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.screens.meeting import MeetingScreen

    project = Project.open(folder)
    app = ReviewApp(project)
    adds, edits = [], []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for n in range(runs):
            start = time.perf_counter()
            req = project.add_request(f"Timed request {n}", by="Dana")
            screen.put(req, select=True)
            adds.append(time.perf_counter() - start)
            await pilot.pause()
            start = time.perf_counter()
            req = project.update_request(req.id, owner=f"Owner {n}")
            screen.put(req)
            edits.append(time.perf_counter() - start)
            await pilot.pause()
    project.close()
    return statistics.median(adds) * 1000, statistics.median(edits) * 1000


def main() -> None:
    """Build the projects, measure, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout to time in the same rounds")
    args = parser.parse_args()
    # Compiled as an installed package is (Textual's files are): with PYTHONDONTWRITEBYTECODE
    # set, a source checkout would recompile every changed module in every child (~0.2 of the
    # ratio).
    for tree in (ROOT, args.against) if args.against else (ROOT,):
        for package in ("store", "tui"):
            compileall.compile_dir(tree / package, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        print("building 1,000 requests over 20 meetings …", flush=True)
        spread = build(home, 20, 50, "spread")
        print("building 1,000 requests in one meeting …", flush=True)
        single = build(home, 1, 1000, "single")
        sides, rounds = startup(spread, args.runs, args.against)
        add_ms, edit_ms = asyncio.run(handling(single, 30))
    empty, meeting = sides["empty"], sides["meeting"]
    ratio = meeting.paint / empty.paint
    print()
    print("| figure | value | target |")
    print("|---|---|---|")
    print(f"| empty Textual app, start to first paint | {empty.paint * 1000:.0f} ms "
          f"(CPU {empty.paint_cpu * 1000:.0f} ms; exit {empty.exit * 1000:.0f} ms) | |")
    print(f"| meeting screen, 1,000 requests / 20 meetings | {meeting.paint * 1000:.0f} ms "
          f"(CPU {meeting.paint_cpu * 1000:.0f} ms; exit {meeting.exit * 1000:.0f} ms) | |")
    print(f"| ratio meeting / empty, to first paint | {ratio:.2f}× "
          f"(CPU {meeting.paint_cpu / empty.paint_cpu:.2f}×) "
          f"| ≤ 1.3× {'OK' if ratio <= 1.3 else 'MISS'} |")
    print(f"| the same, median of each round's ratio | {per_round(rounds, 'meeting', 'empty')}"
          " | |")
    print(f"| the same, to the process's exit | {meeting.exit / empty.exit:.2f}× "
          f"(CPU {meeting.exit_cpu / empty.exit_cpu:.2f}×) | |")
    held = sides["empty, held"]
    print(f"| empty app collecting as reviewroom does (like for like), to first paint | "
          f"{held.paint * 1000:.0f} ms; meeting / it {meeting.paint / held.paint:.2f}× "
          f"(CPU {meeting.paint_cpu / held.paint_cpu:.2f}×); each round's: "
          f"{per_round(rounds, 'meeting', 'empty, held')} | |")
    if "against" in sides:
        other = sides["against"]
        print(f"| {args.against}, same rounds, to first paint | {other.paint * 1000:.0f} ms, "
              f"{other.paint / empty.paint:.2f}× (CPU {other.paint_cpu / empty.paint_cpu:.2f}×)"
              f"; to exit {other.exit / empty.exit:.2f}×; each round's: "
              f"{per_round(rounds, 'against', 'empty')}; this tree / it, each round's: "
              f"{per_round(rounds, 'meeting', 'against')} | |")
    print(f"| add (store + table), 1,000 in one meeting | {add_ms:.1f} ms | < 16 ms "
          f"{'OK' if add_ms < 16 else 'MISS'} |")
    print(f"| edit (store + table), 1,000 in one meeting | {edit_ms:.1f} ms | < 16 ms "
          f"{'OK' if edit_ms < 16 else 'MISS'} |")


if __name__ == "__main__":
    main()
