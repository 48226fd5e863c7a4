"""Writing the minutes: formats, where they go, and the tone warnings that go with them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reviewroom.store import rules
from reviewroom.store.errors import ReviewError
from reviewroom.store.files import check_writable_folder
from reviewroom.store.i18n import normalise_language, t
from reviewroom.store.minutes.document import render_markdown
from reviewroom.store.minutes.html import render_html
from reviewroom.store.model import (
    Meeting,
)
from reviewroom.store.storage import atomic_write_bytes

if TYPE_CHECKING:
    from reviewroom.store.project import Project

Format = Literal["md", "html"]
FORMATS: tuple[Format, ...] = ("md", "html")


def render(project: Project, meeting: Meeting, fmt: Format, lang: str | None = None) -> str:
    """The minutes in ``fmt`` (``md`` or ``html``)."""
    if fmt == "md":
        return render_markdown(project, meeting, lang)
    if fmt == "html":
        return render_html(project, meeting, lang)
    raise ValueError(f"unknown minutes format: {fmt!r}")


def default_path(project: Project, meeting: Meeting, fmt: Format) -> Path:
    """``minutes/<meeting-id>.md`` (or ``.html``) in the project folder."""
    return project.minutes_dir / f"{meeting.id}.{fmt}"


def output_path(
    project: Project, meeting: Meeting, fmt: Format, output: Path | None, lang: str | None = None
) -> Path:
    """Where the minutes will go, checked before anything is rendered or written.

    The default is ``minutes/<meeting-id>.<fmt>`` in the project folder (created, 0700, when
    missing). An explicit ``output`` must name a file in an existing, writable folder.

    Raises:
        ReviewError: the output is a folder, its folder is missing, or it cannot be written.
    """
    msg_lang = normalise_language(lang or project.lang)
    target = output
    try:
        if target is None:
            project.ensure_minutes_dir()
            return default_path(project, meeting, fmt)
        if target.is_dir():
            raise ReviewError("minutes.is_directory", lang=msg_lang, path=str(target))
        check_writable_folder(target.parent)
    except OSError as exc:
        raise _unwritable(target or project.minutes_dir, exc, msg_lang) from None
    return target


def _unwritable(path: Path, exc: OSError, lang: str) -> ReviewError:
    """The one error for a minutes file that cannot be written, with the OS's reason."""
    return ReviewError(
        "minutes.unwritable", lang=lang, path=str(path), detail=exc.strerror or str(exc)
    )


def export_minutes(
    project: Project,
    meeting: Meeting,
    fmt: Format = "md",
    output: Path | None = None,
    *,
    lang: str | None = None,
) -> Path:
    """Render the minutes and write them atomically; return the path written.

    Export is a read of the project: it works on a project opened read-only while a live
    writer holds the lock. Only the minutes file is written (temp file, fsync, rename), so a
    failure leaves the previous minutes, if any, untouched.

    Args:
        project: the opened project.
        meeting: the meeting to export.
        fmt: ``md`` or ``html``.
        output: where to write; default ``minutes/<meeting-id>.<fmt>`` in the project folder.
        lang: ``en`` or ``pl``; default the project's language.

    Raises:
        ReviewError: the output is a folder or cannot be written (missing folder, permissions,
            disk full); nothing is written then.
    """
    target = output_path(project, meeting, fmt, output, lang)
    text = render(project, meeting, fmt, lang)
    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        raise _unwritable(target, exc, normalise_language(lang or project.lang)) from None
    return target


def tone_warnings_for(project: Project, meeting: Meeting) -> list[rules.ToneWarning]:
    """Rule 6 over the meeting's requests (never blocking).

    The phrases are those of the language the record is written in — the brief's — even when
    ``--lang`` shows the labels in another one: English text is checked against English phrases.
    """
    text_lang = normalise_language(project.criteria.language)
    return rules.all_tone_warnings(project.meeting_requests(meeting), text_lang)


def describe_tone_warning(warning: rules.ToneWarning, lang: str) -> str:
    """``warning: CR-3 intent: "obviously"``, translated, for stderr or a notification."""
    return t(lang, "minutes.tone_warning", id=warning.request,
             field=t(lang, f"minutes.tone_field.{warning.field}"), phrase=warning.phrase)
