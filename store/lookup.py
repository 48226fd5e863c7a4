"""Finding a record by the reference a person typed: a meeting, a request, a criteria version.

The CLI and the app take these references from people (``M-2``, ``latest``, ``cr3``, version 4),
so each lookup refuses a wrong one with an error saying what exists, in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import (
    ChangeRequest,
    CriteriaVersion,
    Meeting,
    meeting_number,
    request_number,
)


def find_meeting(meetings: Mapping[int, Meeting], ref: str, lang: str) -> Meeting:
    """A meeting by ID (``M-2``, ``m2``, ``2``) or ``latest``.

    Raises:
        ReviewError: no such meeting, or no meetings at all.
    """
    if not meetings:
        raise ReviewError("meeting.no_meetings", lang=lang)
    if ref.strip().lower() == "latest":
        return meetings[max(meetings)]
    number = meeting_number(ref)
    if number is not None and number in meetings:
        return meetings[number]
    raise ReviewError("meeting.unknown", lang=lang, id=ref)


def find_request(requests: Mapping[int, ChangeRequest], rid: str, lang: str) -> ChangeRequest:
    """A request by ID (``CR-3``, ``cr3``).

    Raises:
        ReviewError: a malformed ID, or one no request has.
    """
    try:
        number = request_number(rid)
    except ValueError:
        raise ReviewError("request.bad_id", lang=lang, id=rid) from None
    if number not in requests:
        raise ReviewError("request.unknown", lang=lang, id=rid)
    return requests[number]


def find_version(
    versions: Mapping[int, CriteriaVersion], number: int, lang: str
) -> CriteriaVersion:
    """Criteria version ``number``; the error names the latest one.

    Raises:
        ReviewError: no such version.
    """
    if number not in versions:
        latest = max(versions, default=0)
        raise ReviewError("criteria.unknown_version", lang=lang, number=number, latest=latest)
    return versions[number]
