"""The criteria-health report as Markdown (tables) and as JSON (stable keys).

The tables are built once, as plain one-line text (:func:`sections`); each renderer escapes
every cell its own way (Markdown here with the minutes' escaping, HTML in store/report_html.py),
so user text (titles, criteria, requests, reasons, owners) shows as the literal text it is. The
figures come from store/report.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from reviewroom.store.i18n import t
from reviewroom.store.minutes.escaping import NONE, escape_line, first_line, one_line
from reviewroom.store.model import Decision, Verdict
from reviewroom.store.report import Report, RevisionEntry

Table = tuple[list[str], list[list[str]]]  # headings, rows: plain one-line text, unescaped


def cell(text: str | None) -> str:
    """User text for a table cell: its first line, cleaned and cut; ``—`` when blank."""
    return first_line(text) or NONE


def full(text: str | None) -> str:
    """User text for a cell where all of it matters (a criterion, a reason): one clean line."""
    return one_line(text, None) or NONE


def render_json(report: Report) -> str:
    """The report's figures as JSON: the same in every language (values are the stored enum
    values and the users' own text); keys are documented in the README."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_markdown(report: Report, lang: str) -> str:
    """The report as CommonMark with GFM tables, in ``lang``."""
    lines = [f"# {t(lang, 'report.title', project=escape_line(full(report.project)))}", "",
             summary(report, lang), ""]
    for heading, table, empty in sections(report, lang):
        lines += [f"## {heading}", ""]
        lines += markdown_table(*table) if table[1] else [escape_line(empty)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def summary(report: Report, lang: str) -> str:
    """The line under the title: criteria version, how many meetings and requests, the date."""
    return t(lang, "report.summary", version=report.criteria_version,
             meetings=len(report.meetings), requests=report.request_count, today=report.today)


def sections(report: Report, lang: str) -> list[tuple[str, Table, str]]:
    """(heading, table, what to say when it is empty) for each part, in order; the HTML page
    draws the same tables (its charts come beside them)."""
    def h(key: str) -> str:
        return t(lang, f"report.h.{key}")

    none = t(lang, "report.no_meetings")
    return [
        (h("criteria"), criteria_table(report, lang), "—"),
        (h("meetings"), meetings_table(report, lang), none),
        (h("verdicts"), mix_table(report, lang, "verdict"), none),
        (h("decisions"), mix_table(report, lang, "decision"), none),
        (h("revisions"), revisions_table(report, lang), "—"),
        (h("age"), age_table(report, lang), t(lang, "report.no_open")),
        (h("open"), open_table(report, lang), t(lang, "report.no_open")),
        (h("past_due"), past_due_table(report, lang),
         t(lang, "report.no_past_due", today=report.today)),
    ]


def _cols(lang: str, *keys: str) -> list[str]:
    """Translated column headings."""
    return [t(lang, f"report.col.{key}") for key in keys]


def criteria_table(report: Report, lang: str) -> Table:
    """ID, text, named, consistent, inconsistent, revised — removed items say so."""
    rows = []
    for item in report.criteria:
        text = full(item.text) + ("" if item.current else " " + t(lang, "report.removed"))
        rows.append([full(item.id), text, str(item.named), str(item.consistent),
                     str(item.inconsistent), str(item.revised)])
    return _cols(lang, "id", "criterion", "named", "consistent", "inconsistent", "revised"), rows


def meeting_label(meeting_id: str, live: bool, lang: str) -> str:
    """``M-3``, and ``(live)`` while it runs."""
    return f"{meeting_id} {t(lang, 'report.live')}" if live else meeting_id


def meetings_table(report: Report, lang: str) -> Table:
    """Per meeting: its list, what it raised, carried in and carried on (the trend)."""
    rows = [[meeting_label(m.id, m.live, lang), cell(m.title), m.date, str(m.listed),
             str(m.raised), str(m.carried_in), str(m.carried_on)] for m in report.meetings]
    return _cols(lang, "meeting", "title", "date", "listed", "raised", "carried_in",
                 "carried_on"), rows


def mix_table(report: Report, lang: str, field: str) -> Table:
    """Per meeting, how many of its requests had each verdict (or decision) when it ended."""
    values: Sequence[Verdict | Decision] = tuple(Verdict) if field == "verdict" else tuple(Decision)
    rows = []
    for m in report.meetings:
        counts = m.verdicts if field == "verdict" else m.decisions
        rows.append([meeting_label(m.id, m.live, lang), *(str(counts[v.value]) for v in values)])
    headings = [t(lang, "report.col.meeting"), *(t(lang, f"{field}.{v.value}") for v in values)]
    return headings, rows


def changed(entry: RevisionEntry, lang: str) -> str:
    """``added K3; reworded C1`` — or "first version" for version 1."""
    parts = [t(lang, f"report.{key}", ids=", ".join(full(i) for i in ids))
             for key, ids in (("added", entry.added), ("reworded", entry.reworded),
                              ("removed_ids", entry.removed)) if ids]
    if entry.version == 1:
        return t(lang, "report.first_version")
    return "; ".join(parts) or "—"


def revisions_table(report: Report, lang: str) -> Table:
    """Version, date, meeting, reason, triggering request, what changed."""
    rows = []
    for entry in report.revisions:
        trigger = f"{entry.request} {cell(entry.request_text)}" if entry.request else NONE
        rows.append([f"v{entry.version}", entry.date, entry.meeting or NONE, full(entry.reason),
                     trigger, changed(entry, lang)])
    headings = _cols(lang, "version", "date", "meeting", "reason", "request", "changed")
    return headings, rows


def age_table(report: Report, lang: str) -> Table:
    """How many open or deferred requests have been carried through 0, 1, 2 … meetings."""
    rows = [[str(age), str(count)] for age, count in report.by_age]
    return _cols(lang, "carried", "requests"), rows


def open_table(report: Report, lang: str) -> Table:
    """Every open or deferred request, the longest carried first."""
    rows = [[item.id, cell(item.request), t(lang, f"decision.{item.decision}"),
             item.raised_in or t(lang, "report.agenda"),
             str(item.carried), cell(item.where)] for item in report.open_items]
    return _cols(lang, "id", "request", "decision", "raised_in", "carried", "where"), rows


def past_due_table(report: Report, lang: str) -> Table:
    """Agreed work past its due date on the report's day, the latest first."""
    rows = [[item.due, str(item.days_late), cell(item.owner), item.id, cell(item.what)]
            for item in report.past_due]
    return _cols(lang, "due", "days_late", "owner", "id", "what"), rows


def markdown_table(headings: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table of plain cells, each escaped; numbers right-aligned (a column whose cells
    are all digits)."""
    numeric = [bool(rows) and all(row[i].isdigit() for row in rows) for i in range(len(headings))]
    lines = ["| " + " | ".join(map(escape_line, headings)) + " |",
             "|" + "|".join("---:" if num else "---" for num in numeric) + "|"]
    lines += ["| " + " | ".join(escape_line(c) if c != NONE else c for c in row) + " |"
              for row in rows]
    return lines
