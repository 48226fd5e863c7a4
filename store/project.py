"""Project: the one API the CLI and the TUI use to read and change a project.

A project is a folder holding ``brief.md`` (the current criteria), ``reviewroom.json`` (the TinyDB
store) and ``minutes/``. Opening it for writing takes the exclusive lock; every change applies the
rules, is written durably, and only then updates the in-memory view that callers read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewroom.store import changes, listing, lookup, meetings, rules
from reviewroom.store.brief_file import read_if_edited, write_brief
from reviewroom.store.errors import ReviewError
from reviewroom.store.home import (
    BRIEF_NAME,
    default_home,
    has_brief,
    locate,
    make_project_folder,
    validate_slug,
)
from reviewroom.store.i18n import normalise_language
from reviewroom.store.model import (
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Listing,
    Meeting,
    MeetingStatus,
)
from reviewroom.store.repository import Repository, Snapshot
from reviewroom.store.versions import CriteriaVersions

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Local time with its UTC offset, so minutes show the time the room saw."""
    return dt.datetime.now().astimezone()


class Project:
    """An opened project. Use :meth:`open` or :meth:`create`; close it (or use ``with``)."""

    def __init__(
        self, folder: Path, *, readonly: bool, lang: str | None, clock: Clock | None
    ) -> None:
        self.path = folder
        self.readonly = readonly
        self._lang_override = lang
        self._clock = clock or system_clock
        self._repo = Repository(folder, readonly=readonly, lang=lambda: self.lang,
                                notice=self._notice)
        self._versions = CriteriaVersions()
        self._meetings: dict[int, Meeting] = {}
        self._requests: dict[int, ChangeRequest] = {}
        self._brief_criteria: Criteria | None = None
        self.brief_warnings: list[Any] = []
        self.notices: list[ReviewError] = []
        self.on_notice: Callable[[ReviewError], None] | None = None

    # ----------------------------------------------------------------- opening and closing

    @classmethod
    def open(
        cls,
        ref: str | Path,
        *,
        home: Path | None = None,
        readonly: bool = False,
        lang: str | None = None,
        clock: Clock | None = None,
    ) -> Project:
        """Open a project by slug (under ``home``) or by path.

        A writer takes the lock, cleans up after a crash, and records a new criteria version when
        brief.md was edited outside reviewroom. A reader takes no lock and writes nothing.

        Raises:
            ReviewError: unknown project, lock held, damaged store, invalid brief.
        """
        folder = Path(ref) if isinstance(ref, Path) else locate(ref, home, lang or "en")
        if not has_brief(folder, lang or "en"):
            raise ReviewError("project.unknown", lang=lang or "en", ref=str(ref), home=str(home))
        project = cls(folder, readonly=readonly, lang=lang, clock=clock)
        try:
            project._start()
        except ReviewError as exc:
            project.close()
            raise exc.in_language(project.lang) from None
        except BaseException:
            project.close()
            raise
        return project

    @classmethod
    def create(
        cls,
        slug: str,
        brief_text: str,
        *,
        home: Path | None = None,
        lang: str | None = None,
        clock: Clock | None = None,
    ) -> Project:
        """Create ``home/slug`` (0700) with ``brief_text`` as its brief, and open it for writing.

        The brief is validated first, so a bad brief leaves nothing behind.

        Raises:
            ReviewError: bad slug, project exists, invalid brief.
        """
        from reviewroom.store.brief import parse_brief

        home = home or default_home()
        validate_slug(slug, lang or "en")
        parse_brief(brief_text, str(home / slug / BRIEF_NAME))
        folder = make_project_folder(home, slug, brief_text, lang or "en")
        project = cls.open(folder, lang=lang, clock=clock)
        try:
            project._repo.commit([])  # a new project is recorded at once: version 1
        except BaseException:
            project.close()
            raise
        return project

    def _start(self) -> None:
        """Lock (writers), check and load the store, and stage a brief edited outside.

        Opening writes nothing to the store, its backup or the criteria: what it finds to record
        is staged and becomes part of the first commit that succeeds, so a refused command
        leaves every file as it was.
        """
        versions, self._meetings, self._requests = self._repo.open()
        self._versions = CriteriaVersions(versions)
        if not self.readonly:
            self._sync_brief()

    def close(self) -> None:
        """Release the lock and the store; safe to call twice."""
        self._repo.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- where things are

    @property
    def slug(self) -> str:
        """The folder name, which is the project's short name."""
        return self.path.name

    @property
    def brief_path(self) -> Path:
        """The human-editable criteria."""
        return self.path / BRIEF_NAME

    @property
    def store_path(self) -> Path:
        """The TinyDB file."""
        return self._repo.store_path

    @property
    def minutes_dir(self) -> Path:
        """Where exports go by default."""
        return self._repo.minutes_dir

    @property
    def lang(self) -> str:
        """The language of messages and minutes: ``--lang``, else the brief's."""
        if self._lang_override:
            return normalise_language(self._lang_override)
        criteria = self._versions[max(self._versions)].criteria if self._versions else None
        criteria = criteria or self._brief_criteria
        return normalise_language(criteria.language if criteria else None)

    # ----------------------------------------------------------------- loading

    def refresh(self) -> bool:
        """Reload if another process changed the store; True when something changed.

        Watchers call this about once a second; it costs one ``stat`` when nothing changed.
        """
        snapshot = self.read_changes()
        if snapshot is None:
            return False
        self.adopt(snapshot)
        return True

    def read_changes(self) -> Snapshot | None:
        """The store as another process left it, if it changed; None when it did not.

        Safe off the UI thread: it reads and changes nothing here (one call at a time).

        Raises:
            DamagedFileError: the store cannot be read, or is not one of ours.
        """
        return self._repo.read_if_changed()

    def adopt(self, snapshot: Snapshot) -> None:
        """Show ``snapshot`` from :meth:`read_changes` (a watcher's swap, on its UI thread)."""
        self._repo.adopt(snapshot)
        versions, self._meetings, self._requests = snapshot.tables
        self._versions = CriteriaVersions(versions)

    def _sync_brief(self) -> None:
        """Stage brief.md as a criteria version when it differs from the latest one.

        Until a meeting has started, a hand edit replaces version 1 (the criteria are still
        being agreed); after that it is a new version "edited outside reviewroom". Either is
        written by the first commit that succeeds (see :meth:`Repository.stage`).
        """
        latest = self._versions.latest
        brief = read_if_edited(self.brief_path, latest.brief_digest if latest else None)
        if brief is None:
            return
        self._brief_criteria, self.brief_warnings = brief.criteria, brief.warnings
        staged = self._versions.for_brief(brief.criteria, agreed=bool(self._meetings),
                                          lang=self.lang)
        if staged is not None:
            version = self._new_version(*staged, brief.criteria, digest=brief.digest)
            self._versions[version.number] = version
            self._repo.stage("criteria_versions", version.number, version.to_dict())

    def _new_version(self, number: int, reason: str, criteria: Criteria, *,
                     request: str | None = None, digest: str = "") -> CriteriaVersion:
        """Criteria version ``number``, made now, during the live meeting if there is one."""
        live = self.live_meeting
        return CriteriaVersion(number=number, criteria=criteria, created_at=self._now(),
                               reason=reason, request=request,
                               meeting=live.id if live else None, brief_digest=digest)

    # ----------------------------------------------------------------- criteria

    @property
    def criteria(self) -> Criteria:
        """The current criteria (the latest stored version)."""
        if self._versions.latest is not None:
            return self._versions.latest.criteria
        if self._brief_criteria is None:
            from reviewroom.store.brief import read_brief

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
            ReviewError: no such version.
        """
        return lookup.find_version(self._versions, number, self.lang)

    def revise_criteria(
        self, criteria: Criteria, reason: str, request: str | None = None
    ) -> CriteriaVersion:
        """Record a new criteria version and rewrite brief.md in canonical form (rule 5).

        brief.md is written first: if the process dies between the two writes, the next open
        still finds the new criteria (recorded as edited outside) rather than losing them.

        Raises:
            ReviewError: no reason, nothing changed, or an unknown triggering request.
        """
        self._require_writer()
        rules.check_revision(reason, bool(rules.diff_criteria(self.criteria, criteria)), self.lang)
        rid = self.request(request).id if request else None
        with self._repo.writing(self.brief_path):
            digest = write_brief(self.brief_path, criteria)
        version = self._new_version(self.criteria_version + 1, reason, criteria, request=rid,
                                    digest=digest)
        self._put("criteria_versions", version.number, version.to_dict())
        self._versions[version.number] = version
        return version

    def is_stale(self, req: ChangeRequest) -> bool:
        """Whether ``req``'s verdict rests on criteria changed since it was judged (rule 5)."""
        return self._versions.is_stale(req)

    def stale_requests(self) -> list[ChangeRequest]:
        """Every request whose verdict needs re-checking."""
        return [r for r in self.requests() if self.is_stale(r)]

    # ----------------------------------------------------------------- meetings

    def meetings(self) -> list[Meeting]:
        """Every meeting, oldest first."""
        return [self._meetings[n] for n in sorted(self._meetings)]

    @property
    def live_meeting(self) -> Meeting | None:
        """The running meeting, if any (there is at most one)."""
        return meetings.live_meeting(self._meetings.values())

    def meeting(self, ref: str = "latest") -> Meeting:
        """A meeting by ID (``M-2``, ``m2``, ``2``) or ``latest``.

        Raises:
            ReviewError: no such meeting, or no meetings at all.
        """
        return lookup.find_meeting(self._meetings, ref, self.lang)

    def start_meeting(
        self, title: str, attendees: Iterable[Attendee] = (), facilitator: str = ""
    ) -> Meeting:
        """Start the next meeting, carrying over every open or deferred request.

        Raises:
            ReviewError: a meeting is already live, or the title or an attendee is empty.
        """
        self._require_writer()
        meeting = meetings.next_meeting(
            self._meetings, self.requests(), title, attendees, facilitator,
            criteria_version=self.criteria_version, now=self._now, lang=self.lang,
        )
        return self._save_meeting(meeting)

    def end_meeting(self) -> Meeting:
        """Close the live meeting.

        Raises:
            ReviewError: no meeting is live.
        """
        live = self._require_live()
        return self._save_meeting(replace(live, status=MeetingStatus.CLOSED, ended_at=self._now()))

    def set_attendees(self, attendees: Iterable[Attendee]) -> Meeting:
        """Replace the live meeting's attendees."""
        live = self._require_live()
        people = meetings.checked_attendees(attendees, self.lang)
        return self._save_meeting(replace(live, attendees=people))

    def _save_meeting(self, meeting: Meeting) -> Meeting:
        """Write a changed meeting durably, then show it."""
        self._put("meetings", meeting.number, meeting.to_dict())
        self._meetings[meeting.number] = meeting
        return meeting

    def _require_live(self) -> Meeting:
        """The live meeting, or the error telling how to start one."""
        self._require_writer()
        live = self.live_meeting
        if live is None:
            raise ReviewError("meeting.none_live", lang=self.lang)
        return live

    # ----------------------------------------------------------------- change requests

    def requests(self) -> list[ChangeRequest]:
        """Every request of the project, by number."""
        return [self._requests[n] for n in sorted(self._requests)]

    def request(self, rid: str) -> ChangeRequest:
        """One request by ID (``CR-3``, ``cr3``).

        Raises:
            ReviewError: malformed or unknown ID.
        """
        return lookup.find_request(self._requests, rid, self.lang)

    def meeting_requests(self, meeting: Meeting) -> list[ChangeRequest]:
        """The meeting's list: carried over, brought back from earlier meetings, raised in it."""
        return [req for req, _ in self.meeting_listing(meeting)]

    def meeting_listing(self, meeting: Meeting) -> list[tuple[ChangeRequest, Listing]]:
        """The meeting's list with why each request is on it (see :mod:`listing`)."""
        return listing.meeting_listing(meeting, self._requests, self._versions)

    def listed_as(self, meeting: Meeting, req: ChangeRequest) -> Listing | None:
        """Why ``req`` is on ``meeting``'s list, or None when it is not."""
        return listing.listed_as(meeting, req, self._versions)

    def add_request(self, request: str, **values: Any) -> ChangeRequest:
        """Capture a new request in the live meeting; other fields may follow later.

        Raises:
            ReviewError: no live meeting, empty request text, bad value, or a refused rule.
        """
        live = self._require_live()
        req = changes.raise_request(
            max(self._requests, default=0) + 1, {"request": request, **values}, meeting=live.id,
            lang=self.lang, version=self.criteria_version, now=self._now,
        )
        return self._save_request(None, req)

    def update_request(self, rid: str, **values: Any) -> ChangeRequest:
        """Change fields of a request, recording each change in its history.

        Setting ``verdict`` (even to the same value) re-judges it against the current criteria.

        Raises:
            ReviewError: unknown request, bad value, or a refused rule.
        """
        self._require_writer()
        before = self.request(rid)
        live = self.live_meeting
        after = changes.apply(before, values, lang=self.lang, version=self.criteria_version,
                              now=self._now, meeting=live.id if live else None, record=True)
        return before if after == before else self._save_request(before, after)

    def _save_request(self, before: ChangeRequest | None, after: ChangeRequest) -> ChangeRequest:
        """Check rules 1–4 against the current criteria, write durably, then show the request."""
        rules.check_request(before, after, self.criteria, version=self.criteria_version,
                            stale=self.is_stale(after), lang=self.lang)
        self._put("requests", after.number, after.to_dict())
        self._requests[after.number] = after
        return after

    def tone_warnings(self, requests: Iterable[ChangeRequest] | None = None) -> list[Any]:
        """Rule 6 over ``requests`` (default: all), in the project's language."""
        return rules.all_tone_warnings(self.requests() if requests is None else requests, self.lang)

    # ----------------------------------------------------------------- writing

    def _require_writer(self) -> None:
        """Readers never write."""
        if self.readonly:
            raise ReviewError("project.read_only", lang=self.lang)

    def _put(self, table: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Insert or replace one document; durable on disk when this returns."""
        self._require_writer()
        self._repo.commit([(table, doc_id, doc)])

    def _notice(self, warning: ReviewError) -> None:
        """Keep a warning that does not stop the change, and pass it to whoever listens."""
        self.notices.append(warning)
        if self.on_notice is not None:
            self.on_notice(warning)

    def _now(self) -> str:
        """The clock as an ISO timestamp with seconds and offset."""
        return self._clock().isoformat(timespec="seconds")

    def ensure_minutes_dir(self) -> Path:
        """Create ``minutes/`` (0700) on first export; never use one that is a symlink.

        Raises:
            NotRegularFileError: minutes/ is a symlink or a file.
            OSError: it cannot be created.
        """
        return self._repo.ensure_minutes_dir()


__all__ = ["Project"]
