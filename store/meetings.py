"""Meetings: which one is live, starting the next with what it carries over, and who attends.

Pure: the project passes its tables and its clock, writes what these return, and only then
shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Attendee, ChangeRequest, Meeting, meeting_id
from reviewroom.store.text import is_blank


def live_meeting(meetings: Iterable[Meeting]) -> Meeting | None:
    """The running meeting, if any (the rules keep it to one)."""
    return next((m for m in meetings if m.is_live), None)


def next_meeting(
    meetings: Mapping[int, Meeting],
    requests: Iterable[ChangeRequest],
    title: str,
    attendees: Iterable[Attendee],
    facilitator: str,
    *,
    criteria_version: int,
    now: Callable[[], str],
    lang: str,
) -> Meeting:
    """The meeting to start after ``meetings``, carrying over every open or deferred request of
    an earlier meeting (those on the agenda are :func:`adopted` instead).

    The clock is read only once the meeting may start, so a refusal leaves it where it was.

    Raises:
        ReviewError: a meeting is already live, or the title or an attendee's name is empty.
    """
    live = live_meeting(meetings.values())
    if live:
        raise ReviewError("meeting.already_live", lang=lang, id=live.id, title=live.title)
    if is_blank(title):
        raise ReviewError("meeting.empty_title", lang=lang, field="title")
    people = checked_attendees(attendees, lang)
    return Meeting(
        id=meeting_id(max(meetings, default=0) + 1),
        title=title,
        started_at=now(),
        criteria_version=criteria_version,
        facilitator=facilitator,
        attendees=people,
        carried_over=tuple(r.id for r in requests
                           if r.decision.carries_over and r.meeting is not None),
    )


def adopted(requests: Iterable[ChangeRequest], meeting: Meeting) -> list[ChangeRequest]:
    """The requests waiting on the agenda (imported while no meeting ran), now ``meeting``'s.

    They join it as raised in it, not as carried over: no earlier meeting ever listed them, so
    its minutes, the carry-over and ``request list`` treat them like requests raised live.
    """
    return [replace(r, meeting=meeting.id) for r in requests if r.meeting is None]


def checked_attendees(attendees: Iterable[Attendee], lang: str) -> tuple[Attendee, ...]:
    """The attendees as a tuple, once each is known to have a name (the minutes list them).

    Raises:
        ReviewError: an attendee's name is empty or blank.
    """
    people = tuple(attendees)
    if any(is_blank(a.name) for a in people):
        raise ReviewError("meeting.empty_attendee", lang=lang, field="attendees")
    return people
