"""A meeting's minutes as CommonMark + GFM-table Markdown, and as one self-contained HTML file.

The minutes go to the client, so they must read like a careful facilitator wrote them, and no
text typed in the meeting may change their layout. Every piece of user text passes through
:func:`escape_line` (one line, Markdown punctuation backslash-escaped) or :func:`text_block`
(several such lines joined by hard breaks); table cells and headings use a one-line summary.
The HTML page's body is that Markdown rendered exactly as markdown-it-py renders it with raw HTML
off (:func:`markdown_to_html`), inside a page with a small stylesheet and no script.

Nothing here reads the clock: the same stored meeting always gives byte-identical minutes.
"""

from __future__ import annotations

import datetime as dt
import errno
import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reviewroom.store import rules
from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.model import (
    EDITABLE_FIELDS,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Criterion,
    Decision,
    HistoryEntry,
    Listing,
    Meeting,
    Side,
    Verdict,
)
from reviewroom.store.storage import atomic_write_bytes
from reviewroom.store.text import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from reviewroom.store.project import Project

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = ("md", "html")
# How long a request may be in the table, a heading or a one-line mention.
SHORT = 80
NONE = "—"

# Summary order: judgements first, then the undecided; decisions from settled to open.
VERDICT_ORDER = (Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNCLEAR, Verdict.PENDING)
DECISION_ORDER = (
    Decision.ACCEPTED,
    Decision.ALTERNATIVE,
    Decision.REJECTED,
    Decision.DEFERRED,
    Decision.OPEN,
)

# ----------------------------------------------------------------------------- escaping

# Characters that mean something anywhere in a line, in CommonMark or on GitHub and GitLab:
# escapes, code spans, emphasis, links, raw HTML and autolinks, headings' closing sequence,
# table pipes, strikethrough, math and mentions. The rest only in context, so ordinary prose
# stays readable as plain text: ``&`` before an entity (``&lt;``, ``&#60;``), ``.`` after
# ``www`` (GFM's www autolinks), ``:`` before a word or slash (``http://``, ``:emoji:``).
_INLINE = re.compile(
    r"""[\\`*_\[\]<#|~$@]
    | &(?=\#|[A-Za-z0-9]+;)
    | (?<=[wW]{3})\.
    | :(?=[/A-Za-z_+\-])""",
    re.VERBOSE,
)
# What starts a block at the beginning of a line: list items (``-``, ``+``, ``1.``, ``1)``),
# blockquotes, setext underlines and thematic breaks. Headings, fences and HTML blocks start
# with characters ``_INLINE`` already escapes, and leading whitespace is stripped.
_LINE_START = re.compile(r"^(?:[-+=>]|\d{1,9}[.)])")


def clean(text: str) -> str:
    """Line endings to ``\\n``, tabs to spaces, every other control, C1, bidi and zero-width
    character to its visible placeholder: the one rule of ``store.text``, so a ``U+202E`` can no
    more reverse a line of the minutes than of the screen."""
    return clean_text(text)


def escape_line(line: str) -> str:
    """One line of user text as inert Markdown: punctuation escaped, no block syntax possible.

    The line must hold no newline (see :func:`clean`); surrounding whitespace is dropped, so
    it can never become an indented code block or end in a hard break.
    """
    escaped = _INLINE.sub(r"\\\g<0>", line.strip())
    return _LINE_START.sub(_escape_last, escaped, count=1)


