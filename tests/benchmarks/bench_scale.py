"""Scale on one machine (issue 13, part 4): a team sharing one server over SSH.

    .venv/bin/python tests/benchmarks/bench_scale.py [--watchers 30] [--writers 5] [--saves 20]

Real ``reviewroom`` processes in tmux (80x24, as over SSH): ``--writers`` projects, each with a
live meeting and a writer (``open``), and ``--watchers`` read-only ``watch`` processes spread
over them. Printed:

- memory (RSS, from /proc) per ``open`` and per ``watch`` process;
- CPU used by the watchers while nothing changes (their 0.5 s stat poll), over 20 s;
- the latency a watcher sees: a request typed into a writer and saved (``n``, text, ``enter``),
  timed from the ``enter`` until one watcher of that project shows it (its screen polled every
  20 ms), min/median/max over ``--saves`` saves round the projects.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.tmux import TmuxPane  # noqa: E402
from tests.support import make_project  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
ENV = {"TERM": "xterm-256color", "COLORTERM": ""}


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * PAGE / 1e6


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start(command: list[str], wait: str) -> TmuxPane:
    """One program in its own tmux pane, once it shows ``wait``."""
    pane = TmuxPane(command, width=80, height=24, env=ENV)
    pane.wait_for(wait, 120)
    return pane


def main() -> None:
    """Start everything, measure, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--watchers", type=int, default=30)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--reviewroom", default=str(Path(sys.executable).with_name("reviewroom")))
    args = parser.parse_args()
    panes: list[TmuxPane] = []
    with tempfile.TemporaryDirectory() as home:
        slugs = [f"team{n}" for n in range(args.writers)]
        for slug in slugs:
            make_project(Path(home), slug, meeting=f"Review of {slug}")
        try:
            writers = [start([args.reviewroom, "--home", home, "open", slug], f"Review of {slug}")
                       for slug in slugs]
            panes += writers
            watchers = [start([args.reviewroom, "--home", home, "watch", slugs[n % len(slugs)]],
                              "READ-ONLY") for n in range(args.watchers)]
            panes += watchers
            report(writers, watchers, slugs, args.saves)
        finally:
            for pane in panes:
                pane.close()


def report(writers: list[TmuxPane], watchers: list[TmuxPane], slugs: list[str],
           saves: int) -> None:
    """Print memory, idle CPU and save-to-watcher latency."""
    time.sleep(3)  # every program settled
    open_rss = [rss_mb(w.pid()) for w in writers]
    watch_rss = [rss_mb(w.pid()) for w in watchers]
    print(f"RSS per open:  median {statistics.median(open_rss):.0f} MB "
          f"(min {min(open_rss):.0f}, max {max(open_rss):.0f})")
    print(f"RSS per watch: median {statistics.median(watch_rss):.0f} MB "
          f"(min {min(watch_rss):.0f}, max {max(watch_rss):.0f}); "
          f"{len(watchers)} watchers: {sum(watch_rss):.0f} MB")
    pids = [w.pid() for w in watchers]
    before, t0 = [cpu_seconds(p) for p in pids], time.monotonic()
    time.sleep(20)
    used = sum(cpu_seconds(p) for p in pids) - sum(before)
    span = time.monotonic() - t0
    print(f"{len(watchers)} idle watchers: {used / span * 100:.1f}% of one core "
          f"({used / span / len(watchers) * 1000:.1f} ms CPU per watcher per second)")
    latencies = []
    for n in range(saves):
        k = n % len(slugs)
        writer, watcher = writers[k], watchers[k]  # watcher k follows project k
        text = f"Scale check {n:02d}"
        writer.send("n")
        writer.wait_for("New request", 30)
        writer.type(text)
        t0 = time.monotonic()
        writer._tmux("send-keys", "-t", writer.name, "Enter")  # without send()'s typing pause
        deadline = t0 + 60
        while text not in watcher.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never reached the watcher")
            time.sleep(0.02)
        latencies.append((time.monotonic() - t0) * 1000)
    print(f"save to watcher, {saves} saves over {len(slugs)} projects with {len(watchers)} "
          f"watchers: min {min(latencies):.0f} ms, median {statistics.median(latencies):.0f} ms, "
          f"max {max(latencies):.0f} ms")


if __name__ == "__main__":
    main()
