"""The ``export`` command: a meeting's minutes as Markdown or HTML, written or printed."""

from __future__ import annotations

from pathlib import Path

import click

from store.minutes import (
    FORMATS,
    Format,
    describe_tone_warning,
    export_minutes,
    output_path,
    render,
    tone_warnings_for,
)
from tui.commands.common import Settings, one_line, out, pass_settings, project_argument, warn

STDOUT = "-"


def output_format(fmt: str | None, output: str | None) -> Format:
    """``--format`` if given, else guessed from ``-o``'s extension (``.html``/``.htm``), else md."""
    if fmt:
        return "html" if fmt.lower() == "html" else "md"
    if output and output != STDOUT and Path(output).suffix.lower() in (".html", ".htm"):
        return "html"
    return "md"


@click.command("export")
@project_argument
@click.option("--meeting", "meeting_ref", default="latest", show_default=True,
              metavar="ID|latest", help="The meeting to export, such as M-2.")
@click.option("--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="md (CommonMark with tables) or html (one self-contained page); "
                   "default: from -o's extension, else md.")
@click.option("-o", "--output", metavar="FILE|-", default=None,
              help="Where to write; - prints to stdout. Default: minutes/<meeting-id>.<ext> "
                   "in the project folder.")
@pass_settings
def export_command(settings: Settings, project: str, meeting_ref: str, fmt: str | None,
                   output: str | None) -> None:
    """Export a meeting's minutes from PROJECT and print the path written.

    The minutes are in the project's language (--lang overrides). Loaded or blaming phrases are
    listed on stderr first; they never block the export. Works while the meeting is live: the
    project is only read.

    \b
    Example:
      reviewroom export acme-onboarding
      reviewroom export acme-onboarding --meeting M-2 --format html -o review-2.html
      reviewroom --lang pl export acme-onboarding -o - | less
    """
    chosen = output_format(fmt, output)
    with settings.open(project) as opened:
        meeting = opened.meeting(meeting_ref)
        lang = settings.label_lang(opened.lang)
        target = None
        if output != STDOUT:
            given = Path(output).expanduser() if output else None
            target = output_path(opened, meeting, chosen, given, lang)
        for warning in tone_warnings_for(opened, meeting):
            warn(describe_tone_warning(warning, lang))
        if target is None:
            click.echo(render(opened, meeting, chosen, lang), nl=False)
        else:
            out(one_line(export_minutes(opened, meeting, chosen, target, lang=lang)))