def _escape_last(match: re.Match[str]) -> str:
    """Escape the last character of a block marker: ``-`` → ``\\-``, ``1.`` → ``1\\.``."""
    marker = match.group(0)
    return marker[:-1] + "\\" + marker[-1]


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of ``text``, cleaned and stripped."""
    if not text:
        return []
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def text_block(text: str | None, indent: str = "", empty: str = NONE) -> str:
    """Multi-line user text for a paragraph or list item: escaped lines joined by hard breaks.

    Args:
        text: the user's text, anything at all.
        indent: the continuation indent of the list item the text sits in.
        empty: what to show for blank text (already Markdown).
    """
    parts = [escape_line(line) for line in lines_of(text)]
    return ("\\\n" + indent).join(parts) if parts else empty


def one_line(text: str | None, limit: int | None = SHORT) -> str:
    """User text reduced to one plain line: lines joined by spaces, cut at ``limit`` with ``…``."""
    joined = " ".join(" ".join(line.split()) for line in lines_of(text))
    if limit is not None and len(joined) > limit:
        joined = joined[: limit - 1].rstrip() + "…"
    return joined


def first_line(text: str | None, limit: int = SHORT) -> str:
    """The first line of user text, cut at ``limit``; ``…`` marks anything left out."""
    lines = lines_of(text)
    if not lines:
        return ""
    line = " ".join(lines[0].split())
    if len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line + (" …" if len(lines) > 1 else "")


def inline(text: str | None, limit: int | None = SHORT, empty: str = NONE) -> str:
    """User text as one escaped line, for cells, headings and mentions."""
    line = one_line(text, limit)
    return escape_line(line) if line else empty


def cell(text: str | None, empty: str = NONE) -> str:
    """A table cell: the first line of the text, escaped (pipes included)."""
    line = first_line(text)
    return escape_line(line) if line else empty


# ----------------------------------------------------------------------------- dates


def _parse(iso: str | None) -> dt.datetime | None:
    """A stored ISO timestamp, or None when absent or unreadable."""
    if not iso:
        return None
    try:
        return dt.datetime.fromisoformat(iso)
    except ValueError:
        return None


def long_date(moment: dt.date, lang: str) -> str:
    """``14 October 2026`` / ``14 października 2026``."""
    month = t(lang, f"minutes.month.{moment.month}")
    return t(lang, "minutes.date", day=moment.day, month=month, year=moment.year)


def _offset(moment: dt.datetime) -> str:
    """``UTC+01:00``; empty for a naive timestamp."""
    delta = moment.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def meeting_when(meeting: Meeting, lang: str) -> str:
    """When the meeting took place, from its stored timestamps (never from the clock)."""
    start, end = _parse(meeting.started_at), _parse(meeting.ended_at)
    if start is None:
        return inline(meeting.started_at)
    day, begins, zone = long_date(start, lang), f"{start:%H:%M}", _offset(start)
    if meeting.is_live or end is None:
        text = t(lang, "minutes.when.live", date=day, start=begins)
    elif end.date() == start.date():
        text = t(lang, "minutes.when.closed", date=day, start=begins, end=f"{end:%H:%M}")
    else:
        text = t(lang, "minutes.when.days", date=day, start=begins,
                 end_date=long_date(end, lang), end=f"{end:%H:%M}")
    return f"{text} ({zone})" if zone else text


def moment_text(iso: str | None, lang: str) -> str:
    """A stored timestamp as ``14 October 2026, 10:42``."""
    moment = _parse(iso)
    if moment is None:
        return inline(iso)
    return f"{long_date(moment, lang)}, {moment:%H:%M}"


# ----------------------------------------------------------------------------- the minutes


@dataclass
class _Minutes:
    """Everything one rendering needs, looked up once."""

    project: Project
    meeting: Meeting
    lang: str
    requests: list[ChangeRequest]
    versions: dict[int, CriteriaVersion]
    listing: dict[str, Listing] = field(default_factory=dict)
    stale: dict[str, bool] = field(default_factory=dict)
    _by_id: dict[int, dict[str, Criterion]] = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict)

    def t(self, key: str, **params: Any) -> str:
        """A catalog string in the minutes' language (looked up once per key)."""
        template = self._labels.get(key)
        if template is None:
            template = self._labels[key] = t(self.lang, f"minutes.{key}")
        return template.format(**params) if params else template

    def items(self, number: int) -> dict[str, Criterion]:
        """Criteria items of version ``number`` by ID (empty for an unknown version)."""
        if number not in self._by_id:
            version = self.versions.get(number)
            self._by_id[number] = version.criteria.by_id() if version else {}
        return self._by_id[number]

    @property
    def current(self) -> int:
        """The current criteria version number."""
        return max(self.versions, default=0)

    def verdict(self, verdict: Verdict) -> str:
        """A verdict's name."""
        return self.t(f"verdict.{verdict.value}")

    def decision(self, decision: Decision) -> str:
        """A decision's name."""
        return self.t(f"decision.{decision.value}")

    def earlier(self, req: ChangeRequest) -> Listing | None:
        """How a request of an earlier meeting (not carried over) came onto this list, if so."""
        why = self.listing.get(req.id)
        return why if why is not None and why.is_earlier else None


