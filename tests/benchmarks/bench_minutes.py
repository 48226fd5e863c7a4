"""Figures of DESIGN.md §11 for the minutes, measured side by side in one run.

    .venv/bin/python tests/benchmarks/bench_minutes.py [--runs 15] [--cli-runs 11] [--size 1000]

1. In-process export of a 1,000-request meeting to Markdown and to HTML: ``export_minutes``
   (render + durable atomic write) on a project opened read-only, median of ``--runs``; the
   rendering alone is shown too. Target: under 200 ms each.
2. The whole ``reviewroom export`` command on a small project (a copy of the bundled
   northwind-onboarding sample, else a freshly built one) against ``python -c pass``, both as
   fresh processes, interleaved, median wall time of ``--cli-runs``. Target: under 0.5 s.

The 1,000 requests are written straight into ``reviewroom.json`` in the shape of
``ChangeRequest.to_dict()`` (1,000 durable adds would only time the store): realistic text,
every verdict and decision, multi-line notes, owners and due dates, and a criteria revision in
the meeting so that a share of the verdicts is stale and the minutes show every section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reviewroom.store.home import STORE_NAME  # noqa: E402
from reviewroom.store.minutes import export_minutes, render_html, render_markdown  # noqa: E402
from reviewroom.store.model import (  # noqa: E402
    Attendee,
    ChangeRequest,
    Criterion,
    Decision,
    HistoryEntry,
    Section,
    Side,
    Verdict,
)
from reviewroom.store.project import Project  # noqa: E402
from reviewroom.store.storage import AtomicJSONStorage, load_tables  # noqa: E402
from tests.domain.test_minutes import BRIEF  # noqa: E402

SAMPLE = ROOT / "tui" / "samples" / "northwind-onboarding"
TARGET_INPROCESS_MS = 200.0
TARGET_CLI_S = 0.5

ASKS = [
    "Make the logo bigger on every screen",
    "Replace the mentor character with someone livelier",
    "Shorten lesson {n} by about half",
    "Add a Polish version of the glossary — zażółć gęślą jaźń",
    "Use our brand font | in the headings * and _the_ buttons",
    "Remove the quiz after lesson {n}",
    "Show the real till screen (see `screen-{n}.png`) instead of the illustration",
]
INTENTS = [
    "Learners should recognise the brand at a glance, as they do on the shop floor.",
    "Store managers want new staff to feel welcome rather than tested.",
    "Shift workers have at most five minutes between customers to take a lesson.",
    "",
]
NOTES = [
    "",
    "Checked against the concept; the mentor stays.",
    "C1 sets lessons of up to 7 minutes.\nThe request cannot be met without changing it.",
]
PEOPLE = ["Anna Kowalska", "Ben Ortiz", "Chloé Martin", "Dariusz Nowak", "Emma Lee"]
CRITERIA = ["P1", "R1", "B1", "K1", "A1", "C1"]


def fake_request(n: int, rng: random.Random, meeting: str, start: dt.datetime) -> dict[str, Any]:
    """One realistic request document, valid under the rules, as ``ChangeRequest.to_dict()``."""
    stamp = (start + dt.timedelta(seconds=5 * n)).isoformat(timespec="seconds")
    intent = rng.choice(INTENTS)
    judged = bool(intent) and rng.random() < 0.8
    verdict = (rng.choice([Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNCLEAR])
               if judged else Verdict.PENDING)
    decision = rng.choice([Decision.OPEN, Decision.DEFERRED, Decision.REJECTED,
                           Decision.ALTERNATIVE])
    if verdict is Verdict.CONSISTENT and rng.random() < 0.6:
        decision = Decision.ACCEPTED
    alternative = "" if decision in (Decision.OPEN, Decision.ACCEPTED) else (
        "Keep the size; add a short animated intro that shows the logo once.\n"
        "Revisit after the pilot in two stores.")
    history = (HistoryEntry(stamp, meeting, "verdict", "pending", verdict.value),
               HistoryEntry(stamp, meeting, "decision", "open", decision.value))
    owned = decision is not Decision.OPEN
    req = ChangeRequest(
        id=f"CR-{n}", meeting=meeting, request=rng.choice(ASKS).format(n=n % 8 + 1),
        created_at=stamp, updated_at=stamp, by=rng.choice(PEOPLE), intent=intent,
        criteria=tuple(sorted(rng.sample(CRITERIA, rng.randint(1, 3)))) if judged else (),
        verdict=verdict, verdict_version=rng.choice([1, 2]) if judged else None,
        note=rng.choice(NOTES) if judged else "", decision=decision, alternative=alternative,
        owner=rng.choice(PEOPLE) if owned else "",
        due=f"2026-12-{rng.randint(1, 28):02d}" if owned and rng.random() < 0.8 else None,
        history=history,
    )
    return req.to_dict()


def build_big_project(home: Path, size: int) -> Path:
    """A project whose closed meeting M-1 holds ``size`` requests and revised the criteria."""
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    with Project.create("big", BRIEF, home=home, clock=lambda: start) as project:
        project.start_meeting("Alpha review", [Attendee("Dana Whitfield", Side.CLIENT, "HR"),
                                               Attendee("Marta Kowalczyk", Side.VENDOR)])
        c1 = Criterion("C1", "Eight scenario-based micro-lessons of at most 5 minutes.")
        project.revise_criteria(project.criteria.with_section(Section.CONCEPT, (c1,)),
                                "Managers can release staff for five minutes at a time.")
        project.end_meeting()
        folder = project.path
    store = folder / STORE_NAME
    tables = load_tables(store)
    rng = random.Random(size)
    tables["requests"] = {str(n): fake_request(n, rng, "M-1", start) for n in range(1, size + 1)}
    AtomicJSONStorage(store).write(tables)
    return folder


def small_project(home: Path) -> Path:
    """A copy of the northwind sample (the CLI target), or a freshly built small project."""
    if (SAMPLE / "brief.md").is_file():
        target = home / SAMPLE.name
        shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("minutes", "*.lock"))
        return target
    return build_big_project(home / "small", 10)


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def median_ms(samples: list[float]) -> float:
    """Median in milliseconds."""
    return statistics.median(samples) * 1000


def bench_in_process(folder: Path, runs: int, out: Path) -> list[tuple[str, float, float]]:
    """(what, median ms, max ms) for render and export to each format, interleaved."""
    samples: dict[str, list[float]] = {k: [] for k in ("md render", "md export", "html render",
                                                       "html export")}
    with Project.open(folder, readonly=True) as project:
        meeting = project.meeting("latest")
        assert len(project.meeting_requests(meeting)) >= 1000 or runs
        render_html(project, meeting)  # warm the parser, as a running app would have it
        for _ in range(runs):
            samples["md render"].append(timed(lambda: render_markdown(project, meeting)))
            samples["md export"].append(
                timed(lambda: export_minutes(project, meeting, "md", out / "m.md")))
            samples["html render"].append(timed(lambda: render_html(project, meeting)))
            samples["html export"].append(
                timed(lambda: export_minutes(project, meeting, "html", out / "m.html")))
    return [(k, median_ms(v), max(v) * 1000) for k, v in samples.items()]


def reviewroom_command() -> list[str]:
    """The installed console script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).parent / "reviewroom"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reviewroom.tui.cli import main; main()"]


