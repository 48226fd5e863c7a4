"""The criteria-health report at a glance (``r`` in the meeting screen): bars and sparklines.

The figures are store/report.py's, the same as ``reviewroom report`` prints; here they are drawn
with Textual's own ``Sparkline`` (the trend over the meetings) and ``Static`` bars of block
characters in the theme's verdict and decision colours (``--ascii``: ``#``, ``x`` and ``.``).
Only IDs, numbers and translated words are drawn, plus owners as plain text (never markup).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Sparkline, Static

from reviewroom.store.i18n import t
from reviewroom.store.model import Decision
from reviewroom.store.project import Project
from reviewroom.store.report import Report, build_report
from reviewroom.store.text import clean_line, shorten
from reviewroom.tui import marks
from reviewroom.tui.screens.dialog import Dialog

BAR_WIDTH = 36  # cells of the longest bar; the rest of the line holds its label and counts
PAST_DUE_SHOWN = 5
# A sparkline gives each meeting a few cells (two meetings are not two half-screen blocks), up
# to SPARK_MAX; with more meetings than that, Sparkline buckets them (max of each bucket).
SPARK_CELLS, SPARK_MAX = 4, 64
Part = str | tuple[str, str]
# Decision colours as in the list (tui/marks.py), stacked in the HTML chart's order.
DECISIONS = (Decision.ACCEPTED, Decision.ALTERNATIVE, Decision.REJECTED, Decision.DEFERRED,
             Decision.OPEN)


class ReportScreen(Dialog[None]):
    """The project's criteria health, read when opened; escape or q closes it."""

    DEFAULT_CSS = """
    ReportScreen > .dialog-frame { width: 90%; height: 90%; }
    ReportScreen Sparkline { margin: 0 0 1 0; }
    ReportScreen .report-heading { text-style: bold; color: $accent; margin-top: 1; }
    """
    VIEW_ONLY = True  # it changes nothing: a watcher may open it too
    BINDINGS = [Binding("escape,q,r", "close", "Close", show=False, id="report-close")]

    def __init__(self, project: Project, lang: str, today: dt.date) -> None:
        super().__init__()
        self.lang = lang
        self.report: Report = build_report(project, today)

    def compose(self) -> ComposeResult:
        """Title, criteria bars, the meetings' sparklines and bars, age bars, past due."""
        report, lang = self.report, self.lang
        ascii_look = marks.is_ascii(self.app)
        with VerticalScroll(classes="dialog-frame", id="report-body"):
            yield Static(Content(t(lang, "report.screen.title") + " · "
                                 + shorten(clean_line(report.project), 50)), classes="dialog-title")
            yield Static(Content(t(lang, "report.summary", version=report.criteria_version,
                                   meetings=len(report.meetings),
                                   requests=report.request_count, today=report.today)))
            yield self._heading("report.h.criteria")
            yield Static(drawn(criteria_bars(report, lang, ascii_look)), id="report-criteria")
            yield self._heading("report.h.meetings")
            for key, values in trends(report):
                yield Static(Content(t(lang, key)), classes="keys")
                spark = Sparkline(values, summary_function=max, id=f"spark-{key.split('.')[-1]}")
                spark.styles.width = min(SPARK_MAX, SPARK_CELLS * len(values))
                yield spark
            yield Static(drawn(meeting_bars(report, lang, ascii_look)), id="report-meetings")
            yield self._heading("report.h.age")
            yield Static(drawn(age_bars(report, lang, ascii_look)), id="report-age")
            yield self._heading("report.h.past_due")
            yield Static(drawn(past_due_lines(report, lang)), id="report-past-due")
            yield Static(Content(t(lang, "report.screen.close", project=report.slug)),
                         classes="keys")

    def _heading(self, key: str) -> Static:
        """A section's heading."""
        return Static(Content(t(self.lang, key)), classes="report-heading")

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)


def drawn(parts: Sequence[Part]) -> Content:
    """Lines of parts as one Content, without the last line's break (the heading that follows
    keeps its one blank line)."""
    return Content.assemble(*parts).rstrip("\n")


def trends(report: Report) -> list[tuple[str, list[float]]]:
    """(label key, one value per meeting) for the sparklines: the list, what was carried on,
    and the inconsistent verdicts as each meeting ended."""
    meetings = report.meetings or ()
    return [
        ("report.screen.listed", [float(m.listed) for m in meetings] or [0.0]),
        ("report.screen.carried_on", [float(m.carried_on) for m in meetings] or [0.0]),
        ("report.screen.inconsistent",
         [float(m.verdicts["inconsistent"]) for m in meetings] or [0.0]),
    ]


