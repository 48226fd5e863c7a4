"""A brief with 10,000 items must not stall the app (issue 13, part 2): each key's latency.

    .venv/bin/python tests/benchmarks/bench_big_brief.py [--items 10000] [--runs 3]
    .venv/bin/python tests/benchmarks/bench_big_brief.py --runs 1 --profile n,ctrl+s

The same project and keys with the brief of tests/support.py (six items) and with ``--items``
knowledge goals, run side by side in one process (headless, 120x40): the time to open (rows
shown), then each key — moving in the list, ``n``, typing, ``tab`` into the criteria checklist
and on, ``ctrl+s``, and a second capture (``n``, typing, ``ctrl+s``: the form's first open draws
its widgets for the first time, every later one as a facilitator meets it all meeting long).
Target: every key within 100 ms at 10,000 items.

A key's figure is what a facilitator feels: from the key handed to the app (as the terminal
driver hands it: ``driver.send_message``) until the last frame the key caused was rendered, the
app idle after it. The bench wraps ``App._display``, the one place where Textual hands a frame
to the terminal, and times each frame's end; a headless app skips turning the frame into the
terminal's bytes, so the wrapper does that too (``render_segments``), and throws the bytes away.
A key's frames are those after it until the app has been quiet for 250 ms (Pilot's idle wait,
then polling); the cursor's blink, a frame every half second that no key asked for, is turned
off. Also per key: the CPU time of this process over that window (``time.process_time``: the
work the key cost, which other load on the machine inflates less), and how many frames and full
layouts of the screen (``Screen._refresh_layout`` without ``scroll``) it took.

The process collects garbage as ``reviewroom open`` does (``tui/gc_policy.py``). ``ahead`` is
the wait, after the open, for what the app prepares by itself while nobody types: the criteria
panel's checklist and the request form (``PREPARE_DELAY``, ``FORM_AHEAD_DELAY`` of wall time
first). A headless app builds no form ahead (``MeetingScreen.builds_form_ahead``: nobody waits on
the tests' first ``n``); this one does, as in a terminal, since its keys are what a facilitator
would get. ``--profile`` names keys (``n``, ``ctrl+s``, ``tab@11`` for the eleventh step, or
``open``) to run under cProfile at ``--items`` and print the top of each profile.

Last measured (``--runs 3``, 10,000 items, median ms from key to last frame, e68d3d9 -> 1265a73
-> b214ec4 -> this stop, two quiet runs): ``down`` 73 -> 50 -> 45-59 -> 25-32, ``n`` 303 -> 214 ->
160-182 -> 118-132, typing 63 -> 18-25 -> 21-29 -> 21-29, ``tab`` 64-75 -> 62-65 -> 59-69 ->
30-37, ``k``/``9`` 139 -> 98-106 -> 76-90 -> 48-52, ``tab`` into the checklist 177 -> 151 ->
93-97 -> 81-103, ``ctrl+s`` 290 -> 165 -> 178-202 -> 103-141; every key draws one frame now but
``tab`` into the checklist; what is left on ``n`` and ``ctrl+s`` is CPU spread over Textual's
work for one change of the screen (tests/benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.keys import key_to_character  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Input, TextArea  # noqa: E402

from reviewroom.tui.gc_policy import relax  # noqa: E402
from reviewroom.tui.screens.meeting import MeetingScreen  # noqa: E402
from reviewroom.tui.widgets import CriteriaPanel, RequestsTable  # noqa: E402
from tests.support import brief_text, make_app, make_project, wait_until  # noqa: E402

# A first capture (the form's first open), then a second one: every capture after a save. K1 is
# in both briefs (with K9, the 6-item brief's save was refused and its form stayed open).
KEYS = ("down", "down", "up", "n", "x", "y", "tab", "tab", "tab", "k", "1", "tab", "ctrl+s",
        "n", "z", "ctrl+s")
K1 = "- K1: Staff can name the five steps of the cash-up and when each applies.\n"
QUIET = 0.25  # seconds without a frame after which a key's work is taken as done


@dataclass
class Frames:
    """When frames were handed to the terminal, and how many full layouts were done."""

    ends: list[float] = field(default_factory=list)
    layouts: int = 0

    def install(self) -> None:
        """Wrap ``App._display`` and ``Screen._refresh_layout`` (this process only)."""
        display, refresh_layout, frames = App._display, Screen._refresh_layout, self

        def timed_display(app: App[Any], screen: Screen[Any], renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is not None and not app._batch_count:
                if app.is_headless and hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)  # what a terminal's frame costs
                frames.ends.append(time.perf_counter())

        def counted_layout(screen: Screen[Any], size: Any = None, scroll: bool = False) -> None:
            if not scroll:
                frames.layouts += 1
            refresh_layout(screen, size, scroll)

        App._display = timed_display  # type: ignore[method-assign]
        Screen._refresh_layout = counted_layout  # type: ignore[method-assign]


FRAMES = Frames()


def as_in_a_terminal(screen: MeetingScreen) -> bool:
    """A writer's screen builds its form ahead, as in a terminal (Pilot is headless)."""
    return not screen.read_only


def brief(items: int) -> str:
    """The test brief with ``items`` knowledge goals instead of one."""
    goals = "".join(f"- K{n}: Staff can name step {n} of the cash-up and when it applies.\n"
                    for n in range(1, items + 1))
    return brief_text().replace(K1, goals)


