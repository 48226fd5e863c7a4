"""How long a watcher's screen stops answering while the writer changes a 10,000-request store.

    .venv/bin/python tests/benchmarks/bench_watch.py [--requests 10000] [--runs 3]

A watch view (``reviewroom watch``, headless) follows a project whose one meeting holds
``--requests`` requests. Another process adds a request; the view notices on its next tick,
reads the store again and redraws. Meanwhile a probe on the view's event loop asks to run every
5 ms and records how late it ran: the worst lateness is the longest a key would have waited.

Three ways of following are measured side by side in one run: ``thread`` (the read and parse in
a worker thread; on the UI thread the swap and, when only requests changed, the changed rows),
``inline`` (as before issue 11: the read on the event loop and the whole list redrawn), both
after a writer that opens, adds one request and closes (a full write of the store), and
``journal`` (issue 13: a writer that stays open, as in a meeting, adds five requests one after
the other, each one line appended to the journal; the watcher reads only those lines and
re-checks only those documents; the worst lateness over all five). ``journal-edit``: the same
writer edits the first five requests instead (their rows in view). ``journal-100`` is the same
on a store of 100 requests: what following costs whatever the store's size (Textual redrawing
the rows in view), so the difference to ``journal`` is what the 10,000 requests cost.
Figures are the median over ``--runs`` of each run's worst lateness; ``--modes`` picks some.
Target (issue 13): every key handled within 50 ms while a 10,000-request store changes.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewroom.store.project import Project  # noqa: E402
from tests.support import PROTOTYPE_REVIEW, make_project  # noqa: E402

WRITER = """
import sys
from pathlib import Path
from reviewroom.store.project import Project
with Project.open(Path(sys.argv[1])) as project:
    project.add_request("One more change from the writer")
"""


SESSION = """
import sys
from pathlib import Path
from reviewroom.store.project import Project
with Project.open(Path(sys.argv[1])) as project:
    project.add_request("The session's first change: a full write")
    print("ready", flush=True)
    for line in sys.stdin:
        rid, _, text = line.strip().partition(" ")
        if rid.startswith("CR-"):
            project.update_request(rid, request=text)
        else:
            project.add_request(line.strip())
        print("added", flush=True)
"""
ADDS = 5


def build(home: Path, requests: int) -> Path:
    """A project whose live meeting holds ``requests`` requests (the store written at once)."""
    folder = make_project(home, meeting=PROTOTYPE_REVIEW)
    with Project.open(folder) as project:
        project.add_request("Bigger logo", intent="Recognition", criteria="A1")
    store = folder / "reviewroom.json"
    data = orjson.loads(store.read_bytes())
    template = data["requests"]["1"]
    for n in range(2, requests + 1):
        data["requests"][str(n)] = {**template, "id": f"CR-{n}", "request": f"Change {n}"}
    store.write_bytes(orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
    return folder


async def probe(stop: asyncio.Event, worst: list[float]) -> None:
    """Ask to run every 5 ms; keep the worst lateness in ``worst[0]`` (seconds)."""
    while not stop.is_set():
        asked = time.perf_counter()
        await asyncio.sleep(0.005)
        worst[0] = max(worst[0], time.perf_counter() - asked - 0.005)


def inline_follow(screen: Any) -> None:
    """The watcher's tick as it was before issue 11: read, parse and redraw on the event loop."""
    if screen.project.refresh():
        screen.reload()


async def journal_run(folder: Path, edits: bool = False) -> float:
    """The worst lateness (ms) of the event loop while the view follows ADDS appended adds (or,
    with ``edits``, edits of the first requests, whose rows are in view)."""
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.screens.meeting import MeetingScreen

    project = Project.open(folder, readonly=True)
    app = ReviewApp(project, read_only=True)
    writer = subprocess.Popen([sys.executable, "-c", SESSION, str(folder)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdin is not None and writer.stdout is not None
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, MeetingScreen)
            assert await asyncio.to_thread(writer.stdout.readline) == "ready\n"
            before = len(project.requests()) + 1
            while len(app.project.requests()) < before:  # the full write, read whole
                await pilot.pause(0.01)
            await pilot.pause(1.0)
            stop, worst = asyncio.Event(), [0.0]
            task = asyncio.create_task(probe(stop, worst))
            for n in range(1, ADDS + 1):
                text = f"Appended change {n} ({time.time_ns()})"  # a new text every run
                writer.stdin.write(f"CR-{n} Edited {text}\n" if edits else f"{text}\n")
                writer.stdin.flush()
                assert await asyncio.to_thread(writer.stdout.readline) == "added\n"
                while (app.project.request(f"CR-{n}").request != f"Edited {text}" if edits
                       else len(app.project.requests()) < before + n):
                    await pilot.pause(0.01)
            await pilot.pause(0.3)
            stop.set()
            await task
    finally:
        writer.stdin.close()
        writer.wait()
        project.close()
    return worst[0] * 1000


async def one_run(folder: Path, mode: str) -> float:
    """The worst lateness (ms) of the event loop while the view follows one write."""
    if mode.startswith("journal"):
        return await journal_run(folder, edits=mode == "journal-edit")
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.screens.meeting import MeetingScreen
    from reviewroom.tui.widgets.store_watcher import StoreWatcher

    project = Project.open(folder, readonly=True)
    app = ReviewApp(project, read_only=True)
    before = len(project.requests())
    threaded = StoreWatcher.follow
    if mode == "inline":
        StoreWatcher.follow = lambda self: inline_follow(self.screen)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, MeetingScreen)
        await pilot.pause(1.0)
        stop, worst = asyncio.Event(), [0.0]
        task = asyncio.create_task(probe(stop, worst))
        await asyncio.to_thread(subprocess.run, [sys.executable, "-c", WRITER, str(folder)],
                                cwd=ROOT, check=True)
        while len(app.project.requests()) == before:
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        stop.set()
        await task
    StoreWatcher.follow = threaded  # type: ignore[method-assign]
    project.close()
    return worst[0] * 1000


def main() -> None:
    """Build the projects, then alternate the modes and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="thread,inline,journal,journal-edit,journal-100")
    args = parser.parse_args()
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(Path(tmp) / "big", args.requests)
        small = build(Path(tmp) / "small", 100)
        size = (folder / "reviewroom.json").stat().st_size / 1e6
        results: dict[str, list[float]] = {mode: [] for mode in modes}
        for _ in range(args.runs):
            for mode, bucket in results.items():
                bucket.append(asyncio.run(one_run(small if mode == "journal-100" else folder,
                                                  mode)))
        print(f"watcher following a write to {args.requests} requests ({size:.1f} MB store), "
              f"worst event-loop lateness, median of {args.runs}:")
        for mode, values in results.items():
            print(f"  {mode:11} {statistics.median(values):7.0f} ms   "
                  f"(runs: {', '.join(f'{v:.0f}' for v in values)})")


if __name__ == "__main__":
    main()
