"""One layout per change: a widget resized by a layout keeps the virtual size that layout worked
out, without asking for another layout of the whole screen.

Textual's ``Widget._size_updated`` stores the virtual size the layout just computed through the
``virtual_size`` reactive, and that reactive asks for a refresh *with layout*: every layout that
resizes any container (the request form shown or hidden, a field's hint growing, the detail pane
back after a save) was followed by a second full layout of the screen that changed nothing, and
by a second frame. Counted on the meeting screen with ``bench_big_brief.py``'s layout counter:
``k`` and ``9`` in the Criteria field 3 → 2 layouts, ``tab`` into the checklist 2 → 1, ``ctrl+s``
3 → 2, ``n`` 3 → 2.

The layout that calls ``_size_updated`` has already placed everything for that size. What may
still need a layout asks for it itself, as before: scrollbars that appear or go (their own
reactives), scroll positions clamped to the new size (``_scroll_update``), a widget whose size
changed is drawn again (``_set_dirty``). A widget's own drawing (its border, its background) does
not depend on its virtual size, so nothing else is drawn again: the repaint the reactive asked
for came after the frame, and drew the detail pane a second time at every opening.

This replaces a private Textual method for every widget (there is no hook, and the widgets laid
out are Textual's own: labels, inputs, containers), and ``ask_now`` calls another;
tests/app/test_one_layout.py pins the sources they were read against (pyproject.toml pins
Textual's minor version) and checks what the terminal shows against a full render.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

TEXTUALS = Widget._size_updated


def _size_updated(self: Widget, size: Size, virtual_size: Size, container_size: Size,
                  layout: bool = True) -> bool:
    """Textual's ``Widget._size_updated``, but the new virtual size asks for nothing more."""
    self._layout_cache.clear()
    if (self._size == size and self.virtual_size == virtual_size
            and self._container_size == container_size):
        return False
    if self._size != size:
        self._set_dirty()
    self._size = size
    self.set_reactive(Widget.virtual_size, virtual_size)
    self._container_size = container_size
    if self.is_scrollable:
        self._scroll_update(virtual_size)
    return True


def ask_now(screen: Screen[Any]) -> None:
    """Hand ``screen`` every layout its widgets have asked for, now, so it lays them out in one.

    A widget asks the screen for a layout from its own message queue, when it is next idle (and
    only then does its container drop the arrangement it keeps). After a key that shows and hides
    several widgets (the request form in place of the detail pane), the screen's first layout,
    50 ms and more with the form, ran before the last of them had asked, and a second full
    layout followed: ``ctrl+s`` and ``n`` each laid the screen out twice. Called at the end of
    such a change, in the key's own handler.
    """
    for widget in screen.walk_children(Widget):
        if widget._layout_required:
            widget._check_refresh()


def install() -> None:
    """Lay out once per change from now on, in this process (idempotent)."""
    Widget._size_updated = _size_updated  # type: ignore[method-assign]
