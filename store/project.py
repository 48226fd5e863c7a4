"""Project: the one API the CLI and the TUI use to read and change a project.

A project is a folder holding ``brief.md`` (the current criteria), ``reviewroom.json`` (the TinyDB
store) and ``minutes/``. Opening it for writing takes the exclusive lock; every change applies the
rules, is written durably, and only then updates the in-memory view that callers read.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from reviewroom.store import rules
from reviewroom.store.backup import take_session_backup
from reviewroom.store.coercion import coerce, plain
from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.files import (
    FileError,
    NotRegularFileError,
    StoreFileError,
    lstat_or_none,
    read_regular,
    real_folder,
    regular_or_missing,
)
from reviewroom.store.home import (
    BRIEF_NAME,
    MINUTES_DIR,
    STORE_NAME,
    check_home,
    default_home,
    has_brief,
    locate,
    validate_slug,
)
from reviewroom.store.i18n import normalise_language
from reviewroom.store.lock import ProjectLock
from reviewroom.store.model import (
    EDITABLE_FIELDS,
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    HistoryEntry,
    Listing,
    Meeting,
    MeetingStatus,
    Verdict,
    meeting_id,
    request_id,
    request_number,
)
from reviewroom.store.schema import counts, new_store, validate
from reviewroom.store.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    backup_path,
    fsync_directory,
)
from reviewroom.store.text import is_blank

MEETING_REF_RE = re.compile(r"(?:M-?)?([0-9]{1,18})", re.ASCII | re.IGNORECASE)

Clock = Callable[[], dt.datetime]
Tables = dict[str, dict[str, Any]]


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
        self._lock = ProjectLock(folder)
        self._db: TinyDB | None = None
        self._signature: tuple[int, int, int] | None = None
        self._versions: dict[int, CriteriaVersion] = {}
        self._meetings: dict[int, Meeting] = {}
        self._requests: dict[int, ChangeRequest] = {}
        self._brief_criteria: Criteria | None = None
        self._touched: dict[tuple[int, int], frozenset[str]] = {}
        self.brief_warnings: list[Any] = []
        # What opening staged for the first commit that succeeds: the tables to start from (a
        # new or migrated store) and criteria versions (a brief edited outside reviewroom).
        self._base: Tables | None = None
        self._staged: dict[int, CriteriaVersion] = {}
        self._held = (0, 0)
        self._backed_up = False
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
        home = home or default_home()
        validate_slug(slug, lang or "en")
        from reviewroom.store.brief import parse_brief

        parse_brief(brief_text, str(home / slug / BRIEF_NAME))
        folder = home / slug
        check_home(home, lang or "en")
        if os.path.lexists(folder):
            raise ReviewError("project.exists", lang=lang or "en", slug=slug, home=str(home))
        try:
            home.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)
            atomic_write_bytes(folder / BRIEF_NAME, brief_text.encode("utf-8"))
        except OSError as exc:
            raise FileError("storage.bad_path", exc, lang=lang or "en", path=str(folder)) from None
        project = cls.open(folder, lang=lang, clock=clock)
        try:
            project._commit([])  # a new project is recorded at once: marker and version 1
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
        if not self.readonly:
            self._lock.acquire()
        self._check_store_file()
        mode = "r" if self.readonly else "r+"
        self._db = TinyDB(self.store_path, storage=AtomicJSONStorage, access_mode=mode,
                          backup=False)
        self._load()
        if not self.readonly:
            self._sync_brief()

    def _check_store_file(self) -> None:
        """The store is a regular file (a writer's also writable), or missing without history.

        Raises:
            DamagedFileError: a symlink, folder, FIFO or device; unreadable; or missing while
                a backup or minutes show the project had a history.
            ReviewError: a writer, and the store was made read-only on purpose.
        """
        path, bak = self.store_path, backup_path(self.store_path)
        try:
            st = regular_or_missing(path)
        except NotRegularFileError as exc:
            raise StoreFileError("storage.not_regular", exc, path=str(path), bak=str(bak)) from None
        except OSError as exc:
            raise StoreFileError("storage.unreadable", exc, path=str(path), bak=str(bak)) from None
        if st is None:
            self._refuse_lost_history()
        elif not os.access(path, os.R_OK):
            denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            raise StoreFileError("storage.unreadable", denied, path=str(path), bak=str(bak))
        elif not self.readonly and not (st.st_mode & stat.S_IWUSR and os.access(path, os.W_OK)):
            raise ReviewError("storage.read_only", path=str(path))

    def _refuse_lost_history(self) -> None:
        """A missing store is new only when nothing shows the project ever had one.

        Raises:
            DamagedFileError: a backup, or minutes in minutes/, exist.
        """
        path, bak = self.store_path, backup_path(self.store_path)
        evidence = bak if os.path.lexists(bak) else _first_minutes(self.minutes_dir)
        if evidence is None:
            return
        key = "storage.missing_history" if evidence == bak else "storage.missing_no_backup"
        raise DamagedFileError(key, path=str(path), bak=str(bak), evidence=str(evidence))

    def close(self) -> None:
        """Release the lock and the store; safe to call twice."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._lock.release()

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
        return self.path / STORE_NAME

    @property
    def minutes_dir(self) -> Path:
        """Where exports go by default."""
        return self.path / MINUTES_DIR

    @property
    def lang(self) -> str:
        """The language of messages and minutes: ``--lang``, else the brief's."""
        if self._lang_override:
            return normalise_language(self._lang_override)
        criteria = self._versions[max(self._versions)].criteria if self._versions else None
        criteria = criteria or self._brief_criteria
        return normalise_language(criteria.language if criteria else None)

    # ----------------------------------------------------------------- loading

    def _load(self) -> None:
        """Read every table into domain objects, once the store is known to be one of ours.

        Raises:
            DamagedFileError: not a reviewroom store, a newer schema, or unreadable.
        """
        raw = self._read_tables()
        if raw is None:
            tables: Tables = new_store()
            self._base = tables
        else:
            loaded = validate(raw, self.store_path)
            tables = loaded.tables
            self._base = tables if loaded.migrated_from is not None else None
        self._versions, self._meetings, self._requests = parse_tables(tables)
        self._held = counts(tables)
        self._signature = self._current_signature()

    def _read_tables(self) -> Tables | None:
        """The raw tables through the storage (cached while unchanged); None when missing.

        Raises:
            DamagedFileError: it cannot be read, or is not a file at all.
        """
        assert self._db is not None
        path, bak = self.store_path, backup_path(self.store_path)
        try:
            return self._db.storage.read()
        except NotRegularFileError as exc:
            raise StoreFileError("storage.not_regular", exc, path=str(path), bak=str(bak)) from None
        except OSError as exc:
            raise StoreFileError("storage.unreadable", exc, path=str(path), bak=str(bak)) from None

    def _tables(self) -> Tables:
        """What the next commit starts from: the staged (new or migrated) tables, or the file's."""
        if self._base is not None:
            return self._base
        return self._read_tables() or new_store()

    def _current_signature(self) -> tuple[int, int, int] | None:
        """The store file's identity, to tell a reader whether the writer changed it."""
        try:
            st = os.stat(self.store_path)
        except OSError:  # gone, or turned into a symlink loop: the next load says which
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def refresh(self) -> bool:
        """Reload if another process changed the store; True when something changed.

        Watchers call this about once a second; it costs one ``stat`` when nothing changed.
        """
        if self._current_signature() == self._signature:
            return False
        self._load()
        return True

    def _sync_brief(self) -> None:
        """Stage the brief as a criteria version when it differs from the latest one.

        Until a meeting has started, a hand edit replaces version 1 (the criteria are still
        being agreed); after that it is a new version "edited outside reviewroom". Either is
        written by the first commit that succeeds. An unchanged file (same digest as the latest
        version's) is not parsed at all, which keeps the markdown parser off the start-up path
        of the meeting app.
        """
        digest = _digest_file(self.brief_path)
        latest = self._versions[max(self._versions)] if self._versions else None
        if latest is not None and digest and latest.brief_digest == digest:
            return
        from reviewroom.store.brief import read_brief

        criteria, warnings = read_brief(self.brief_path)
        self._brief_criteria, self.brief_warnings = criteria, warnings
        if latest is None:
            self._stage_version(1, criteria, self._t("criteria.initial"), digest)
        elif latest.criteria == criteria:
            return
        elif latest.number == 1 and not self._meetings:
            self._stage_version(1, criteria, latest.reason, digest)
        else:
            reason = self._t("criteria.edited_outside")
            self._stage_version(latest.number + 1, criteria, reason, digest)

    def _stage_version(self, number: int, criteria: Criteria, reason: str, digest: str) -> None:
        """Show criteria version ``number`` now; the first commit that succeeds stores it."""
        live = self.live_meeting
        version = CriteriaVersion(
            number=number, criteria=criteria, created_at=self._now(), reason=reason,
            meeting=live.id if live else None, brief_digest=digest,
        )
        self._versions[number] = self._staged[number] = version
        self._touched.clear()

    def _t(self, key: str) -> str:
        """A catalog string in the project's language."""
        from reviewroom.store.i18n import t

        return t(self.lang, key)

    # ----------------------------------------------------------------- criteria

    @property
    def criteria(self) -> Criteria:
        """The current criteria (the latest stored version)."""
        if self._versions:
            return self._versions[max(self._versions)].criteria
        if self._brief_criteria is None:
            from reviewroom.store.brief import read_brief

            self._brief_criteria, self.brief_warnings = read_brief(self.brief_path)
        return self._brief_criteria

    @property
    def criteria_version(self) -> int:
        """The current version number (0 for a reader of a project never opened for writing)."""
        return max(self._versions, default=0)

    def versions(self) -> list[CriteriaVersion]:
        """Every criteria version, oldest first."""
        return [self._versions[n] for n in sorted(self._versions)]

    def version(self, number: int) -> CriteriaVersion:
        """One criteria version.

        Raises:
            ReviewError: no such version.
        """
        if number not in self._versions:
            raise ReviewError(
                "criteria.unknown_version",
                lang=self.lang,
                number=number,
                latest=self.criteria_version,
            )
        return self._versions[number]

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
        from reviewroom.store.brief import render_brief

        payload = render_brief(criteria).encode("utf-8")
        with self._writing(self.brief_path):
            atomic_write_bytes(self.brief_path, payload)
        return self._add_version(criteria, reason, rid, hashlib.sha256(payload).hexdigest())

    def _add_version(
        self, criteria: Criteria, reason: str, rid: str | None, digest: str
    ) -> CriteriaVersion:
        """Store the next criteria version durably, then show it."""
        live = self.live_meeting
        version = CriteriaVersion(
            number=self.criteria_version + 1,
            criteria=criteria,
            created_at=self._now(),
            reason=reason,
            request=rid,
            meeting=live.id if live else None,
            brief_digest=digest,
        )
        self._put("criteria_versions", version.number, version.to_dict())
        self._versions[version.number] = version
        return version

    def is_stale(self, req: ChangeRequest) -> bool:
        """Whether ``req``'s verdict rests on criteria changed since it was judged.

        Same answer as :func:`rules.is_stale`, with the criteria diff computed once per judged
        version rather than once per request (a meeting screen asks for every row).
        """
        if not rules.is_judged_on_criteria(req):
            return False
        return rules.rests_on(req, self._touched_since(req.verdict_version or 0))

    def _touched_since(self, number: int) -> frozenset[str]:
        """IDs changed or removed between version ``number`` and the current one (cached)."""
        return self._touched_between(number, self.criteria_version)

    def _touched_between(self, number: int, later: int) -> frozenset[str]:
        """IDs changed or removed between versions ``number`` and ``later`` (cached)."""
        key = (number, later)
        touched = self._touched.get(key)
        if touched is None:
            judged, then = self._versions.get(number), self._versions.get(later)
            touched = (
                rules.diff_criteria(judged.criteria, then.criteria).touched
                if judged and then
                else frozenset()
            )
            self._touched[key] = touched
        return touched

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
        return next((m for m in self._meetings.values() if m.is_live), None)

    def meeting(self, ref: str = "latest") -> Meeting:
        """A meeting by ID (``M-2``, ``m2``, ``2``) or ``latest``.

        Raises:
            ReviewError: no such meeting, or no meetings at all.
        """
        if not self._meetings:
            raise ReviewError("meeting.no_meetings", lang=self.lang)
        if ref.strip().lower() == "latest":
            return self._meetings[max(self._meetings)]
        match = MEETING_REF_RE.fullmatch(ref.strip())
        if match and int(match.group(1)) in self._meetings:
            return self._meetings[int(match.group(1))]
        raise ReviewError("meeting.unknown", lang=self.lang, id=ref)

    def start_meeting(
        self, title: str, attendees: Iterable[Attendee] = (), facilitator: str = ""
    ) -> Meeting:
        """Start the next meeting, carrying over every open or deferred request.

        Raises:
            ReviewError: a meeting is already live, or the title or an attendee is empty.
        """
        self._require_writer()
        live = self.live_meeting
        if live:
            raise ReviewError("meeting.already_live", lang=self.lang, id=live.id, title=live.title)
        if is_blank(title):
            raise ReviewError("meeting.empty_title", lang=self.lang, field="title")
        people = self._check_attendees(attendees)
        number = max(self._meetings, default=0) + 1
        meeting = Meeting(
            id=meeting_id(number),
            title=title,
            started_at=self._now(),
            criteria_version=self.criteria_version,
            facilitator=facilitator,
            attendees=people,
            carried_over=tuple(r.id for r in self.requests() if r.decision.carries_over),
        )
        self._put("meetings", number, meeting.to_dict())
        self._meetings[number] = meeting
        return meeting

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
        return self._save_meeting(replace(live, attendees=self._check_attendees(attendees)))

    def _save_meeting(self, meeting: Meeting) -> Meeting:
        """Write a changed meeting durably, then show it."""
        self._put("meetings", meeting.number, meeting.to_dict())
        self._meetings[meeting.number] = meeting
        return meeting

    def _check_attendees(self, attendees: Iterable[Attendee]) -> tuple[Attendee, ...]:
        """Every attendee needs a name."""
        people = tuple(attendees)
        if any(is_blank(a.name) for a in people):
            raise ReviewError("meeting.empty_attendee", lang=self.lang, field="attendees")
        return people

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
        """The meeting's list with why each request is on it, in the order the screen shows.

        Requests carried over come first, then requests of earlier meetings the meeting must see
        (a verdict stale by its end, or a change made during it), then those raised in it. A stale
        verdict thus stays listed in every meeting from the revision on, until it is re-judged.
        """
        carried = [(self._requests[request_number(rid)], Listing.CARRIED)
                   for rid in meeting.carried_over]
        skip = set(meeting.carried_over)
        end = self._last_version(meeting)
        earlier: list[tuple[ChangeRequest, Listing]] = []
        raised: list[tuple[ChangeRequest, Listing]] = []
        for req in self.requests():
            if req.id in skip:
                continue
            if req.meeting == meeting.id:
                raised.append((req, Listing.RAISED))
                continue
            why = self._brought_back(req, meeting, end)
            if why is not None:
                earlier.append((req, why))
        return carried + earlier + raised

    def listed_as(self, meeting: Meeting, req: ChangeRequest) -> Listing | None:
        """Why ``req`` is on ``meeting``'s list, or None when it is not (see meeting_listing)."""
        if req.id in meeting.carried_over:
            return Listing.CARRIED
        if req.meeting == meeting.id:
            return Listing.RAISED
        return self._brought_back(req, meeting, self._last_version(meeting))

    def _brought_back(self, req: ChangeRequest, meeting: Meeting, end: int) -> Listing | None:
        """Why a request of another meeting belongs on ``meeting``'s list, if it does.

        Its verdict is to re-check when it is stale now and was already stale when the meeting
        ended (``end`` is the last criteria version the meeting saw); a meeting that closed before
        the revision keeps its record. A request this meeting changed stays listed, so judging
        it again does not make it vanish from the screen or the minutes.
        """
        judged = req.verdict_version
        if (
            judged is not None
            and judged < end
            and self.is_stale(req)
            and rules.rests_on(req, self._touched_between(judged, end))
        ):
            return Listing.RECHECK
        if any(entry.meeting == meeting.id for entry in req.history):
            return Listing.REVISITED
        return None

    def _last_version(self, meeting: Meeting) -> int:
        """The latest criteria version ``meeting`` saw: the current one while it is live."""
        if meeting.is_live:
            return self.criteria_version
        during = (v.number for v in self._versions.values() if v.meeting == meeting.id)
        return max(during, default=meeting.criteria_version)

    def add_request(self, request: str, **values: Any) -> ChangeRequest:
        """Capture a new request in the live meeting; other fields may follow later.

        Raises:
            ReviewError: no live meeting, empty request text, bad value, or a refused rule.
        """
        live = self._require_live()
        now = self._now()
        number = max(self._requests, default=0) + 1
        blank = ChangeRequest(
            id=request_id(number), meeting=live.id, request="", created_at=now, updated_at=now
        )
        req = self._apply(blank, {"request": request, **values}, new=True)
        self._check(None, req)
        self._put("requests", number, req.to_dict())
        self._requests[number] = req
        return req

    def update_request(self, rid: str, **values: Any) -> ChangeRequest:
        """Change fields of a request, recording each change in its history.

        Setting ``verdict`` (even to the same value) re-judges it against the current criteria.

        Raises:
            ReviewError: unknown request, bad value, or a refused rule.
        """
        self._require_writer()
        before = self.request(rid)
        after = self._apply(before, values, new=False)
        if after == before:
            return before
        self._check(before, after)
        self._put("requests", after.number, after.to_dict())
        self._requests[after.number] = after
        return after

    def _apply(self, req: ChangeRequest, values: dict[str, Any], *, new: bool) -> ChangeRequest:
        """The request with ``values`` applied, its verdict stamp and its history extended."""
        unknown = set(values) - set(EDITABLE_FIELDS)
        if unknown:
            raise TypeError(f"not request fields: {sorted(unknown)}")
        coerced = {name: coerce(name, value, self.lang) for name, value in values.items()}
        changes: dict[str, Any] = {k: v for k, v in coerced.items() if getattr(req, k) != v}
        if "verdict" in coerced:
            judged = coerced["verdict"] is not Verdict.PENDING
            stamp = self.criteria_version if judged else None
            if stamp != req.verdict_version:
                changes["verdict_version"] = stamp
        note_verdict = _note_verdict(req, coerced, changes)
        if note_verdict is not req.note_verdict:
            changes["note_verdict"] = note_verdict
        if not changes:
            return req
        now = self._now()
        history = req.history
        if not new:
            live = self.live_meeting
            history += tuple(
                HistoryEntry(
                    now,
                    live.id if live else None,
                    name,
                    plain(getattr(req, name)),
                    plain(changes[name]),
                )
                for name in EDITABLE_FIELDS
                if name in changes
            )
        return replace(req, **changes, updated_at=now, history=history)

    def _check(self, before: ChangeRequest | None, after: ChangeRequest) -> None:
        """Rules 1–4 against the current criteria."""
        rules.check_request(
            before,
            after,
            self.criteria,
            version=self.criteria_version,
            stale=self.is_stale(after),
            lang=self.lang,
        )

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
        self._commit([(table, doc_id, doc)])

    def _commit(self, changes: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Write ``changes`` and whatever opening staged as one atomic replace of the store.

        The session's backup is taken first (once; retried by the next commit if this one
        fails). On failure nothing on disk has changed and the staged items stay staged.
        """
        assert self._db is not None
        staged = [("criteria_versions", n, v.to_dict()) for n, v in sorted(self._staged.items())]
        with self._writing():
            tables = {name: dict(docs) for name, docs in self._tables().items()}
            for table, doc_id, doc in staged + changes:
                tables.setdefault(table, {})[str(doc_id)] = doc
            self._backup_once()
            self._db.storage.write(tables)
        self._base = None
        self._staged.clear()

    def _backup_once(self) -> None:
        """Before the session's first write: the backup, or a warning saying why it was kept.

        Raises:
            OSError: the backup could not be written; the commit is refused and retried later.
        """
        if self._backed_up:
            return
        warning = take_session_backup(self.store_path, self._held)
        self._backed_up = True
        if warning is not None:
            self._notice(warning.in_language(self.lang))

    def _notice(self, warning: ReviewError) -> None:
        """Keep a warning that does not stop the change, and pass it to whoever listens."""
        self.notices.append(warning)
        if self.on_notice is not None:
            self.on_notice(warning)

    @contextmanager
    def _writing(self, path: Path | None = None) -> Iterator[None]:
        """Turn an OS failure to save (disk full, permissions) into a clear domain error."""
        try:
            yield
        except OSError as exc:
            raise FileError(
                "storage.unwritable", exc, lang=self.lang, path=str(path or self.store_path)
            ) from None
        self._signature = self._current_signature()

    def _now(self) -> str:
        """The clock as an ISO timestamp with seconds and offset."""
        return self._clock().isoformat(timespec="seconds")

    def ensure_minutes_dir(self) -> Path:
        """Create ``minutes/`` (0700) on first export; never use one that is a symlink.

        Raises:
            NotRegularFileError: minutes/ is a symlink or a file.
            OSError: it cannot be created.
        """
        try:
            real_folder(self.minutes_dir)
        except FileNotFoundError:
            self.minutes_dir.mkdir(mode=0o700)
            fsync_directory(self.path)
        return self.minutes_dir


def _digest_file(path: Path) -> str:
    """SHA-256 of a file's bytes, or "" when it cannot be read (the parser then says why)."""
    try:
        return hashlib.sha256(read_regular(path, follow_symlinks=True)).hexdigest()
    except OSError:
        return ""


def _load_table(data: dict[str, Any], name: str, build: Callable[[dict[str, Any]], Any]) -> Any:
    """Rebuild one table's documents keyed by their integer doc IDs."""
    return {int(doc_id): build(doc) for doc_id, doc in data.get(name, {}).items()}


def _note_verdict(
    req: ChangeRequest, given: dict[str, Any], changes: dict[str, Any]
) -> Verdict | None:
    """The verdict the request's note belongs to once ``changes`` are applied.

    A note given with this change speaks for the verdict beside it. A verdict changed without
    touching the note (the quick ``v`` chooser) keeps the note but not its meaning: it stays the
    earlier verdict's, so the screen and the minutes can say so instead of asking. A note written
    before any judgement is taken over by the first verdict.
    """
    note: str = changes.get("note", req.note)
    verdict: Verdict = changes.get("verdict", req.verdict)
    if not note.strip():
        return None
    if "note" in given:
        return verdict
    if "verdict" not in changes:
        return req.note_verdict
    written_for = req.note_verdict or req.verdict  # unknown (older store): the verdict beside it
    return verdict if written_for is Verdict.PENDING else written_for


def _first_minutes(folder: Path) -> Path | None:
    """A minutes file in ``folder`` (not followed if it is a symlink), or None."""
    st = lstat_or_none(folder)
    if st is None or not stat.S_ISDIR(st.st_mode):
        return None
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    found = next((n for n in names if n.endswith((".md", ".html")) and not n.startswith(".")),
                 None)
    return folder / found if found else None


LoadedTables = tuple[dict[int, CriteriaVersion], dict[int, Meeting], dict[int, ChangeRequest]]


def parse_tables(data: Tables) -> LoadedTables:
    """The criteria versions, meetings and requests of validated tables, by doc ID.

    Only for tables :func:`reviewroom.store.schema.validate` accepted: every document is then
    one the model can rebuild, and every reference between them resolves.
    """
    return (
        _load_table(data, "criteria_versions", CriteriaVersion.from_dict),
        _load_table(data, "meetings", Meeting.from_dict),
        _load_table(data, "requests", ChangeRequest.from_dict),
    )


__all__ = ["Project"]
