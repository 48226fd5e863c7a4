"""Figures of DESIGN.md §11 for the minutes, measured side by side in one run.

    .venv/bin/python tests/benchmarks/bench_minutes.py [--runs 15] [--cli-runs 11] [--size 1000]

1. In-process export of a 1,000-request meeting to Markdown and to HTML: ``export_minutes``
   (render + durable atomic write) on a project opened read-only, median of ``--runs``; the
   rendering alone is shown too. Target: under 200 ms each.
2. The HTML export against the Markdown export, as the ratio of the two in each round of that
   same interleaved run (median, min and max of ``--runs`` ratios). Target: at most 1.5x. The
   HTML export with the renderer before issue 13 (markdown-it-py, commonmark + table, html off,
   swapped in for ``markdown_to_html``) runs in the same rounds, for before/after; both renderers
   must give the same page.
3. The whole ``reviewroom export`` command on a small project (a copy of the bundled
   northwind-onboarding sample, else a freshly built one) against ``python -c pass``, both as
   fresh processes, interleaved, median wall time of ``--cli-runs``. Target: under 0.5 s.

The 1,000 requests are written straight into ``reviewroom.json`` in the shape of
``ChangeRequest.to_dict()`` (1,000 durable adds would only time the store): realistic text,
every verdict and decision, multi-line notes, owners and due dates, and a criteria revision in
the meeting so that a share of the verdicts is stale and the minutes show every section.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reviewroom.store.home import STORE_NAME  # noqa: E402
from reviewroom.store.minutes import export_minutes, render_html, render_markdown  # noqa: E402
from reviewroom.store.minutes import html as html_minutes  # noqa: E402
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
from tests.domain.test_minutes_renderers import reference_html  # noqa: E402

SAMPLE = ROOT / "tui" / "samples" / "northwind-onboarding"
TARGET_INPROCESS_MS = 200.0
TARGET_HTML_RATIO = 1.5
OLD = "html export (markdown-it)"
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


@contextlib.contextmanager
def html_renderer(render: Callable[[str], str]) -> Iterator[None]:
    """Render the HTML minutes' body with ``render`` for a while (the module looks it up)."""
    shipped = html_minutes.markdown_to_html
    html_minutes.markdown_to_html = render
    try:
        yield
    finally:
        html_minutes.markdown_to_html = shipped


def bench_in_process(folder: Path, runs: int, out: Path) -> dict[str, list[float]]:
    """Seconds per round of each render and export, interleaved in rotating order."""
    with Project.open(folder, readonly=True) as project:
        meeting = project.meeting("latest")
        assert len(project.meeting_requests(meeting)) >= 1000 or runs

        def old_export() -> None:
            with html_renderer(reference_html):
                export_minutes(project, meeting, "html", out / "old.html")

        actions: dict[str, Callable[[], object]] = {
            "md render": lambda: render_markdown(project, meeting),
            "md export": lambda: export_minutes(project, meeting, "md", out / "m.md"),
            "html render": lambda: render_html(project, meeting),
            "html export": lambda: export_minutes(project, meeting, "html", out / "m.html"),
            OLD: old_export,
        }
        for action in actions.values():  # warm both parsers, as a running app would have them
            action()
        samples: dict[str, list[float]] = {name: [] for name in actions}
        order = list(actions)
        for round_ in range(runs):
            shift = round_ % len(order)
            for name in order[shift:] + order[:shift]:
                samples[name].append(timed(actions[name]))
    return samples


def ratios(samples: dict[str, list[float]], what: str, base: str) -> list[float]:
    """``what`` over ``base``, round by round."""
    return [a / b for a, b in zip(samples[what], samples[base], strict=True)]


def same_page(folder: Path) -> bool:
    """Whether cmark-gfm and markdown-it-py give the same HTML minutes of the big meeting."""
    with Project.open(folder, readonly=True) as project:
        meeting = project.meeting("latest")
        new = render_html(project, meeting)
        with html_renderer(reference_html):
            return render_html(project, meeting) == new