def _context(project: Project, meeting: Meeting, lang: str | None) -> _Minutes:
    """Gather the meeting's requests (and why each is listed), the versions and the stale flags."""
    listing = project.meeting_listing(meeting)
    requests = [req for req, _ in listing]
    ctx = _Minutes(
        project=project,
        meeting=meeting,
        lang=normalise_language(lang or project.lang),
        requests=requests,
        versions={v.number: v for v in project.versions()},
        listing={req.id: why for req, why in listing},
    )
    ctx.stale = {r.id: project.is_stale(r) for r in requests}
    return ctx


def render_markdown(project: Project, meeting: Meeting, lang: str | None = None) -> str:
    """The minutes of ``meeting`` as Markdown (CommonMark with GFM tables).

    Requests are shown as they stand in the store now; a request changed after the meeting
    says so. Criteria are quoted as worded in the version a verdict was judged against (the
    current version for requests not judged yet), with their current wording when it changed.

    Args:
        project: the opened project (read-only is enough).
        meeting: the meeting, from ``project.meeting(...)``.
        lang: ``en`` or ``pl``; default the project's language.
    """
    ctx = _context(project, meeting, lang)
    sections: list[Callable[[_Minutes], list[str]]] = [
        _header,
        _attendees,
        _criteria,
        _summary,
        _table,
        _details,
        _carried,
        _earlier,
        _stale,
        _actions,
    ]
    blocks = ["\n".join(lines) for section in sections for lines in _blocks(section(ctx))]
    return "\n\n".join(blocks) + "\n"


def _blocks(lines: list[str]) -> Iterable[list[str]]:
    """Split a section's lines at ``""`` markers into blocks separated by one blank line."""
    block: list[str] = []
    for line in lines:
        if line == "":
            if block:
                yield block
            block = []
        else:
            block.append(line)
    if block:
        yield block


def project_title(ctx: _Minutes) -> str:
    """The project's name as the brief gives it, else the folder name."""
    return ctx.project.criteria.title or ctx.project.slug


def _item(label: str, value: str) -> str:
    """A ``- **Label:** value`` line; ``value`` is Markdown already."""
    return f"- **{label}:** {value}"


def _header(ctx: _Minutes) -> list[str]:
    """Title, project, client and vendor, meeting ID and date, facilitator."""
    meeting, criteria = ctx.meeting, ctx.project.criteria
    lines = [f"# {ctx.t('title', meeting=inline(meeting.title, None))}", ""]
    lines.append(_item(ctx.t("label.project"), inline(project_title(ctx), None)))
    if criteria.client.strip():
        lines.append(_item(ctx.t("label.client"), inline(criteria.client, None)))
    if criteria.vendor.strip():
        lines.append(_item(ctx.t("label.vendor"), inline(criteria.vendor, None)))
    status = ctx.t(f"status.{meeting.status.value}")
    lines.append(_item(ctx.t("label.meeting"), f"{inline(meeting.id)} ({status})"))
    lines.append(_item(ctx.t("label.date"), meeting_when(meeting, ctx.lang)))
    if meeting.facilitator.strip():
        lines.append(_item(ctx.t("label.facilitator"), inline(meeting.facilitator, None)))
    return lines


def _attendees(ctx: _Minutes) -> list[str]:
    """Attendees grouped by side, client first, each with their role."""
    lines = [f"## {ctx.t('h.attendees')}"]
    if not ctx.meeting.attendees:
        return [*lines, "", ctx.t("no_attendees")]
    criteria = ctx.project.criteria
    company = {Side.CLIENT: criteria.client, Side.VENDOR: criteria.vendor}
    for side in Side:
        people = [a for a in ctx.meeting.attendees if a.side is side]
        heading = ctx.t(f"side.{side.value}")
        if company[side].strip():
            heading += f" ({inline(company[side], None)})"
        lines += ["", f"### {heading}", ""]
        if not people:
            lines.append(ctx.t("no_attendees_side"))
        for person in people:
            role = f" — {inline(person.role, None)}" if person.role.strip() else ""
            lines.append(f"- {inline(person.name, None)}{role}")
    return lines


def _criteria(ctx: _Minutes) -> list[str]:
    """The version the meeting started with, and each revision made during it."""
    used = ctx.meeting.criteria_version
    lines = [f"## {ctx.t('h.criteria')}", ""]
    if used == ctx.current:
        lines.append(ctx.t("criteria.used_current", version=used))
    else:
        lines.append(ctx.t("criteria.used", version=used, current=ctx.current))
    revisions = [v for v in ctx.versions.values() if v.meeting == ctx.meeting.id]
    if not revisions:
        return [*lines, "", ctx.t("criteria.no_revisions")]
    for version in sorted(revisions, key=lambda v: v.number):
        lines += ["", *_revision(ctx, version)]
    return lines


