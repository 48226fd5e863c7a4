"""The criteria-health report on the 1,000-request benchmark project (issue 14's closing note).

    .venv/bin/python tests/benchmarks/bench_report.py [--runs 15] [--cli-runs 7] [--size 1000]

1. In-process, on a project opened read-only: ``build_report`` (the figures: every request's
   criteria and history, every meeting's list as it ended) and rendering them to Markdown, HTML
   (with its three SVG charts) and JSON; median and max of ``--runs``, interleaved.
2. The whole ``reviewroom report --format html -o FILE`` command on the same project against
   ``python -c pass``, both as fresh processes, interleaved, median wall time of ``--cli-runs``.

The project is bench_minutes.py's: 1,000 requests with every verdict and decision, owners and
due dates, in one closed meeting that revised the criteria, written straight into the store.
No target is set for the report; the figure goes into the issue's closing note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reviewroom.store.project import Project  # noqa: E402
from reviewroom.store.report import build_report  # noqa: E402
from reviewroom.store.report_html import render_report_html  # noqa: E402
from reviewroom.store.report_render import render_json, render_markdown  # noqa: E402
from tests.benchmarks.bench_minutes import (  # noqa: E402
    build_big_project,
    command_vs_python,
    reviewroom_command,
)

TODAY = dt.date(2026, 12, 15)


def bench_in_process(folder: Path, runs: int) -> list[tuple[str, float, float]]:
    """(what, median ms, max ms) for building the figures and each rendering."""
    samples: dict[str, list[float]] = {k: [] for k in ("build", "md", "html", "json", "total")}
    with Project.open(folder, readonly=True) as project:
        build_report(project, TODAY)  # warm the timestamp cache, as a second report would
        for _ in range(runs):
            began = time.perf_counter()
            report = build_report(project, TODAY)
            built = time.perf_counter()
            render_markdown(report, "en")
            md = time.perf_counter()
            render_report_html(report, "en")
            html = time.perf_counter()
            render_json(report)
            done = time.perf_counter()
            for key, seconds in (("build", built - began), ("md", md - built),
                                 ("html", html - md), ("json", done - html),
                                 ("total", done - began)):
                samples[key].append(seconds * 1000)
    return [(k, statistics.median(v), max(v)) for k, v in samples.items()]


def bench_cli(folder: Path, runs: int, out: Path) -> tuple[float, float]:
    """Median wall seconds of ``reviewroom report`` (HTML to a file) and ``python -c pass``."""
    return command_vs_python([*reviewroom_command(), "report", str(folder), "--format", "html",
                              "-o", str(out / "report.html"), "--today", TODAY.isoformat()], runs)


def main() -> None:
    """Build the project, time the report in-process and as a command, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cli-runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "out"
        out.mkdir()
        big = build_big_project(home, args.size)
        rows = bench_in_process(big, args.runs)
        report_s, pass_s = bench_cli(big, args.cli_runs, out)
        html_size = (out / "report.html").stat().st_size
    print(f"in-process, {args.size:,} requests, {args.runs} runs")
    print(f"{'what':<8} {'median ms':>10} {'max ms':>8}")
    print("-" * 28)
    for what, med, worst in rows:
        print(f"{what:<8} {med:>10.1f} {worst:>8.1f}")
    print()
    print(f"command line, report --format html -o FILE ({html_size / 1e3:.0f} kB), "
          f"{args.cli_runs} runs each, interleaved")
    print(f"{'reviewroom report':<28} {report_s:>9.3f} s")
    print(f"{'python -c pass':<28} {pass_s:>9.3f} s")
    print(f"{'report - python startup':<28} {report_s - pass_s:>9.3f} s")


if __name__ == "__main__":
    main()
