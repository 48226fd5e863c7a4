"""brief.md on disk: read back only when it was edited, written in canonical form with its digest.

Each criteria version keeps the SHA-256 of the brief written for it, so opening a project whose
brief nobody touched compares digests and never imports the markdown parser (which keeps it off
the meeting app's start-up path); :mod:`reviewroom.store.brief` is imported only when needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewroom.store.files import digest, file_digest
from reviewroom.store.storage import atomic_write_bytes

if TYPE_CHECKING:
    from reviewroom.store.brief import BriefProblem
    from reviewroom.store.model import Criteria


class EditedBrief(NamedTuple):
    """A brief whose bytes are not those of the latest criteria version: what it says, and why.

    A NamedTuple (cheaper to create at import than a frozen dataclass): ``Project`` reads it by
    name once, right after :func:`read_if_edited` returns it.
    """

    criteria: Criteria
    warnings: list[BriefProblem]
    digest: str


def read_if_edited(path: Path, known_digest: str | None) -> EditedBrief | None:
    """The brief at ``path`` parsed, or None when its digest is ``known_digest``.

    Args:
        path: brief.md.
        known_digest: the latest criteria version's digest (None: there is no version yet).

    Raises:
        BriefError: the brief cannot be read or parsed.
    """
    digest = file_digest(path)
    if known_digest is not None and digest and known_digest == digest:
        return None
    from reviewroom.store.brief import read_brief

    criteria, warnings = read_brief(path)
    return EditedBrief(criteria, warnings, digest)


def write_brief(path: Path, criteria: Criteria) -> str:
    """Write ``criteria`` to ``path`` as the canonical brief, atomically; returns its digest.

    Raises:
        OSError: the file could not be written (nothing was changed then).
    """
    from reviewroom.store.brief import render_brief

    payload = render_brief(criteria).encode("utf-8")
    atomic_write_bytes(path, payload)
    return digest(payload)
