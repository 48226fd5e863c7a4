"""``reviewroom export``: every option, every refusal (exit 1, nothing written), a live writer."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from reviewroom.store.minutes import render_html, render_markdown
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.domain.test_minutes import BRIEF, build_review_project
from tests.support import run_cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(home: Path) -> Path:
    """The two-meeting review project (closed after building), under ``home``."""
    with build_review_project(home, "acme") as built:
        return built.path


def expected(folder: Path, meeting: str = "latest", fmt: str = "md",
             lang: str | None = None) -> str:
    """The minutes as the library renders them."""
    with Project.open(folder, readonly=True, lang=lang) as opened:
        found = opened.meeting(meeting)
        if fmt == "html":
            return render_html(opened, found)
        return render_markdown(opened, found)


def assert_refused(result: Result) -> str:
    """Exit 1 with one ``Error: …`` line on stderr and no traceback; returns the message."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def minutes_files(folder: Path) -> list[str]:
    """What the minutes folder holds (nothing when it does not exist)."""
    target = folder / "minutes"
    return sorted(p.name for p in target.iterdir()) if target.exists() else []


def test_default_exports_latest_meeting_as_markdown_to_minutes(folder: Path) -> None:
    result = run_cli(folder.parent, "export", "acme")
    assert result.exit_code == 0, result.output
    path = folder / "minutes" / "M-2.md"
    assert result.stdout == f"{path}\n"
    assert path.read_text("utf-8") == expected(folder)


def test_meeting_option_picks_a_meeting(folder: Path) -> None:
    result = run_cli(folder.parent, "export", "acme", "--meeting", "M-1")
    assert result.exit_code == 0, result.output
    assert (folder / "minutes" / "M-1.md").read_text("utf-8") == expected(folder, "M-1")
    assert minutes_files(folder) == ["M-1.md"]


