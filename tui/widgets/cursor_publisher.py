"""Presenter mode, the writer's side: publish the highlighted request and the list's scroll."""

from __future__ import annotations

from textual.timer import Timer
from textual.widget import Widget

from reviewroom.store.project import Project
from reviewroom.tui.widgets.requests_table import RequestsTable

# Moves within this long are published once: holding an arrow key writes a few files a second,
# not one per row, and a watcher still sees the writer's last move well within a second.
PUBLISH_DELAY = 0.1


def top_request(table: RequestsTable) -> str | None:
    """The request in the list's first visible row (rows are one line high)."""
    rows = table.ordered_rows
    index = int(table.scroll_y)
    return str(rows[index].key.value) if 0 <= index < len(rows) else None


class CursorPublisher(Widget):
    """Watches the writer's list and publishes where it is through ``Project.publish_cursor``.

    It watches the table's cursor and scroll rather than asking the screen to call it, so every
    way of moving (keys, mouse, a save that selects its request, a redraw) is published. The
    side file is not the store: a failed publish is silent, the meeting goes on.
    """

    DEFAULT_CSS = "CursorPublisher { display: none; }"

    def __init__(self, project: Project, table: RequestsTable,
                 delay: float = PUBLISH_DELAY) -> None:
        super().__init__()
        self.project = project
        self.table = table
        self.delay = delay
        self._pending: Timer | None = None

    def on_mount(self) -> None:
        """Follow the table's cursor and scroll; publish where the writer starts."""
        self.watch(self.table, "cursor_coordinate", self.moved, init=False)
        self.watch(self.table, "scroll_y", self.moved, init=False)
        self.moved()

    def moved(self) -> None:
        """Something moved: publish once the moves of the next moment have settled."""
        if self._pending is None:
            self._pending = self.set_timer(self.delay, self.publish)

    def publish(self) -> None:
        """Write the cursor as it is now (an unchanged one is not written again)."""
        self._pending = None
        table = self.table
        self.project.publish_cursor(table.current_id, top_request(table), int(table.scroll_y))