def bench_cli(folder: Path, runs: int, out: Path) -> tuple[float, float]:
    """Median wall seconds of ``reviewroom export`` and of ``python -c pass``, interleaved."""
    export = [*reviewroom_command(), "export", str(folder), "-o", str(out / "cli.md")]
    baseline = [sys.executable, "-c", "pass"]
    times: dict[str, list[float]] = {"export": [], "pass": []}
    for i in range(runs + 1):
        for name, cmd in (("export", export), ("pass", baseline))[:: 1 if i % 2 else -1]:
            began = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
            if i:  # the first round only warms the OS file cache
                times[name].append(time.perf_counter() - began)
    return statistics.median(times["export"]), statistics.median(times["pass"])


def main() -> None:
    """Build the projects, run both benchmarks, print the tables and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cli-runs", type=int, default=11)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "out"
        out.mkdir()
        big = build_big_project(home, args.size)
        with Project.open(big, readonly=True) as project:
            md_size = len(render_markdown(project, project.meeting("latest")).encode())
        rows = bench_in_process(big, args.runs, out)
        small = small_project(home)
        export_s, pass_s = bench_cli(small, args.cli_runs, out)

    print(f"in-process, {args.size:,} requests in one meeting "
          f"(Markdown {md_size / 1e6:.2f} MB), {args.runs} runs")
    print(f"{'what':<12} {'median ms':>10} {'max ms':>8}  target")
    print("-" * 44)
    for what, med, worst in rows:
        verdict = ("HOLDS" if med < TARGET_INPROCESS_MS else "MISSED") if "export" in what else ""
        print(f"{what:<12} {med:>10.1f} {worst:>8.1f}  {verdict}")
    print()
    print(f"command line, {small.name}, {args.cli_runs} runs each, interleaved")
    print(f"{'what':<28} {'median s':>9}")
    print("-" * 38)
    print(f"{'reviewroom export':<28} {export_s:>9.3f}")
    print(f"{'python -c pass':<28} {pass_s:>9.3f}")
    print(f"{'export - python startup':<28} {export_s - pass_s:>9.3f}")
    ok = "HOLDS" if export_s < TARGET_CLI_S else "MISSED"
    print(f"target: reviewroom export under {TARGET_CLI_S} s: {export_s:.3f} s  {ok} "
          f"({export_s / pass_s:.1f}x python -c pass)")


if __name__ == "__main__":
    main()
