"""The criteria-health report: how the criteria held up over all the meetings of a project.

Four parts, each a plain record so that Markdown, HTML, JSON and the app's screen show the same
figures (see store/report_render.py and store/report_html.py):

- per criterion: how many requests name it, how many of those were judged consistent or
  inconsistent, and how often a revision added, reworded or removed it (conflict shows as
  revisions and inconsistent verdicts piling up on one item);
- per meeting, oldest first: the requests it listed, raised and carried in, the verdicts and
  decisions they had when it ended (read back through the requests' history), and how many it
  carried on to the next one: a trend;
- the revision timeline: version, date, reason, triggering request and what changed;
- open and deferred requests by age (how many meetings carried them), and the action items past
  due on ``today``, which the caller gives (``--today``), so the same store gives the same report.

Pure: it reads the project's records and nothing else (no clock, no files).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reviewroom.store import rules
from reviewroom.store.model import (
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Decision,
    Meeting,
    Verdict,
    request_number,
)

if TYPE_CHECKING:
    from reviewroom.store.view import ProjectView

AGREED = (Decision.ACCEPTED, Decision.ALTERNATIVE)  # decisions that make work for someone
REPORT_FORMAT = 1  # the JSON's ``format``: goes up when a key changes meaning or goes away


@dataclass(frozen=True)
class CriterionHealth:
    """One criterion ID across the project: its latest text, and how it fared."""

    id: str
    text: str
    current: bool  # still in the current criteria (False: a revision removed it)
    named: int  # requests naming it
    consistent: int  # of those, judged consistent
    inconsistent: int  # of those, judged inconsistent
    revised: int  # revisions that added, reworded or removed it (version 1 does not count)


@dataclass(frozen=True)
class MeetingFigures:
    """One meeting's list as it stood when the meeting ended (a live one: as it stands now)."""

    id: str
    title: str
    date: str
    live: bool
    listed: int
    raised: int
    carried_in: int
    verdicts: dict[str, int]  # every Verdict value, in model order
    decisions: dict[str, int]  # every Decision value, in model order
    carried_on: int  # open or deferred at the end: the next meeting carries them


@dataclass(frozen=True)
class RevisionEntry:
    """One criteria version: when, why, triggered by which request, what changed."""

    version: int
    date: str
    reason: str
    request: str | None
    request_text: str
    meeting: str | None
    added: tuple[str, ...]
    reworded: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class OpenItem:
    """An open or deferred request and how many meetings have carried it so far."""

    id: str
    request: str
    decision: str
    raised_in: str | None  # None: waiting on the agenda of the next meeting
    carried: int
    where: str


@dataclass(frozen=True)
class PastDue:
    """Agreed work whose due date is before ``today``: who, what, and how late."""

    id: str
    what: str  # the agreed alternative where there is one, else the request
    owner: str
    due: str
    days_late: int


