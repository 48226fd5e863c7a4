"""Project commands: ``new``, ``list``, ``check`` and ``restore``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reviewroom.store.catalog import ProjectSummary, list_projects
from reviewroom.store.errors import BriefError, ReviewError
from reviewroom.store.home import BRIEF_NAME, STORE_NAME, locate, validate_slug
from reviewroom.store.i18n import LANGUAGES
from reviewroom.store.project import Project
from reviewroom.tui.cli.common import (
    Settings,
    echo_json,
    format_table,
    json_option,
    label,
    one_line,
    out,
    pass_settings,
    project_argument,
    short_time,
    usage_error,
    warn,
)
from reviewroom.tui.cli.editing import edit_brief


@click.command("new")
@click.argument("slug")
@click.option("--title", help="The training's title (default: made from SLUG).")
@click.option("--client", default="", help="The client organisation.")
@click.option("--vendor", default="", help="The vendor (your agency).")
@click.option("--lang", "brief_lang", type=click.Choice(LANGUAGES, case_sensitive=False),
              help="The project's language (minutes, messages); default: --lang or en.")
@click.option("--edit", "edit", is_flag=True, help="Edit the brief in $EDITOR before creating.")
@click.option("--brief", "brief_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Take the brief from this file (a kept draft, say) instead of the template.")
@pass_settings
def new_command(settings: Settings, slug: str, title: str | None, client: str, vendor: str,
                brief_lang: str | None, edit: bool, brief_file: Path | None) -> None:
    """Create project SLUG with a brief template (brief.md) and print its folder.

    SLUG uses lower-case letters, digits and dashes. Fill in the brief's problem, goals and
    concept with the client (or use --edit), then check it with `reviewroom check`.

    \b
    Example:
      reviewroom new acme-onboarding --title "Onboarding for store staff" \\
          --client "Acme Retail" --vendor "Brightpath" --lang en --edit
    """
    from reviewroom.store.brief import brief_template

    language = (brief_lang or settings.lang or "en").lower()
    lang = settings.label_lang(language)
    home = settings.home_dir()
    validate_slug(slug, lang)
    if (home / slug).exists():
        raise ReviewError("project.exists", lang=lang, slug=slug, home=str(home))
    text = brief_template(title or _title_from(slug), client, vendor, language)
    if brief_file is not None and edit:
        usage_error("--brief and --edit both give the brief; use only one.")
    if brief_file is not None:
        text = _brief_from(brief_file)
    elif edit:
        retry = [*settings.command_prefix(), "new", slug, "--brief", "{draft}"]
        text = edit_brief(text, lang, retry, str(home / slug / BRIEF_NAME)).text
    project = Project.create(slug, text, home=home, lang=settings.lang)
    with project:
        if edit or brief_file is not None:
            for problem in project.brief_warnings:
                warn(problem.render(lang))
        out(one_line(project.path))


def _brief_from(path: Path) -> str:
    """The text of a brief file, once it is known to be a valid brief.

    Raises:
        BriefError: every problem, pointing at the file's lines.
    """
    from reviewroom.store.brief import read_brief

    read_brief(path)
    return path.read_bytes().decode("utf-8-sig")


def _title_from(slug: str) -> str:
    """``acme-onboarding`` → ``Acme onboarding``, a placeholder the brief's author replaces."""
    return slug.replace("-", " ").capitalize()


@click.command("list")
@json_option
@pass_settings
def list_command(settings: Settings, as_json: bool) -> None:
    """List the projects in the home: title, last meeting, open requests, criteria version.

    A project that cannot be read shows its error in its row. Works while meetings are running.

    \b
    Example:
      reviewroom list
      reviewroom --home ~/clients list --json
    """
    home = settings.home_dir()
    summaries = list_projects(home)
    # --lang, else each row in its project's language; the headers in the language they share.
    languages = {s.language for s in summaries if s.language}
    lang = settings.label_lang(languages.pop() if len(languages) == 1 else None)
    if as_json:
        echo_json([_summary_dict(s) for s in summaries])
    elif not summaries:
        out(label(lang, "cli.list.empty", home=one_line(home)))
    else:
        headers = [label(lang, f"cli.list.col.{c}") for c in
                   ("project", "title", "meeting", "open", "version")]
        rows = [_summary_row(s, settings.label_lang(s.language or lang)) for s in summaries]
        out(format_table(headers, rows, [24, 40, 60, 0, 0]))


