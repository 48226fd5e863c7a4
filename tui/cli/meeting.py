"""Meeting commands: ``meeting start``, ``meeting end`` and ``meeting list``."""

from __future__ import annotations

import shlex

import click

from reviewroom.store.attendees import parse_attendee
from reviewroom.store.model import Meeting
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
)


@click.group("meeting")
def meeting_group() -> None:
    """Start, end and list a project's review meetings.

    \b
    Example:
      reviewroom meeting start acme-onboarding --title "Prototype review"
      reviewroom meeting end acme-onboarding
    """


@meeting_group.command("start")
@project_argument
@click.option("--title", required=True, help="The meeting's title.")
@click.option("--attendee", "attendees", multiple=True, metavar="NAME:client|vendor[:ROLE]",
              help="Someone at the meeting and their side (client or vendor; Polish klient or "
                   "wykonawca too); repeat for each attendee.")
@click.option("--facilitator", default="", help="Who runs the meeting.")
@pass_settings
def start_command(settings: Settings, project: str, title: str, attendees: tuple[str, ...],
                  facilitator: str) -> None:
    """Start a meeting in PROJECT and print its ID; open and deferred requests carry over.

    \b
    Example:
      reviewroom meeting start acme-onboarding --title "Prototype review" \\
          --attendee "Dana Whitfield:client:Head of Operations" \\
          --attendee "Marta Kowalczyk:vendor" --facilitator "Marta Kowalczyk"
    """
    with settings.open(project, write=True) as opened:
        people = [parse_attendee(value, opened.lang) for value in attendees]
        meeting = opened.start_meeting(title, people, facilitator=facilitator)
        out(meeting.id)


@meeting_group.command("end")
@project_argument
@pass_settings
def end_command(settings: Settings, project: str) -> None:
    """Close PROJECT's live meeting.

    \b
    Example:
      reviewroom meeting end acme-onboarding
    """
    with settings.open(project, write=True) as opened:
        meeting = opened.end_meeting()
        out(label(opened.lang, "cli.meeting.ended", id=meeting.id, title=one_line(meeting.title)))


@meeting_group.command("list")
@project_argument
@json_option
@pass_settings
def list_command(settings: Settings, project: str, as_json: bool) -> None:
    """List PROJECT's meetings, oldest first. Works while a meeting is running.

    \b
    Example:
      reviewroom meeting list acme-onboarding
      reviewroom meeting list acme-onboarding --json
    """
    with settings.open(project) as opened:
        meetings = opened.meetings()
        if as_json:
            echo_json([_meeting_dict(opened, m) for m in meetings])
        elif not meetings:
            out(label(opened.lang, "cli.meeting.none", project=shlex.quote(project)))
        else:
            out(_meeting_table(opened, meetings))


def _meeting_dict(project: Project, meeting: Meeting) -> dict[str, object]:
    """One meeting for ``--json``: its stored form plus the IDs on its list."""
    data = meeting.to_dict()
    data["requests"] = [r.id for r in project.meeting_requests(meeting)]
    return data


def _meeting_table(project: Project, meetings: list[Meeting]) -> str:
    """The readable meeting list."""
    lang = project.lang
    columns = ("id", "title", "started", "ended", "status", "requests", "version")
    headers = [label(lang, f"cli.meeting.col.{c}") for c in columns]
    rows = [
        [
            m.id,
            m.title,
            short_time(m.started_at),
            short_time(m.ended_at),
            label(lang, f"cli.status.{m.status.value}"),
            str(len(project.meeting_requests(m))),
            f"v{m.criteria_version}",
        ]
        for m in meetings
    ]
    return format_table(headers, rows, [0, 40, 0, 0, 0, 0, 0])