def _revision(ctx: _Minutes, version: CriteriaVersion) -> list[str]:
    """One revision: reason, triggering request, when, and the items it changed."""
    lines = [f"### {ctx.t('h.revision', version=version.number)}", ""]
    lines.append(_item(ctx.t("label.reason"), text_block(version.reason, "  ")))
    lines.append(_item(ctx.t("label.trigger"), _mention(ctx, version.request)))
    lines.append(_item(ctx.t("label.recorded"), moment_text(version.created_at, ctx.lang)))
    previous = ctx.versions.get(version.number - 1)
    before = previous.criteria if previous else Criteria()
    diff = rules.diff_criteria(before, version.criteria)
    old, new = before.by_id(), version.criteria.by_id()
    changes = [f"  - {ctx.t('change.added', id=inline(cid))} {inline(new[cid].text, None)}"
               for cid in diff.added]
    changes += [f"  - {ctx.t('change.removed', id=inline(cid))} {inline(old[cid].text, None)}"
                for cid in diff.removed]
    for cid in diff.reworded:
        changes += [
            f"  - {ctx.t('change.reworded', id=inline(cid))}",
            f"    - {ctx.t('change.was')} {inline(old[cid].text, None)}",
            f"    - {ctx.t('change.now')} {inline(new[cid].text, None)}",
        ]
    if not changes:
        return [*lines, _item(ctx.t("label.changes"), ctx.t("change.none"))]
    return [*lines, f"- **{ctx.t('label.changes')}:**", *changes]


def _mention(ctx: _Minutes, rid: str | None) -> str:
    """``CR-4 (The course is too long.)`` for a request named by a revision; ``—`` for none."""
    if not rid:
        return ctx.t("none")
    try:
        req = ctx.project.request(rid)
    except ReviewError:
        return inline(rid)
    return f"{inline(req.id)} ({inline(req.request)})"


def _summary(ctx: _Minutes) -> list[str]:
    """How many requests, by verdict and by decision, plus what still needs doing."""
    reqs = ctx.requests
    carried = sum(1 for r in reqs if r.id in ctx.meeting.carried_over)
    earlier = sum(1 for r in reqs if ctx.earlier(r))
    verdicts = ", ".join(
        ctx.t("count", label=ctx.t(f"count.verdict.{v.value}"),
              count=sum(1 for r in reqs if r.verdict is v))
        for v in VERDICT_ORDER
    )
    decisions = ", ".join(
        ctx.t("count", label=ctx.t(f"count.decision.{d.value}"),
              count=sum(1 for r in reqs if r.decision is d))
        for d in DECISION_ORDER
    )
    counts = {"total": len(reqs), "new": len(reqs) - carried - earlier, "carried": carried}
    requests = (ctx.t("summary.requests_earlier", **counts, earlier=earlier) if earlier
                else ctx.t("summary.requests", **counts))
    actions = str(len(_action_items(ctx)))
    unowned = len(_unowned(ctx))
    if unowned:
        actions = ctx.t("summary.actions_unowned", count=actions, unowned=unowned)
    return [
        f"## {ctx.t('h.summary')}",
        "",
        _item(ctx.t("label.requests"), requests),
        _item(ctx.t("label.verdicts"), verdicts),
        _item(ctx.t("label.decisions"), decisions),
        _item(ctx.t("label.stale"), str(sum(ctx.stale.values()))),
        _item(ctx.t("label.actions"), actions),
    ]


def _verdict_cell(ctx: _Minutes, req: ChangeRequest) -> str:
    """The verdict's name, marked when a revision made it stale."""
    name = ctx.verdict(req.verdict)
    return ctx.t("stale_mark", verdict=name) if ctx.stale[req.id] else name


