"""Every project under a home, one summary each: what ``reviewroom list`` shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviewroom.store.errors import ReviewError
from reviewroom.store.files import FileError
from reviewroom.store.home import check_home, default_home, has_brief
from reviewroom.store.model import Meeting
from reviewroom.store.project import Project


@dataclass(frozen=True)
class ProjectSummary:
    """One line of ``reviewroom list``."""

    slug: str
    path: Path
    title: str
    criteria_version: int
    last_meeting: Meeting | None
    open_requests: int
    error: str | None = None
    language: str | None = None  # the brief's, so each row can speak its project's language


def list_projects(home: Path | None = None) -> list[ProjectSummary]:
    """Summaries of every project under ``home``, read-only; a damaged one shows its error.

    One project that cannot be read (a damaged store, a folder that is not searchable …) is a
    row with its error; it never stops the others from being listed.

    Raises:
        ReviewError: the home itself is not a folder, or cannot be listed.
    """
    home = home or default_home()
    check_home(home)
    if not home.is_dir():
        return []
    try:
        entries = sorted(home.iterdir())
    except OSError as exc:
        raise FileError("project.unreadable", exc, path=str(home)) from None
    summaries = []
    for folder in entries:
        try:
            if has_brief(folder):
                summaries.append(_summary(folder))
        except ReviewError as exc:
            summaries.append(ProjectSummary(folder.name, folder, "", 0, None, 0, error=str(exc)))
    return summaries


def _summary(folder: Path) -> ProjectSummary:
    """One project's line, or its error when it cannot be read."""
    try:
        with Project.open(folder, readonly=True) as project:
            meetings = project.meetings()
            return ProjectSummary(
                slug=folder.name,
                path=folder,
                title=project.criteria.title,
                criteria_version=project.criteria_version,
                last_meeting=meetings[-1] if meetings else None,
                open_requests=sum(1 for r in project.requests() if r.decision.carries_over),
                language=project.criteria.language,
            )
    except ReviewError as exc:
        return ProjectSummary(folder.name, folder, "", 0, None, 0, error=str(exc))
