"""Presenter mode, the watcher's side: notice when the writer's published cursor moves."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from reviewroom.store.presence import Cursor
from reviewroom.store.project import Project

# Seconds between reads of the side file: a writer's move shows well within a second. A read
# is one open of a file of about 90 bytes, cheap enough for the UI thread.
FOLLOW_INTERVAL = 0.25


class CursorFollower(Widget):
    """Reads the writer's cursor a few times a second and posts :class:`Moved` when it changed.

    What it read is kept in :attr:`latest` so the screen can catch up when following resumes;
    a missing or unusable side file changes nothing (the watcher stays where it is).
    """

    DEFAULT_CSS = "CursorFollower { display: none; }"

    class Moved(Message):
        """The writer moved: ``cursor`` is where it is now."""

        def __init__(self, cursor: Cursor) -> None:
            super().__init__()
            self.cursor = cursor

    def __init__(self, project: Project, interval: float = FOLLOW_INTERVAL) -> None:
        super().__init__()
        self.project = project
        self.interval = interval
        self.latest: Cursor | None = None

    def on_mount(self) -> None:
        """Start reading."""
        self.set_interval(self.interval, self.check)

    def check(self) -> None:
        """One tick: post the cursor when it differs from the last one read."""
        cursor = self.project.read_cursor()
        if cursor is not None and cursor != self.latest:
            self.latest = cursor
            self.post_message(self.Moved(cursor))
