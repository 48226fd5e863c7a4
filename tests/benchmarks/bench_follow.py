"""Presenter mode's figures: how fast a watcher follows the writer, what a move costs the writer.

    .venv/bin/python tests/benchmarks/bench_follow.py [--moves 20] [--publishes 5000]

Follow latency: two headless Pilot apps in this one process, a writer (``reviewroom open``) and a
watcher (``reviewroom watch``), on one project of 40 requests. The writer is sent ``down`` (or,
at the end of the list, ``up``) ``--moves`` times; each time the clock starts as the key is
sent to the writer and stops when the watcher's highlighted request is the writer's new one. It
includes everything a real pair does: the writer's 0.1 s coalescing of moves, the side file's
write and read, the watcher's 0.25 s tick, and its redraw (but no terminal or SSH link).
Printed: min / median / max.

Writer's cost per move, two figures:

- what the meeting's UI thread spends: ``CursorPublisher.publish`` (work out the cursor, hand it
  to the writing thread), timed inside the writer app during the moves above;
- the publish itself, synchronously: ``Project.publish_cursor`` alternating two requests (so
  every call writes), median of ``--publishes`` calls, side by side with a bare ``os.replace``
  of a 100-byte file (its temp file written before the clock starts) and with the least an
  atomic write can do (open, write 100 bytes, close, ``os.replace``), as ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reviewroom.store.project import Project  # noqa: E402
from tests.support import PROTOTYPE_REVIEW, make_project  # noqa: E402

SIZE = (100, 30)


async def follow_latency(folder: Path, moves: int) -> tuple[list[float], list[float]]:
    """Seconds from each writer move to the watcher showing it; seconds of each hand-off on
    the writer's UI thread."""
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.widgets import RequestsTable
    from reviewroom.tui.widgets.cursor_publisher import CursorPublisher

    handoffs: list[float] = []
    publish = CursorPublisher.publish

    def timed(self: CursorPublisher) -> None:
        start = time.perf_counter()
        publish(self)
        handoffs.append(time.perf_counter() - start)

    CursorPublisher.publish = timed  # type: ignore[method-assign]

    writer = ReviewApp(Project.open(folder))
    watcher = ReviewApp(Project.open(folder, readonly=True), read_only=True)
    latencies = []
    async with writer.run_test(size=SIZE) as wp, watcher.run_test(size=SIZE) as vp:
        w_table = writer.screen.query_one(RequestsTable)
        v_table = watcher.screen.query_one(RequestsTable)
        await vp.pause(1.0)
        key = "down"
        for _ in range(moves):
            if w_table.cursor_row in (0, w_table.row_count - 1):
                key = "down" if w_table.cursor_row == 0 else "up"
            moved = time.perf_counter()
            await wp.press(key)
            target = w_table.current_id
            while v_table.current_id != target:
                await vp.pause(0.002)
                if time.perf_counter() - moved > 10:
                    raise AssertionError(f"the watcher did not follow to {target}")
            latencies.append(time.perf_counter() - moved)
            await vp.pause(0.05)
    CursorPublisher.publish = publish  # type: ignore[method-assign]
    writer.project.close()
    watcher.project.close()
    return latencies, handoffs


def publish_cost(folder: Path, count: int) -> tuple[float, float, float]:
    """Median seconds of a publish, of a bare os.replace, of open+write+close+replace."""
    payload = b"x" * 100
    scratch = folder.parent / "scratch"
    scratch.mkdir()
    tmp, target = scratch / "tmp", scratch / "target"
    ours, bare, minimal = [], [], []
    with Project.open(folder) as project:
        for n in range(count):
            start = time.perf_counter()
            project.publish_cursor(f"CR-{1 + n % 2}", top="CR-1", scroll=n % 2)
            ours.append(time.perf_counter() - start)

            tmp.write_bytes(payload)
            start = time.perf_counter()
            os.replace(tmp, target)
            bare.append(time.perf_counter() - start)

            start = time.perf_counter()
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, payload)
            os.close(fd)
            os.replace(tmp, target)
            minimal.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare), statistics.median(minimal)


def main() -> None:
    """Build the project, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--publishes", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_project(Path(tmp), meeting=PROTOTYPE_REVIEW,
                              requests=[f"Change number {n}" for n in range(1, 41)])
        latencies, handoffs = asyncio.run(follow_latency(folder, args.moves))
        ours, bare, minimal = publish_cost(folder, args.publishes)
    ms = [x * 1000 for x in latencies]
    print(f"follow latency over {len(ms)} moves (two Pilot apps, one process): "
          f"min {min(ms):.0f} ms, median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms")
    hand = statistics.median(handoffs)
    print(f"writer's UI thread per move (CursorPublisher.publish, median of {len(handoffs)}, "
          f"max {max(handoffs) * 1e6:.0f} µs): {hand * 1e6:.1f} µs — under 1 ms: "
          f"{'holds' if hand < 1e-3 else 'MISSED'}")
    print(f"the write itself, synchronously, median of {args.publishes}:")
    print(f"  Project.publish_cursor                 {ours * 1e6:7.1f} µs")
    print(f"  bare os.replace of a 100-byte file     {bare * 1e6:7.1f} µs   "
          f"publish/replace = {ours / bare:.1f}×")
    print(f"  open+write 100 B+close+os.replace      {minimal * 1e6:7.1f} µs   "
          f"publish/that = {ours / minimal:.1f}×")


if __name__ == "__main__":
    main()
