"""What an opened project shows: its records as last read, and the questions asked of them.

:class:`ProjectView` only reads: the criteria and their versions, the meetings, the requests, and
what follows from them (the language, staleness, a meeting's list, tone warnings), plus finding a
record by the reference a person typed. :class:`~reviewroom.store.project.Project` builds on it
with the use cases that open, lock and change a project, so a watcher and a writer answer every
question the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewroom.store import listing, meetings, rules
from reviewroom.store.errors import ReviewError
from reviewroom.store.home import BRIEF_NAME
from reviewroom.store.i18n import normalise_language
from reviewroom.store.model import (
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Listing,
    Meeting,
    meeting_number,
    request_number,
)
from reviewroom.store.versions import CriteriaVersions

if TYPE_CHECKING:
    from reviewroom.store.repository import LoadedTables


class ProjectView:
    """The records of the project in ``folder``, as last read (empty until they are shown).

    Args:
        folder: the project folder.
        lang: the language asked for (``--lang``), or None for the brief's.
    """

    def __init__(self, folder: Path, lang: str | None) -> None:
        self.path = folder
        self._lang_override = lang
        self._versions = CriteriaVersions()
        self._meetings: dict[int, Meeting] = {}
        self._requests: dict[int, ChangeRequest] = {}
        self._brief_criteria: Criteria | None = None
        self.brief_warnings: list[Any] = []

    def _show(self, tables: LoadedTables) -> None:
        """Take the tables read from the store as what this project shows."""
        versions, self._meetings, self._requests = tables
        self._versions = CriteriaVersions(versions)

    # ----------------------------------------------------------------- the project

    @property
    def slug(self) -> str:
        """The folder name, which is the project's short name."""
        return self.path.name

    @property
    def brief_path(self) -> Path:
        """The human-editable criteria."""
        return self.path / BRIEF_NAME

    @property
    def lang(self) -> str:
        """The language of messages and minutes: ``--lang``, else the brief's."""
        if self._lang_override:
            return normalise_language(self._lang_override)
        latest = self._versions.latest
        criteria = latest.criteria if latest else self._brief_criteria
        return normalise_language(criteria.language if criteria else None)

    # ----------------------------------------------------------------- criteria

    @property
    def criteria(self) -> Criteria:
        """The current criteria: the latest stored version, else (a reader of a project never
        opened for writing) brief.md as it is, read once."""
        if self._versions.latest is not None:
            return self._versions.latest.criteria
        if self._brief_criteria is None:
            from reviewroom.store.brief import read_brief  # the parser only when needed

            self._brief_criteria, self.brief_warnings = read_brief(self.brief_path)
        return self._brief_criteria

    @property
    def criteria_version(self) -> int:
        """The current version number (0 for a reader of a project never opened for writing)."""
        return self._versions.number

    def versions(self) -> list[CriteriaVersion]:
        """Every criteria version, oldest first."""
        return [self._versions[n] for n in sorted(self._versions)]

    def version(self, number: int) -> CriteriaVersion:
        """One criteria version.

        Raises:
            ReviewError: no such version (the message names the latest).
        """
        if number not in self._versions:
            raise ReviewError("criteria.unknown_version", lang=self.lang, number=number,
                              latest=self.criteria_version)
        return self._versions[number]

    def is_stale(self, req: ChangeRequest) -> bool:
        """Whether ``req``'s verdict rests on criteria changed since it was judged (rule 5)."""
        return self._versions.is_stale(req)

    def stale_requests(self) -> list[ChangeRequest]:
        """Every request whose verdict needs re-checking."""
        return [r for r in self.requests() if self.is_stale(r)]

    def turning_stale(self, criteria: Criteria) -> list[ChangeRequest]:
        """The requests whose verdicts would turn stale if the criteria became ``criteria``.

        Asked before a revision is saved, so the facilitator sees what it will cost; a verdict
        already stale is not listed (the revision changes nothing for it).
        """
        return [r for r in self.requests()
                if not self.is_stale(r) and self._versions.would_be_stale(r, criteria)]

    def ever_ids(self) -> set[str]:
        """Every criterion ID any version ever had: none of them may name a new item."""
        return {cid for version in self._versions.values() for cid in version.criteria.by_id()}

    # ----------------------------------------------------------------- meetings

    def meetings(self) -> list[Meeting]:
        """Every meeting, oldest first."""
        return [self._meetings[n] for n in sorted(self._meetings)]

    @property
    def live_meeting(self) -> Meeting | None:
        """The running meeting, if any (there is at most one)."""
        return meetings.live_meeting(self._meetings.values())

    @property
    def latest_meeting(self) -> Meeting | None:
        """The most recent meeting, live or ended (None before the first)."""
        return self._meetings[max(self._meetings)] if self._meetings else None

    def meeting(self, ref: str = "latest") -> Meeting:
        """A meeting by ID (``M-2``, ``m2``, ``2``) or ``latest``.

        Raises:
            ReviewError: no such meeting, or no meetings at all.
        """
        if not self._meetings:
            raise ReviewError("meeting.no_meetings", lang=self.lang)
        latest = self.latest_meeting
        if latest is not None and ref.strip().lower() == "latest":
            return latest
        number = meeting_number(ref)
        if number is None or number not in self._meetings:
            raise ReviewError("meeting.unknown", lang=self.lang, id=ref)
        return self._meetings[number]

    # ----------------------------------------------------------------- change requests

    def requests(self) -> list[ChangeRequest]:
        """Every request of the project, by number."""
        return [self._requests[n] for n in sorted(self._requests)]

    def requests_numbered(self, numbers: Iterable[int]) -> list[ChangeRequest]:
        """The requests with these numbers that exist, by number (a watcher's changed rows)."""
        return [self._requests[n] for n in sorted(numbers) if n in self._requests]

    def request(self, rid: str) -> ChangeRequest:
        """One request by ID (``CR-3``, ``cr3``).

        Raises:
            ReviewError: malformed or unknown ID.
        """
        try:
            number = request_number(rid)
        except ValueError:
            raise ReviewError("request.bad_id", lang=self.lang, id=rid) from None
        if number not in self._requests:
            raise ReviewError("request.unknown", lang=self.lang, id=rid)
        return self._requests[number]

    def meeting_requests(self, meeting: Meeting) -> list[ChangeRequest]:
        """The meeting's list: carried over, brought back from earlier meetings, raised in it."""
        return [req for req, _ in self.meeting_listing(meeting)]

    def meeting_listing(self, meeting: Meeting) -> list[tuple[ChangeRequest, Listing]]:
        """The meeting's list with why each request is on it (see :mod:`listing`)."""
        return listing.meeting_listing(meeting, self._requests, self._versions)

    def place_in(self, meeting: Meeting, rid: str, why: Listing) -> tuple[int, int]:
        """Where a request listed for ``why`` stands in the meeting's list (see :mod:`listing`)."""
        return listing.place(meeting, rid, why)

    def listed_as(self, meeting: Meeting, req: ChangeRequest) -> Listing | None:
        """Why ``req`` is on ``meeting``'s list, or None when it is not."""
        return listing.listed_as(meeting, req, self._versions)

    def tone_warnings(self, requests: Iterable[ChangeRequest] | None = None) -> list[Any]:
        """Rule 6 over ``requests`` (default: all), in the project's language."""
        return rules.all_tone_warnings(self.requests() if requests is None else requests, self.lang)