def _table(ctx: _Minutes) -> list[str]:
    """One row per request: ID, request (first line), verdict, decision."""
    lines = [f"## {ctx.t('h.requests')}", ""]
    if not ctx.requests:
        return [*lines, ctx.t("no_requests")]
    columns = ("id", "request", "verdict", "decision")
    lines.append("| " + " | ".join(ctx.t(f"col.{c}") for c in columns) + " |")
    lines.append("| " + " | ".join("---" for _ in columns) + " |")
    carried = set(ctx.meeting.carried_over)
    for req in ctx.requests:
        rid = inline(req.id)
        if req.id in carried:
            rid = ctx.t("carried_mark", id=rid)
        elif why := ctx.earlier(req):
            rid = ctx.t(f"{why.value}_mark", id=rid, meeting=inline(req.meeting))
        cells = (rid, cell(req.request), _verdict_cell(ctx, req), ctx.decision(req.decision))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _details(ctx: _Minutes) -> list[str]:
    """One section per request with every field the meeting recorded."""
    if not ctx.requests:
        return []
    lines = [f"## {ctx.t('h.details')}"]
    for req in ctx.requests:
        lines += ["", *_request_section(ctx, req)]
    return lines


def request_heading(req: ChangeRequest) -> str:
    """The text of a request's section heading: ``CR-3: first line of the request``."""
    return f"{inline(req.id)}: {cell(req.request, '')}".rstrip()


def _request_section(ctx: _Minutes, req: ChangeRequest) -> list[str]:
    """A request's section: request, by, intent, criteria, verdict, decision, owner, due."""
    lines = [f"### {request_heading(req)}", ""]
    if req.id in ctx.meeting.carried_over:
        lines += [ctx.t("raised_in", meeting=inline(req.meeting)), ""]
    elif why := ctx.earlier(req):
        lines += [ctx.t(f"{why.value}_in", meeting=inline(req.meeting)), ""]
    lines.append(_item(ctx.t("field.request"), text_block(req.request, "  ")))
    lines.append(_item(ctx.t("field.by"), text_block(req.by, "  ", ctx.t("not_recorded"))))
    lines.append(_item(ctx.t("field.intent"),
                       text_block(req.intent, "  ", ctx.t("not_recorded"))))
    lines += _criteria_lines(ctx, req)
    lines.append(_item(ctx.t("field.verdict"), _verdict_text(ctx, req)))
    if req.note.strip():
        lines.append(_note_line(ctx, req))
    lines.append(_item(ctx.t("field.decision"), ctx.decision(req.decision)))
    if req.alternative.strip():
        lines.append(_item(ctx.t(f"field.alternative.{req.decision.value}"),
                           text_block(req.alternative, "  ")))
    lines.append(_item(ctx.t("field.owner"), text_block(req.owner, "  ")))
    lines.append(_item(ctx.t("field.due"), inline(req.due)))
    later = _later_changes(ctx, req)
    if later:
        lines += ["", ctx.t("changed_later", meetings=later)]
    return lines


def _note_line(ctx: _Minutes, req: ChangeRequest) -> str:
    """The verdict note; one kept from an earlier verdict says which verdict it explained."""
    label, note = ctx.t("field.note"), text_block(req.note, "  ")
    if not req.note_is_earlier or req.note_verdict is None:
        return _item(label, note)
    earlier = ctx.t("note_earlier", verdict=ctx.verdict(req.note_verdict))
    return f"- **{label}** ({earlier}): {note}"


def _criteria_lines(ctx: _Minutes, req: ChangeRequest) -> list[str]:
    """The criteria a request touches, worded as in the version its verdict was judged against.

    A request not judged yet quotes the current version. When an item's wording changed or it
    was removed since, its current state follows, so the reader sees why a verdict is stale.
    """
    label = ctx.t("field.criteria")
    if not req.criteria:
        return [_item(label, ctx.t("none"))]
    judged = req.verdict_version if req.verdict_version in ctx.versions else None
    source = judged or ctx.current
    items, now = ctx.items(source), ctx.items(ctx.current)
    lines = [f"- **{label}** ({ctx.t('criteria.as_in', version=source)}):"]
    for cid in req.criteria:
        item = items.get(cid)
        text = inline(item.text, None) if item else ctx.t("criteria.missing", version=source)
        lines.append(f"  - {inline(cid)}: {text}")
        if judged is None or item is None:
            continue
        if cid not in now:
            lines.append(f"    - {ctx.t('criteria.removed', version=ctx.current)}")
        elif now[cid].text != item.text:
            lines.append(f"    - {ctx.t('criteria.now', version=ctx.current)} "
                         f"{inline(now[cid].text, None)}")
    return lines


def _touched(ctx: _Minutes, req: ChangeRequest) -> list[str]:
    """The request's criteria changed or removed since its verdict, in the request's order."""
    if req.verdict_version not in ctx.versions:
        return []
    old = ctx.versions[req.verdict_version].criteria
    touched = rules.diff_criteria(old, ctx.project.criteria).touched
    return [cid for cid in req.criteria if cid in touched]


