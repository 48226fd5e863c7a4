"""The header line: project, meeting, elapsed time, criteria version and any filter, ticking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from reviewroom.store.i18n import t
from reviewroom.store.request_filter import RequestFilter
from reviewroom.store.text import clean_line, shorten

SEP = " · "
ALWAYS = 99  # a header piece that is never dropped for room
MIN_FILTER_WIDTH = 12  # a filter flag is never cut shorter than this


class Heading(NamedTuple):
    """What the header says; the meeting screen holds one as a reactive bound to the header.

    ``started_at`` is set only while the meeting is live (the clock runs then); ``banner`` is
    the watch view's LIVE/ENDED marker; ``filter`` is the list's filter, said first;
    ``following`` is whether a watcher follows the writer's cursor (None: a writer's header);
    ``agenda`` is how many of the meeting's imported comments were discussed, of how many.
    """

    project: str = ""
    meeting: str = ""
    started_at: str | None = None
    version: int = 0
    banner: str = ""
    filter: RequestFilter = RequestFilter()
    following: bool | None = None
    agenda: tuple[int, int] | None = None  # (discussed, imported) in this meeting; None: none


def describe_filter(chosen: RequestFilter, lang: str) -> str:
    """The filter as the header shows it (``filter: “red flag”, unclear``); empty when off."""
    parts = []
    if chosen.text:
        parts.append(t(lang, "tui.header.filter_text", text=" ".join(chosen.text.split())))
    if chosen.verdict is not None:
        parts.append(t(lang, f"verdict.{chosen.verdict.value}"))
    if chosen.decision is not None:
        parts.append(t(lang, f"decision.{chosen.decision.value}"))
    return t(lang, "tui.header.filter", what=", ".join(parts)) if parts else ""



class MeetingHeader(Widget):
    """One line across the top; the elapsed time follows the meeting's start, not the app's."""

    # One rule a line, without blanks: see OneLineRows.DEFAULT_CSS.
    DEFAULT_CSS = """
    MeetingHeader{dock:top;height:1;background:$primary;color:$text;padding:0 1;}
    MeetingHeader.read-only{background:$warning;color:$text;}
    """

    heading: reactive[Heading] = reactive(Heading, layout=False)

    def __init__(self, lang: str, clock: Callable[[], dt.datetime], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.clock = clock  # the app's: tests fix it
        self._shown_elapsed = ""

    def on_mount(self) -> None:
        """Look once a second whether the elapsed time (H:MM) moved on."""
        self.set_interval(1, self._tick)

    def _tick(self) -> None:
        """Redraw when the minute changes, not every second: an idle watcher (thirty of them on
        a shared server) otherwise redrew its header sixty times for each change shown."""
        elapsed = self.elapsed()
        if elapsed != self._shown_elapsed:
            self._shown_elapsed = elapsed
            self.refresh()

    def _elapsed_shown(self) -> str:
        """The elapsed time as drawn now, remembered for ``_tick``. Remembered at mount, it
        was taken before the screen gave the header its meeting ("-:--"), and the first tick
        drew the header again a second after opening with nothing new in it."""
        self._shown_elapsed = self.elapsed()
        return self._shown_elapsed

    def elapsed(self) -> str:
        """H:MM since the meeting started."""
        started_at = self.heading.started_at
        if started_at is None:
            return "-:--"
        started = dt.datetime.fromisoformat(started_at)
        minutes = max(0, int((self.clock() - started).total_seconds() // 60))
        return f"{minutes // 60}:{minutes % 60:02d}"

    def _following(self) -> str:
        """A watcher's "following"/"not following" (presenter mode); nothing for a writer."""
        following = self.heading.following
        if following is None:
            return ""
        return t(self.lang, "tui.header.following" if following else "tui.header.not_following")

    def _agenda(self) -> str:
        """``agenda 7/23`` while the meeting has imported comments; nothing otherwise."""
        agenda = self.heading.agenda
        if agenda is None:
            return ""
        return t(self.lang, "tui.header.agenda", discussed=agenda[0], total=agenda[1])

    def pieces(self) -> list[tuple[int, str]]:
        """``(keep, text)`` in the order shown: when the line is short, the lowest ``keep`` goes
        first (the project's title, then the meeting's, the criteria version, the clock); the
        filter, the banner and the agenda's count always stay (a state shown nowhere else must
        never hide).
        """
        heading = self.heading
        return [
            (ALWAYS, heading.banner),
            (ALWAYS, self._following()),
            (0, heading.project),
            (1, heading.meeting),
            (3, t(self.lang, "tui.header.elapsed", elapsed=self._elapsed_shown())),
            (2, t(self.lang, "tui.header.version", version=heading.version)),
            (ALWAYS, self._agenda()),
        ]

    def render(self) -> Content:
        """Compose the line from plain strings: sanitised, never markup (titles are user text)."""
        pieces = [(keep, clean_line(text)) for keep, text in self.pieces() if text]
        kept = cell_len(SEP.join(text for keep, text in pieces if keep == ALWAYS))
        # The filter comes first, but a long one is cut so the banner and the follow state
        # (shown nowhere else) still fit.
        described = shorten(clean_line(describe_filter(self.heading.filter, self.lang)),
                            max(MIN_FILTER_WIDTH, self.content_size.width - kept - len(SEP)))
        room = self.content_size.width - (cell_len(described) + len(SEP) if described else 0)
        while len(pieces) > 1 and cell_len(SEP.join(p for _, p in pieces)) > room:
            dropped = min(pieces, key=lambda piece: piece[0])
            if dropped[0] == ALWAYS:
                break
            pieces.remove(dropped)
        shown = Content(SEP.join(text for _, text in pieces))
        if described:  # first, so a long title can never push it out of sight
            shown = Content.assemble((described, "bold reverse"), SEP, shown)
        return shown
