"""Nothing saved is lost or silently replaced: the scenarios of issue 7 (tracker 9), end to end.

A ``{}`` or deleted store is refused rather than taken for a new project; a refused command writes
nothing, not even the backup or a hand-edited brief's version; the backup never shrinks silently;
``restore`` keeps every copy it replaces; the lock always names its holder; IDs typed on the
command line that only look like numbers are refused in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.support import brief_text, fixed_clock, run_cli

ROOT = Path(__file__).resolve().parents[2]
STORE, BAK = "reviewroom.json", "reviewroom.json.bak"


def ok(result: Result) -> str:
    """Exit 0 without an exception; returns stdout."""
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def refused(result: Result) -> str:
    """Exit 1, one ``Error: …`` line, no traceback; returns the line."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def files(folder: Path) -> dict[str, str]:
    """Every file of the project (but the lock) with a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("reviewroom.lock")
    }


@pytest.fixture
def acme(home: Path, new_project: ProjectFactory) -> Path:
    """acme after three sessions: M-1 live, CR-1 and CR-2, a backup holding CR-1, minutes."""
    folder = new_project(meeting="Prototype review")
    ok(run_cli(home, "request", "add", "acme", "Make the logo bigger", "--intent", "Brand recall"))
    ok(run_cli(home, "request", "add", "acme", "Shorter quiz"))
    ok(run_cli(home, "export", "acme"))
    return folder


# ------------------------------------------------------------------ {} and a deleted store


def test_an_empty_object_is_refused_and_the_backup_survives(home: Path, acme: Path) -> None:
    store, bak = acme / STORE, acme / BAK
    good_bak = bak.read_bytes()
    store.write_bytes(b"{}")
    before = files(acme)

    assert "is not a reviewroom store" in refused(run_cli(home, "request", "list", "acme"))
    refused(run_cli(home, "request", "add", "acme", "Anything"))
    refused(run_cli(home, "meeting", "start", "acme", "--title", "Again"))
    assert files(acme) == before, "a refused command rotated nothing"

    ok(run_cli(home, "restore", "acme"))
    assert store.read_bytes() == good_bak and bak.read_bytes() == good_bak
    assert (acme / f"{STORE}.damaged").read_bytes() == b"{}"
    listed = ok(run_cli(home, "request", "list", "acme"))
    assert "Make the logo bigger" in listed


def test_a_deleted_store_with_a_backup_is_refused_not_restarted(home: Path, acme: Path) -> None:
    (acme / STORE).unlink()
    minutes = (acme / "minutes" / "M-1.md").read_bytes()
    before = files(acme)

    line = refused(run_cli(home, "meeting", "start", "acme", "--title", "Fresh start"))
    assert "is missing" in line and "reviewroom restore" in line
    refused(run_cli(home, "request", "add", "acme", "Anything"))
    refused(run_cli(home, "export", "acme"))
    assert files(acme) == before
    assert (acme / "minutes" / "M-1.md").read_bytes() == minutes

    ok(run_cli(home, "restore", "acme"))
    listed = ok(run_cli(home, "request", "list", "acme", "--meeting", "M-1"))
    assert "Make the logo bigger" in listed


def test_a_deleted_store_and_backup_with_minutes_is_refused(home: Path, acme: Path) -> None:
    (acme / STORE).unlink()
    (acme / BAK).unlink()
    line = refused(run_cli(home, "meeting", "start", "acme", "--title", "Fresh start"))
    assert str(acme / "minutes" / "M-1.md") in line and "your own backups" in line
    assert not (acme / STORE).exists()


def test_a_folder_holding_only_a_brief_becomes_a_project(home: Path) -> None:
    folder = home / "cloned"
    folder.mkdir(parents=True)
    (folder / "brief.md").write_text(brief_text(), "utf-8")
    assert "No requests" in ok(run_cli(home, "request", "list", "cloned"))
    refused(run_cli(home, "request", "add", "cloned", "No meeting yet"))
    assert sorted(p.name for p in folder.iterdir()) == ["brief.md", "reviewroom.lock"]
    assert ok(run_cli(home, "meeting", "start", "cloned", "--title", "Kick-off")).strip() == "M-1"
    with Project.open(folder, readonly=True) as opened:
        assert opened.criteria_version == 1 and opened.meeting().id == "M-1"


# ------------------------------------------------------------------ a refusal writes nothing


def test_a_refused_command_after_a_hand_edit_writes_nothing(home: Path, acme: Path) -> None:
    brief = acme / "brief.md"
    brief.write_text(brief.read_text("utf-8").replace("by 40%", "by 45%"), "utf-8")
    before = files(acme)
    session_start = (acme / STORE).read_bytes()

    assert run_cli(home, "request", "add", "acme", "Anything", "--verdict", "maybe").exit_code == 2
    refused(run_cli(home, "request", "add", "acme", "Anything", "--verdict", "consistent"))
    refused(run_cli(home, "request", "set", "acme", "CR-9", "--by", "Dana"))
    assert files(acme) == before, "no criteria version, no .bak rotation, nothing"
    with Project.open(acme, readonly=True) as opened:
        assert opened.criteria_version == 1

    ok(run_cli(home, "request", "add", "acme", "Audio for the quiz"))
    with Project.open(acme, readonly=True) as opened:
        assert opened.criteria_version == 2
        assert opened.versions()[-1].reason == "edited outside reviewroom"
        assert opened.request("CR-3").request == "Audio for the quiz"
    assert (acme / BAK).read_bytes() == session_start


def test_hand_edits_before_the_first_meeting_replace_version_1(
    home: Path, new_project: ProjectFactory
) -> None:
    folder = new_project()
    brief = folder / "brief.md"
    brief.write_text(brief.read_text("utf-8").replace("by 40%", "by 45%"), "utf-8")
    ok(run_cli(home, "criteria", "show", "acme"))
    assert ok(run_cli(home, "meeting", "start", "acme", "--title", "Kick-off")).strip() == "M-1"
    with Project.open(folder, readonly=True) as opened:
        assert [v.number for v in opened.versions()] == [1]
        assert "45%" in opened.criteria.by_id()["R1"].text
        assert opened.meeting("M-1").criteria_version == 1
        assert opened.versions()[0].reason == "initial criteria"

    brief.write_text(brief.read_text("utf-8").replace("by 45%", "by 50%"), "utf-8")
    ok(run_cli(home, "request", "add", "acme", "After the meeting started"))
    with Project.open(folder, readonly=True) as opened:
        assert [v.reason for v in opened.versions()] == [
            "initial criteria", "edited outside reviewroom"]


def test_an_explicit_revision_before_the_first_meeting_is_a_new_version(
    home: Path, new_project: ProjectFactory
) -> None:
    folder = new_project()
    draft = folder.parent / "draft.md"
    draft.write_text(brief_text().replace("by 40%", "by 45%"), "utf-8")
    ok(run_cli(home, "criteria", "revise", "acme", "--reason", "Client asked",
               "--brief", str(draft)))
    with Project.open(folder, readonly=True) as opened:
        assert [v.reason for v in opened.versions()] == ["initial criteria", "Client asked"]


def test_opening_and_quitting_writes_nothing(home: Path, acme: Path) -> None:
    brief = acme / "brief.md"
    brief.write_text(brief.read_text("utf-8").replace("by 40%", "by 45%"), "utf-8")
    before = files(acme)
    with Project.open(acme) as opened:
        assert opened.criteria_version == 2, "the edit is shown at once"
    assert files(acme) == before, "and written only with the first change"


# ------------------------------------------------------------------ the backup


def test_a_backup_holding_more_is_kept_and_the_write_goes_ahead(home: Path, acme: Path) -> None:
    store, bak = acme / STORE, acme / BAK
    data = json.loads(store.read_bytes())
    data["requests"] = {}  # an old copy put in place: no requests at all
    store.write_text(json.dumps(data), "utf-8")
    kept = bak.read_bytes()

    result = run_cli(home, "request", "add", "acme", "Captured anyway")
    assert ok(result).strip() == "CR-1"
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and str(bak) in warning[0] and "kept" in warning[0]
    assert bak.read_bytes() == kept, "the larger backup survives"
    with Project.open(acme, readonly=True) as opened:
        assert [r.request for r in opened.requests()] == ["Captured anyway"]


def test_the_backup_is_taken_when_the_first_save_failed(
    acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_start = (acme / STORE).read_bytes()
    (acme / BAK).unlink()
    real_replace = os.replace

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with Project.open(acme, clock=fixed_clock()) as opened:
        monkeypatch.setattr(os, "replace", disk_full)
        with pytest.raises(ReviewError) as info:
            opened.add_request("Lost to a full disk")
        assert "Cannot save" in str(info.value) and "No space left" in str(info.value)
        monkeypatch.setattr(os, "replace", real_replace)
        assert not (acme / BAK).exists()
        opened.add_request("Saved once there is space")
    assert (acme / BAK).read_bytes() == session_start


def test_every_restore_keeps_what_it_replaced(home: Path, acme: Path) -> None:
    store = acme / STORE
    for number, damage in enumerate([b"", b"{", b"[]"], start=1):
        store.write_bytes(damage)
        ok(run_cli(home, "restore", "acme"))
        name = f"{STORE}.damaged" + ("" if number == 1 else f".{number}")
        assert (acme / name).read_bytes() == damage
    assert sorted(p.name for p in acme.glob("*.damaged*")) == [
        f"{STORE}.damaged", f"{STORE}.damaged.2", f"{STORE}.damaged.3"]


def test_restore_moves_a_folder_or_fifo_aside_instead_of_reading_it(
    home: Path, acme: Path
) -> None:
    store = acme / STORE
    store.unlink()
    store.mkdir()
    (store / "inside.txt").write_text("kept")
    ok(run_cli(home, "restore", "acme"))
    assert (acme / f"{STORE}.damaged" / "inside.txt").read_text() == "kept"
    store.unlink()
    os.mkfifo(store)
    ok(run_cli(home, "restore", "acme"))  # would block forever if the FIFO were opened
    assert (acme / f"{STORE}.damaged.2").is_fifo()
    assert "Make the logo bigger" in ok(run_cli(home, "request", "list", "acme"))


def test_restore_refuses_a_backup_that_is_not_a_reviewroom_store(home: Path, acme: Path) -> None:
    (acme / STORE).write_bytes(b"")
    (acme / BAK).write_bytes(b"{}")
    assert "damaged too" in refused(run_cli(home, "restore", "acme"))
    assert (acme / STORE).read_bytes() == b""


def test_restore_removes_a_killed_writers_leftover_temp(home: Path, acme: Path) -> None:
    leftover = acme / f".{STORE}.k9x2.tmp"
    leftover.write_bytes(b"half a store")
    (acme / STORE).write_bytes(b"")
    ok(run_cli(home, "restore", "acme"))
    assert not leftover.exists()


# ------------------------------------------------------------------ the lock names its holder

CONTEND = """
import sys
from pathlib import Path
from reviewroom.store.errors import LockHeldError
from reviewroom.store.project import Project