def _verdict_text(ctx: _Minutes, req: ChangeRequest) -> str:
    """``Consistent (judged against criteria version 1)``, plus the stale notice."""
    text = ctx.verdict(req.verdict)
    if req.verdict is not Verdict.PENDING and req.verdict_version is not None:
        text += f" ({ctx.t('judged_against', version=req.verdict_version)})"
    if ctx.stale[req.id]:
        ids = ", ".join(inline(cid) for cid in _touched(ctx, req))
        text += f" — **{ctx.t('stale_notice', ids=ids)}**"
    return text


def _meeting_number(mid: str | None) -> int | None:
    """``M-3`` → 3; None for anything else."""
    if not mid or not mid.startswith("M-") or not mid[2:].isdigit():
        return None
    return int(mid[2:])


def _later_changes(ctx: _Minutes, req: ChangeRequest) -> str:
    """The meetings (or "outside a meeting") that changed the request after this meeting."""
    this = ctx.meeting.number
    ended = _parse(ctx.meeting.ended_at)
    names: list[str] = []
    for entry in req.history:
        number = _meeting_number(entry.meeting)
        if number is not None and number > this:
            name = inline(entry.meeting)
        elif entry.meeting is None and ended is not None and _after(entry.at, ended):
            name = ctx.t("outside_meeting")
        else:
            continue
        if name not in names:
            names.append(name)
    return ", ".join(names)


def _after(iso: str, moment: dt.datetime) -> bool:
    """Whether timestamp ``iso`` is later than ``moment`` (False when it cannot be compared)."""
    when = _parse(iso)
    try:
        return when is not None and when > moment
    except TypeError:  # naive against aware
        return False


def _carried(ctx: _Minutes) -> list[str]:
    """Requests carried over from earlier meetings and what this meeting changed about them."""
    lines = [f"## {ctx.t('h.carried')}", ""]
    carried = [r for r in ctx.requests if r.id in ctx.meeting.carried_over]
    if not carried:
        return [*lines, ctx.t("no_carried")]
    return lines + _changes_in_meeting(ctx, carried)


def _earlier(ctx: _Minutes) -> list[str]:
    """Requests of earlier meetings brought back to this one (a stale verdict, or a change).

    Left out when there are none, as most meetings have none.
    """
    earlier = [r for r in ctx.requests if ctx.earlier(r)]
    if not earlier:
        return []
    return [f"## {ctx.t('h.earlier')}", "", *_changes_in_meeting(ctx, earlier)]


def _changes_in_meeting(ctx: _Minutes, requests: list[ChangeRequest]) -> list[str]:
    """Each request, where it was raised, and what this meeting changed about it."""
    lines = []
    for req in requests:
        raised = ctx.t("raised_short", meeting=inline(req.meeting))
        lines.append(f"- **{inline(req.id)}** ({raised}): {inline(req.request)}")
        entries = [h for h in req.history if h.meeting == ctx.meeting.id]
        if not entries:
            lines.append(f"  - {ctx.t('no_change')}")
        for entry in entries:
            lines.append(f"  - {_history_line(ctx, entry)}")
    return lines


def _history_line(ctx: _Minutes, entry: HistoryEntry) -> str:
    """``Decision: Deferred → Accepted``."""
    known = entry.field in _HISTORY_FIELDS
    name = ctx.t(f"history.{entry.field}") if known else inline(entry.field)
    old, new = _value(ctx, entry.field, entry.old), _value(ctx, entry.field, entry.new)
    return f"{name}: {old} → {new}"


_HISTORY_FIELDS = frozenset(EDITABLE_FIELDS)


def _value(ctx: _Minutes, name: str, value: Any) -> str:
    """A history value for reading: names for verdicts and decisions, IDs joined, text cut."""
    if value is None or value == "" or value == []:
        return ctx.t("none")
    if name == "verdict" and value in Verdict._value2member_map_:
        return ctx.verdict(Verdict(value))
    if name == "decision" and value in Decision._value2member_map_:
        return ctx.decision(Decision(value))
    if isinstance(value, list):
        return ", ".join(inline(str(v)) for v in value)
    return inline(str(value))