def test_format_html_writes_a_page(folder: Path) -> None:
    result = run_cli(folder.parent, "export", "acme", "--format", "html")
    assert result.exit_code == 0, result.output
    page = (folder / "minutes" / "M-2.html").read_text("utf-8")
    assert page == expected(folder, fmt="html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')


def test_output_file_and_format_from_its_extension(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    result = run_cli(folder.parent, "export", str(folder), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    assert target.read_text("utf-8") == expected(folder, fmt="html")
    assert minutes_files(folder) == []


def test_output_dash_prints_to_stdout_and_writes_nothing(folder: Path) -> None:
    result = run_cli(folder.parent, "export", "acme", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected(folder)
    assert minutes_files(folder) == []


def test_lang_option_writes_polish_minutes(folder: Path) -> None:
    result = run_cli(folder.parent, "--lang", "pl", "export", "acme", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Protokół: Prototype review\n")
    assert result.stdout == expected(folder, lang="pl")
    assert "ostrzeżenie: CR-5 intencja: „obviously”" in result.stderr


def test_tone_warnings_go_to_stderr_and_do_not_block(folder: Path) -> None:
    result = run_cli(folder.parent, "export", "acme")
    assert result.exit_code == 0
    assert result.stderr == 'warning: CR-5 intent: "obviously"\n'
    assert (folder / "minutes" / "M-2.md").exists()


def test_unknown_meeting_is_refused(folder: Path) -> None:
    refused = run_cli(folder.parent, "export", "acme", "--meeting", "M-9")
    assert "No meeting 'M-9'" in assert_refused(refused)
    assert minutes_files(folder) == []


def test_project_without_meetings_is_refused(home: Path, new_project: ProjectFactory) -> None:
    path = new_project("empty", brief=BRIEF)
    assert "no meetings" in assert_refused(run_cli(home, "export", "empty"))
    assert minutes_files(path) == []


def test_unknown_project_is_refused(home: Path) -> None:
    home.mkdir()
    result = run_cli(home, "export", "nope")
    assert "No project 'nope'" in assert_refused(result)


def test_output_in_a_missing_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "m.md"
    assert "Cannot write the minutes" in assert_refused(
        run_cli(folder.parent, "export", "acme", "-o", str(target)))
    assert not target.parent.exists()


def test_output_that_is_a_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    before = sorted(tmp_path.iterdir())
    refused = run_cli(folder.parent, "export", "acme", "-o", str(tmp_path))
    assert "is a folder" in assert_refused(refused)
    assert sorted(tmp_path.iterdir()) == before


def test_output_under_a_file_is_refused(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    assert_refused(run_cli(folder.parent, "export", "acme", "-o", str(blocker / "m.md")))
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_output_in_a_read_only_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert "Cannot write the minutes" in assert_refused(
            run_cli(folder.parent, "export", "acme", "-o", str(locked / "m.md")))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_existing_minutes_survive_a_failed_export(folder: Path) -> None:
    assert run_cli(folder.parent, "export", "acme").exit_code == 0
    before = (folder / "minutes" / "M-2.md").read_bytes()
    assert_refused(run_cli(folder.parent, "export", "acme", "--meeting", "M-7"))
    assert (folder / "minutes" / "M-2.md").read_bytes() == before


def test_export_works_while_another_process_holds_the_lock(
    folder: Path, lock_holder: Callable[[Path], subprocess.Popen[str]]
) -> None:
    lock_holder(folder)
    assert "Error" in run_cli(folder.parent, "meeting", "start", "acme", "--title", "X").stderr
    result = run_cli(folder.parent, "export", "acme", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (folder / "minutes" / "M-2.html").exists()


def test_export_of_a_live_meeting_while_its_writer_is_running(tmp_path: Path) -> None:
    """A real writer process with a live meeting; the command line export runs beside it."""
    home = tmp_path / "home"
    with build_review_project(home, "live"):
        pass
    script = (
        "import sys\nfrom pathlib import Path\nfrom reviewroom.store.project import Project\n"
        "p = Project.open(Path(sys.argv[1]))\np.start_meeting('Live review')\n"
        "p.add_request('Make the logo | bigger')\nprint('ready', flush=True)\nsys.stdin.read()\n"
        "p.close()\n"
    )
    root = Path(__file__).resolve().parents[2]
    writer = subprocess.Popen([sys.executable, "-c", script, str(home / "live")], cwd=root,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        result = run_cli(home, "export", "live", "-o", "-")
        assert result.exit_code == 0, result.output
        assert "# Minutes: Live review" in result.stdout
        assert "still in progress" in result.stdout
        assert "| CR-9 | Make the logo \\| bigger |" in result.stdout
    finally:
        assert writer.stdin is not None
        writer.stdin.close()
        writer.wait(timeout=30)
        if writer.stdout:
            writer.stdout.close()


def test_export_has_help_with_an_example() -> None:
    result = run_cli(None, "export", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "reviewroom export" in result.output


def test_export_does_not_import_textual() -> None:
    code = (
        "import sys\nfrom reviewroom.tui.cli import cli\n"
        "try:\n    cli.main(['export', '--help'], standalone_mode=False)\nexcept SystemExit:\n"
        "    pass\nprint(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], check=True)
    assert out.stdout.strip().endswith("False")


# ------------------------------------------------------------------ -o onto devices, FIFOs, links


def test_output_onto_a_device_writes_to_it_and_keeps_the_node(folder: Path, tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null
    except OSError as exc:
        pytest.skip(f"mknod is not allowed here ({exc.strerror})")
    result = run_cli(folder.parent, "export", "acme", "-o", str(node))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.lstat().st_mode), "the device node was replaced by a file"
    assert node.lstat().st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".null")) == []


def test_output_onto_a_fifo_writes_to_its_reader(folder: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "minutes.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli(folder.parent, "export", "acme", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert received == [expected(folder).encode("utf-8")]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_through_a_symlink_replaces_the_file_it_names(folder: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "review.md"
    real.parent.mkdir()
    real.write_text("old minutes")
    link = tmp_path / "review.md"
    link.symlink_to(real)
    result = run_cli(folder.parent, "export", "acme", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text("utf-8") == expected(folder)


def test_output_through_a_symlink_to_a_descriptor_writes_to_it(
    folder: Path, tmp_path: Path
) -> None:
    link = tmp_path / "out.md"
    link.symlink_to("/proc/self/fd/1")
    done = subprocess.run(
        [sys.executable, "-m", "reviewroom", "--home", str(folder.parent), "export", "acme",
         "-o", str(link)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected(folder), "the minutes, and no path mixed into them"
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_output_to_dev_stdout_writes_to_stdout(folder: Path) -> None:
    before = os.readlink("/dev/stdout")
    done = subprocess.run(
        [sys.executable, "-m", "reviewroom", "--home", str(folder.parent), "export", "acme",
         "-o", "/dev/stdout"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected(folder)
    assert os.readlink("/dev/stdout") == before