@dataclass(frozen=True)
class Sample:
    """One step: ms from the key to its last frame, ms of CPU, frames, full layouts."""

    paint: float
    cpu: float
    frames: int
    layouts: int


async def press(pilot: Any, key: str) -> Sample:
    """Hand ``key`` to the app as its driver would, and time it until its last frame."""
    app = pilot.app
    first, layouts = len(FRAMES.ends), FRAMES.layouts
    cpu = time.process_time()
    start = time.perf_counter()
    event = events.Key(key, key_to_character(key))
    event.set_sender(app)
    app._driver.send_message(event)
    await pilot.pause()
    while time.perf_counter() - max([start, *FRAMES.ends[first:]]) < QUIET:
        await asyncio.sleep(0.02)
    frames = FRAMES.ends[first:]
    paint = (frames[-1] - start) * 1000 if frames else 0.0
    return Sample(paint, (time.process_time() - cpu) * 1000, len(frames),
                  FRAMES.layouts - layouts)


async def run(folder: Path, profile: frozenset[str] = frozenset()) -> dict[str, Sample]:
    """One app's samples: the open, what it prepares ahead, then one per key."""
    samples: dict[str, Sample] = {}
    profiler = cProfile.Profile()
    if "open" in profile:
        profiler.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count > 0, 600)
        samples["open"] = Sample((time.perf_counter() - wall) * 1000,
                                 (time.process_time() - cpu) * 1000, 0, 0)
        profiler.disable()
        report(profiler, "open", profile)
        # A moment after the screen is up the panel lays out the form's checklist (in steps
        # between keys) and the screen builds the form; it would count in whichever key came.
        wall, cpu = time.perf_counter(), time.process_time()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        panel = screen.query_one(CriteriaPanel)
        await wait_until(pilot, lambda: panel.checklist_ready and screen.form is not None, 600)
        await press(pilot, "wait")  # (no such key) the frames of what was prepared, done
        samples["ahead"] = Sample((time.perf_counter() - wall) * 1000,
                                  (time.process_time() - cpu) * 1000, 0, 0)
        for index, key in enumerate(KEYS):
            name = f"{index:02d} {key}"
            wanted = bool({key, f"{key}@{index}"} & profile)
            profiler = cProfile.Profile()
            if wanted:
                profiler.enable()
            samples[name] = await press(pilot, key)
            profiler.disable()
            report(profiler, name, profile if wanted else frozenset())
    app.project.close()
    return samples


def report(profiler: cProfile.Profile, name: str, profile: frozenset[str]) -> None:
    """Print the top of a profile that was asked for."""
    if not profile or (name != "open" and not profiler.getstats()):
        return
    if name == "open" and "open" not in profile:
        return
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(45)
    print(f"==== profile of {name}\n{out.getvalue()}")


def spread(values: list[float]) -> str:
    """``median [min-max]``."""
    return f"{statistics.median(values):>5.0f} [{min(values):.0f}-{max(values):.0f}]"


def table(samples: dict[str, dict[str, list[Sample]]], items: int, runs: int) -> None:
    """Key to last frame (median [min-max]), CPU (median), frames and layouts, both briefs."""
    print(f"key to last frame and CPU, ms; median [min-max] of {runs} runs; "
          "frames/full layouts per key")
    print(f"{'step':<10} {'paint, 6 items':>16} {f'paint, {items:,} items':>22}"
          f" {'CPU 6':>7} {f'CPU {items:,}':>10} {'frames':>8} {'layouts':>8}")
    worst = 0.0
    for key in samples["small"]:
        small, big = samples["small"][key], samples["big"][key]
        paint_big = [s.paint for s in big]
        if key not in ("open", "ahead"):
            worst = max(worst, statistics.median(paint_big))
        print(f"{key:<10} {spread([s.paint for s in small]):>16} {spread(paint_big):>22}"
              f" {statistics.median(s.cpu for s in small):>7.0f}"
              f" {statistics.median(s.cpu for s in big):>10.0f}"
              f" {big[-1].frames:>8} {big[-1].layouts:>8}")
    print(f"slowest key at {items:,} items: {worst:.0f} ms from key to its last frame (median)"
          " (target: within 100 ms)")


def main() -> None:
    """Build both projects, run them interleaved, print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", default="", help="keys to profile at --items, comma-separated")
    args = parser.parse_args()
    relax()
    FRAMES.install()
    setattr(MeetingScreen, "builds_form_ahead", property(as_in_a_terminal))  # noqa: B010
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]
    TextArea._toggle_cursor_blink_visible = lambda self: None  # type: ignore[method-assign]
    profile = frozenset(filter(None, args.profile.split(",")))
    with tempfile.TemporaryDirectory() as home:
        requests = [{"request": f"Request {i}", "criteria": "K1"} for i in range(20)]
        small = make_project(Path(home), "small", meeting="Review", requests=requests)
        big = make_project(Path(home), "big", brief=brief(args.items), meeting="Review",
                           requests=requests)
        samples: dict[str, dict[str, list[Sample]]] = {"small": {}, "big": {}}
        for _ in range(args.runs):
            for name, folder in (("small", small), ("big", big)):
                chosen = profile if name == "big" else frozenset()
                for key, sample in asyncio.run(run(folder, chosen)).items():
                    samples[name].setdefault(key, []).append(sample)
    table(samples, args.items, args.runs)


if __name__ == "__main__":
    main()
