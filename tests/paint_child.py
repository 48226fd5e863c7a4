"""Open a project in the real app, headless, and exit once the meeting screen shows its rows.

    python -m tests.paint_child FOLDER [MODULE …]     (from the repository's root)

A fresh process, as a facilitator's ``reviewroom open`` is: what start-up costs, and what it
imports, are measured here and nowhere else. ``bench_tui.py`` times it against an empty Textual
app; ``test_startup_imports.py`` asks which of the MODULEs were loaded by then (printed, comma
separated). "Shows its rows" is the issue's first paint: the meeting screen with its list filled,
not an empty table.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(folder: Path, modules: list[str]) -> None:
    """Run the app until its first refresh with the list filled; print which modules loaded."""
    from reviewroom.store.project import Project
    from reviewroom.tui.app import ReviewApp
    from reviewroom.tui.screens.meeting import MeetingScreen

    project = Project.open(folder)
    app = ReviewApp(project)

    def painted() -> None:
        screen = app.screen
        if isinstance(screen, MeetingScreen) and screen.query("RequestsTable").first().row_count:
            app.exit()
        else:
            app.call_after_refresh(painted)

    app.call_later(lambda: app.call_after_refresh(painted))
    app.run(headless=True, size=(100, 30))
    project.close()
    print(",".join(name for name in modules if name in sys.modules))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
