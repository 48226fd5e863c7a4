"""Scroll views whose scrollbars are redrawn only when what they show changed.

Textual's ``ScrollView._size_updated`` runs at every layout of the screen for every scroll view
on it, and takes the virtual size the layout passes (the visible area, for a scroll view that
sizes itself) as a change each time: it redraws both scrollbars though nothing moved. The redraw
is asked for during the layout, so it comes as a frame of its own after the frame the key drew:
every key that lays the screen out (a character typed into the form, a move in the list that
changes the detail pane, ``n``, a save) painted a second time, 35–60 ms later, for the
list's and the criteria panel's scrollbars. With this mixin a layout that leaves a scroll view's
size, virtual size and container size as they were leaves its scrollbars alone.

It overrides a private Textual method: tests/app/test_frames.py pins the source it was read
against (pyproject.toml pins Textual's minor version).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

Sized = tuple[Size, Size, Size, Size]


class SteadyScrollbars(ScrollView):
    """A scroll view that skips the scrollbar update of a layout that changed nothing here."""

    _sized: tuple[Sized, bool] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """Textual's update, unless size, virtual size (ours and the layout's) and container
        size are those of the last update: then its answer again (whether to send a resize)."""
        key = (size, virtual_size, self.virtual_size, container_size)
        if self._sized is not None and self._sized[0] == key:
            return self._sized[1]
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._sized = (key, resized)
        return resized

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        """Textual's, and the thumb drawn again once its scrollbar is up (``_redraw_thumb``)."""
        super().watch_scroll_x(old_value, new_value)
        if self.show_horizontal_scrollbar:
            self._redraw_thumb(self.horizontal_scrollbar)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Textual's, and the thumb drawn again once its scrollbar is up (``_redraw_thumb``)."""
        super().watch_scroll_y(old_value, new_value)
        if self.show_vertical_scrollbar:
            self._redraw_thumb(self.vertical_scrollbar)

    def room_inside(self, width: int) -> int:
        """The cells for what the view shows when it is ``width`` cells wide: less its border
        and padding and its scrollbar's column (kept shown or not: ``scrollbar-gutter:
        stable``). Both the list and the criteria panel fit their content to it before their
        first layout; the list's own copy of this sum forgot the scrollbar's column."""
        styles = self.styles
        return width - styles.gutter.width - styles.scrollbar_size_vertical

    def set_virtual_size(self, size: Size) -> None:
        """The scrollable size, without laying the screen out when the view's own size does not
        depend on it (no ``auto`` height or width): then only its scrollbars change (one shown
        or hidden asks for its own layout) and it is drawn again.

        Textual's ``virtual_size`` reactive lays the whole screen out: a saved request, which
        adds a row to the list, cost a second layout of the screen after the save's own, and so
        did the criteria panel's boxes coming and going with the form.
        """
        styles = self.styles
        if (styles.height and styles.height.is_auto) or (styles.width and styles.width.is_auto):
            self.virtual_size = size
            return
        if size == self.virtual_size:
            return
        self.set_reactive(ScrollView.virtual_size, size)
        if self._size:  # laid out: else the first layout sizes the scrollbars
            self._scroll_update(size)
        self.refresh()

    @staticmethod
    def _redraw_thumb(bar: ScrollBar) -> None:
        """A scrollbar moved before it was mounted keeps the lines it drew before: Textual's
        refresh of a widget not mounted yet leaves its drawn lines as they were. The criteria
        panel, scrolled at opening to the highlighted request's criteria, showed its thumb at the
        top though scrolled down. Draw it again once it is up."""
        if not bar._is_mounted:
            bar.call_later(bar.refresh)
