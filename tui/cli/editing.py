"""Editing a brief in ``$EDITOR`` without ever losing the edit.

The draft is a real file (``brief.md`` in a private temp folder) that the editor saves; its bytes
are read back as they are, so a draft saved in another encoding, or one that breaks the brief's
rules, is kept where it is: every problem points at its lines, and a last line says how to use
the fixed draft. Only a draft that was used, or one the editor never saved, is removed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from reviewroom.store.errors import BriefError, ReviewError
from reviewroom.tui.cli.common import label, one_line

DRAFT_NAME = "brief.md"


@dataclass(frozen=True)
class EditedBrief:
    """A brief the facilitator saved in the editor and that parses."""

    text: str
    criteria: Any
    warnings: list[Any]


def edit_brief(text: str, lang: str, retry: list[str], final_path: str) -> EditedBrief:
    """Open ``text`` in ``$EDITOR`` as a draft brief and parse what was saved.

    Args:
        text: the brief to start from.
        lang: the language of messages.
        retry: the command line that uses a fixed draft, with ``{draft}`` for its path.
        final_path: where the brief will live; warnings of an accepted draft point there.

    Raises:
        ReviewError: the editor was closed without saving (the draft is removed).
        click.exceptions.Exit: the draft is not a valid brief; every problem and the kept
            draft's path have been printed (exit code 1).
    """
    folder = Path(tempfile.mkdtemp(prefix="reviewroom-edit-"))
    draft = folder / DRAFT_NAME
    draft.write_text(text, "utf-8")
    # Two seconds in the past (as click does), so a save is seen even on coarse file clocks.
    stamp = draft.stat().st_mtime_ns - 2_000_000_000
    os.utime(draft, ns=(stamp, stamp))
    click.edit(filename=str(draft), extension=".md")
    if draft.stat().st_mtime_ns == stamp and draft.read_bytes() == text.encode("utf-8"):
        shutil.rmtree(folder, ignore_errors=True)
        raise ReviewError("cli.edit_aborted", lang=lang)
    from reviewroom.store.brief import read_brief

    try:
        criteria, warnings = read_brief(draft)
    except BriefError as exc:
        _keep_draft(exc, draft, lang, retry)
    warnings = [replace(w, path=final_path) for w in warnings]
    edited = EditedBrief(draft.read_text("utf-8-sig"), criteria, warnings)
    shutil.rmtree(folder, ignore_errors=True)
    return edited


def _keep_draft(exc: BriefError, draft: Path, lang: str, retry: list[str]) -> Any:
    """Print every problem of the kept draft and how to use it once fixed, then exit 1."""
    for problem in exc.problems:
        click.echo(one_line(problem.render(lang)), err=True)
    command = shlex.join(part.replace("{draft}", str(draft)) for part in retry)
    click.echo(label(lang, "cli.edit_kept", path=str(draft), command=command), err=True)
    raise click.exceptions.Exit(1)
