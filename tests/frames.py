"""What a terminal shows after the frames an app wrote, cell by cell: a screen kept in step with
each update ``App._display`` hands over, as a terminal keeps it.

Textual draws a change as a partial frame (only the lines and spans that changed); a frame
drawn too small leaves stale cells on a real terminal that a full render of the screen would not
show. Tests that make the app draw less (tests/app/test_frames.py) compare the two: the cells
written so far against ``render_strips()`` of the screen, once the app is idle.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType, Segment
from rich.style import Style
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.screen import Screen

Cell = tuple[str, Style | None]


class TerminalCells:
    """The cells of a terminal the app's frames were written to (headless: nothing else is).

    ``frames`` lists each update as it came: ``full`` for a frame of the whole screen.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.rows: list[list[Cell]] = []
        self.frames: list[str] = []
        display = app._display

        def written(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.write(renderable)

        app._display = written  # type: ignore[method-assign]

    def write(self, update: CompositorUpdate) -> None:
        """Apply one frame, as the terminal would: cursor moves, then text at the cursor."""
        width, height = self.app.size
        if len(self.rows) != height or (self.rows and len(self.rows[0]) != width):
            self.rows = [[(" ", None)] * width for _ in range(height)]
        self.frames.append("full" if isinstance(update, LayoutUpdate) else "partial")
        console = Console(width=width, height=height, file=None, force_terminal=True)
        x = y = 0
        for segment in console.render(update):
            x, y = self._put(segment, x, y, width, height)

    def _put(self, segment: Segment, x: int, y: int, width: int, height: int) -> tuple[int, int]:
        """One segment at (x, y); returns where the cursor is after it."""
        for control in segment.control or ():
            if control[0] == ControlType.CURSOR_MOVE_TO:
                x, y = int(control[1]), int(control[2])  # type: ignore[misc]
        if segment.control:
            return x, y
        for char in segment.text:
            if char == "\n":
                x, y = 0, y + 1
                continue
            if 0 <= y < height and 0 <= x < width:
                self.rows[y][x] = (char, segment.style)
            x += cell_len(char)
        return x, y

    def lines(self) -> list[list[Cell]]:
        """The cells written so far."""
        return [list(row) for row in self.rows]

    def expected(self) -> list[list[Cell]]:
        """The cells of the screen rendered whole, now."""
        width, height = self.app.size
        rows = [[(" ", None)] * width for _ in range(height)]
        for y, strip in enumerate(self.app.screen._compositor.render_strips()[:height]):
            x = 0
            for segment in strip:
                for char in segment.text:
                    if x < width:
                        rows[y][x] = (char, segment.style)
                    x += cell_len(char)
        return rows

    def stale(self) -> list[str]:
        """Lines where the terminal shows other cells than the screen: ``y: shown | screen``."""
        shown, screen = self.lines(), self.expected()
        return [f"{y}: {''.join(c for c, _ in a)!r} | {''.join(c for c, _ in b)!r}"
                for y, (a, b) in enumerate(zip(shown, screen, strict=True)) if a != b]


def count_layouts(monkeypatch: Any) -> list[int]:
    """From now on, one entry per full layout of any screen (``Screen._refresh_layout`` not
    for a scroll): what a change cost beyond drawing."""
    layouts: list[int] = []
    refresh_layout = Screen._refresh_layout

    def counted(screen: Screen[Any], size: Any = None, scroll: bool = False) -> None:
        if not scroll:
            layouts.append(1)
        refresh_layout(screen, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts
