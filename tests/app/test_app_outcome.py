"""How the meeting app ends, as the shell sees it: a refusal at start-up is one ``Error:`` line and
exit 1, a crash is one ``Error:`` line naming a private report and exit 70 — never a traceback on
the screen, never exit 0. The real ``reviewroom`` runs under ``script`` (a real terminal)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reviewroom.store.i18n import t
from reviewroom.store.project import Project
from reviewroom.tui.crash import CRASH_EXIT
from tests.support import make_project

pytestmark = pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1)")

# Textual's own escape sequences (it draws the screen), removed to read what is left as text.
ANSI = re.compile(
    r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][A-Z0-9]|[=>])"
)
# A fault injected at start-up: the meeting screen fails to mount, as a bug in it would.
FAULT = """
import reviewroom.tui.screens.meeting as meeting

def broken_mount(self):
    raise RuntimeError("injected fault: the meeting screen could not mount")

meeting.MeetingScreen.on_mount = broken_mount
"""


def run_in_terminal(tmp_path: Path, args: list[str], *,
                    fault: bool = False) -> tuple[int, str]:
    """Run ``reviewroom ARGS`` under ``script``; its exit status and what the terminal showed."""
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": str(tmp_path / "state")}
    if fault:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(FAULT, "utf-8")
        env["PYTHONPATH"] = str(site)
    command = shlex.join([str(Path(sys.executable).with_name("reviewroom")), *args])
    result = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True,
                            timeout=120, env=env)
    shown = ANSI.sub("", result.stdout.decode("utf-8", "replace"))
    shown = shown.replace("\r", "").replace("\x07", "")  # Textual rings the bell on a crash
    return result.returncode, shown


def error_lines(shown: str) -> list[str]:
    """The lines of the terminal output that report an error."""
    return [line for line in shown.splitlines() if "Error" in line or "Traceback" in line]


@pytest.mark.parametrize("title", [" ", "\u200b", ""])
def test_a_refused_title_at_start_up_is_one_error_line_and_exit_1(tmp_path: Path,
                                                                  title: str) -> None:
    folder = make_project(tmp_path / "home")
    code, shown = run_in_terminal(tmp_path, ["--home", str(tmp_path / "home"), "open", "acme",
                                             "--new-meeting", title])
    assert code == 1, shown
    assert error_lines(shown) == ["Error: " + t("en", "meeting.empty_title")], shown
    with Project.open(folder) as project:  # nothing started, and the lock was released
        assert project.meetings() == []


def test_a_crash_is_one_error_line_a_private_report_and_never_exit_0(tmp_path: Path,
                                                                      folder: Path) -> None:
    before = sorted(p.name for p in folder.rglob("*"))
    code, shown = run_in_terminal(tmp_path, ["--home", str(tmp_path / "home"), "open", "acme"],
                                  fault=True)
    assert code == CRASH_EXIT, shown
    lines = error_lines(shown)
    assert len(lines) == 1 and lines[0].startswith("Error: reviewroom stopped"), shown
    assert "Traceback" not in shown and "injected fault" not in shown
    logs = tmp_path / "state" / "reviewroom" / "log"
    reports = list(logs.glob("crash-*.log"))
    assert len(reports) == 1 and str(reports[0]) in lines[0]
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert "RuntimeError: injected fault" in reports[0].read_text("utf-8")
    assert sorted(p.name for p in folder.rglob("*")) == before  # nothing in the project folder
    with Project.open(folder) as project:  # the lock was released
        assert project.live_meeting is not None


def test_a_crash_outside_the_app_is_reported_the_same_way(tmp_path: Path, folder: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import reviewroom.store.project\n"
        "def broken(self):\n    raise KeyError('injected fault in a listing')\n"
        "reviewroom.store.project.Project.requests = broken\n", "utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHONPATH": str(site)}
    result = subprocess.run([str(Path(sys.executable).with_name("reviewroom")), "--home",
                             str(tmp_path / "home"), "request", "list", "acme"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == CRASH_EXIT
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert folder.exists()
