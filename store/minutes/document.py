"""The minutes as Markdown, section by section (header, criteria, summary, requests, actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from reviewroom.store import rules
from reviewroom.store.agenda import imported_from
from reviewroom.store.errors import ReviewError
from reviewroom.store.minutes.actions import action_items, actions_section, unowned_work
from reviewroom.store.minutes.context import MinutesContext, build_context
from reviewroom.store.minutes.dates import meeting_when, moment_text, parse_moment
from reviewroom.store.minutes.escaping import cell, inline, text_block
from reviewroom.store.model import (
    DISCUSSED,
    EDITABLE_FIELDS,
    ChangeRequest,
    Criteria,
    CriteriaVersion,
    Decision,
    HistoryEntry,
    Meeting,
    Side,
    Verdict,
)

if TYPE_CHECKING:
    from reviewroom.store.project import Project


# Summary order: judgements first, then the undecided; decisions from settled to open.
VERDICT_ORDER = (Verdict.CONSISTENT, Verdict.INCONSISTENT, Verdict.UNCLEAR, Verdict.PENDING)
DECISION_ORDER = (
    Decision.ACCEPTED,
    Decision.ALTERNATIVE,
    Decision.REJECTED,
    Decision.DEFERRED,
    Decision.OPEN,
)


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
    ctx = build_context(project, meeting, lang)
    sections: list[Callable[[MinutesContext], list[str]]] = [
        _header,
        _attendees,
        _criteria,
        _summary,
        _table,
        _details,
        _carried,
        _earlier,
        _stale,
        actions_section,
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


def project_title(ctx: MinutesContext) -> str:
    """The project's name as the brief gives it, else the folder name."""
    return ctx.project.criteria.title or ctx.project.slug


def _item(label: str, value: str) -> str:
    """A ``- **Label:** value`` line; ``value`` is Markdown already."""
    return f"- **{label}:** {value}"


def _header(ctx: MinutesContext) -> list[str]:
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


def _attendees(ctx: MinutesContext) -> list[str]:
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


def _criteria(ctx: MinutesContext) -> list[str]:
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


def _revision(ctx: MinutesContext, version: CriteriaVersion) -> list[str]:
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


def _mention(ctx: MinutesContext, rid: str | None) -> str:
    """``CR-4 (The course is too long.)`` for a request named by a revision; ``—`` for none."""
    if not rid:
        return ctx.t("none")
    try:
        req = ctx.project.request(rid)
    except ReviewError:
        return inline(rid)
    return f"{inline(req.id)} ({inline(req.request)})"


def _summary(ctx: MinutesContext) -> list[str]:
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
    actions = str(len(action_items(ctx)))
    unowned = len(unowned_work(ctx))
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


def _verdict_cell(ctx: MinutesContext, req: ChangeRequest) -> str:
    """The verdict's name, marked when a revision made it stale."""
    name = ctx.verdict(req.verdict)
    return ctx.t("stale_mark", verdict=name) if ctx.stale[req.id] else name


def _table(ctx: MinutesContext) -> list[str]:
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


def _details(ctx: MinutesContext) -> list[str]:
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


def _request_section(ctx: MinutesContext, req: ChangeRequest) -> list[str]:
    """A request's section: request, by, where, intent, criteria, verdict, decision, owner, due."""
    lines = [f"### {request_heading(req)}", ""]
    if req.id in ctx.meeting.carried_over:
        lines += [ctx.t("raised_in", meeting=inline(req.meeting)), ""]
    elif why := ctx.earlier(req):
        lines += [ctx.t(f"{why.value}_in", meeting=inline(req.meeting)), ""]
    origin = imported_from(req)
    if origin is not None:
        source, row, date = origin
        key = "imported_dated" if date.strip() else "imported"
        lines += [ctx.t(key, file=inline(source), row=inline(row), date=inline(date)), ""]
    lines.append(_item(ctx.t("field.request"), text_block(req.request, "  ")))
    lines.append(_item(ctx.t("field.by"), text_block(req.by, "  ", ctx.t("not_recorded"))))
    if req.where.strip():  # only when known: most requests raised in the room name no place
        lines.append(_item(ctx.t("field.where"), text_block(req.where, "  ")))
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


