"""The ASCII-safe look: every border drawn with + - |, chosen by --ascii or by TERM=linux.

The default look is guarded by the SVG snapshots (tests/snapshots/test_snapshots.py), which must not
change; these tests render the screens and dialogs with the ``-ascii`` class and look for
box-drawing glyphs.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from reviewroom.store.project import Project
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.cli.live import wants_ascii
from tests.conftest import ProjectFactory
from tests.support import PROTOTYPE_REVIEW, fixed_clock, wait_until

BOX_DRAWING = {chr(c) for c in range(0x2500, 0x2580)}
# Half-block glyphs of Textual's "tall" borders (inputs, text areas, buttons).
TALL_BORDERS = set("▊▎▔▁")


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as plain text (the screen and the screens beneath it).

    Read from Textual's public SVG screenshot: its text elements hold the screen's characters in
    order, escaped for XML (the SVG's own markup holds no box-drawing glyph).
    """
    svg = app.export_screenshot()
    return "".join(html.unescape(part) for part in re.findall(r"<text[^>]*>(.*?)</text>", svg))


def build(folder: Path, *, ascii_look: bool) -> ReviewApp:
    """The app the way ``reviewroom open`` builds it."""
    return ReviewApp(Project.open(folder, clock=fixed_clock()), ascii=ascii_look)


# Keys that open each bordered view from the meeting screen, then close it again.
VIEWS = {
    "meeting screen": (),
    "request form": ("n",),
    "verdict chooser": ("v",),
    "criteria editor": ("c",),
    "attendees": ("t",),
    "filter": ("slash",),
    "help": ("question_mark",),
}


def away(app: ReviewApp, meeting: Any) -> bool:
    """Whether a dialog is up over the meeting screen, or its docked form is open."""
    return app.screen is not meeting or bool(meeting.editing)


async def test_ascii_look_draws_no_box_glyphs(new_project: ProjectFactory) -> None:
    folder = new_project(meeting=PROTOTYPE_REVIEW,
                         requests=[{"request": "Make the logo bigger", "intent": "Brand recall"}])
    app = build(folder, ascii_look=True)
    texts = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        meeting = app.screen
        for view, keys in VIEWS.items():
            for key in keys:
                await pilot.press(key)
            await wait_until(pilot, lambda keys=keys: away(app, meeting) == bool(keys))
            await pilot.pause()
            texts[view] = screen_text(app)
            if keys:
                await pilot.press("escape")
                await wait_until(pilot, lambda: not away(app, meeting))
    app.project.close()
    for view, text in texts.items():
        assert "+-" in text and "|" in text, view
        assert not set(text) & BOX_DRAWING, view
        if view not in ("meeting screen", "help"):  # scrollbars may use half blocks
            assert not set(text) & (TALL_BORDERS - {"▁"}), view
    assert len({texts[view] for view in VIEWS}) == len(VIEWS)  # each view really opened


async def test_default_look_keeps_its_rounded_borders(folder: Path) -> None:
    app = build(folder, ascii_look=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "╭" in text and "│" in text and not app.has_class("-ascii")
    app.project.close()


@pytest.mark.parametrize(("choice", "term", "expected"), [
    (None, "linux", True),
    (None, "xterm-256color", False),
    (None, "xterm", False),
    (None, "", False),
    (True, "xterm-256color", True),
    (False, "linux", False),
])
def test_ascii_is_chosen_by_flag_else_by_term(choice: bool | None, term: str,
                                              expected: bool) -> None:
    assert wants_ascii(choice, term) is expected