@dataclass(frozen=True)
class Report:
    """The whole report; :meth:`to_dict` is the JSON output (keys documented in the README)."""

    project: str
    slug: str
    today: str
    criteria_version: int
    request_count: int
    criteria: tuple[CriterionHealth, ...]
    meetings: tuple[MeetingFigures, ...]
    revisions: tuple[RevisionEntry, ...]
    open_items: tuple[OpenItem, ...]
    past_due: tuple[PastDue, ...]

    @property
    def by_age(self) -> list[tuple[int, int]]:
        """(meetings carried, how many open or deferred requests) for 0 up to the oldest."""
        counts = Counter(item.carried for item in self.open_items)
        return [(age, counts.get(age, 0)) for age in range(max(counts, default=-1) + 1)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable keys; lists keep the report's order."""
        data = asdict(self)
        data["format"] = REPORT_FORMAT
        data["by_age"] = [{"carried": age, "requests": n} for age, n in self.by_age]
        for entry in data["revisions"]:
            for key in ("added", "reworded", "removed"):
                entry[key] = list(entry[key])
        return data


def build_report(project: ProjectView, today: dt.date) -> Report:
    """The report of ``project`` as its store stands, with ``today`` for what is past due."""
    requests = project.requests()
    versions = project.versions()
    return Report(
        project=project.criteria.title or project.slug,
        slug=project.slug,
        today=today.isoformat(),
        criteria_version=project.criteria_version,
        request_count=len(requests),
        criteria=criteria_health(project.criteria, versions, requests),
        meetings=tuple(meeting_figures(project, m) for m in project.meetings()),
        revisions=revision_timeline(versions, {r.id: r for r in requests}),
        open_items=open_items(requests, project.meetings()),
        past_due=past_due(requests, today),
    )


# ----------------------------------------------------------------------------- criteria


def criteria_health(current: Criteria, versions: list[CriteriaVersion],
                    requests: list[ChangeRequest]) -> tuple[CriterionHealth, ...]:
    """Every criterion ID any version had: the current ones in brief order, then the removed
    ones in the order they first appeared."""
    texts: dict[str, str] = {}
    revised: Counter[str] = Counter()
    for before, after in zip(versions, versions[1:], strict=False):
        diff = rules.diff_criteria(before.criteria, after.criteria)
        revised.update((*diff.added, *diff.reworded, *diff.removed))
    for version in versions:
        texts.update((item.id, item.text) for _, item in version.criteria.items())
    texts.update((item.id, item.text) for _, item in current.items())
    ids = [item.id for _, item in current.items()]
    ids += [cid for cid in texts if cid not in set(ids)]
    named: dict[str, Counter[Verdict | None]] = {cid: Counter() for cid in ids}
    for req in requests:
        for cid in req.criteria:
            named.setdefault(cid, Counter())[req.verdict] += 1
            named[cid][None] += 1
    live = {item.id for _, item in current.items()}
    return tuple(
        CriterionHealth(cid, texts.get(cid, ""), cid in live, named[cid][None],
                        named[cid][Verdict.CONSISTENT], named[cid][Verdict.INCONSISTENT],
                        revised[cid])
        for cid in ids
    )


# ----------------------------------------------------------------------------- meetings


def meeting_figures(project: ProjectView, meeting: Meeting) -> MeetingFigures:
    """One meeting's figures; verdicts and decisions as they were when it ended."""
    listing = project.meeting_listing(meeting)
    end = meeting.ended_at
    verdicts: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    for req, _ in listing:
        verdicts[str(value_at(req, "verdict", end))] += 1
        decisions[str(value_at(req, "decision", end))] += 1
    open_at_end = sum(decisions[d.value] for d in Decision if d.carries_over)
    return MeetingFigures(
        id=meeting.id, title=meeting.title, date=meeting.started_at[:10], live=meeting.is_live,
        listed=len(listing), raised=sum(1 for req, _ in listing if req.meeting == meeting.id),
        carried_in=len(meeting.carried_over),
        verdicts={v.value: verdicts[v.value] for v in Verdict},
        decisions={d.value: decisions[d.value] for d in Decision},
        carried_on=open_at_end,
    )


def value_at(req: ChangeRequest, field: str, moment: str | None) -> object:
    """The value ``field`` of ``req`` had at ``moment`` (None: now), undoing the changes its
    history records after it, newest first."""
    current: Any = getattr(req, field)
    value: object = current.value if isinstance(current, Verdict | Decision) else current
    if moment is None:
        return value
    limit = _moment(moment)
    for entry in reversed(req.history):
        if entry.field == field and _moment(entry.at) > limit:
            value = entry.old
    return value


@lru_cache(maxsize=65536)
def _moment(stamp: str) -> dt.datetime:
    """A stored timestamp as an aware datetime (offsets may differ: a summer and a winter
    meeting), naive ones taken as UTC."""
    moment = dt.datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# ----------------------------------------------------------------------------- revisions


def revision_timeline(versions: list[CriteriaVersion],
                      requests: dict[str, ChangeRequest]) -> tuple[RevisionEntry, ...]:
    """Every version, oldest first, with what it changed against the one before."""
    entries = []
    previous: CriteriaVersion | None = None
    for version in versions:
        diff = rules.diff_criteria(previous.criteria, version.criteria) if previous else None
        trigger = requests.get(version.request) if version.request else None
        entries.append(RevisionEntry(
            version=version.number, date=version.created_at[:10], reason=version.reason,
            request=version.request, request_text=trigger.request if trigger else "",
            meeting=version.meeting,
            added=diff.added if diff else (),
            reworded=diff.reworded if diff else (),
            removed=diff.removed if diff else (),
        ))
        previous = version
    return tuple(entries)


# ----------------------------------------------------------------------------- open work


def open_items(requests: list[ChangeRequest],
               meetings: list[Meeting]) -> tuple[OpenItem, ...]:
    """Open and deferred requests, the longest carried first, then by number."""
    carried: Counter[str] = Counter(rid for m in meetings for rid in m.carried_over)
    items = [OpenItem(req.id, req.request, req.decision.value, req.meeting, carried[req.id],
                      req.where)
             for req in requests if req.decision.carries_over]
    numbers = {req.id: req.number for req in requests if req.decision.carries_over}
    return tuple(sorted(items, key=lambda item: (-item.carried, numbers[item.id])))


def past_due(requests: Iterable[ChangeRequest], today: dt.date) -> tuple[PastDue, ...]:
    """Accepted requests and agreed alternatives due before ``today``, the most overdue first."""
    late = []
    for req in requests:
        due = _date(req.due)
        if req.decision not in AGREED or due is None or due >= today:
            continue
        what = req.alternative if req.decision is Decision.ALTERNATIVE and req.alternative.strip() \
            else req.request
        late.append(PastDue(req.id, what, req.owner, due.isoformat(), (today - due).days))
    return tuple(sorted(late, key=lambda item: (-item.days_late, request_number(item.id))))


def _date(text: str | None) -> dt.date | None:
    """A stored due date, or None when there is none (the rules keep them ISO dates)."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
