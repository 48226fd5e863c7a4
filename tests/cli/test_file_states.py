"""Every state a project's files can be in × list, request list, export, open, request add, restore.

A refusal is one clear line (``Error: …`` or ``brief.md:LINE: error: …``) naming the file, exit 1,
no traceback, no hang, and nothing written: every entry of the project folder (but the lock) and
of a folder outside it byte-identical. ``reviewroom list`` still lists the healthy project and
shows the damaged one's error in its row. Where ``restore`` applies it puts the backup back and
keeps what it replaced. ``open`` must refuse before the meeting app would start.

The states and the runner are in tests/file_states.py. States that only bite an unprivileged user
run in one child process as ``nobody`` (CI runs as root); the disk-full state runs on a small tmpfs.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.file_states import (
    COMMANDS,
    HEALTHY_TITLE,
    STATES,
    State,
    build_template,
    run_state,
)

ROOT = Path(__file__).resolve().parents[2]
BRIEF_LINE = re.compile(r".+:\d+: error: .+")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The healthy home every state starts from (built once)."""
    home = tmp_path_factory.mktemp("template") / "home"
    build_template(home)
    return home


def judge(state: State, records: list[dict[str, Any]]) -> list[str]:
    """Everything that went wrong with one state, as readable lines (empty when all is well)."""
    assert [r["command"] for r in records] == list(COMMANDS)
    problems: list[str] = []
    for record in records:
        command = record["command"]
        found = [f"{command}: {p}" for p in _judge_one(state, record)]
        problems.extend(found)
    return problems


def _judge_one(state: State, record: dict[str, Any]) -> list[str]:
    """What went wrong with one command on one state."""
    command, base = record["command"], Path(record["base"])
    problems = []
    if record["exception"]:
        problems.append(f"crashed: {record['exception']}")
    if "Traceback" in record["stdout"] + record["stderr"]:
        problems.append("printed a traceback")
    if record["outside_changed"]:
        problems.append(f"wrote outside the project: {record['outside_changed']}")
    if command in state.ok:
        problems += _judge_success(state, record)
    else:
        needle = state.needles.get(command, state.needle).format(
            folder=base / "home" / "acme", home=base / "home", base=base
        )
        problems += _judge_refusal(record, needle)
    return problems


def _judge_success(state: State, record: dict[str, Any]) -> list[str]:
    """A command that must work: exit 0, and only the changes it is there to make."""
    command, problems = record["command"], []
    if record["exit_code"] != 0:
        return [f"refused ({record['exit_code']}): {record['stderr'].strip()!r}"]
    if command in ("list", "request list", "open") and record["changed"]:
        problems.append(f"a read changed the project: {record['changed']}")
    if command == "export" and any(not c.startswith("minutes") for c in record["changed"]):
        problems.append(f"export changed more than minutes/: {record['changed']}")
    if command == "open" and not record["app_started"]:
        problems.append("the meeting app did not start")
    if command == "list":
        problems += _judge_list(state, record["stdout"])
    if command == "request add" and state.warns and state.warns not in record["stderr"]:
        problems.append(f"no warning naming {state.warns}: {record['stderr']!r}")
    if command == "restore":
        restored = record["restored"]
        if not (restored["store_is_backup"] and restored["backup_kept"]):
            problems.append(f"restore did not put the backup back: {restored}")
        if "deleted" not in state.name and not restored["damaged"]:
            problems.append("restore kept no copy of what it replaced")
    return problems


def _judge_list(state: State, stdout: str) -> list[str]:
    """The healthy project is listed as usual; the damaged one shows its error in its row."""
    rows = {line.split()[0]: line for line in stdout.splitlines() if line.strip()}
    problems = []
    if HEALTHY_TITLE not in rows.get("zeta", ""):
        problems.append(f"the healthy project is not listed: {stdout!r}")
    damaged = "request list" not in state.ok
    if "acme" not in rows:
        problems.append(f"the damaged project has no row: {stdout!r}")
    elif damaged != ("cannot be read" in rows["acme"]):
        problems.append(f"acme's row should {'' if damaged else 'not '}show an error: {stdout!r}")
    return problems


def _judge_refusal(record: dict[str, Any], needle: str) -> list[str]:
    """A command that must be refused: exit 1, one clear line naming the file, nothing written."""
    problems = []
    if record["exit_code"] != 1:
        problems.append(f"exit code {record['exit_code']}, not 1")
    lines = [line for line in record["stderr"].splitlines() if line.strip()]
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr, not 1: {record['stderr']!r}")
    elif not (lines[0].startswith("Error: ") or BRIEF_LINE.fullmatch(lines[0])):
        problems.append(f"not an error line: {lines[0]!r}")
    elif needle not in lines[0]:
        problems.append(f"does not name {needle}: {lines[0]!r}")
    if record["changed"]:
        problems.append(f"a refused command changed the project: {record['changed']}")
    if record["app_started"]:
        problems.append("the meeting app started")
    return problems


def _states(user: str) -> list[Any]:
    return [pytest.param(s, id=s.name) for s in STATES if s.user == user]


@pytest.mark.parametrize("state", _states("root"))
def test_file_state(state: State, tmp_path: Path, template: Path) -> None:
    if "device" in state.name:
        try:
            os.mknod(tmp_path / "probe", 0o600 | 0o020000, os.makedev(1, 3))
        except OSError as exc:
            pytest.skip(f"mknod is not allowed here ({exc.strerror})")
    problems = judge(state, run_state(state, tmp_path, template))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------- as an unprivileged user


def unprivileged_prefix() -> list[str]:
    """The command prefix that drops to ``nobody`` (empty when not root: permissions bite already).

    Skips when root cannot drop privileges here (no setpriv, or a sandbox refusing setuid).
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("there is no user 'nobody' to run the permission states as")
    if setpriv is None:
        pytest.skip("setpriv is not installed, so the permission states cannot run unprivileged")
    return [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]


@pytest.fixture(scope="module")
def unprivileged_records() -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Every ``nobody`` state, run in one child process as that user; records by state."""
    prefix = unprivileged_prefix()
    root = Path(tempfile.mkdtemp(prefix="reviewroom-nobody-"))
    try:
        if prefix:
            nobody = pwd.getpwnam("nobody")
            os.chown(root, nobody.pw_uid, nobody.pw_gid)
        names = [s.name for s in STATES if s.user == "nobody"]
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOME=str(root))
        child = subprocess.run(
            [*prefix, sys.executable, "-m", "tests.file_states", str(root), *names],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
        )
        if prefix and child.returncode != 0 and "setpriv" in child.stderr:
            pytest.skip(f"dropping to nobody was refused: {child.stderr.strip()}")
        assert child.returncode == 0, child.stderr
        records: dict[str, list[dict[str, Any]]] = {}
        for record in json.loads(child.stdout):
            records.setdefault(record["state"], []).append(record)
        yield records
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("state", _states("nobody"))
def test_file_state_as_unprivileged_user(
    state: State, unprivileged_records: dict[str, list[dict[str, Any]]]
) -> None:
    problems = judge(state, unprivileged_records[state.name])
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- 0 bytes free


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs to fill up (root only; skipped where mounting is refused)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs was refused: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("state", _states("tmpfs"))
def test_file_state_on_a_full_disk(state: State, small_tmpfs: Path, template: Path) -> None:
    problems = judge(state, run_state(state, small_tmpfs, template))
    assert not problems, "\n".join(problems)