def _stale(ctx: _Minutes) -> list[str]:
    """Verdicts a criteria revision made stale: the request, its verdict, what changed."""
    lines = [f"## {ctx.t('h.stale')}", ""]
    stale = [r for r in ctx.requests if ctx.stale[r.id]]
    if not stale:
        return [*lines, ctx.t("no_stale")]
    for req in stale:
        ids = ", ".join(inline(cid) for cid in _touched(ctx, req))
        detail = ctx.t("stale_item", verdict=ctx.verdict(req.verdict),
                       version=req.verdict_version, ids=ids)
        lines.append(f"- **{inline(req.id)}** ({inline(req.request)}): {detail}")
    return lines


def _agreed(ctx: _Minutes) -> list[ChangeRequest]:
    """The requests whose record this meeting stands behind (not those only listed to re-check)."""
    return [r for r in ctx.requests if ctx.listing.get(r.id) is not Listing.RECHECK]


def _action_items(ctx: _Minutes) -> list[ChangeRequest]:
    """Every request with an owner, by due date (undated last), then by number."""
    owned = [r for r in _agreed(ctx) if r.owner.strip()]
    return sorted(owned, key=lambda r: (r.due is None, r.due or "", r.number))


def _unowned(ctx: _Minutes) -> list[ChangeRequest]:
    """Accepted requests and agreed alternatives that nobody has taken on yet."""
    return [r for r in _agreed(ctx) if r.decision in (Decision.ACCEPTED, Decision.ALTERNATIVE)
            and not r.owner.strip()]


def _what_to_do(ctx: _Minutes, req: ChangeRequest) -> str:
    """``CR-1 Alternative agreed: <the alternative> (requested: <the request>)``.

    What someone must do is the agreed alternative where there is one, not the original ask;
    the request follows so the reader still sees what it answers.
    """
    decision = ctx.decision(req.decision)
    if req.decision is Decision.ALTERNATIVE and req.alternative.strip():
        requested = ctx.t("action.requested", request=inline(req.request))
        return f"{inline(req.id)} {decision}: {inline(req.alternative, None)} ({requested})"
    return f"{inline(req.id)} {decision}: {inline(req.request)}"


def _actions(ctx: _Minutes) -> list[str]:
    """The action items (due date, owner, what was agreed), then agreed work with no owner."""
    lines = [f"## {ctx.t('h.actions')}", ""]
    items, unowned = _action_items(ctx), _unowned(ctx)
    if not items:
        lines.append(ctx.t("no_owned_actions" if unowned else "no_actions"))
    for req in items:
        due = inline(req.due) if req.due else ctx.t("no_due")
        lines.append(f"- **{due}** — {inline(req.owner, None)}: {_what_to_do(ctx, req)}")
    if unowned:
        lines += ["", f"### {ctx.t('h.no_owner')}", ""]
    for req in unowned:
        due = f" ({ctx.t('action.due', due=inline(req.due))})" if req.due else ""
        lines.append(f"- {_what_to_do(ctx, req)}{due}")
    return lines


# ----------------------------------------------------------------------------- HTML

STYLE = """\
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
color:#1b1b1b;background:#fff;max-width:54rem;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.6rem;border-bottom:2px solid #333;padding-bottom:.3rem}
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #bbb;padding-bottom:.2rem}
h3{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f1}
p,li,td,th,h1,h2,h3{overflow-wrap:break-word}
td:first-child{white-space:nowrap}
ul{padding-left:1.4rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2,h3{break-after:avoid}\
tr,li{break-inside:avoid}th{background:#eee}}
"""

# Defence in depth: even if markup slipped through, the page may load and run nothing.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

def markdown_to_html(markdown: str) -> str:
    """The HTML body: the minutes' Markdown rendered by markdown-it-py, raw HTML off.

    CommonMark plus GFM tables, as GitHub and GitLab show the ``.md``; with ``html`` off and
    every piece of user text escaped, no input can inject markup, and markdown-it's link
    validation refuses ``javascript:`` even if a link ever appeared.
    """
    html_body: str = _html_renderer().render(markdown)
    return html_body