def bar(segments: Sequence[tuple[int, str, str]], longest: int) -> list[Part]:
    """Segments of one bar, each ``(count, style, ascii character)``; ``longest`` fills
    BAR_WIDTH cells (a non-zero count always shows at least one)."""
    parts: list[Part] = []
    for count, style, char in segments:
        if count > 0:
            cells = max(1, round(count * BAR_WIDTH / max(longest, 1)))
            parts.append((char * cells, style))
    return parts


def _block(ascii_look: bool, char: str) -> str:
    """The bar's character: a full block, or the ASCII one."""
    return char if ascii_look else "█"


def criteria_bars(report: Report, lang: str, ascii_look: bool) -> list[Part]:
    """One line per criterion: ID, consistent / inconsistent / other, the count, revisions."""
    longest = max((c.named for c in report.criteria), default=0)
    parts: list[Part] = []
    for item in report.criteria:
        other = item.named - item.consistent - item.inconsistent
        parts.append((f"{clean_line(item.id):<4}", "bold" if item.current else "dim strike"))
        parts += bar([(item.consistent, "$success", _block(ascii_look, "#")),
                      (item.inconsistent, "$error", _block(ascii_look, "x")),
                      (other, "dim", _block(ascii_look, "."))], longest)
        parts.append(f" {item.named}")
        if item.revised:
            parts.append((" " + t(lang, "report.revised_n", n=item.revised), "$warning"))
        parts.append("\n")
    parts += legend([("$success", t(lang, "verdict.consistent")),
                     ("$error", t(lang, "verdict.inconsistent")),
                     ("dim", t(lang, "report.legend.other"))], ascii_look)
    return parts


def meeting_bars(report: Report, lang: str, ascii_look: bool) -> list[Part]:
    """One line per meeting: its decisions when it ended, stacked in their colours."""
    if not report.meetings:
        return [t(lang, "report.no_meetings")]
    longest = max(m.listed for m in report.meetings)
    styles = {d: f"${marks.MARKS[d].variable}" if marks.MARKS[d].variable else "dim"
              for d in DECISIONS}
    parts: list[Part] = []
    for m in report.meetings:
        parts.append((f"{m.id:<6}", "bold"))
        parts += bar([(m.decisions[d.value], styles[d], _block(ascii_look, marks.MARKS[d].ascii))
                      for d in DECISIONS], longest)
        parts.append(f" {m.listed}\n")
    parts += legend([(styles[d], t(lang, f"decision.{d.value}")) for d in DECISIONS], ascii_look)
    return parts


def age_bars(report: Report, lang: str, ascii_look: bool) -> list[Part]:
    """How many open or deferred requests have been carried through 0, 1, 2 … meetings."""
    ages = report.by_age
    if not ages:
        return [t(lang, "report.no_open")]
    longest = max(count for _, count in ages)
    parts: list[Part] = [(t(lang, "report.col.carried") + "\n", "dim")]
    for age, count in ages:
        parts.append((f"{age:>3} ", "bold"))
        parts += bar([(count, "$accent", _block(ascii_look, "#"))], longest)
        parts.append(f" {count}\n")
    return parts


def past_due_lines(report: Report, lang: str) -> list[Part]:
    """The most overdue action items (ID, due, days late, owner), then how many more."""
    if not report.past_due:
        return [t(lang, "report.no_past_due", today=report.today)]
    parts: list[Part] = []
    for item in report.past_due[:PAST_DUE_SHOWN]:
        owner = shorten(clean_line(item.owner), 30) or "—"
        parts += [(f"{item.id:<7}", "bold"), f"{item.due}  ",
                  (f"+{item.days_late}  ", "$error"), f"{owner}\n"]
    more = len(report.past_due) - PAST_DUE_SHOWN
    if more > 0:
        parts.append((f"… +{more}\n", "dim"))
    return parts


def legend(items: Sequence[tuple[str, str]], ascii_look: bool) -> list[Part]:
    """A line naming the colours: a square in each, then its name."""
    parts: list[Part] = []
    for style, name in items:
        parts += [("#" if ascii_look else "■", style), f" {name}  "]
    return [*parts, "\n"]