folder, rounds = Path(sys.argv[1]), int(sys.argv[2])
for _ in range(rounds):
    try:
        with Project.open(folder) as project:
            project.set_attendees([])
    except LockHeldError as exc:
        print(exc, flush=True)
"""


def test_a_refused_writer_always_learns_who_holds_the_lock(acme: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", CONTEND, str(acme), "8"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    refusals = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        refusals += out.splitlines()
    assert refusals, "eight writers at once were never refused: the test proves nothing"
    unnamed = [line for line in refusals if "?" in line.split(" since ")[0] or "since ?" in line]
    assert unnamed == [], f"{len(unnamed)} of {len(refusals)} refusals did not name the holder"


# ------------------------------------------------------------------ IDs typed on the command line


@pytest.mark.parametrize("ref", ["³", "M-³", "M-" + "9" * 5000, "9" * 5000, "M-1.0", "M- 1",
                                 "M-٣", "Ⅻ"])
def test_a_meeting_id_that_only_looks_like_a_number_is_refused(
    home: Path, acme: Path, ref: str
) -> None:
    for args in (["request", "list", "acme", "--meeting", ref], ["export", "acme", "--meeting",
                                                                 ref]):
        assert "No meeting" in refused(run_cli(home, *args))


@pytest.mark.parametrize("ref", ["CR-³", "CR-" + "9" * 5000, "CR-٣", "CR--1", "CR-0"])
def test_a_request_id_that_only_looks_like_a_number_is_refused(
    home: Path, acme: Path, ref: str
) -> None:
    before = files(acme)
    line = refused(run_cli(home, "request", "set", "acme", ref, "--by", "Dana"))
    assert "not a request ID" in line or "No request" in line
    assert files(acme) == before


def test_a_home_that_is_a_file_is_one_clear_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    for args in (["list"], ["new", "acme"], ["request", "list", "acme"], ["open", "acme"]):
        result = run_cli(None, *args, env={"REVIEWROOM_HOME": str(home)})
        assert "is not a folder" in refused(result)
    assert home.read_text() == "not a folder"


def test_damaged_file_errors_are_damaged_file_errors(acme: Path) -> None:
    (acme / STORE).write_bytes(b"{}")
    for readonly in (True, False):
        with pytest.raises(DamagedFileError):
            Project.open(acme, readonly=readonly)


async def test_the_meeting_app_shows_the_kept_backup_warning(acme: Path) -> None:
    from tests.support import make_app

    store = acme / STORE
    data = json.loads(store.read_bytes())
    data["requests"] = {}
    store.write_text(json.dumps(data), "utf-8")
    app = make_app(acme)
    shown: list[tuple[str, str]] = []
    def notify(message: str, **options: object) -> None:
        shown.append((message, str(options.get("severity", ""))))

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await pilot.pause()
        app.project.add_request("Captured in the app")
        await pilot.pause()
    warnings = [message for message, severity in shown if severity == "warning"]
    assert any(str(acme / BAK) in message and "kept" in message for message in warnings), shown


def test_a_revision_never_writes_through_a_symlinked_brief(
    home: Path, acme: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-brief.md"
    shared.write_bytes((acme / "brief.md").read_bytes())
    (acme / "brief.md").unlink()
    (acme / "brief.md").symlink_to(shared)
    draft = tmp_path / "draft.md"
    draft.write_text(brief_text().replace("by 40%", "by 45%"), "utf-8")
    before, store = shared.read_bytes(), (acme / STORE).read_bytes()
    line = refused(run_cli(home, "criteria", "revise", "acme", "--reason", "R",
                           "--brief", str(draft)))
    assert str(acme / "brief.md") in line and "symlink" in line
    assert shared.read_bytes() == before and (acme / STORE).read_bytes() == store
    assert (acme / "brief.md").is_symlink()
