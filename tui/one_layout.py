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

from textual import events, messages
from textual._compositor import Compositor
from textual._time import get_time
from textual.geometry import Size
from textual.message import Message
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


class OneLayoutScreen(Screen[None]):
    """A screen that is laid out once per change, its first frame included.

    Textual lays a screen out again whenever a widget asks, even when a full layout since then
    has already placed it, and draws every layout. At the start that was three full layouts
    and frames of the meeting screen before it settled (issue 13, part 2): the first layout
    shows the list's and the panel's scrollbars, which ask for another; the widgets that
    changed as the screen was filled ask again once idle, after that layout; and Textual's
    toast rack sets its display as the screen is resumed. The same holds for every later frame:
    a layout asked for during a layout, or waiting in the queue, is done before the frame is
    drawn. Six private Textual methods are overridden here, and the compositor's lazy map is
    read; tests/app/test_first_frame.py pins their sources.
    """

    # Full layouts a frame may take before it is drawn (see _compositor_refresh).
    FRAME_LAYOUTS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._layouts_before_frame = self.FRAME_LAYOUTS
        self._full_layout_at = float("-inf")  # when the last full layout began (get_time)
        self._resumed = False  # shown once already (see _on_screen_resume)
        self._laid_map: dict[Widget, Any] | None = None  # see _compare_with_laid_out
        self._first_frame_at = float("-inf")  # when the first frame was drawn (see _on_update)
        self._layout_asked = False  # a widget's Layout message sent since the last full layout

    def on_mount(self) -> None:
        """Hide Textual's toast rack now, as its ``show()`` does just after the first layout
        when there is no notification: the rack is hidden by its CSS already, but ``show()``
        sets the same as an inline rule, and a new rule lays the whole screen out again."""
        for rack in self.query("#textual-toastrack"):
            rack.display = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, Textual's handler (which runs after this one)
        leaves its styles alone: they were applied as its widgets mounted, a moment ago, and it
        restyled every widget again before the first frame (with the meeting screen as the
        app's first screen, 106 style applications before the first frame became 59). Later
        resumes (a dialog closed, the theme changed meanwhile) restyle as Textual does."""
        if not self._resumed:
            event.refresh_styles = False
            self.call_next(self._keep_first_frame)
        self._resumed = True

    def _keep_first_frame(self) -> None:
        """After Textual's first resume: its handler lays the screen out, which draws the first
        frame, and then asks for the whole screen to be drawn again, a second full frame with
        nothing new in it. What the widgets asked to redraw since is still drawn."""
        if self._first_frame_at > float("-inf"):  # the first frame was drawn
            self._repaint_required = False

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Textual's layout; a full one notes when it began (see ``_on_layout``), takes the
        screen's own pending request for one (Textual's timer would lay out again for it) and
        compares with the arrangement last laid out (``_compare_with_laid_out``)."""
        # Textual lays out everything unless it is a scroll with no widget asking for more
        full = (not scroll or bool(self._layout_widgets)) and bool(size or self.outer_size)
        if full:
            self._full_layout_at = get_time()
            self._layout_required = False
            self._layout_asked = False
            self._compare_with_laid_out()
        super()._refresh_layout(size, scroll)
        if full:
            self._laid_map = self._compositor._full_map

    def _compare_with_laid_out(self) -> None:
        """Let a full layout find what changed against the arrangement last laid out and drawn.

        After a scroll (laid out for what is in view only) Textual rebuilds its map of every
        widget the first time anything asks where a widget is, from the screen as it is then:
        when the form had just closed, that map already had the list grown, the layout found
        nothing changed, and the terminal kept showing the closed form where the list now is
        (80×24: ``i``, ``down``, ``ctrl+s``). The layout compares with the last laid-out map
        instead: what scrolled since counts as changed, and is drawn again."""
        compositor = self._compositor
        if self._laid_map is not None and compositor._full_map is not self._laid_map:
            compositor._full_map = self._laid_map
            # and not rebuilt again before the layout reads it (the layout first looks up
            # where the widgets to redraw are, through the same lazy map)
            compositor._full_map_invalidated = False
            compositor._visible_widgets = None
            compositor._visible_map = None

    def post_message(self, message: Message) -> bool:
        """Note a widget's request for a layout as it is sent: a frame drawn before the screen
        reads the request from its queue lays out first (``_compositor_refresh``)."""
        if isinstance(message, messages.Layout):
            self._layout_asked = True
        return super().post_message(message)

    async def _on_layout(self, message: messages.Layout) -> None:
        """A widget's request for a layout, unless a full layout began after it was asked:
        that layout placed the widget already (its container's cached arrangement was dropped
        when the request was sent). Otherwise Textual's handler lays the screen out again."""
        if message.time <= self._full_layout_at:
            message.stop()
            message.prevent_default()

    async def _on_resize(self, event: events.Resize) -> None:
        """A resize to the size the screen is laid out for changes nothing, so Textual's
        handler (a full layout) is skipped. The app's first screen gets two as it starts (the
        app's first size, then the terminal's)."""
        if event.size == self._compositor.size:
            event.prevent_default()

    def _compositor_refresh(self) -> None:
        """Textual's frame, but only once the layout has settled: a widget that asked for a
        layout during the last one (a scrollbar shown) gets it now, before anything is drawn
        (at most ``FRAME_LAYOUTS`` layouts), and so does one whose request waits in the
        screen's queue (``post_message``). The form's first opening at 100×30 shows its body's
        scrollbar, which asked for a layout after the frame; ``tab`` into the checklist
        shortens the form's key line, whose request waited behind the frame's redraws: each
        drew the form twice."""
        if self._layouts_before_frame > 1 and (self._layout_asked or any(
                widget._layout_required for widget in self.walk_children(Widget))):
            ask_now(self)  # their requests are older than this layout: _on_layout drops them
            self._layouts_before_frame -= 1
            self._refresh_layout()  # which draws through here again
            return
        if self._first_frame_at == float("-inf"):  # every widget is drawn whole in it
            self._first_frame_at = get_time()
        self._layouts_before_frame = self.FRAME_LAYOUTS
        if self is self.app.screen:
            self._take_repaints()
        super()._compositor_refresh()

    def _take_repaints(self) -> None:
        """Draw in this frame every visible widget that asked to be drawn again before it.

        A widget sends its request from its own queue once idle, and the screen takes it in
        turn: one asked as the frame began (a label lit as the cursor came to its field) came
        after the frame, and drew a second one: ``tab`` between fields, ``n``. Taken here, the
        widget is drawn now, and its request, when it comes, finds nothing left to draw
        (``_on_update``). The screen's own request (a whole new frame) is Textual's to handle:
        ``_keep_first_frame`` drops the one after the first frame."""
        compositor = self._compositor
        asked = {widget for widget in compositor.visible_widgets
                 if widget is not self
                 and (widget._repaint_required or _undrawn(widget, compositor))}
        for widget in asked:
            widget._repaint_required = False
        if asked:
            self._compositor.update_widgets(asked)

    async def _on_update(self, message: messages.Update) -> None:
        """A widget's request to be drawn again, unless there is nothing left to draw: it was
        asked before the screen's first frame, which drew every widget whole (nothing was on
        the terminal before it), or the widget has no line left undrawn since (a frame drew it
        after it asked: the request waited in the queue behind that frame's layout). Each came
        as one more frame with nothing new in it: after the first frame, after ``n``.

        A screenshot also draws lines, without sending them to the terminal; a request it
        leaves drawn is still dropped, and the widget shows its last lines until it changes.
        """
        widget = message.widget
        if message.time <= self._first_frame_at or (
                isinstance(widget, Widget) and not _undrawn(widget, self._compositor)):
            message.stop()
            message.prevent_default()


def _undrawn(widget: Widget, compositor: Compositor) -> bool:
    """Whether part of ``widget`` on the screen has not been drawn since it last changed: a
    region it asked to redraw, or a line of it in sight that its line cache holds as stale
    (lines scrolled out of sight or below the fold stay stale until they come in sight). The
    compositor's map of what is in sight is looked at only for a widget with stale lines: built
    lazily, it may be built from scratch (every ``Update`` message comes through here)."""
    if widget._repaint_regions:
        return True
    stale = widget._styles_cache._dirty_lines
    if not stale:
        return False
    visible = compositor.visible_widgets
    if widget not in visible:
        return False
    region, clip = visible[widget]
    shown = region.intersection(clip)
    top = shown.y - region.y
    return any(top <= line < top + shown.height for line in stale)

