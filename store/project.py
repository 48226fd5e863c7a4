"""Project: the one API the CLI and the TUI use to read and change a project.

A project is a folder holding ``brief.md`` (the current criteria), ``reviewroom.json`` (the TinyDB
store) and ``minutes/``. Opening it for writing takes the exclusive lock; every change applies the
rules, is written durably, and only then updates the in-memory view that callers read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from store import rules
from store.errors import DamagedFileError, ReviewError
from store.i18n import normalise_language
from store.lock import ProjectLock
from store.model import (
    EDITABLE_FIELDS,
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Decision,
    HistoryEntry,
    Meeting,
    MeetingStatus,
    Verdict,
    meeting_id,
    request_id,
    request_number,
)
from store.storage import AtomicJSONStorage, atomic_write_bytes, fsync_directory, load_tables

SCHEMA = 1
BRIEF_NAME = "brief.md"
STORE_NAME = "reviewroom.json"
MINUTES_DIR = "minutes"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
CRITERION_RE = re.compile(r"[PRBKAC][1-9][0-9]*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
HOME_ENV = "REVIEWROOM_HOME"

Clock = Callable[[], dt.datetime]
TEXT_FIELDS = ("request", "by", "intent", "note", "alternative", "owner")


def default_home() -> Path:
    """``REVIEWROOM_HOME``, else the platform's user data folder (``~/.local/share/reviewroom``)."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no home was given

    return Path(platformdirs.user_data_path("reviewroom"))


def validate_slug(slug: str, lang: str = "en") -> str:
    """Refuse any name that could escape the home: only ``[a-z0-9][a-z0-9-]*``."""
    if not SLUG_RE.fullmatch(slug):
        raise ReviewError("project.bad_slug", lang=lang, slug=slug)
    return slug


def is_path_ref(ref: str) -> bool:
    """A project reference with a slash or a leading dot or tilde is a path, not a slug."""
    return os.sep in ref or "/" in ref or ref.startswith((".", "~"))


def locate(ref: str, home: Path | None = None, lang: str = "en") -> Path:
    """The folder of project ``ref`` (a slug under ``home`` or a path); it must hold a brief.

    Raises:
        ReviewError: bad slug, or no such project.
    """
    home = home or default_home()
    folder = Path(ref).expanduser() if is_path_ref(ref) else home / validate_slug(ref, lang)
    if not (folder / BRIEF_NAME).is_file():
        raise ReviewError("project.unknown", lang=lang, ref=ref, home=str(home))
    return folder


