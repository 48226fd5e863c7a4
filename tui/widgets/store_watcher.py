"""A watch view's link to the writer's store: reads in a thread, reports changes as messages."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reviewroom.store.errors import ReviewError
from reviewroom.store.project import Project
from reviewroom.store.repository import Snapshot

WATCH_INTERVAL = 0.5  # seconds between checks: a writer's change shows well within a second


class StoreWatcher(Widget):
    """Checks the store every half second and posts :class:`Changed` when the writer changed it.

    Two ``stat`` calls per tick when nothing changed (the store and its journal). A changed
    store is parsed in a thread, so the view keeps answering keys while a large store loads
    (parsing 10 MB holds the GIL for ~55 ms; on the event loop a 10,000-request reload froze the
    view); one reading at a time (a tick that finds one still running waits for the next). The
    screen adopts what was read on the UI thread, where every other change to what it shows
    happens.
    """

    DEFAULT_CSS = "StoreWatcher { display: none; }"

    class Changed(Message):
        """The writer changed the store: ``snapshot`` is what was read, for the screen to adopt."""

        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def __init__(self, project: Project, lang: str, interval: float = WATCH_INTERVAL) -> None:
        super().__init__()
        self.project = project
        self.lang = lang
        self.interval = interval
        # The reading under way; its result comes in a list the view empties, so the finished
        # worker (kept in reference cycles of its threading parts) never holds a whole store.
        self._reading: Worker[list[Snapshot | ReviewError | None]] | None = None
        self._warned = ""

    def on_mount(self) -> None:
        """Start ticking."""
        self.set_interval(self.interval, self.follow)

    def follow(self) -> None:
        """One tick: if the store changed, read it in a worker thread (unless a reading is
        still running). The check is two ``stat`` calls on this thread: starting a thread
        every tick to find nothing new was most of an idle watcher's CPU."""
        if self._reading is not None and not self._reading.is_finished:
            return
        if not self.project.store_changed():
            return
        self._reading = self.run_worker(self._read, name="watch", thread=True,
                                        exit_on_error=False)

    def _read(self) -> list[Snapshot | ReviewError | None]:
        """In the worker's thread: what the writer changed, or the error reading it (returned,
        not raised, so the view reports it and goes on)."""
        try:
            return [self.project.read_changes()]
        except ReviewError as error:
            return [error]

    @on(Worker.StateChanged)
    def _read_done(self, event: Worker.StateChanged) -> None:
        """Back on the UI thread: pass a change on; a damaged or half-replaced file is reported
        once and retried on the next tick rather than ending the view."""
        if event.worker is not self._reading or event.state is not WorkerState.SUCCESS:
            return
        self._reading = None
        held = event.worker.result
        result = held.pop() if held else None
        if isinstance(result, ReviewError):
            self._warn_once(result.message(self.lang))
            return
        self._warned = ""
        if result is not None:
            self.post_message(self.Changed(result))

    def _warn_once(self, message: str) -> None:
        """Show a problem once, not every tick."""
        if message != self._warned:
            self._warned = message
            self.notify(message, severity="error", markup=False)
