"""Which requests a meeting lists, and why: carried over, to re-check, revisited, or raised in it.

The meeting screen and the minutes show the same list, so it is decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewroom.store import rules
from reviewroom.store.model import ChangeRequest, Listing, Meeting, request_number
from reviewroom.store.versions import CriteriaVersions

Requests = Mapping[int, ChangeRequest]


def meeting_listing(meeting: Meeting, requests: Requests,
                    versions: CriteriaVersions) -> list[tuple[ChangeRequest, Listing]]:
    """The meeting's list with why each request is on it, in the order the screen shows.

    Requests carried over come first, then requests of earlier meetings the meeting must see
    (a verdict stale by its end, or a change made during it), then those raised in it. A stale
    verdict thus stays listed in every meeting from the revision on, until it is re-judged.
    """
    carried = [(requests[request_number(rid)], Listing.CARRIED) for rid in meeting.carried_over]
    skip = set(meeting.carried_over)
    end = versions.last_seen_by(meeting)
    this = meeting.id
    earlier: list[tuple[ChangeRequest, Listing]] = []
    raised: list[tuple[ChangeRequest, Listing]] = []
    for number in sorted(requests):
        req = requests[number]
        if req.id in skip:
            continue
        if req.meeting == this:
            raised.append((req, Listing.RAISED))
            continue
        if req.history or _judged_before(req, end) is not None:  # else nothing brings it back
            why = brought_back(req, meeting, end, versions)
            if why is not None:
                earlier.append((req, why))
    return carried + earlier + raised


def _judged_before(req: ChangeRequest, end: int) -> int | None:
    """The version ``req``'s verdict was judged against, when it is before ``end`` (else None):
    the first condition of a re-check in :func:`brought_back`, checked first by
    :func:`meeting_listing` for every request of another meeting."""
    judged = req.verdict_version
    return judged if judged is not None and judged < end else None


def place(meeting: Meeting, rid: str, why: Listing) -> tuple[int, int]:
    """Where a request listed for ``why`` stands in :func:`meeting_listing`'s order: carried over
    (in the meeting's order), then brought back from earlier meetings, then raised in it, each
    of the last two by number. A list that grows one request at a time (a watcher's) places it
    by this without listing the meeting again."""
    if why is Listing.CARRIED and rid in meeting.carried_over:
        return 0, meeting.carried_over.index(rid)
    return (1 if why.is_earlier else 2), request_number(rid)


def listed_as(meeting: Meeting, req: ChangeRequest, versions: CriteriaVersions) -> Listing | None:
    """Why ``req`` is on ``meeting``'s list, or None when it is not (see meeting_listing)."""
    if req.id in meeting.carried_over:
        return Listing.CARRIED
    if req.meeting == meeting.id:
        return Listing.RAISED
    return brought_back(req, meeting, versions.last_seen_by(meeting), versions)


def brought_back(req: ChangeRequest, meeting: Meeting, end: int,
                 versions: CriteriaVersions) -> Listing | None:
    """Why a request of another meeting belongs on ``meeting``'s list, if it does.

    Its verdict is to re-check when it is stale now and was already stale when the meeting
    ended (``end`` is the last criteria version the meeting saw); a meeting that closed before
    the revision keeps its record. A request this meeting changed stays listed, so judging
    it again does not make it vanish from the screen or the minutes.
    """
    judged = _judged_before(req, end)
    if (
        judged is not None
        and versions.is_stale(req)
        and rules.rests_on(req, versions.touched_between(judged, end))
    ):
        return Listing.RECHECK
    if any(entry.meeting == meeting.id for entry in req.history):
        return Listing.REVISITED
    return None
