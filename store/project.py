"""Project: the one API the CLI and the TUI use to read and change a project.

A project is a folder holding ``brief.md`` (the current criteria), ``reviewroom.json`` (the TinyDB
store) and ``minutes/``. Opening it for writing takes the exclusive lock; every change applies the
rules, is written durably, and only then updates the in-memory view that callers read. The
questions asked of that view are answered by :class:`~reviewroom.store.view.ProjectView`; this
module holds the use cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reviewroom.store import agenda, meetings, rules
from reviewroom.store.brief_file import read_if_edited, write_brief
from reviewroom.store.clock import Clock, system_clock, timestamp
from reviewroom.store.errors import ReviewError
from reviewroom.store.home import default_home, make_project_folder, project_folder
from reviewroom.store.model import (
    DISCUSSED,
    Attendee,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    HistoryEntry,
    Meeting,
    MeetingStatus,
    Section,
)
from reviewroom.store.presence import Cursor, cursor_path, read_cursor, write_cursor
from reviewroom.store.repository import Repository, Snapshot, differing
from reviewroom.store.view import ProjectView

if TYPE_CHECKING:  # importing comments and revising criteria are not needed to open a project
    from reviewroom.store.importing import ImportPlan

Record = TypeVar("Record", CriteriaVersion, Meeting, ChangeRequest)


class Project(ProjectView):
    """An opened project. Use :meth:`open` or :meth:`create`; close it (or use ``with``)."""

    def __init__(self, folder: Path, *, readonly: bool, lang: str | None,
                 clock: Clock | None) -> None:
        super().__init__(folder, lang)
        self.readonly = readonly
        self._clock = clock or system_clock
        self._repo = Repository(folder, readonly=readonly, lang=lambda: self.lang,
                                notice=self._notice)
        self.notices: list[ReviewError] = []
        self._cursor: Cursor | None = None  # the last one published (presenter mode)
        self.on_notice: Callable[[ReviewError], None] | None = None

    # ----------------------------------------------------------------- opening and closing

    @classmethod
    def open(cls, ref: str | Path, *, home: Path | None = None, readonly: bool = False,
             lang: str | None = None, clock: Clock | None = None) -> Project:
        """Open a project by slug (under ``home``) or by path.

        A writer takes the lock, cleans up after a crash, and records a new criteria version when
        brief.md was edited outside reviewroom. A reader takes no lock and writes nothing.

        Raises:
            ReviewError: unknown project, lock held, damaged store, invalid brief.
        """
        folder = project_folder(ref, home, lang or "en")
        project = cls(folder, readonly=readonly, lang=lang, clock=clock)
        with project._closed_on_failure():
            project._start()
        return project

    @classmethod
    def create(cls, slug: str, brief_text: str, *, home: Path | None = None,
               lang: str | None = None, clock: Clock | None = None) -> Project:
        """Create ``home/slug`` (0700) with ``brief_text`` as its brief, and open it for writing.

        The slug and the brief are checked first, so a bad one leaves nothing behind.

        Raises:
            ReviewError: bad slug, project exists, invalid brief.
        """
        folder = make_project_folder(home or default_home(), slug, brief_text, lang or "en")
        project = cls.open(folder, lang=lang, clock=clock)
        with project._closed_on_failure():
            project._repo.commit([])  # a new project is recorded at once: version 1
        return project

    @contextmanager
    def _closed_on_failure(self) -> Iterator[None]:
        """Release the lock if opening fails, and say why in the project's language."""
        try:
            yield
        except ReviewError as exc:
            self.close()
            raise exc.in_language(self.lang) from None
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        """Lock (writers), check and load the store, and stage a brief edited outside.

        Opening writes nothing to the store, its backup or the criteria: what it finds to record
        is staged and becomes part of the first commit that succeeds, so a refused command
        leaves every file as it was.
        """
        self._show(self._repo.open())
        if not self.readonly:
            self._sync_brief()

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

    def close(self) -> None:
        """Release the lock and the store; safe to call twice."""
        self._repo.close()

    def __enter__(self) -> Project:
        """``with Project.open(...) as project:`` closes it however the block ends."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close on leaving the ``with`` block."""
        self.close()

    # ----------------------------------------------------------------- files

    @property
    def store_path(self) -> Path:
        """The TinyDB file."""
        return self._repo.store_path

    @property
    def minutes_dir(self) -> Path:
        """Where exports go by default."""
        return self._repo.minutes_dir

    def ensure_minutes_dir(self) -> Path:
        """Create ``minutes/`` (0700) on first export; never use one that is a symlink.

        Raises:
            NotRegularFileError: minutes/ is a symlink or a file.
            OSError: it cannot be created.
        """
        return self._repo.ensure_minutes_dir()

    # ----------------------------------------------------------------- watching

    def refresh(self) -> bool:
        """Reload if another process changed the store; True when something changed.

        Watchers call this about once a second; it costs one ``stat`` when nothing changed.
        """
        snapshot = self.read_changes()
        if snapshot is None:
            return False
        self.adopt(snapshot)
        return True

    def store_changed(self) -> bool:
        """Whether another process changed the store since the last reading (two ``stat``
        calls, nothing read): a watcher asks this every tick and reads only when it holds."""
        return self._repo.changed()

    def read_changes(self) -> Snapshot | None:
        """The store as another process left it, if it changed; None when it did not.

        Safe off the UI thread: it reads and changes nothing here (one call at a time).

        Raises:
            DamagedFileError: the store cannot be read, or is not one of ours.
        """
        return self._repo.read_if_changed()

    def adopt(self, snapshot: Snapshot) -> frozenset[int]:
        """Show ``snapshot`` from :meth:`read_changes` (a watcher's swap, on its UI thread);
        the numbers of the requests it changed (worked out by the reader, else compared here:
        only when there was no reading before to compare with)."""
        changed = snapshot.changed_requests
        if changed is None:
            changed = differing(self._requests, snapshot.tables[2])
        self._repo.adopt(snapshot)
        self._show(snapshot.tables)
        return changed

    # ----------------------------------------------------------------- presenter mode

    @property
    def cursor_path(self) -> Path:
        """The side file where the writer publishes its cursor (see store/presence.py)."""
        return cursor_path(self.path)

    def publish_cursor(self, request: str | None, top: str | None, scroll: int) -> bool:
        """Tell watchers where the writer is, at once: :meth:`next_cursor`, then
        :meth:`write_cursor` (True also when nothing moved)."""
        cursor = self.next_cursor(request, top, scroll)
        return True if cursor is None else self.write_cursor(cursor)

    def next_cursor(self, request: str | None, top: str | None, scroll: int) -> Cursor | None:
        """The cursor to publish for the highlighted request, the list's first visible request
        and its scroll row in the live meeting; None when it has not moved since the last one.

        Raises:
            ReviewError: a read-only project (watchers never publish).
        """
        self._require_writer()
        live = self.live_meeting
        cursor = Cursor(meeting=live.id if live else None, request=request, top=top,
                        scroll=max(0, scroll), seq=(self._cursor.seq + 1) if self._cursor else 1)
        if cursor.same_place(self._cursor):
            return None
        self._cursor = cursor
        return cursor

    def write_cursor(self, cursor: Cursor) -> bool:
        """Write ``cursor`` to the side file: not durable and never the store, so safe from
        any thread (it reads nothing of the project); a failed write only means watchers stay
        where they are (False)."""
        return write_cursor(self.path, cursor)

    def read_cursor(self) -> Cursor | None:
        """The writer's published cursor; None when there is none or it is not usable."""
        return read_cursor(self.path)

    # ----------------------------------------------------------------- criteria

    def revise_criteria(self, criteria: Criteria, reason: str,
                        request: str | None = None) -> CriteriaVersion:
        """Record a new criteria version and rewrite brief.md in canonical form (rule 5).

        brief.md is written first: if the process dies between the two writes, the next open
        still finds the new criteria (recorded as edited outside) rather than losing them.

        Raises:
            ReviewError: no reason, nothing changed, or an unknown triggering request.
        """
        self._require_writer()
        diff = rules.diff_criteria(self.criteria, criteria)
        rules.check_revision(reason, bool(diff), self.lang)
        self._check_new_ids(diff.added, criteria)
        rid = self._linked_request(request)
        with self._repo.writing(self.brief_path):
            digest = write_brief(self.brief_path, criteria)
        version = self._new_version(self.criteria_version + 1, reason, criteria, request=rid,
                                    digest=digest)
        return self._save("criteria_versions", self._versions, version.number, version)

    def _check_new_ids(self, added: tuple[str, ...], criteria: Criteria) -> None:
        """Refuse an added item whose ID an earlier version had: requests and stale verdicts
        name items by ID, so a reused one would make them point at a different statement."""
        from reviewroom.store import revision  # only when criteria are revised

        reused = revision.reused_ids(added, self.ever_ids())
        if reused:
            section = Section.for_id(reused[0]) or Section.PROBLEM
            free = revision.next_id(section, self.ever_ids() | set(criteria.by_id()))
            raise ReviewError("rule.revision_reused_id", lang=self.lang, field="criteria",
                              id=reused[0], free=free)

    def _linked_request(self, request: str | None) -> str | None:
        """The triggering request's ID, or the error about it under the request field."""
        if not request:
            return None
        try:
            return self.request(request).id
        except ReviewError as error:
            raise ReviewError(error.key, lang=self.lang, field="request", **error.params) from None

    def _new_version(self, number: int, reason: str, criteria: Criteria, *,
                     request: str | None = None, digest: str = "") -> CriteriaVersion:
        """Criteria version ``number``, made now, during the live meeting if there is one."""
        live = self.live_meeting
        return CriteriaVersion(number=number, criteria=criteria, created_at=self._now(),
                               reason=reason, request=request,
                               meeting=live.id if live else None, brief_digest=digest)

    # ----------------------------------------------------------------- meetings

    def start_meeting(self, title: str, attendees: Iterable[Attendee] = (),
                      facilitator: str = "") -> Meeting:
        """Start the next meeting, carrying over every open or deferred request, and adopting
        the requests imported onto the agenda while no meeting ran (one commit).

        Raises:
            ReviewError: a meeting is already live, or the title or an attendee is empty.
        """
        self._require_writer()
        meeting = meetings.next_meeting(
            self._meetings, self.requests(), title, attendees, facilitator,
            criteria_version=self.criteria_version, now=self._now, lang=self.lang,
        )
        adopted = meetings.adopted(self.requests(), meeting)
        self._repo.commit([("meetings", meeting.number, meeting.to_dict()),
                           *(("requests", r.number, r.to_dict()) for r in adopted)])
        self._meetings[meeting.number] = meeting
        self._requests.update((r.number, r) for r in adopted)
        return meeting

    def end_meeting(self) -> Meeting:
        """Close the live meeting.

        Raises:
            ReviewError: no meeting is live.
        """
        live = self._require_live()
        closed = replace(live, status=MeetingStatus.CLOSED, ended_at=self._now())
        return self._save("meetings", self._meetings, closed.number, closed)

    def set_attendees(self, attendees: Iterable[Attendee]) -> Meeting:
        """Replace the live meeting's attendees."""
        live = self._require_live()
        people = meetings.checked_attendees(attendees, self.lang)
        return self._save("meetings", self._meetings, live.number, replace(live, attendees=people))

    def _require_live(self) -> Meeting:
        """The live meeting, or the error telling how to start one."""
        self._require_writer()
        live = self.live_meeting
        if live is None:
            raise ReviewError("meeting.none_live", lang=self.lang)
        return live

    # ----------------------------------------------------------------- change requests

    def add_request(self, request: str, **values: Any) -> ChangeRequest:
        """Capture a new request in the live meeting; other fields may follow later.

        Raises:
            ReviewError: no live meeting, empty request text, bad value, or a refused rule.
        """
        from reviewroom.store import changes  # with coercion: not needed to open or paint

        live = self._require_live()
        req = changes.raise_request(
            max(self._requests, default=0) + 1, {"request": request, **values}, meeting=live.id,
            lang=self.lang, version=self.criteria_version, now=self._now,
        )
        return self._save_request(None, req)

    def import_comments(self, plan: ImportPlan) -> list[ChangeRequest]:
        """Add the planned comments as pending, open requests, all in one commit.

        They join the live meeting; with none they wait on the agenda and the next
        :meth:`start_meeting` adopts them. Comments imported meanwhile from a file of the same
        name are left out again (the plan may be older than the store).

        Raises:
            ReviewError: read-only, or a comment the rules refuse (nothing is written then).
        """
        from reviewroom.store import importing  # only when comments are imported

        self._require_writer()
        live = self.live_meeting
        known = importing.imported_keys(self.requests())
        comments = [c for c in plan.comments
                    if (plan.source, importing.text_key(c.request)) not in known]
        first = max(self._requests, default=0) + 1
        made = [importing.imported_request(
            comment, first + offset, source=plan.source, meeting=live.id if live else None,
            lang=self.lang, version=self.criteria_version, now=self._now,
        ) for offset, comment in enumerate(comments)]
        for req in made:
            rules.check_request(None, req, self.criteria, version=self.criteria_version,
                                stale=False, lang=self.lang)
        if made:
            self._repo.commit([("requests", r.number, r.to_dict()) for r in made])
        self._requests.update((r.number, r) for r in made)
        return made

    def update_request(self, rid: str, **values: Any) -> ChangeRequest:
        """Change fields of a request, recording each change in its history.

        Setting ``verdict`` (even to the same value) re-judges it against the current criteria.

        Raises:
            ReviewError: unknown request, bad value, or a refused rule.
        """
        from reviewroom.store import changes  # with coercion: not needed to open or paint

        self._require_writer()
        before = self.request(rid)
        live = self.live_meeting
        after = changes.apply(before, values, lang=self.lang, version=self.criteria_version,
                              now=self._now, meeting=live.id if live else None, record=True)
        return before if after == before else self._save_request(before, after)

    def mark_discussed(self, rid: str) -> ChangeRequest:
        """Record that the live meeting talked ``rid`` through (its agenda marker goes); an
        imported request already discussed is returned as it is.

        Raises:
            ReviewError: no live meeting, an unknown request, or one not imported (only
                imported comments are on the agenda).
        """
        live = self._require_live()
        req = self.request(rid)
        if not agenda.is_imported(req):
            raise ReviewError("agenda.not_imported", lang=self.lang, id=req.id)
        if agenda.is_discussed(req):
            return req
        now = self._now()
        entry = HistoryEntry(now, live.id, DISCUSSED, None, None)
        return self._save("requests", self._requests, req.number,
                          replace(req, updated_at=now, history=(*req.history, entry)))

    def _save_request(self, before: ChangeRequest | None, after: ChangeRequest) -> ChangeRequest:
        """Check rules 1–4 against the current criteria, then save: a refused change is not
        written."""
        rules.check_request(before, after, self.criteria, version=self.criteria_version,
                            stale=self.is_stale(after), lang=self.lang)
        return self._save("requests", self._requests, after.number, after)

    # ----------------------------------------------------------------- writing

    def _require_writer(self) -> None:
        """Readers never write."""
        if self.readonly:
            raise ReviewError("project.read_only", lang=self.lang)

    def _save(self, table: str, shown: dict[int, Record], number: int, record: Record) -> Record:
        """Write ``record`` durably, and only then show it: a failed write shows nothing new."""
        self._require_writer()
        self._repo.commit([(table, number, record.to_dict())])
        shown[number] = record
        return record

    def _notice(self, warning: ReviewError) -> None:
        """Keep a warning that does not stop the change, and pass it to whoever listens."""
        self.notices.append(warning)
        if self.on_notice is not None:
            self.on_notice(warning)

    def _now(self) -> str:
        """Now, as the records store it (see :mod:`reviewroom.store.clock`)."""
        return timestamp(self._clock)


__all__ = ["Project"]
