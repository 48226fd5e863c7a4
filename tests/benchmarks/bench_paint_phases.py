"""Where the first paint's time goes, phase by phase, against an empty Textual app.

    .venv/bin/python tests/benchmarks/bench_paint_phases.py [--runs 11] [--against OTHER_CHECKOUT]

``bench_tui.py`` gives the ratio; this says what makes it up. Each round starts fresh processes
(as ``reviewroom open`` is one) on the 1,000-request, 20-meeting project of ``bench_tui.build``:
one per checkout (this one, and ``--against``: a ``git worktree`` of the commit before a change),
and one empty Textual app. A child times with ``perf_counter`` each phase up to the first frame
with the list's rows (the moment ``App._display`` hands it over): importing Textual, the store
and the app; ``Project.open``; building the app; then, inside ``App.run``, the time the wrapped
pieces took (CSS parsing, the screen's ``reload``, the compositor's layout and its first
frame's rendering, the tone matcher's compiling wherever it falls: since session 20 the list's
index and each pattern's own expression, before it the one expression of every pattern) and the
whole run to the first frame. Collection is held as the launcher holds it (``gc_policy.hold``,
where the checkout has it), and the empty app holds and resumes it the same way (like for
like). Medians over the rounds, ms; the wrapped pieces overlap the run, they do not add to it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from bench_tui import build  # noqa: E402

# Timers around each piece; the meeting's child also needs the project's folder (argv[1]).
PRELUDE = r"""
import collections, gc, json, sys, time
T = collections.defaultdict(float)
t0 = time.perf_counter()
HOLD
def wrap(owner, name, label):
    inner = getattr(owner, name)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            T[label] += time.perf_counter() - start
    setattr(owner, name, timed)
def phase(label, start):
    T[label] = time.perf_counter() - start
    return time.perf_counter()
from textual.app import App
t = phase("import textual", t0)
from textual import _compositor
from textual.css.stylesheet import Stylesheet
wrap(Stylesheet, "parse", "  CSS parsing")
wrap(_compositor.Compositor, "reflow", "  layout")
wrap(_compositor.Compositor, "render_update", "  first frame's rendering")
display = App._display
def painted(app, screen, renderable):
    display(app, screen, renderable)
    if renderable is not None and "run to first frame" not in T and shown(screen):
        T["run to first frame"] = time.perf_counter() - t_run
        T["start to first frame"] = time.perf_counter() - t0
        print(json.dumps(T), flush=True)
        app.exit()
App._display = painted
"""
EMPTY = PRELUDE.replace("HOLD", "gc.disable()") + r"""
def shown(screen):
    return True
class Empty(App):
    def on_load(self):  # as reviewroom's app resumes collection (tui/gc_policy.py)
        gc.freeze(); gc.set_threshold(50_000, 20, 100); gc.enable()
t = time.perf_counter()
app = Empty()
t = phase("build the app", t)
t_run = time.perf_counter()
app.run(headless=True, size=(100, 30))
"""
MEETING = PRELUDE.replace("HOLD", """from reviewroom.tui import gc_policy  # as the launcher does
getattr(gc_policy, "hold", lambda: None)()""") + r"""
from pathlib import Path
from reviewroom.store.project import Project
t = phase("import the store", t)
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens import meeting_view
from reviewroom.store import tone
t = phase("import the app", t)
wrap(meeting_view.MeetingView, "reload", "  the screen's reload")
if hasattr(tone, "matcher"):  # before session 20: one expression of every pattern
    wrap(tone, "matcher", "  tone matcher")
else:  # since: the list's index, and each pattern's own expression
    wrap(tone, "patterns", "  tone matcher")
    wrap(tone.Patterns, "expression", "  tone matcher")
def shown(screen):
    return isinstance(screen, MeetingScreen) and bool(
        screen.query("RequestsTable").first().row_count)
project = Project.open(Path(sys.argv[1]))
t = phase("Project.open", t)
app = ReviewApp(project)
t = phase("build the app", t)
t_run = time.perf_counter()
app.run(headless=True, size=(100, 30))
project.close()
"""
ORDER = ["import textual", "import the store", "import the app", "Project.open", "build the app",
         "run to first frame", "  CSS parsing", "  the screen's reload", "  tone matcher",
         "  layout", "  first frame's rendering", "start to first frame"]


def one(code: str, folder: Path, tree: Path) -> dict[str, float]:
    """One child's phases, in ms."""
    out = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=tempfile.gettempdir(),
                         env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                         text=True, check=True)
    return {key: value * 1000 for key, value in json.loads(out.stdout.splitlines()[-1]).items()}


def main() -> None:
    """Build the project, run the rounds, print the medians side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--against", type=Path, help="another checkout, in the same rounds")
    args = parser.parse_args()
    sides = {"empty app": (EMPTY, ROOT), "this checkout": (MEETING, ROOT)}
    if args.against:
        sides[str(args.against)] = (MEETING, args.against)
    with tempfile.TemporaryDirectory() as home:
        print("building 1,000 requests over 20 meetings …", flush=True)
        folder = build(Path(home), 20, 50, "spread")
        got: dict[str, dict[str, list[float]]] = {side: {} for side in sides}
        names = list(sides)
        for round_ in range(args.runs):
            shift = round_ % len(names)  # each round starts with another side (see bench_tui)
            for side in names[shift:] + names[:shift]:
                code, tree = sides[side]
                for key, value in one(code, folder, tree).items():
                    got[side].setdefault(key, []).append(value)
    print(f"\nmedian ms of {args.runs} rounds" + "".join(f" | {side[-18:]:>18}" for side in sides))
    for key in ORDER:
        cells = [f"{statistics.median(got[side][key]):18.1f}" if key in got[side] else " " * 18
                 for side in sides]
        print(f"{key:28}" + "".join(f" | {cell}" for cell in cells))


if __name__ == "__main__":
    main()
