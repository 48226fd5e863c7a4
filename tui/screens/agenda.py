"""The agenda on the meeting screen: imported comments waiting to be talked through.

``AgendaView`` sits between ``FollowingView`` and ``MeetingScreen`` (which holds the bindings).
A request imported with ``reviewroom import`` and not yet discussed (see store/agenda.py) carries
the agenda marker in the list; the header says ``agenda 7/23`` while the meeting has imported
comments. ``a`` goes to the next one waiting (a watcher may use it: it changes nothing); ``m``
marks the highlighted one discussed, on disk, and goes to the next. Saving any change to a
comment in the meeting counts as discussing it, so ``m`` is for those that needed none. A
meeting with no imported comments has neither key in its footer or palette (the help lists
them).
"""

from __future__ import annotations

from collections.abc import Iterable

from reviewroom.store import agenda
from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import ChangeRequest
from reviewroom.tui.screens.following import FollowingView
from reviewroom.tui.widgets import RequestsTable
from reviewroom.tui.widgets.meeting_header import Heading


class AgendaView(FollowingView):
    """The meeting's panels with the agenda's marker, count and keys."""

    @property
    def has_agenda(self) -> bool:
        """Whether the meeting shown has imported comments (its agenda keys are on)."""
        return self.heading.agenda is not None

    def watch_heading(self, before: Heading, after: Heading) -> None:
        """The footer and the palette offer the agenda keys once there is an agenda."""
        if (before.agenda is None) != (after.agenda is None):
            self.refresh_bindings()

    def _agenda(self) -> agenda.Agenda:
        """The meeting's imported comments as they stand now."""
        return agenda.meeting_agenda(self.project.requests(), self.meeting)

    def _heading(self) -> Heading:
        """The header's ``agenda 7/23``, only while the meeting has imported comments."""
        now = self._agenda()
        counted = (now.discussed, now.total) if now.total else None
        return super()._heading()._replace(agenda=counted)

    def _waiting(self, req: ChangeRequest) -> bool:
        """A row shows the agenda's marker while its comment waits."""
        return agenda.is_waiting(req)

    def put(self, req: ChangeRequest, *, select: bool = False) -> None:
        """A saved request: its row, and the header's count when it is an imported one (an
        edit in the meeting discusses it)."""
        super().put(req, select=select)
        if agenda.is_imported(req):
            self.heading = self._heading()

    def _follow_requests(self, changed: Iterable[ChangeRequest]) -> None:
        """A watcher: the writer's changes, and the count they may have moved."""
        changed = list(changed)
        super()._follow_requests(changed)
        if any(agenda.is_imported(req) for req in changed):
            self.heading = self._heading()

    def action_agenda_next(self) -> None:
        """``a``: the next comment waiting on the agenda, below the highlighted one (round to
        the top); says so when none waits."""
        self._go_to_next(self.query_one(RequestsTable).current_id)

    def action_agenda_discussed(self) -> None:
        """``m``: mark the highlighted comment discussed (written at once), then go on to the
        next one waiting; a request that is not an imported comment is refused in one line."""
        rid = self.query_one(RequestsTable).current_id
        if rid is None:
            return
        try:
            saved = self.project.mark_discussed(rid)
        except ReviewError as error:
            self.notify(error.message(self.lang), severity="error", markup=False)
            return
        self.put(saved)
        self._go_to_next(rid)

    def _go_to_next(self, current: str | None) -> None:
        """Move to the first waiting comment after ``current`` in the list's order, or say why
        there is none: all discussed, or hidden by the filter."""
        table = self.query_one(RequestsTable)
        now = self._agenda()
        order = list(table.keys)
        target = agenda.next_waiting(order, current, now.waiting)
        if target is not None:
            if target != current:
                table.jump_to(target)
            return
        if now.waiting:
            message = t(self.lang, "tui.agenda.hidden", count=len(now.waiting))
        else:
            message = t(self.lang, "tui.agenda.done", total=now.total)
        self.notify(message, markup=False)