def _summary_row(summary: ProjectSummary, lang: str) -> list[str]:
    """One project's table row; a damaged project shows its error across the columns."""
    if summary.error:
        return [summary.slug, label(lang, "cli.list.error", error=summary.error)]
    meeting = summary.last_meeting
    last = "-"
    if meeting:
        status = label(lang, f"cli.status.{meeting.status.value}")
        date = short_time(meeting.started_at)[:10]
        last = label(lang, "cli.list.meeting", id=meeting.id, title=meeting.title, date=date,
                     status=status)
    version = f"v{summary.criteria_version}" if summary.criteria_version else "-"
    return [summary.slug, summary.title, last, str(summary.open_requests), version]


def _summary_dict(summary: ProjectSummary) -> dict[str, Any]:
    """One project for ``list --json``."""
    meeting = summary.last_meeting
    return {
        "slug": summary.slug,
        "path": str(summary.path),
        "title": summary.title,
        "criteria_version": summary.criteria_version,
        "last_meeting": {
            "id": meeting.id,
            "title": meeting.title,
            "started_at": meeting.started_at,
            "status": meeting.status.value,
        } if meeting else None,
        "open_requests": summary.open_requests,
        "error": summary.error,
    }


@click.command("check")
@project_argument
@pass_settings
def check_command(settings: Settings, project: str) -> None:
    """Validate PROJECT's brief.md: errors exit 1, warnings are printed and exit 0.

    Every problem is printed as `path:line: error|warning: message`. Only reads the brief, so
    it works while a meeting is running.

    \b
    Example:
      reviewroom check acme-onboarding
      reviewroom check ./clients/acme-onboarding
    """
    from reviewroom.store.brief import read_brief

    folder = locate(project, settings.home, settings.label_lang())
    path = folder / BRIEF_NAME
    criteria, warnings = read_brief(path)
    lang = settings.label_lang(criteria.language)
    for problem in warnings:
        out(one_line(problem.render(lang)))
    key = "cli.check.ok_warnings" if warnings else "cli.check.ok"
    out(label(lang, key, path=one_line(path), count=len(warnings)))


@click.command("restore")
@project_argument
@click.option("--force", is_flag=True,
              help="Replace the store with the backup even though it is not damaged.")
@pass_settings
def restore_command(settings: Settings, project: str, force: bool) -> None:
    """Put PROJECT's reviewroom.json.bak back after reviewroom.json was damaged or lost.

    Whatever was in its place is kept beside it as reviewroom.json.damaged (then .damaged.2,
    .damaged.3 …; none is ever overwritten). Refused while anyone has the project open for
    writing, and (without --force) when the store is not damaged.

    \b
    Example:
      reviewroom restore acme-onboarding
    """
    from reviewroom.store.backup import restore

    folder = locate(project, settings.home, settings.label_lang())
    lang = settings.label_lang(_brief_language(folder))
    try:
        done = restore(folder, STORE_NAME, force=force)
    except ReviewError as exc:
        raise exc.in_language(lang) from None
    params = {"path": one_line(done.store), "bak": one_line(done.bak),
              "damaged": one_line(done.damaged)}
    key = "cli.restore.done" if done.damaged else "cli.restore.done_missing"
    out(label(lang, key, **params))


def _brief_language(folder: Path) -> str | None:
    """The project's language from its brief, without opening the project (None if unreadable)."""
    from reviewroom.store.brief import read_brief

    try:
        criteria, _ = read_brief(folder / BRIEF_NAME)
    except BriefError:
        return None
    return criteria.language
