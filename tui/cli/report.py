"""The ``report`` command: the criteria-health report over all meetings, printed or written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from reviewroom.store.coercion import due_date
from reviewroom.store.errors import ReviewError
from reviewroom.store.files import writes_through
from reviewroom.store.report import Report, build_report
from reviewroom.store.report_html import render_report_html
from reviewroom.store.report_render import render_json, render_markdown
from reviewroom.tui.cli.common import Settings, one_line, out, pass_settings, project_argument
from reviewroom.tui.cli.export import STDOUT, check_output, write_minutes_to

REPORT_FORMATS = ("md", "html", "json")


def report_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else guessed from ``-o``'s extension, else md."""
    if fmt:
        return fmt.lower()
    suffix = Path(output).suffix.lower() if output and output != STDOUT else ""
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")


def parse_today(text: str | None, lang: str) -> dt.date:
    """``--today`` as a date; the clock's date when it is not given.

    Raises:
        ReviewError: not a YYYY-MM-DD date.
    """
    if text is None:
        return dt.date.today()
    day = due_date(text, lang)  # the same YYYY-MM-DD rule (and message) as a request's due date
    if day is None:
        raise ReviewError("request.bad_date", lang=lang, value=text)
    return dt.date.fromisoformat(day)


def render_report(report: Report, fmt: str, lang: str) -> str:
    """The report in ``fmt``: md, html or json."""
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_report_html(report, lang)
    return render_markdown(report, lang)


@click.command("report")
@project_argument
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS, case_sensitive=False),
              default=None, help="md (tables), html (one page with charts, no script) or json; "
                                 "default: from -o's extension, else md.")
@click.option("-o", "--output", metavar="FILE|-", default=None,
              help="Where to write (replaced whole); - or nothing prints to stdout.")
@click.option("--today", metavar="YYYY-MM-DD", default=None,
              help="The day action items are past due on (default: today's date).")
@pass_settings
def report_command(settings: Settings, project: str, fmt: str | None, output: str | None,
                   today: str | None) -> None:
    """Print (or write) the criteria-health report of PROJECT over all its meetings.

    Per criterion: requests naming it, consistent and inconsistent verdicts, revisions. Per
    meeting: its list, verdicts and decisions at its end, carried over. The revision timeline,
    open and deferred requests by age, and action items past due. The project is only read.

    \b
    Example:
      reviewroom report acme-onboarding
      reviewroom report acme-onboarding -o health.html
      reviewroom report acme-onboarding --format json --today 2026-12-01
    """
    chosen = report_format(fmt, output)
    with settings.open(project) as opened:
        lang = settings.label_lang(opened.lang)
        given = Path(output).expanduser() if output and output != STDOUT else None
        if given is not None:
            check_output(given, lang, "report")
        text = render_report(build_report(opened, parse_today(today, lang)), chosen, lang)
    if given is None:
        click.echo(text, nl=False)
        return
    write_minutes_to(given, text.encode("utf-8"), lang, "report")
    if not writes_through(given):
        out(one_line(given))
