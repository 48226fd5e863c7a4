"""The meeting screen takes the project it shows out of the garbage collector's walks, and gives
it back when it closes (tui/heap.py): a full collection over a 10,000-request project paused a
watcher's keys for 200 ms, and an app run inside a longer process must leave nothing frozen."""

from __future__ import annotations

import gc

from reviewroom.tui.screens.meeting import MeetingScreen
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, make_app, wait_until


async def test_the_shown_project_is_frozen_while_the_screen_is_open_and_thawed_after(
    new_project: ProjectFactory,
) -> None:
    folder = new_project(meeting=PROTOTYPE_REVIEW, requests=["Bigger logo", "Shorter course"])
    gc.unfreeze()
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, MeetingScreen)
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0)
    app.project.close()
    assert gc.get_freeze_count() == 0
