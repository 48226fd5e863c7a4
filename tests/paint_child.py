"""Open a project in the real app, headless, and exit once the meeting screen shows its rows.

    python -m tests.paint_child FOLDER [MODULE …]     (from the repository's root)
    python tests/paint_child.py FOLDER                (another checkout's code on PYTHONPATH)

A fresh process, as a facilitator's ``reviewroom open`` is: what start-up costs, and what it
imports, are measured here and nowhere else. ``bench_tui.py`` times it against an empty Textual
app; ``test_startup_imports.py`` asks which of the MODULEs were loaded by the first paint
(printed on stdout, comma separated, once the app has exited). "Shows its rows" is the issue's
first paint: the meeting screen with its list filled, not an empty table.

The moment of that first frame (handed to the terminal: ``App._display``, the one place Textual
does) is printed on stderr as ``painted <monotonic seconds> <CPU seconds>``: the system-wide
monotonic clock, which the parent reads too, and this process's CPU time so far. Exiting comes
after it and is not part of the first paint.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def main(folder: Path, modules: list[str]) -> None:
    """Run the app until its first frame with the list filled; print which modules loaded.

    Collection is held first, as the ``reviewroom`` launcher holds it before its imports for a
    command that starts the app (the app resumes it as it loads; a checkout from before that,
    timed by ``bench_tui.py --against``, has no hold)."""
    from reviewroom.tui import gc_policy

    getattr(gc_policy, "hold", lambda: None)()
    from textual.app import App

    from reviewroom.store.project import Project
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.screens.meeting import MeetingScreen

    display, painted, loaded = App._display, [], set()

    def timed(app: Any, screen: Any, renderable: Any) -> None:
        display(app, screen, renderable)
        if renderable is not None and not painted and rows_shown(screen):
            painted.append(time.clock_gettime(time.CLOCK_MONOTONIC))
            print(f"painted {painted[0]:.6f} {time.process_time():.6f}", file=sys.stderr,
                  flush=True)
            loaded.update(sys.modules)  # what the first paint needed, not what came after
            app.exit()

    def rows_shown(screen: Any) -> bool:
        return isinstance(screen, MeetingScreen) and bool(
            screen.query("RequestsTable").first().row_count)

    App._display = timed  # type: ignore[method-assign]
    project = Project.open(folder)
    app = ReviewApp(project)
    app.run(headless=True, size=(100, 30))
    project.close()
    print(",".join(name for name in modules if name in loaded))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
