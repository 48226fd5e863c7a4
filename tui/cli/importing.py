"""``reviewroom import``: a file of written review comments becomes the meeting's agenda."""

from __future__ import annotations

from pathlib import Path

import click

from reviewroom.store.import_files import read_sheet
from reviewroom.store.importing import ImportPlan, map_columns, parse_maps, plan_import
from reviewroom.store.model import ChangeRequest
from reviewroom.store.project import Project
from reviewroom.tui.cli.common import (
    Settings,
    format_table,
    label,
    one_line,
    out,
    pass_settings,
    project_argument,
)


@click.command("import")
@project_argument
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True,
              help="Print the table of what would be added and write nothing.")
@click.option("--all", "include_closed", is_flag=True,
              help="Import resolved and closed comments too (skipped by default).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="Read FIELD (request, by, where, date, status, note) from the column headed "
                   "COLUMN; repeat for several fields. Overrides the header names.")
@click.option("--sheet", metavar="NAME", help="The XLSX sheet to read (default: the first).")
@click.option("--encoding", metavar="ENC",
              help="The CSV's encoding (default: UTF-8, with or without BOM, else Windows-1250).")
@pass_settings
def import_command(settings: Settings, project: str, file: str, dry_run: bool,
                   include_closed: bool, maps: tuple[str, ...], sheet: str | None,
                   encoding: str | None) -> None:
    """Import written review comments from FILE (CSV, TSV or XLSX) into PROJECT.

    Each comment becomes a pending, open request with where and by, in the live meeting or, with
    none, on the agenda the next `meeting start` takes up. Columns are found by their headers in
    English or Polish (Comment/Komentarz/Uwaga, Author/Autor, Slide/Slajd, Date/Data, Status,
    Replies/Odpowiedzi). Resolved and closed comments and blank rows are skipped; importing the
    same file again adds nothing. A row with cells but no comment imports nothing at all.

    \b
    Example:
      reviewroom import acme-onboarding review360-comments.csv --dry-run
      reviewroom import acme-onboarding uwagi.xlsx --sheet "Runda 2" --map where=Ekran
    """
    path = Path(file).expanduser()
    with settings.open(project, write=not dry_run) as opened:
        lang = opened.lang
        found = read_sheet(path, sheet=sheet, encoding=encoding, lang=lang)
        mapping = map_columns(found.headers, parse_maps(maps, lang), lang)
        plan = plan_import(found, mapping, source=path.name, existing=opened.requests(),
                           include_closed=include_closed, lang=lang)
        shown = settings.label_lang(opened.lang)
        out(label(shown, "cli.import.columns", columns=_columns(plan)))
        if dry_run:
            _print_plan(opened, plan, shown)
            return
        made = opened.import_comments(plan)
        _print_outcome(opened, plan, made, shown)


def _columns(plan: ImportPlan) -> str:
    """``request ← Comment · by ← Author · where ← Lesson, Slide``: what was read from where."""
    return " · ".join(f"{field} ← {', '.join(one_line(h) for h in headers)}"
                      for field, headers in plan.columns.items())


def _target(project: Project, lang: str) -> str:
    """Where the requests go: the live meeting, or the agenda of the next one."""
    live = project.live_meeting
    if live is None:
        return label(lang, "cli.import.to_agenda")
    return label(lang, "cli.import.to_meeting", meeting=live.id)


def _print_plan(project: Project, plan: ImportPlan, lang: str) -> None:
    """``--dry-run``: the table of the comments that would be added, then what was skipped."""
    if plan.comments:
        columns = ("row", "request", "by", "where", "date")
        headers = [label(lang, f"cli.import.col.{c}") for c in columns]
        rows = [[str(c.row), c.request, c.by, c.where, c.date] for c in plan.comments]
        out(format_table(headers, rows, [0, 48, 20, 20, 0]))
    out(label(lang, "cli.import.would_add", count=len(plan.comments), file=one_line(plan.source),
              target=_target(project, lang)))
    _print_skipped(plan, lang)


def _print_outcome(project: Project, plan: ImportPlan, made: list[ChangeRequest],
                   lang: str) -> None:
    """What was added (the IDs, first to last) and what was skipped."""
    if not made:
        out(label(lang, "cli.import.nothing", file=one_line(plan.source)))
    else:
        ids = made[0].id if len(made) == 1 else f"{made[0].id}–{made[-1].id}"
        out(label(lang, "cli.import.added", count=len(made), file=one_line(plan.source),
                  target=_target(project, lang), ids=ids))
    _print_skipped(plan, lang)


def _print_skipped(plan: ImportPlan, lang: str) -> None:
    """One line of skipped rows by reason, when any were."""
    if plan.closed or plan.known or plan.blank:
        out(label(lang, "cli.import.skipped", closed=len(plan.closed), known=len(plan.known),
                  blank=len(plan.blank)))
