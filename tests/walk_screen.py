"""Random walks of the meeting screen's keys, checking after each key that what the terminal
shows is the screen (tests/frames.py ``TerminalCells`` against a full render).

    .venv/bin/python -m tests.walk_screen FIRST LAST     (from the repository's root)

Seeds FIRST to LAST-1, each at 100×30, 80×24 and 140×40: 60 keys drawn from the screen's keys,
the form's and the choosers' (a dialog left open is closed with ``escape``), request text with
markup-like text and Polish letters. Prints each walk that ends with a stale terminal (the key,
the first stale lines) and the count. Not a test: a walk takes a few seconds, and a failure is a
new finding to turn into a test (tests/app/test_frames.py has the ones found so far). The
header's minute may tick during a walk and show as a stale first line: not a bug.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from pathlib import Path

from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.widgets import RequestsTable
from tests.frames import TerminalCells
from tests.support import PROTOTYPE_REVIEW, make_app, make_project, settle, wait_until

KEYS = ["down", "up", "pagedown", "pageup", "home", "end", "n", "tab", "shift+tab", "escape",
        "x", "9", "k", "1", "b", "space", "enter", "ctrl+s", "i", "f", "v", "d", "1", "2",
        "escape", "escape", "a", "backspace", "left", "right"]
SIZES = [(100, 30), (80, 24), (140, 40)]


async def walk(seed: int, size: tuple[int, int], steps: int = 60) -> str | None:
    """One walk; what went stale, or None."""
    rnd = random.Random(seed)
    home = Path(tempfile.mkdtemp())
    requests = [f"Change {n} [bold]x[/] zażółć" for n in range(rnd.choice([2, 30]))]
    app = make_app(make_project(home, meeting=PROTOTYPE_REVIEW, requests=requests))
    MeetingScreen.builds_form_ahead = True  # type: ignore[assignment]  # as in a terminal
    found = None
    async with app.run_test(size=size) as pilot:
        cells = TerminalCells(app)
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen)
                         and app.screen.query_one(RequestsTable).row_count > 0)
        app.screen.refresh()
        await pilot.pause()
        for step in range(steps):
            key = rnd.choice(KEYS)
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause()
            await pilot.pause()
            if not isinstance(app.screen, MeetingScreen):
                await pilot.press("escape")
                await settle(pilot)
                continue
            stale = cells.stale()
            if stale:
                found = f"step {step} {key!r}: {stale[:2]}"
                break
    app.project.close()
    return found


async def main(first: int, last: int) -> None:
    """Every seed at every size; print the stale ones and the count."""
    failures = 0
    for seed in range(first, last):
        for size in SIZES:
            found = await walk(seed, size)
            if found:
                failures += 1
                print(f"seed {seed} {size[0]}x{size[1]}: {found}")
    print(f"stale walks: {failures} of {(last - first) * len(SIZES)}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