def system_clock() -> dt.datetime:
    """Local time with its UTC offset, so minutes show the time the room saw."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True)
class ProjectSummary:
    """One line of ``reviewroom list``."""

    slug: str
    path: Path
    title: str
    criteria_version: int
    last_meeting: Meeting | None
    open_requests: int
    error: str | None = None
    language: str | None = None  # the brief's, so each row can speak its project's language


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
        if not (folder / BRIEF_NAME).is_file():
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
        from store.brief import parse_brief

        parse_brief(brief_text, str(home / slug / BRIEF_NAME))
        folder = home / slug
        if folder.exists():
            raise ReviewError("project.exists", lang=lang or "en", slug=slug, home=str(home))
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
        atomic_write_bytes(folder / BRIEF_NAME, brief_text.encode("utf-8"))
        return cls.open(folder, lang=lang, clock=clock)

    def _start(self) -> None:
        """Lock (writers), load the store, and bring the criteria versions up to date."""
        if not self.readonly:
            self._lock.acquire()
        mode = "r" if self.readonly else "r+"
        self._db = TinyDB(self.store_path, storage=AtomicJSONStorage, access_mode=mode)
        self._load()
        if not self.readonly:
            self._sync_brief()

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
        """Read every table into domain objects; a malformed document means a damaged file."""
        self._versions, self._meetings, self._requests = parse_tables(
            self._tables(), self.store_path
        )
        self._signature = self._current_signature()

    def _tables(self) -> dict[str, Any]:
        """The raw tables through the storage (cached while unchanged)."""
        assert self._db is not None
        data = self._db.storage.read()
        return data or {}

    def _current_signature(self) -> tuple[int, int, int] | None:
        """The store file's identity, to tell a reader whether the writer changed it."""
        try:
            st = os.stat(self.store_path)
        except FileNotFoundError:
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
        """Record the brief as a new criteria version when it differs from the latest one.

        An unchanged file (same digest as the latest version's) is not parsed at all, which keeps
        the markdown parser off the start-up path of the meeting app.
        """
        with self._writing():
            assert self._db is not None
            if not self._db.table("meta").contains(doc_id=1):
                self._db.table("meta").insert(Document({"schema": SCHEMA}, doc_id=1))
        digest = _digest_file(self.brief_path)
        latest = self._versions[max(self._versions)] if self._versions else None
        if latest is not None and digest and latest.brief_digest == digest:
            return
        from store.brief import read_brief

        criteria, warnings = read_brief(self.brief_path)
        self._brief_criteria, self.brief_warnings = criteria, warnings
        if latest is None:
            self._add_version(criteria, self._t("criteria.initial"), None, digest)
        elif latest.criteria != criteria:
            self._add_version(criteria, self._t("criteria.edited_outside"), None, digest)

    def _t(self, key: str) -> str:
        """A catalog string in the project's language."""
        from store.i18n import t

        return t(self.lang, key)

    # ----------------------------------------------------------------- criteria

    @property
    def criteria(self) -> Criteria:
        """The current criteria (the latest stored version)."""
        if self._versions:
            return self._versions[max(self._versions)].criteria
        if self._brief_criteria is None:
            from store.brief import read_brief

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
        from store.brief import render_brief

        payload = render_brief(criteria).encode("utf-8")
        with self._writing():
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
        key = (number, self.criteria_version)
        touched = self._touched.get(key)
        if touched is None:
            judged = self._versions.get(number)
            touched = (
                rules.diff_criteria(judged.criteria, self.criteria).touched
                if judged
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
        digits = ref.strip().upper().removeprefix("M").lstrip("-")
        if digits.isdigit() and int(digits) in self._meetings:
            return self._meetings[int(digits)]
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
        if not title.strip():
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
        if any(not a.name.strip() for a in people):
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
        """The meeting's list: requests carried over into it, then those raised in it."""
        carried = [self._requests[request_number(rid)] for rid in meeting.carried_over]
        raised = [r for r in self.requests() if r.meeting == meeting.id]
        return carried + raised

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
        coerced = {name: self._coerce(name, value) for name, value in values.items()}
        changes: dict[str, Any] = {k: v for k, v in coerced.items() if getattr(req, k) != v}
        if "verdict" in coerced:
            judged = coerced["verdict"] is not Verdict.PENDING
            stamp = self.criteria_version if judged else None
            if stamp != req.verdict_version:
                changes["verdict_version"] = stamp
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
                    _plain(getattr(req, name)),
                    _plain(changes[name]),
                )
                for name in EDITABLE_FIELDS
                if name in changes
            )
        return replace(req, **changes, updated_at=now, history=history)

    def _coerce(self, name: str, value: Any) -> Any:
        """Turn CLI or form input into the field's type, refusing what cannot be one."""
        if name == "criteria":
            return self._coerce_criteria(value)
        if name == "verdict":
            return _enum(Verdict, value, "request.bad_verdict", self.lang)
        if name == "decision":
            return _enum(Decision, value, "request.bad_decision", self.lang)
        if name == "due":
            return self._coerce_date(value)
        text = "" if value is None else str(value)
        if name == "request" and not text.strip():
            raise ReviewError("request.empty", lang=self.lang, field="request")
        return text

    def _coerce_criteria(self, value: Any) -> tuple[str, ...]:
        """``"R1, b2"`` or ``["R1", "B2"]`` → ``("R1", "B2")``, without duplicates."""
        parts = value.split(",") if isinstance(value, str) else list(value or ())
        ids: list[str] = []
        for part in parts:
            cid = str(part).strip().upper()
            if not cid:
                continue
            if not CRITERION_RE.fullmatch(cid):
                raise ReviewError(
                    "request.bad_criterion", lang=self.lang, field="criteria", value=part
                )
            if cid not in ids:
                ids.append(cid)
        return tuple(ids)

    def _coerce_date(self, value: Any) -> str | None:
        """A due date as ``YYYY-MM-DD`` (a real calendar date), or None when cleared."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip()
        try:
            if not DATE_RE.fullmatch(text):
                raise ValueError(text)
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ReviewError("request.bad_date", lang=self.lang, field="due", value=text) from None

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
        assert self._db is not None
        db = self._db
        with self._writing():
            db.table(table).upsert(Document(doc, doc_id=doc_id))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn an OS failure to save (disk full, permissions) into a clear domain error."""
        try:
            yield
        except OSError as exc:
            raise ReviewError(
                "storage.unwritable",
                lang=self.lang,
                path=str(self.store_path),
                detail=exc.strerror or str(exc),
            ) from None
        self._signature = self._current_signature()

    def _now(self) -> str:
        """The clock as an ISO timestamp with seconds and offset."""
        return self._clock().isoformat(timespec="seconds")

    def ensure_minutes_dir(self) -> Path:
        """Create ``minutes/`` (0700) on first export."""
        self.minutes_dir.mkdir(mode=0o700, exist_ok=True)
        fsync_directory(self.path)
        return self.minutes_dir


