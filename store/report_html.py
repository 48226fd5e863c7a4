"""The criteria-health report as one self-contained HTML page with inline SVG charts.

The tables are the Markdown report's (store/report_render.py), escaped cell by cell with
:func:`html.escape`; the charts (store/report_svg.py) are placed in the page directly — the
minutes' Markdown renderer, raw HTML off, would drop them. The page keeps the minutes' CSP and
stylesheet: no script, nothing loaded from anywhere.
"""

from __future__ import annotations

import html

from reviewroom.store.i18n import t
from reviewroom.store.minutes.html import STYLE, page
from reviewroom.store.model import Decision
from reviewroom.store.report import Report
from reviewroom.store.report_render import Table, full, sections, summary
from reviewroom.store.report_svg import Bar, Segment, columns, horizontal_bars

CHART_STYLE = "figure{margin:1rem 0;overflow-x:auto}figcaption{font-size:.9rem;color:#444}\n"


def render_report_html(report: Report, lang: str) -> str:
    """The whole page: title, summary, then each part's chart (where it has one) and table."""
    title = t(lang, "report.html_title", project=full(report.project))
    charts = {
        t(lang, "report.h.criteria"): criteria_chart(report, lang),
        t(lang, "report.h.decisions"): meetings_chart(report, lang),
        t(lang, "report.h.age"): age_chart(report, lang),
    }
    body = [f"<h1>{html.escape(t(lang, 'report.title', project=full(report.project)))}</h1>",
            f"<p>{html.escape(summary(report, lang))}</p>"]
    for heading, table, empty in sections(report, lang):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        chart = charts.get(heading)
        if chart and table[1]:
            body.append(f"<figure>\n{chart}\n</figure>")
        body.append(html_table(table) if table[1] else f"<p>{html.escape(empty)}</p>")
    return page(lang, title, STYLE + CHART_STYLE, "\n".join(body) + "\n")


def html_table(table: Table) -> str:
    """A table of plain cells, every one escaped; numbers right-aligned."""
    headings, rows = table
    numeric = [all(row[i].isdigit() for row in rows) for i in range(len(headings))]

    def td(tag: str, text: str, number: bool) -> str:
        align = ' style="text-align:right"' if number else ""
        return f"<{tag}{align}>{html.escape(text)}</{tag}>"

    lines = ["<table>", "<thead><tr>" + "".join(td("th", h, n) for h, n in zip(
        headings, numeric, strict=True)) + "</tr></thead>", "<tbody>"]
    lines += ["<tr>" + "".join(td("td", c, n) for c, n in zip(row, numeric, strict=True))
              + "</tr>" for row in rows]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def criteria_chart(report: Report, lang: str) -> str:
    """Requests naming each criterion, consistent / inconsistent / other, and its revisions."""
    bars = []
    for item in report.criteria:
        other = item.named - item.consistent - item.inconsistent
        note = t(lang, "report.revised_n", n=item.revised) if item.revised else ""
        tooltip = (f"{item.id} {full(item.text)} — {t(lang, 'report.col.named')}: {item.named}, "
                   f"{t(lang, 'verdict.consistent')}: {item.consistent}, "
                   f"{t(lang, 'verdict.inconsistent')}: {item.inconsistent}")
        bars.append(Bar(item.id, (Segment(item.consistent, "consistent"),
                                  Segment(item.inconsistent, "inconsistent"),
                                  Segment(other, "other")), tooltip, note))
    legend = [("consistent", t(lang, "verdict.consistent")),
              ("inconsistent", t(lang, "verdict.inconsistent")),
              ("other", t(lang, "report.legend.other"))]
    return horizontal_bars("chart-criteria", t(lang, "report.chart.criteria"), bars, legend)


def meetings_chart(report: Report, lang: str) -> str:
    """Each meeting's decisions when it ended, stacked: the trend of the project."""
    order = (Decision.ACCEPTED, Decision.ALTERNATIVE, Decision.REJECTED, Decision.DEFERRED,
             Decision.OPEN)
    bars = []
    for m in report.meetings:
        mix = ", ".join(f"{t(lang, f'decision.{d.value}')}: {m.decisions[d.value]}" for d in order)
        bars.append(Bar(m.id, tuple(Segment(m.decisions[d.value], d.value) for d in order),
                        f"{m.id} {full(m.title)} ({m.date}) — {mix}"))
    legend = [(d.value, t(lang, f"decision.{d.value}")) for d in order]
    return columns("chart-meetings", t(lang, "report.chart.meetings"), bars, legend)


def age_chart(report: Report, lang: str) -> str:
    """How many open or deferred requests have been carried through 0, 1, 2 … meetings."""
    heading = t(lang, "report.col.carried")
    bars = [Bar(str(age), (Segment(count, "bar"),), f"{heading}: {age} — {count}")
            for age, count in report.by_age]
    return columns("chart-age", t(lang, "report.chart.age"), bars, [])


__all__ = ["render_report_html"]
