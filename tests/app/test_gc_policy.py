"""The app's garbage-collection policy (tui/gc_policy.py)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewroom.store.project import Project
from reviewroom.tui.gc_policy import THRESHOLDS, hold, relax
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, wait_until


@pytest.fixture
def default_thresholds() -> Iterator[None]:
    """Start from CPython's defaults and put back what the session had."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_relax_collects_less_often_but_still_collects(default_thresholds: None) -> None:
    relax()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.isenabled() and THRESHOLDS[0] > 700


async def test_the_app_takes_the_policy_as_it_loads(default_thresholds: None, folder: Path) -> None:
    app = make_app(folder)
    async with app.run_test(size=(100, 30)):
        assert gc.get_threshold() == THRESHOLDS
    app.project.close()


async def test_a_pilot_app_freezes_what_it_shows_and_thaws_it_when_it_ends(
    new_project: ProjectFactory,
) -> None:
    """Tests run many apps in one process: what one froze must be collectable once it ends."""
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=["Bigger logo", "Shorter course"])
    gc.unfreeze()
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0)
    app.project.close()
    assert gc.get_freeze_count() == 0


RUN = """
import gc, sys
from reviewroom.tui.gc_policy import hold
hold()  # as the launcher does for `reviewroom open`, before anything else is imported
from pathlib import Path
from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.screens.meeting import MeetingScreen
project = Project.open(Path(sys.argv[1]))
app = ReviewApp(project)
held_until_load = not gc.isenabled()
at_load = []
loaded = ReviewApp.on_load
def on_load(self):
    loaded(self)
    at_load.append(gc.get_freeze_count())
ReviewApp.on_load = on_load
refreshes = 0
def painted():
    global refreshes
    refreshes += 1
    if isinstance(app.screen, MeetingScreen) and gc.get_freeze_count() > at_load[0] > 0:
        app.exit((app.screen.query_one("RequestsTable").row_count, held_until_load,
                  gc.isenabled(), gc.get_threshold()[0]))
    elif refreshes > 200:
        app.exit("never frozen")
    else:
        app.call_after_refresh(painted)
app.call_later(lambda: app.call_after_refresh(painted))
print(app.run(headless=True, size=(100, 30)))
project.close()
"""


def test_a_real_run_freezes_the_heap_as_it_loads_and_again_once_the_screen_is_drawn(
    folder: Path,
) -> None:
    """Started as the launcher starts ``reviewroom open`` (collection held), it also collects
    again, with the app's thresholds, from its load on."""
    with Project.open(folder) as project:
        project.add_request("Bigger logo", by="Dana")
    out = subprocess.run([sys.executable, "-c", RUN, str(folder)], capture_output=True,
                         text=True, check=True, timeout=120)
    # frozen at load, then with the list's row drawn; held until the load, collecting since
    assert out.stdout.strip() == f"(1, True, True, {THRESHOLDS[0]})"


SAVE = """
import sys
from pathlib import Path
from reviewroom.store.project import Project
with Project.open(Path(sys.argv[1])) as project:  # closing compacts: the watcher reads it whole
    project.update_request(sys.argv[2], note=sys.argv[3])
"""


async def test_a_real_runs_watcher_freezes_no_store_it_read_before(
    new_project: ProjectFactory,
) -> None:
    """A real run never thaws: whatever is frozen as garbage stays until the process ends. A
    finished reading held the whole store it read (its worker sits in reference cycles), and a
    watcher kept one more store per compaction of its writer (0.9 MB each at 1,000 requests)."""
    folder = new_project(meeting=PROTOTYPE_REVIEW,
                         requests=[f"Change {n}" for n in range(1, 41)])
    gc.collect()
    app = make_app(folder, read_only=True)
    app.ends_with_process = True  # as ReviewApp.run sets it
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: gc.get_freeze_count() > 0)
            for n in (1, 2, 3):
                subprocess.run([sys.executable, "-c", SAVE, str(folder), f"CR-{n}", f"save {n}"],
                               check=True, timeout=120)
                await wait_until(pilot, lambda n=n: app.project.request(f"CR-{n}").note
                                 == f"save {n}")
            await pilot.pause()
            gc.unfreeze()
            gc.set_debug(gc.DEBUG_SAVEALL)
            gc.collect()
            kept = [o for o in gc.garbage if type(o).__name__ == "ChangeRequest"]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.unfreeze()
        app.project.close()
    assert kept == []


@pytest.fixture
def collecting() -> Iterator[None]:
    """Whatever a test holds, collection runs again after it."""
    yield
    gc.enable()


@pytest.mark.parametrize(("args", "held"), [(["open", "acme"], True), (["demo"], True),
                                            (["list"], False), (["--help"], False)])
def test_the_launcher_holds_collection_before_the_cli_is_imported_for_the_app_only(
    collecting: None, monkeypatch: pytest.MonkeyPatch, args: list[str], held: bool,
) -> None:
    """``reviewroom open`` collects nothing while click, the store and Textual are imported
    (the app resumes as it loads); a command that does not start the app collects as usual."""
    from reviewroom.tui import launcher

    seen: list[bool] = []
    monkeypatch.setattr(sys, "argv", ["reviewroom", *args])
    monkeypatch.setattr(launcher, "hold_keys", lambda _fd: False)  # no terminal to hold here
    monkeypatch.setattr("reviewroom.tui.cli.main", lambda: seen.append(gc.isenabled()))
    launcher.main()
    assert seen == [not held]


async def test_the_app_resumes_collection_held_by_the_launcher(
    collecting: None, default_thresholds: None, folder: Path,
) -> None:
    hold()
    app = make_app(folder)
    async with app.run_test(size=(100, 30)):
        assert gc.isenabled() and gc.get_threshold() == THRESHOLDS
    app.project.close()
