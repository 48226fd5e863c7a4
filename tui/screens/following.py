"""Presenter mode on the meeting screen: the writer publishes its cursor, a watcher follows it.

``FollowingView`` sits between ``MeetingView`` (what the panels show) and ``MeetingScreen`` (the
keys). A writer mounts a :class:`CursorPublisher`; a watcher mounts a :class:`CursorFollower`
and, while ``following``, moves its highlighted row, the list's scroll and the criteria panel to
where the writer is. Following and a filter of the watcher's own never hold at once: ``f``
resumes following and clears the filter; a filter chosen with ``/`` stops following. A move of
the watcher's own (arrow keys, a click, the mouse wheel on the list) stops following too, and
the header says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.reactive import var

from reviewroom.store.i18n import t
from reviewroom.store.presence import Cursor
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.screens.meeting_view import MeetingView
from reviewroom.tui.widgets import RequestsTable
from reviewroom.tui.widgets.meeting_header import Heading

if TYPE_CHECKING:
    from reviewroom.tui.widgets.cursor_follower import CursorFollower
    from reviewroom.tui.widgets.cursor_publisher import CursorPublisher


class FollowingView(MeetingView):
    """The meeting's panels, following the writer's cursor in a watcher (presenter mode)."""

    # A watcher follows the writer from the start; the header says whether it does.
    following: var[bool] = var(True, init=False)

    def __init__(self, project: Project, *, read_only: bool = False) -> None:
        super().__init__(project, read_only=read_only)
        self._follower: CursorFollower | None = None  # a watcher's, once mounted
        self._publisher: CursorPublisher | None = None  # a writer's, once the screen is drawn

    def compose(self) -> ComposeResult:
        """The meeting's panels, and for a watcher what follows the writer's cursor: composed
        with them, so it is part of the screen's first layout (mounted afterwards, it laid the
        screen out and drew it once more before the first paint settled)."""
        yield from super().compose()
        if self.read_only:  # imported here: a writer's screen never needs it
            from reviewroom.tui.widgets.cursor_follower import CursorFollower

            self._follower = CursorFollower(self.project)
            yield self._follower

    def _opened(self) -> None:
        """The list is filled: a watcher's opens where the writer is, before the first frame
        (so the criteria panel never scrolls for the list's first row, which the client never
        saw highlighted); a writer's is published once that frame is drawn."""
        if self.read_only:
            self._start_where_the_writer_is()
        else:
            self.call_after_refresh(self._publish)

    def _publish(self) -> None:
        """A writer: publish the cursor from now on (where it is now first). After the first
        frame, as what it needs is imported only then (a thread pool among it), and the
        first publication waits ``PUBLISH_DELAY`` anyway."""
        from reviewroom.tui.widgets.cursor_publisher import CursorPublisher

        if self._publisher is None and self.is_attached:
            self._publisher = CursorPublisher(self.project, self)
            self._publisher.follow(self.query_one(RequestsTable))

    def on_unmount(self) -> None:
        """The screen closes: the publisher's last write finishes first (one small file)."""
        if self._publisher is not None:
            self._publisher.stop()

    def _start_where_the_writer_is(self) -> None:
        """Open on the writer's request, not on the first row (so the client never sees the
        first request flash by, and the criteria panel shows the writer's request from the
        start)."""
        if self._follower is not None:
            self._follower.check()
        self._catch_up()

    def _heading(self) -> Heading:
        """The header says whether a watcher follows the writer (a writer's says nothing)."""
        return super()._heading()._replace(
            following=self.following if self.read_only else None)

    def action_follow(self) -> None:
        """``f`` (watchers): stop following the writer, or follow again and catch up."""
        self.following = not self.following

    def watch_following(self, following: bool) -> None:
        """Say it in the header; resuming clears the watcher's filter and catches up."""
        if following and self.filter:
            self.filter = RequestFilter()
            self.notify(t(self.lang, "tui.follow.filter_cleared"))
        self.heading = self._heading()
        if following:
            self._catch_up()

    def watch_filter(self) -> None:
        """A filter of the watcher's own stops following (the writer's rows may be hidden)."""
        super().watch_filter()
        if self.read_only and self.following and self.filter:
            self.following = False
            self.notify(t(self.lang, "tui.follow.stopped_by_filter"))

    def on_cursor_follower_moved(self) -> None:
        """The writer moved: follow, unless the watcher stopped following. (A handler by name:
        ``@on`` needed the follower's module imported with this one, and a writer's screen
        never uses it.)"""
        if self.following:
            self._catch_up()

    def _change_shown(self) -> None:
        """The writer's cursor may be on a request this view has only now been told about:
        follow once the change is drawn."""
        if self.following:
            self.call_after_refresh(self._catch_up)

    @on(RequestsTable.Highlighted)
    def _own_move(self, event: RequestsTable.Highlighted) -> None:
        """The watcher's own move (a key or a click on the list) stops following.

        Only input counts: the highlights of a redraw or of following itself arrive at any
        time, and on a loaded machine the first one can come after the writer's cursor was read.
        A move onto the writer's own request is not leaving it.
        """
        if not (self.read_only and self.following and event.by_user):
            return
        writer = self._writer_cursor()
        if writer is None or event.request_id != writer.request:
            self.following = False

    @on(RequestsTable.Wheeled)
    def _own_scroll(self) -> None:
        """The watcher's own wheel on the list stops following (the writer's next move would
        scroll the list back from under the mouse)."""
        if self.read_only and self.following:
            self.following = False

    def _writer_cursor(self) -> Cursor | None:
        """The writer's cursor as last read, when it is in the meeting shown here."""
        latest = self._follower.latest if self._follower is not None else None
        meeting = self.meeting.id if self.meeting else None
        return latest if latest is not None and latest.meeting == meeting else None

    def _catch_up(self) -> None:
        """Move the highlighted row, the scroll and (through the highlight) the detail pane and
        the criteria panel to where the writer is, when it is in the meeting shown here."""
        writer = self._writer_cursor()
        table = self.query_one(RequestsTable)
        rid = writer.request if writer else None
        if writer is None or rid is None or rid not in table.rows:
            return
        row = table.get_row_index(rid)
        if table.current_id != rid:
            table.move_cursor(row=row, scroll=False)
            self._show_current()  # now, not at the highlight's message: the panels show the
            # writer's request in the frame that moves to it (at opening, the first frame)
        table.call_after_refresh(self._scroll, writer, row)

    def _scroll(self, cursor: Cursor, row: int) -> None:
        """The writer's scroll, or as near to it as keeps the highlighted row in sight."""
        table = self.query_one(RequestsTable)
        top = cursor.scroll
        if cursor.top is not None and cursor.top in table.rows:
            top = table.get_row_index(cursor.top)
        visible = max(1, table.body_height())
        top = min(max(top, row - visible + 1), row)
        table.scroll_to(y=top, animate=False, immediate=True)
