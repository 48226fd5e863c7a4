"""What one Pilot test costs: CPU to start the app to a painted meeting screen, and per request
captured (``n`` then ``escape``) — the two costs most of the suite's time is made of.

    .venv/bin/python tests/benchmarks/bench_pilot.py [--apps 5] [--cycles 3]

CPU time (``time.process_time``) of this process, so other work on the machine inflates it less
than wall time; each figure is the mean over ``--apps`` apps, at 100x30 with 12 requests.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support import make_app, make_project  # noqa: E402


async def one(folder: Path, cycles: int) -> None:
    """Start the app, capture-and-cancel ``cycles`` times, quit."""
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(cycles):
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
    app.project.close()


async def cpu_per_app(folder: Path, apps: int, cycles: int) -> float:
    """Mean CPU seconds per app."""
    start = time.process_time()
    for _ in range(apps):
        await one(folder, cycles)
    return (time.process_time() - start) / apps


def main() -> None:
    """Warm up once, then measure apps without and with captures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=5)
    parser.add_argument("--cycles", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        requests = [{"request": f"Request {i}", "by": "Ann", "intent": "why", "criteria": "P1"}
                    for i in range(12)]
        folder = make_project(Path(home), "p", meeting="Review", requests=requests)
        asyncio.run(one(folder, 1))
        bare = asyncio.run(cpu_per_app(folder, args.apps, 0))
        full = asyncio.run(cpu_per_app(folder, args.apps, args.cycles))
    print(f"app start to painted meeting screen: {bare * 1000:.0f} ms CPU")
    print(f"one capture (n, escape):             {(full - bare) / args.cycles * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
