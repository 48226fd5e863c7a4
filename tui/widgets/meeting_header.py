"""The header line: project, meeting, elapsed time, criteria version and any filter, ticking."""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.widgets import Static

from reviewroom.store.i18n import t
from reviewroom.store.text import clean_line
from reviewroom.tui.plain import line


class MeetingHeader(Static):
    """One line across the top; the elapsed time follows the meeting's start, not the app's."""

    DEFAULT_CSS = """
    MeetingHeader { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    MeetingHeader.read-only { background: $warning; color: $text; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._project = ""
        self._meeting = ""
        self._started: dt.datetime | None = None
        self._version = 0
        self._banner = ""
        self._filter = ""

    def on_mount(self) -> None:
        """Tick once a second so the elapsed time stays true."""
        self.set_interval(1, self._redraw)

    def set_state(
        self, project: str, meeting: str, started_at: str | None, version: int, banner: str = ""
    ) -> None:
        """Show new values (after opening, a revision, or a watcher following a new meeting)."""
        self._project, self._meeting, self._version, self._banner = (
            project,
            meeting,
            version,
            banner,
        )
        self._started = dt.datetime.fromisoformat(started_at) if started_at else None
        self._redraw()

    def set_filter(self, description: str) -> None:
        """Say that a filter hides some requests (empty: no filter)."""
        self._filter = description
        self._redraw()

    def elapsed(self) -> str:
        """H:MM since the meeting started."""
        if self._started is None:
            return "-:--"
        clock = getattr(self.app, "clock", None)
        now = clock() if clock else dt.datetime.now(self._started.tzinfo)
        minutes = max(0, int((now - self._started).total_seconds() // 60))
        return f"{minutes // 60}:{minutes % 60:02d}"

    def _redraw(self) -> None:
        """Compose the line from plain strings: sanitised, never markup (titles are user text)."""
        pieces = [
            self._project,
            self._meeting,
            t(self.lang, "tui.header.elapsed", elapsed=self.elapsed()),
            t(self.lang, "tui.header.version", version=self._version),
        ]
        if self._banner:
            pieces.insert(0, self._banner)
        shown = line(" · ".join(p for p in pieces if p))
        if self._filter:  # first, so a long title can never push it out of sight
            shown = Content.assemble((clean_line(self._filter), "bold reverse"), " · ", shown)
        self.update(shown)