def memory_kept_per_render(folder: Path, renders: int = 5) -> float | None:
    """MB of resident memory each cmark-gfm render keeps (cmarkgfm frees neither its syntax
    tree nor its output); None where /proc is missing."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return None
    with Project.open(folder, readonly=True) as project:
        markdown = render_markdown(project, project.meeting("latest"))
    html_minutes.markdown_to_html(markdown)
    before = int(statm.read_text().split()[1])
    for _ in range(renders):
        html_minutes.markdown_to_html(markdown)
    after = int(statm.read_text().split()[1])
    return (after - before) * os.sysconf("SC_PAGE_SIZE") / renders / 1e6


def print_in_process(samples: dict[str, list[float]], size: int, md_size: int, runs: int) -> None:
    """The table of medians and the HTML/Markdown ratio against its target."""
    print(f"in-process, {size:,} requests in one meeting "
          f"(Markdown {md_size / 1e6:.2f} MB), {runs} rounds, interleaved")
    print(f"{'what':<26} {'median ms':>10} {'min ms':>8} {'max ms':>8}  target")
    print("-" * 66)
    for what, times in samples.items():
        verdict = ""
        if what in ("md export", "html export"):
            verdict = "HOLDS" if median_ms(times) < TARGET_INPROCESS_MS else "MISSED"
        print(f"{what:<26} {median_ms(times):>10.1f} {min(times) * 1000:>8.1f} "
              f"{max(times) * 1000:>8.1f}  {verdict}")
    print()
    print(f"HTML minutes of a {size:,}-request meeting vs Markdown export "
          f"(ratio per round; target at most {TARGET_HTML_RATIO}x)")
    print(f"{'renderer':<26} {'median':>8} {'min':>7} {'max':>7}")
    print("-" * 58)
    for label, what in (("cmark-gfm (after)", "html export"), ("markdown-it-py (before)", OLD)):
        found = ratios(samples, what, "md export")
        med = statistics.median(found)
        ok = "HOLDS" if med <= TARGET_HTML_RATIO else "MISSED"
        print(f"{label:<26} {med:>7.2f}x {min(found):>6.2f}x {max(found):>6.2f}x  {ok}")


def reviewroom_command() -> list[str]:
    """The installed console script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).parent / "reviewroom"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from reviewroom.tui.cli import main; main()"]


def bench_cli(folder: Path, runs: int, out: Path) -> tuple[float, float]:
    """Median wall seconds of ``reviewroom export`` and of ``python -c pass``, interleaved."""
    return command_vs_python(
        [*reviewroom_command(), "export", str(folder), "-o", str(out / "cli.md")], runs)


def command_vs_python(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds of ``command`` and of ``python -c pass``, interleaved ``runs`` times
    (after one round that only warms the OS file cache)."""
    baseline = [sys.executable, "-c", "pass"]
    times: list[list[float]] = [[], []]
    for i in range(runs + 1):
        for which, cmd in ((0, command), (1, baseline))[:: 1 if i % 2 else -1]:
            began = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
            if i:
                times[which].append(time.perf_counter() - began)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    """Build the projects, run both benchmarks, print the tables and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="interleaved rounds (at least 7)")
    parser.add_argument("--cli-runs", type=int, default=11)
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7: the ratios are medians of at least 7 rounds")
    with tempfile.TemporaryDirectory() as tmp:
        home, out = Path(tmp) / "home", Path(tmp) / "out"
        out.mkdir()
        big = build_big_project(home, args.size)
        with Project.open(big, readonly=True) as project:
            md_size = len(render_markdown(project, project.meeting("latest")).encode())
        samples = bench_in_process(big, args.runs, out)
        identical = same_page(big)
        kept = memory_kept_per_render(big)
        small = small_project(home)
        export_s, pass_s = bench_cli(small, args.cli_runs, out)

    print_in_process(samples, args.size, md_size, args.runs)
    print(f"same page from both renderers: {'yes' if identical else 'NO'}")
    if kept is not None:
        print(f"memory each cmark-gfm render keeps (never freed by cmarkgfm): {kept:.1f} MB")
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
