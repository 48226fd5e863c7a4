"""The meeting's agenda: imported comments waiting to be talked through, and which were.

An imported request is *discussed* once a meeting has touched it: any change recorded in a
meeting (its history entry names the meeting), or the explicit ``discussed`` entry the meeting
screen's key records when the comment was talked through and nothing needed changing. Derived
from the history alone, so it is durable and needs no field of its own; a change made while no
meeting ran (``request set`` between meetings) is not a discussion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reviewroom.store.model import IMPORTED, ChangeRequest, Meeting


def is_imported(req: ChangeRequest) -> bool:
    """Whether ``req`` came from a file of written comments: its history starts with the
    import entry (a request is imported with that one entry, and history is only appended to),
    so the list's redraw and the header's count need not scan every request's history."""
    return bool(req.history) and req.history[0].field == IMPORTED


def imported_from(req: ChangeRequest) -> tuple[str, str, str] | None:
    """(file name, row, date) of an imported request; None for one raised in a meeting.

    Here rather than in store/importing.py: the detail pane shows it, and importing (column
    mapping, planning) is not needed to paint the meeting screen.
    """
    entry = next((h for h in req.history if h.field == IMPORTED), None)
    if entry is None or not isinstance(entry.new, list) or len(entry.new) != 3:
        return None
    source, row, date = (str(part) for part in entry.new)
    return source, row, date


def is_discussed(req: ChangeRequest) -> bool:
    """Whether a meeting has edited ``req`` or marked it discussed (see the module's note)."""
    return any(h.field != IMPORTED and h.meeting is not None for h in req.history)


def is_waiting(req: ChangeRequest) -> bool:
    """An imported request no meeting has discussed yet: it carries the agenda marker."""
    return is_imported(req) and not is_discussed(req)


class Agenda(NamedTuple):
    """The imported requests of one meeting: how many, and which still wait, in list order.

    A NamedTuple (a tenth of a frozen dataclass's cost to create at import): it is only built
    here and read by name, never compared, hashed or iterated, so being a tuple harms nothing.
    """

    total: int = 0
    waiting: tuple[str, ...] = ()

    @property
    def discussed(self) -> int:
        """How many of them were discussed."""
        return self.total - len(self.waiting)


def meeting_agenda(requests: Iterable[ChangeRequest], meeting: Meeting | None) -> Agenda:
    """The agenda of ``meeting``: the imported requests that belong to it (imported during it,
    or waiting on the project's agenda when it started and adopted by it), and those an earlier
    meeting carried over without discussing them (it ran out of time: they come back on the
    agenda); a comment discussed in an earlier meeting is an ordinary carried-over request."""
    if meeting is None:
        return Agenda()
    carried = set(meeting.carried_over)
    on = sorted((r for r in requests
                 if (r.meeting == meeting.id or r.id in carried) and is_imported(r)
                 and not _discussed_elsewhere(r, meeting.id)), key=lambda r: r.number)
    return Agenda(len(on), tuple(r.id for r in on if not is_discussed(r)))


def _discussed_elsewhere(req: ChangeRequest, meeting_id: str) -> bool:
    """Whether another meeting than ``meeting_id`` discussed ``req``."""
    return any(h.field != IMPORTED and h.meeting not in (None, meeting_id) for h in req.history)


def next_waiting(order: Sequence[str], current: str | None, waiting: Iterable[str]) -> str | None:
    """The first waiting request after ``current`` in the list's ``order``, wrapping round to
    the top; ``current`` itself only when it is the one left. None when none waits."""
    pending = set(waiting)
    if not pending:
        return None
    start = order.index(current) + 1 if current in order else 0
    for rid in (*order[start:], *order[:start]):
        if rid in pending:
            return rid
    return None