def _digest_file(path: Path) -> str:
    """SHA-256 of a file's bytes, or "" when it cannot be read (the parser then says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _load_table(data: dict[str, Any], name: str, build: Callable[[dict[str, Any]], Any]) -> Any:
    """Rebuild one table's documents keyed by their integer doc IDs."""
    return {int(doc_id): build(doc) for doc_id, doc in data.get(name, {}).items()}


def _enum(kind: Any, value: Any, key: str, lang: str) -> Any:
    """Parse an enum value case-insensitively, refusing anything else with ``key``."""
    field = "verdict" if key == "request.bad_verdict" else "decision"
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        raise ReviewError(key, lang=lang, field=field, value=value) from None


def _plain(value: Any) -> Any:
    """A JSON-ready form of a field value for the history."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (Verdict, Decision)):
        return value.value
    return value


def list_projects(home: Path | None = None) -> list[ProjectSummary]:
    """Summaries of every project under ``home``, read-only; a damaged one shows its error."""
    home = home or default_home()
    if not home.is_dir():
        return []
    summaries = []
    for folder in sorted(p for p in home.iterdir() if (p / BRIEF_NAME).is_file()):
        summaries.append(_summary(folder))
    return summaries


def _summary(folder: Path) -> ProjectSummary:
    """One project's line, or its error when it cannot be read."""
    try:
        with Project.open(folder, readonly=True) as project:
            meetings = project.meetings()
            return ProjectSummary(
                slug=folder.name,
                path=folder,
                title=project.criteria.title,
                criteria_version=project.criteria_version,
                last_meeting=meetings[-1] if meetings else None,
                open_requests=sum(1 for r in project.requests() if r.decision.carries_over),
                language=project.criteria.language,
            )
    except ReviewError as exc:
        return ProjectSummary(folder.name, folder, "", 0, None, 0, error=str(exc))


LoadedTables = tuple[dict[int, CriteriaVersion], dict[int, Meeting], dict[int, ChangeRequest]]


def parse_tables(data: dict[str, Any], path: Path) -> LoadedTables:
    """The criteria versions, meetings and requests of a store's raw tables, by doc ID.

    Raises:
        DamagedFileError: a newer (or non-numeric) schema, or a document that is not one of ours.
    """
    meta = data.get("meta", {}).get("1", {})
    schema = meta.get("schema", SCHEMA) if isinstance(meta, dict) else SCHEMA
    bak = str(path) + ".bak"
    if not isinstance(schema, int) or schema > SCHEMA:
        raise DamagedFileError(
            "storage.newer_schema", path=str(path), found=schema, known=SCHEMA, bak=bak
        )
    try:
        return (
            _load_table(data, "criteria_versions", CriteriaVersion.from_dict),
            _load_table(data, "meetings", Meeting.from_dict),
            _load_table(data, "requests", ChangeRequest.from_dict),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DamagedFileError("storage.bad_shape", path=str(path), bak=bak) from None


def check_store(path: Path) -> None:
    """Validate a store file as opening the project would, without opening it (``restore``).

    Raises:
        DamagedFileError: the file is empty, not JSON, of the wrong shape or of a newer schema.
    """
    parse_tables(load_tables(path), path)


__all__ = [
    "Project",
    "ProjectSummary",
    "default_home",
    "list_projects",
    "locate",
    "validate_slug",
]
