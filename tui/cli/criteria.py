"""Criteria commands: ``criteria show`` and ``criteria revise``."""

from __future__ import annotations

from pathlib import Path

import click

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import GOAL_LEVELS, CriteriaVersion, Criterion, Section
from reviewroom.tui.cli.common import (
    Settings,
    echo_json,
    json_option,
    label,
    one_line,
    out,
    pass_settings,
    project_argument,
    short_time,
    warn,
)
from reviewroom.tui.cli.editing import edit_brief


@click.group("criteria")
def criteria_group() -> None:
    """Show the shared criteria and revise them (a new version, with its reason).

    \b
    Example:
      reviewroom criteria show acme-onboarding
      reviewroom criteria revise acme-onboarding --reason "Client adds a mobile audience" \\
          --request CR-4
    """


@criteria_group.command("show")
@project_argument
@click.option("--version", "number", type=int, metavar="N",
              help="Show version N instead of the current one.")
@json_option
@pass_settings
def show_command(settings: Settings, project: str, number: int | None, as_json: bool) -> None:
    """Show PROJECT's criteria: problem, goals by level and concept, with their IDs.

    Works while a meeting is running.

    \b
    Example:
      reviewroom criteria show acme-onboarding
      reviewroom criteria show acme-onboarding --version 1 --json
    """
    with settings.open(project) as opened:
        if number is not None:
            version = opened.version(number)
        elif opened.criteria_version:
            version = opened.version(opened.criteria_version)
        else:  # a project no writer has opened yet: the brief, not yet recorded
            version = CriteriaVersion(0, opened.criteria, "", "")
        if as_json:
            echo_json(version.to_dict())
        else:
            out(render_version(version, opened.lang))


def render_version(version: CriteriaVersion, lang: str) -> str:
    """The readable criteria: a header line, then each section with indented ``ID  text`` items."""
    lines = [_header(version, lang), ""]
    criteria = version.criteria
    for section in (Section.PROBLEM, None, Section.CONCEPT):
        if section is None:
            lines.append(label(lang, "cli.criteria.goals"))
            for level in GOAL_LEVELS:
                lines.append("  " + label(lang, f"section.{level.value}"))
                lines.extend(_items(criteria.section(level), "    ", lang))
        else:
            lines.append(label(lang, f"section.{section.value}"))
            lines.extend(_items(criteria.section(section), "  ", lang))
    return "\n".join(lines)


def _header(version: CriteriaVersion, lang: str) -> str:
    """``Criteria version 2 · 2026-11-27 10:05 · reason (request CR-3)``."""
    if not version.number:
        return label(lang, "cli.criteria.unrecorded")
    text = label(lang, "cli.criteria.header", number=version.number,
                 date=short_time(version.created_at), reason=one_line(version.reason))
    if version.request:
        text += " " + label(lang, "cli.criteria.triggered", id=one_line(version.request))
    return text


def _items(items: tuple[Criterion, ...], indent: str, lang: str) -> list[str]:
    """One line per item, or a dash for an empty section."""
    if not items:
        return [indent + label(lang, "cli.criteria.empty")]
    return [f"{indent}{item.id}  {one_line(item.text)}" for item in items]


@criteria_group.command("revise")
@project_argument
@click.option("--reason", default="", help="Why the criteria change (required).")
@click.option("--request", "request_id", metavar="CR-<n>",
              help="The request that triggered the revision.")
@click.option("--brief", "brief_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Take the new criteria from this brief file instead of the editor.")
@pass_settings
def revise_command(settings: Settings, project: str, reason: str, request_id: str | None,
                   brief_file: Path | None) -> None:
    """Record a new criteria version of PROJECT and rewrite its brief.md.

    Without --brief the current brief opens in $EDITOR. Prints the new version number and the
    verdicts that became stale (they must be judged again).

    \b
    Example:
      reviewroom criteria revise acme-onboarding --reason "Client adds a mobile audience" \\
          --request CR-4
      reviewroom criteria revise acme-onboarding --reason "Shorter lessons" --brief new.md
    """
    from reviewroom.store.brief import read_brief, render_brief

    with settings.open(project, write=True) as opened:
        lang = opened.lang
        if not reason.strip():
            raise ReviewError("rule.revision_reason", lang=lang, field="reason")
        if request_id:
            opened.request(request_id)  # refuse an unknown request before any editing
        if brief_file is not None:
            criteria, warnings = read_brief(brief_file)
        else:
            retry = [*settings.command_prefix(), "criteria", "revise", project, "--reason", reason,
                     *(["--request", request_id] if request_id else []), "--brief", "{draft}"]
            edited = edit_brief(render_brief(opened.criteria), lang, retry, str(opened.brief_path))
            criteria, warnings = edited.criteria, edited.warnings
        for problem in warnings:
            warn(problem.render(lang))
        stale_before = {r.id for r in opened.stale_requests()}
        version = opened.revise_criteria(criteria, reason, request_id)
        newly = [r.id for r in opened.stale_requests() if r.id not in stale_before]
        out(label(lang, "cli.criteria.revised", number=version.number))
        if newly:
            out(label(lang, "cli.criteria.stale", ids=", ".join(newly)))
        else:
            out(label(lang, "cli.criteria.none_stale"))