@cache
def _html_renderer() -> MarkdownIt:
    """Built once, and only when HTML is asked for (the Markdown export never loads it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render_html(project: Project, meeting: Meeting, lang: str | None = None) -> str:
    """The minutes as one self-contained HTML page: no script, no external resource.

    The body is :func:`render_markdown`'s output rendered as markdown-it-py with raw HTML off
    renders it (see :func:`markdown_to_html`), so the page shows exactly what the Markdown shows.
    """
    lang = normalise_language(lang or project.lang)
    body = markdown_to_html(render_markdown(project, meeting, lang))
    title = t(lang, "minutes.html_title", meeting=one_line(meeting.title, None),
              project=one_line(project.criteria.title or project.slug, None))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="reviewroom">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n{body}</main>\n"
        "</body>\n"
        "</html>\n"
    )


# ----------------------------------------------------------------------------- export


def render(project: Project, meeting: Meeting, fmt: Format, lang: str | None = None) -> str:
    """The minutes in ``fmt`` (``md`` or ``html``)."""
    if fmt == "md":
        return render_markdown(project, meeting, lang)
    if fmt == "html":
        return render_html(project, meeting, lang)
    raise ValueError(f"unknown minutes format: {fmt!r}")


def default_path(project: Project, meeting: Meeting, fmt: Format) -> Path:
    """``minutes/<meeting-id>.md`` (or ``.html``) in the project folder."""
    return project.minutes_dir / f"{meeting.id}.{fmt}"


def output_path(
    project: Project, meeting: Meeting, fmt: Format, output: Path | None, lang: str | None = None
) -> Path:
    """Where the minutes will go, checked before anything is rendered or written.

    The default is ``minutes/<meeting-id>.<fmt>`` in the project folder (created, 0700, when
    missing). An explicit ``output`` must name a file in an existing, writable folder.

    Raises:
        ReviewError: the output is a folder, its folder is missing, or it cannot be written.
    """
    msg_lang = normalise_language(lang or project.lang)
    target = output
    try:
        if target is None:
            project.ensure_minutes_dir()
            return default_path(project, meeting, fmt)
        if target.is_dir():
            raise ReviewError("minutes.is_directory", lang=msg_lang, path=str(target))
        folder = target.parent
        if not folder.is_dir():
            code = errno.ENOTDIR if folder.exists() else errno.ENOENT
            raise OSError(code, os.strerror(code))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        raise _unwritable(target or project.minutes_dir, exc, msg_lang) from None
    return target


def _unwritable(path: Path, exc: OSError, lang: str) -> ReviewError:
    """The one error for a minutes file that cannot be written, with the OS's reason."""
    return ReviewError(
        "minutes.unwritable", lang=lang, path=str(path), detail=exc.strerror or str(exc)
    )


def export_minutes(
    project: Project,
    meeting: Meeting,
    fmt: Format = "md",
    output: Path | None = None,
    *,
    lang: str | None = None,
) -> Path:
    """Render the minutes and write them atomically; return the path written.

    Export is a read of the project: it works on a project opened read-only while a live
    writer holds the lock. Only the minutes file is written (temp file, fsync, rename), so a
    failure leaves the previous minutes, if any, untouched.

    Args:
        project: the opened project.
        meeting: the meeting to export.
        fmt: ``md`` or ``html``.
        output: where to write; default ``minutes/<meeting-id>.<fmt>`` in the project folder.
        lang: ``en`` or ``pl``; default the project's language.

    Raises:
        ReviewError: the output is a folder or cannot be written (missing folder, permissions,
            disk full); nothing is written then.
    """
    target = output_path(project, meeting, fmt, output, lang)
    text = render(project, meeting, fmt, lang)
    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        raise _unwritable(target, exc, normalise_language(lang or project.lang)) from None
    return target


def tone_warnings_for(project: Project, meeting: Meeting) -> list[rules.ToneWarning]:
    """Rule 6 over the meeting's requests (never blocking).

    The phrases are those of the language the record is written in — the brief's — even when
    ``--lang`` shows the labels in another one: English text is checked against English phrases.
    """
    text_lang = normalise_language(project.criteria.language)
    return rules.all_tone_warnings(project.meeting_requests(meeting), text_lang)


def describe_tone_warning(warning: rules.ToneWarning, lang: str) -> str:
    """``warning: CR-3 intent: "obviously"``, translated, for stderr or a notification."""
    return t(lang, "minutes.tone_warning", id=warning.request,
             field=t(lang, f"minutes.tone_field.{warning.field}"), phrase=warning.phrase)


__all__ = [
    "FORMATS",
    "Format",
    "clean",
    "default_path",
    "describe_tone_warning",
    "escape_line",
    "export_minutes",
    "markdown_to_html",
    "output_path",
    "render",
    "render_html",
    "render_markdown",
    "text_block",
    "tone_warnings_for",
]
