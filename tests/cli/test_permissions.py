"""Client material stays private and inside the home: 0700 folders, 0600 files, safe slugs.

The modes are checked with a permissive umask (0), so they come from reviewroom itself rather
than from the user's environment.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewroom.tui.cli import all_commands
from tests.support import run_cli


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Let the process create world-readable files unless reviewroom says otherwise."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_project_folders_are_0700_and_files_0600(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli(home, "new", "acme").exit_code == 0
    assert run_cli(home, "meeting", "start", "acme", "--title", "Review").exit_code == 0
    assert run_cli(home, "request", "add", "acme", "Make the logo bigger").exit_code == 0
    folder = home / "acme"
    assert (folder / "reviewroom.json.bak").exists()  # the second session backed up the first
    if "export" in all_commands():
        exported = run_cli(home, "export", "acme")
        assert exported.exit_code == 0, exported.output
        assert (folder / "minutes").is_dir()

    assert mode(home) == 0o700
    for path in [folder, *folder.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert mode(path) == expected, f"{path.relative_to(home)}: {oct(mode(path))}"
    names = {p.name for p in folder.iterdir()}
    assert {"brief.md", "reviewroom.json", "reviewroom.json.bak", "reviewroom.lock"} <= names


BAD_SLUGS = ["../x", "/etc", "a/b", ".", "..", "My Project", "x y", "-x", "", "ACME", "a\\b",
             "~root", "acme/", "x" * 65, "zażółć", "a\nb"]


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_new_refuses_slugs_that_could_escape_the_home(tmp_path: Path, slug: str) -> None:
    home = tmp_path / "home"
    result = run_cli(home, "new", "--", slug)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # not even the home, and nothing beside it
    assert not Path("/etc/brief.md").exists()


def test_a_slug_that_looks_like_an_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "home", "new", "-x")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []
