"""Presenter mode, the writer's side: publish the highlighted request and the list's scroll."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from textual.dom import DOMNode
from textual.timer import Timer

from reviewroom.store.presence import Cursor
from reviewroom.store.project import Project
from reviewroom.tui.widgets.requests_table import RequestsTable

# Moves within this long are published once: holding an arrow key writes a few files a second,
# not one per row, and a watcher still sees the writer's last move well within a second.
PUBLISH_DELAY = 0.1


RETRY_INTERVAL = 1.0  # seconds between tries to write a cursor the folder refused


def top_request(table: RequestsTable) -> str | None:
    """The request in the list's first visible row (rows are one line high)."""
    index = int(table.scroll_y)
    return table.keys[index] if 0 <= index < table.row_count else None


class CursorPublisher:
    """Watches the writer's list and publishes where it is, through ``Project``.

    It watches the table's cursor and scroll rather than asking the screen to call it, so every
    way of moving (keys, mouse, a save that selects its request, a redraw) is published. The
    cursor is worked out on the UI thread and written by one background thread: an
    ``os.replace`` over a file costs ext4 a millisecond or more on a busy machine, which the
    meeting's keys must never wait for. Only the latest cursor is written; a failed write is
    silent (the side file is not the store: the meeting goes on).

    Not a widget: it draws nothing, and a widget is composed, styled and laid out with the
    screen (part of the first paint). Its timers and watches run on the screen that owns it
    (``host``), which starts it once the first frame is drawn and stops it as it closes.
    """

    table: RequestsTable  # the screen's list, given once the screen is up (``follow``)

    def __init__(self, project: Project, host: DOMNode, delay: float = PUBLISH_DELAY) -> None:
        self.project = project
        self.host = host
        self.delay = delay
        self._pending: Timer | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cursor")
        self._latest: Cursor | None = None
        self._queued = False
        self._failed = False  # the last write failed (set in the writing thread)

    def follow(self, table: RequestsTable) -> None:
        """Follow ``table`` (its cursor and scroll); publish where the writer is now."""
        self.table = table
        self.host.watch(self.table, "cursor_row", self.moved, init=False)
        self.host.watch(self.table, "scroll_y", self.moved, init=False)
        self.host.set_interval(RETRY_INTERVAL, self._retry)
        self.moved()

    def stop(self) -> None:
        """Let the last write finish (one small file) before the project closes (the screen
        closing: its timers and watches end with it)."""
        self._writer.shutdown(wait=True)

    def moved(self) -> None:
        """Something moved: publish once the moves of the next moment have settled."""
        if self._pending is None:
            self._pending = self.host.set_timer(self.delay, self.publish)

    def publish(self) -> None:
        """Hand the cursor as it is now to the writing thread (unless it has not moved)."""
        self._pending = None
        table = self.table
        cursor = self.project.next_cursor(table.current_id, top_request(table),
                                          int(table.scroll_y))
        if cursor is None:
            return
        self._latest = cursor
        self._hand_over()

    def _hand_over(self) -> None:
        """Queue a write of the latest cursor, unless one is queued already (it will write
        the latest)."""
        if not self._queued:
            self._queued = True
            self._writer.submit(self._write)

    def _write(self) -> None:
        """In the writing thread: write the latest cursor (a newer one handed over meanwhile
        is written by this very call or by the next one queued)."""
        self._queued = False
        cursor = self._latest
        if cursor is not None and not self.project.write_cursor(cursor):
            self._failed = True  # the folder refused it for now: _retry writes it again

    def _retry(self) -> None:
        """Write the last cursor again after a failed write, so watchers do not stay on an old
        request (saying they follow) until the writer happens to move."""
        if self._failed:
            self._failed = False
            self._hand_over()
