"""How long after launch keys typed into ``reviewroom open`` still arrive mangled (cooked mode).

Runs the real program on a pseudo-terminal and polls the terminal's attributes every 0.5 ms
until canonical mode is off: with the launcher (the console script now) and with the CLI entry
it replaced (``reviewroom.tui.cli:main``, which left the terminal cooked until Textual's driver
started). Prints the medians in ms and their ratio. Not a test: figures depend on the machine.

    .venv/bin/python tests/benchmarks/bench_early_keys.py [--reps 7]
"""

from __future__ import annotations

import argparse
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import termios
import time
import tty
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support import PROTOTYPE_REVIEW, make_project  # noqa: E402

ENTRIES = {
    "launcher": "from reviewroom.tui.launcher import main; main()",
    "old entry": "from reviewroom.tui.cli import main; main()",
}


def cooked_for(entry: str, home: Path) -> float:
    """Seconds from starting ``entry`` on a fresh pty until its terminal leaves canonical mode."""
    controller, term = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", entry, "--home", str(home), "open", "acme"],
                             stdin=term, stdout=term, stderr=term, env=env, start_new_session=True)
    try:
        while termios.tcgetattr(term)[tty.LFLAG] & termios.ICANON:
            time.sleep(0.0005)
            if time.perf_counter() - start > 30:
                raise RuntimeError("the terminal stayed cooked for 30 s")
        return time.perf_counter() - start
    finally:
        child.kill()
        child.wait()
        os.close(controller)
        os.close(term)


def main() -> None:
    """Time both entries, interleaved, and print medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=7)
    reps = parser.parse_args().reps
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        make_project(home, meeting=PROTOTYPE_REVIEW)
        times: dict[str, list[float]] = {name: [] for name in ENTRIES}
        for _ in range(reps):
            for name, entry in ENTRIES.items():
                times[name].append(cooked_for(entry, home))
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:10} cooked for {median:7.1f} ms after launch (median of {reps})")
    print(f"ratio old/launcher: {medians['old entry'] / medians['launcher']:.1f}x")


if __name__ == "__main__":
    main()
