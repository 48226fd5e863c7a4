"""The ``export`` command: a meeting's minutes as Markdown or HTML, written or printed."""

from __future__ import annotations

import os
from pathlib import Path

import click

from reviewroom.store.errors import ReviewError
from reviewroom.store.files import FileError, check_writable_folder, write_output, writes_through
from reviewroom.store.minutes import (
    FORMATS,
    Format,
    describe_tone_warning,
    export_minutes,
    output_path,
    render,
    tone_warnings_for,
)
from reviewroom.tui.cli.common import Settings, one_line, out, pass_settings, project_argument, warn

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
              help="Where to write; - prints to stdout. A file is replaced whole (through a "
                   "symlink, the file it names); a device, FIFO or /dev/stdout is written to. "
                   "Default: minutes/<meeting-id>.<ext> in the project folder.")
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
        given = Path(output).expanduser() if output and output != STDOUT else None
        target = None if given else output_path(opened, meeting, chosen, None, lang)
        if given is not None:
            check_output(given, lang)
        for warning in tone_warnings_for(opened, meeting):
            warn(describe_tone_warning(warning, lang))
        if output == STDOUT:
            click.echo(render(opened, meeting, chosen, lang), nl=False)
        elif given is not None:
            write_minutes_to(given, render(opened, meeting, chosen, lang).encode("utf-8"), lang)
            if not writes_through(given):  # a path printed into /dev/stdout would mix in
                out(one_line(given))
        else:
            out(one_line(export_minutes(opened, meeting, chosen, target, lang=lang)))


def check_output(path: Path, lang: str, what: str = "minutes") -> None:
    """Refuse an ``-o`` that cannot be written before anything is rendered.

    A folder is refused, and so is a file in a folder that is missing or not writable. A device,
    FIFO or ``/dev/stdout`` is fine: it is written *to*, as ``cp`` or a shell redirect would.
    ``what`` names the catalog of the messages (``minutes``, ``report``).

    Raises:
        ReviewError: ``<what>.is_directory`` or ``<what>.unwritable``.
    """
    try:
        if path.is_dir():
            raise ReviewError(f"{what}.is_directory", lang=lang, path=str(path))
        if writes_through(path):
            return
        check_writable_folder(Path(os.path.realpath(path)).parent)
    except OSError as exc:
        raise FileError(f"{what}.unwritable", exc, lang=lang, path=str(path)) from None


def write_minutes_to(path: Path, payload: bytes, lang: str, what: str = "minutes") -> None:
    """Write the minutes (or the ``what``) where ``-o`` points (see
    :func:`reviewroom.store.files.write_output`).

    Raises:
        ReviewError: it cannot be written; a file that was there is left as it was.
    """
    try:
        write_output(path, payload)
    except OSError as exc:
        raise FileError(f"{what}.unwritable", exc, lang=lang, path=str(path)) from None
