"""Where projects live: the projects home, project names and paths, and what a folder holds.

A project is a folder holding ``brief.md`` (the current criteria), ``reviewroom.json`` (the store)
and ``minutes/``; under the home it is named by its slug, elsewhere by its path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from reviewroom.store.errors import ReviewError
from reviewroom.store.files import FileError
from reviewroom.store.storage import atomic_write_bytes

BRIEF_NAME = "brief.md"
STORE_NAME = "reviewroom.json"
MINUTES_DIR = "minutes"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
HOME_ENV = "REVIEWROOM_HOME"


def default_home() -> Path:
    """``REVIEWROOM_HOME``, else the platform's user data folder (``~/.local/share/reviewroom``)."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only needed when no home was given

    return Path(platformdirs.user_data_path("reviewroom"))


def command_reference(folder: Path) -> str:
    """How to name the project in a ``reviewroom`` command the facilitator can paste.

    The slug when the project lives in the default home (``REVIEWROOM_HOME`` or the user data
    folder), which is how most projects are opened; otherwise its folder, quoted for the shell,
    which works whatever ``--home`` the app was started with.
    """
    if folder.parent.resolve() == default_home().expanduser().resolve():
        return folder.name
    import shlex  # only for this message, never to open or paint

    return shlex.quote(str(folder))


def validate_slug(slug: str, lang: str = "en") -> str:
    """Refuse any name that could escape the home: only ``[a-z0-9][a-z0-9-]*``."""
    if not SLUG_RE.fullmatch(slug):
        raise ReviewError("project.bad_slug", lang=lang, slug=slug)
    return slug


def is_path_ref(ref: str) -> bool:
    """A project reference with a slash or a leading dot or tilde is a path, not a slug."""
    return os.sep in ref or "/" in ref or ref.startswith((".", "~"))


def locate(ref: str, home: Path | None = None, lang: str = "en") -> Path:
    """The folder of project ``ref`` (a slug under ``home`` or a path); it must hold a brief.

    Raises:
        ReviewError: bad slug, or no such project.
    """
    home = home or default_home()
    if is_path_ref(ref):
        folder = Path(ref).expanduser()
    else:
        check_home(home, lang)
        folder = home / validate_slug(ref, lang)
    if not has_brief(folder, lang):
        raise ReviewError("project.unknown", lang=lang, ref=ref, home=str(home))
    return folder


def project_folder(ref: str | Path, home: Path | None = None, lang: str = "en") -> Path:
    """The folder of project ``ref``: a ``Path`` as it is, a string as :func:`locate` reads it.

    Raises:
        ReviewError: bad slug, or no project (no brief) there.
    """
    if not isinstance(ref, Path):
        return locate(ref, home, lang)
    if not has_brief(ref, lang):
        raise ReviewError("project.unknown", lang=lang, ref=str(ref), home=str(home))
    return ref


def check_home(home: Path, lang: str = "en") -> None:
    """Refuse a projects home that exists but is not a folder (REVIEWROOM_HOME set to a file).

    Raises:
        ReviewError: ``project.home_not_folder``.
    """
    try:
        is_folder = home.is_dir()
    except OSError as exc:
        raise FileError("project.unreadable", exc, lang=lang, path=str(home)) from None
    if not is_folder and os.path.lexists(home):
        raise ReviewError("project.home_not_folder", lang=lang, home=str(home))


def has_brief(folder: Path, lang: str = "en") -> bool:
    """Whether ``folder`` holds a brief.md file, i.e. is a project.

    Raises:
        FileError: the folder cannot be looked into (not searchable, say).
    """
    try:
        return (folder / BRIEF_NAME).is_file()
    except OSError as exc:
        raise FileError("project.unreadable", exc, lang=lang, path=str(folder)) from None


def make_project_folder(home: Path, slug: str, brief_text: str, lang: str = "en") -> Path:
    """Create ``home/slug`` (0700, the home too if needed) holding ``brief_text`` as its brief.

    The slug and the brief are checked first, so a bad one leaves nothing behind.

    Raises:
        ReviewError: a bad slug, the home is not a folder, or the project exists.
        BriefError: the brief is invalid.
        FileError: the folders or the brief cannot be written.
    """
    from reviewroom.store.brief import parse_brief  # the parser only when a project is created

    folder = home / validate_slug(slug, lang)
    parse_brief(brief_text, str(folder / BRIEF_NAME))
    check_home(home, lang)
    if os.path.lexists(folder):
        raise ReviewError("project.exists", lang=lang, slug=slug, home=str(home))
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
        atomic_write_bytes(folder / BRIEF_NAME, brief_text.encode("utf-8"))
    except OSError as exc:
        raise FileError("storage.bad_path", exc, lang=lang, path=str(folder)) from None
    return folder