def _note_line(ctx: MinutesContext, req: ChangeRequest) -> str:
    """The verdict note; one kept from an earlier verdict says which verdict it explained."""
    label, note = ctx.t("field.note"), text_block(req.note, "  ")
    if not req.note_is_earlier or req.note_verdict is None:
        return _item(label, note)
    earlier = ctx.t("note_earlier", verdict=ctx.verdict(req.note_verdict))
    return f"- **{label}** ({earlier}): {note}"


def _criteria_lines(ctx: MinutesContext, req: ChangeRequest) -> list[str]:
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


def _touched(ctx: MinutesContext, req: ChangeRequest) -> list[str]:
    """The request's criteria changed or removed since its verdict, in the request's order."""
    if req.verdict_version not in ctx.versions:
        return []
    old = ctx.versions[req.verdict_version].criteria
    touched = rules.diff_criteria(old, ctx.project.criteria).touched
    return [cid for cid in req.criteria if cid in touched]


def _verdict_text(ctx: MinutesContext, req: ChangeRequest) -> str:
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


def _later_changes(ctx: MinutesContext, req: ChangeRequest) -> str:
    """The meetings (or "outside a meeting") that changed the request after this meeting."""
    this = ctx.meeting.number
    ended = parse_moment(ctx.meeting.ended_at)
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
    when = parse_moment(iso)
    try:
        return when is not None and when > moment
    except TypeError:  # naive against aware
        return False


def _carried(ctx: MinutesContext) -> list[str]:
    """Requests carried over from earlier meetings and what this meeting changed about them."""
    lines = [f"## {ctx.t('h.carried')}", ""]
    carried = [r for r in ctx.requests if r.id in ctx.meeting.carried_over]
    if not carried:
        return [*lines, ctx.t("no_carried")]
    return lines + _changes_in_meeting(ctx, carried)


def _earlier(ctx: MinutesContext) -> list[str]:
    """Requests of earlier meetings brought back to this one (a stale verdict, or a change).

    Left out when there are none, as most meetings have none.
    """
    earlier = [r for r in ctx.requests if ctx.earlier(r)]
    if not earlier:
        return []
    return [f"## {ctx.t('h.earlier')}", "", *_changes_in_meeting(ctx, earlier)]


def _changes_in_meeting(ctx: MinutesContext, requests: list[ChangeRequest]) -> list[str]:
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


def _history_line(ctx: MinutesContext, entry: HistoryEntry) -> str:
    """``Decision: Deferred → Accepted``; an agenda comment talked through says so alone."""
    if entry.field == DISCUSSED:
        return ctx.t("history.discussed")
    known = entry.field in _HISTORY_FIELDS
    name = ctx.t(f"history.{entry.field}") if known else inline(entry.field)
    old, new = _value(ctx, entry.field, entry.old), _value(ctx, entry.field, entry.new)
    return f"{name}: {old} → {new}"


_HISTORY_FIELDS = frozenset(EDITABLE_FIELDS)


def _value(ctx: MinutesContext, name: str, value: Any) -> str:
    """A history value for reading: names for verdicts and decisions, IDs joined, text cut."""
    if value is None or value == "" or value == []:
        return ctx.t("none")
    if name == "verdict" and isinstance(value, str) and value in Verdict._value2member_map_:
        return ctx.verdict(Verdict(value))
    if name == "decision" and isinstance(value, str) and value in Decision._value2member_map_:
        return ctx.decision(Decision(value))
    if isinstance(value, list):
        return ", ".join(inline(str(v)) for v in value)
    return inline(str(value))


def _stale(ctx: MinutesContext) -> list[str]:
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
