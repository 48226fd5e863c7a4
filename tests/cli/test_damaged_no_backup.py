"""A damaged store with no ``.bak`` beside it: the refusal never sends the user to ``restore``.

``reviewroom restore`` can only put back a backup that exists; a fresh project damaged before its
first backup, or one whose ``.bak`` was deleted, gets advice that can work instead (their own copy
of the folder, version control), in both languages. Each command refuses with exit 1 and one
line (``list`` shows the line in the project's row), and nothing on disk changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewroom.store.i18n import t
from reviewroom.store.journal import journal_path
from reviewroom.store.project import Project
from reviewroom.tui.cli.common import ERROR_PREFIX
from tests.cli.test_damaged_files import DAMAGES, refusal
from tests.conftest import ProjectFactory
from tests.domain.test_journal import crash_copy
from tests.support import run_cli

STORE, BAK = "reviewroom.json", "reviewroom.json.bak"
# The app's commands last: were the damage missed, the rest would fail rather than the app run.
COMMANDS = (["request", "list", "acme"], ["request", "add", "acme", "Anything"],
            ["export", "acme", "-o", "-"], ["criteria", "show", "acme"],
            ["meeting", "end", "acme"], ["open", "acme"], ["watch", "acme"])
NO_BACKUP = {"en": "no backup {bak}", "pl": "kopii {bak}"}  # how each language names it


def files(folder: Path) -> dict[str, bytes | None]:
    """Every entry under the project folder with its bytes (None for a folder): what must not
    change."""
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


def assert_no_restore_advice(home: Path, folder: Path, lang: str = "en") -> None:
    """Every command refuses in one line without advising restore; ``restore`` itself says
    there is no backup; nothing on disk changes."""
    before = files(folder)
    no_backup = NO_BACKUP[lang].format(bak=folder / BAK)
    for args in COMMANDS:
        line = refusal(run_cli(home, "--lang", lang, *args))
        assert "reviewroom restore" not in line and no_backup in line, (args, line)
    listed = run_cli(home, "--lang", lang, "list")  # the row is in the project's language
    assert listed.exit_code == 0 and NO_BACKUP["en"].format(bak=folder / BAK) in listed.output
    assert "reviewroom restore" not in listed.output, listed.output
    restored = refusal(run_cli(home, "--lang", lang, "restore", "acme"))
    assert restored == ERROR_PREFIX + t(lang, "storage.no_backup", path=str(folder / STORE),
                                        bak=str(folder / BAK))
    assert files(folder) == before, "a refusal changes nothing"


@pytest.mark.parametrize("case", list(DAMAGES))
def test_a_fresh_project_damaged_before_its_first_backup(
    home: Path, new_project: ProjectFactory, case: str
) -> None:
    folder = new_project(meeting="Prototype review", requests=["Bigger logo"])
    assert not (folder / BAK).exists()
    store = folder / STORE
    store.write_bytes(DAMAGES[case](store.read_bytes()))
    assert_no_restore_advice(home, folder)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_a_deleted_backup_is_not_offered_in_either_language(
    home: Path, new_project: ProjectFactory, lang: str
) -> None:
    folder = new_project(meeting="Prototype review", requests=["Bigger logo"])
    with Project.open(folder) as project:  # a second writing session leaves a .bak
        project.add_request("Shorter quiz")
    (folder / BAK).unlink()
    (folder / STORE).write_bytes(b"{")
    assert_no_restore_advice(home, folder, lang)


def test_a_store_that_is_a_folder_and_no_backup(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Prototype review")
    (folder / STORE).unlink()
    (folder / STORE).mkdir()
    assert_no_restore_advice(home, folder)


def test_a_damaged_journal_and_no_backup(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Review", requests=["Bigger logo", "Shorter quiz"])
    with Project.open(folder) as project:  # a session that journals, then "crashes"
        project.update_request("CR-1", note="one")
        project.update_request("CR-1", note="two")
        project.update_request("CR-2", note="three")  # line 2 of 3 damaged below: not torn
        crashed = crash_copy(folder / STORE, home / "crashed")
    shutil.copyfile(crashed, folder / STORE)
    shutil.copyfile(journal_path(crashed), journal_path(folder / STORE))
    shutil.rmtree(home / "crashed")
    (folder / BAK).unlink()
    journal = journal_path(folder / STORE)
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1][:20] + b"#" + lines[1][21:]
    journal.write_bytes(b"".join(lines))
    assert_no_restore_advice(home, folder)


def test_with_a_backup_the_advice_is_still_restore(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Prototype review", requests=["Bigger logo"])
    with Project.open(folder) as project:
        project.add_request("Shorter quiz")
    (folder / STORE).write_bytes(b"{")
    line = refusal(run_cli(home, "open", "acme"))
    assert "reviewroom restore" in line and str(folder / BAK) in line


def test_restoring_a_sound_store_with_no_backup_offers_no_force(
    home: Path, new_project: ProjectFactory
) -> None:
    folder = new_project(meeting="Prototype review")
    before = files(folder)
    line = refusal(run_cli(home, "restore", "acme"))
    assert "--force" not in line and f"no backup {folder / BAK}" in line, line
    assert files(folder) == before


@pytest.mark.parametrize("bak", ["a folder", "a broken link"])
def test_a_missing_store_whose_backup_is_no_file_is_not_sent_to_restore(
    home: Path, new_project: ProjectFactory, bak: str
) -> None:
    """Something named like the backup shows the project had a history (it is no new project),
    but restore cannot use it: the hostile pass saw "run reviewroom restore", then restore
    refuse the backup as damaged."""
    folder = new_project(meeting="Prototype review", requests=["Bigger logo"])
    (folder / STORE).unlink()
    if bak == "a folder":
        (folder / BAK).mkdir()
    else:
        (folder / BAK).symlink_to(folder / "nowhere.json")
    before = files(folder)
    for args in COMMANDS:
        line = refusal(run_cli(home, *args))
        assert "reviewroom restore" not in line and f"no backup {folder / BAK}" in line, line
    assert files(folder) == before, "a refusal changes nothing"
