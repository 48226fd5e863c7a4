"""The file states of tests/cli/test_file_states.py and the runner that tries every command on them.

This module is imported by the test and, for the states that only bite an unprivileged user, by
a child process run as ``nobody`` (``python -m tests.file_states STATE…`` prints JSON). So the
runner records what happened (exit code, output, what changed on disk) and the judging happens in
the test, in one place, whoever ran the commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from reviewroom.store.minutes import export_minutes
from reviewroom.store.project import Project
from tests.helpers_deadline import deadline
from tests.support import brief_text, fixed_clock, make_project, run_cli

STORE, BAK, LOCK = "reviewroom.json", "reviewroom.json.bak", "reviewroom.lock"
KEPT = "Make the logo bigger"
HEALTHY_TITLE = "Zeta course"
# The order commands run in on one damaged copy: readers first, then the writers, restore last
# (the only ones allowed to change the project).
COMMANDS: dict[str, list[str]] = {
    "list": ["list"],
    "request list": ["request", "list", "acme"],
    "export": ["export", "acme"],
    "open": ["open", "acme"],
    "request add": ["request", "add", "acme", "Shorter quiz, please"],
    "restore": ["restore", "acme"],
}
READERS = frozenset({"list", "request list", "export"})
WRITERS = frozenset({"request add", "open"})
DAMAGED = frozenset({"list", "restore"})
SOUND = READERS | WRITERS
HANG_SECONDS = 20


# ------------------------------------------------------------------------------ damages


def edit_store(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path, Path], None]:
    """A damage that edits the parsed store; ``change`` returns a replacement or edits in place."""

    def make(folder: Path, outside: Path) -> None:
        path = folder / STORE
        data = json.loads(path.read_bytes())
        changed = change(data)
        path.write_text(json.dumps(data if changed is None else changed), "utf-8")

    return make


def write_store(payload: bytes) -> Callable[[Path, Path], None]:
    """A damage that replaces the store's bytes."""
    return lambda folder, outside: (folder / STORE).write_bytes(payload)


def replace_with(name: str, kind: str) -> Callable[[Path, Path], None]:
    """A damage that puts a folder, FIFO, device, symlink loop or outside link where ``name`` is."""

    def make(folder: Path, outside: Path) -> None:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "device":
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        elif kind == "loop":
            path.symlink_to(path.name)
        elif kind == "dangling":
            path.symlink_to(outside / "nowhere.json")
        elif kind == "link-file":
            path.symlink_to(outside / "target.txt")
        elif kind == "link-folder":
            path.symlink_to(outside)
        elif kind == "file":
            path.write_text("not a folder\n")
        else:
            raise ValueError(kind)

    return make


def chmod(name: str, mode: int) -> Callable[[Path, Path], None]:
    """A damage that changes the permission bits of ``name`` ("" for the project folder)."""
    return lambda folder, outside: os.chmod(folder / name if name else folder, mode)


def unlink(*names: str) -> Callable[[Path, Path], None]:
    """A damage that deletes files of the project."""

    def make(folder: Path, outside: Path) -> None:
        for name in names:
            (folder / name).unlink()

    return make


def both(*makers: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    """Several damages one after the other."""

    def make(folder: Path, outside: Path) -> None:
        for maker in makers:
            maker(folder, outside)

    return make


def truncate(folder: Path, outside: Path) -> None:
    """A store cut off in the middle, as a copy from a full disk leaves it."""
    path = folder / STORE
    path.write_bytes(path.read_bytes()[:99])


def only_brief(folder: Path, outside: Path) -> None:
    """A folder holding only brief.md, as made by hand or cloned: no history at all."""
    for entry in folder.iterdir():
        if entry.name != "brief.md":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def deep_front_matter(folder: Path, outside: Path) -> None:
    """A hand edit nesting a YAML value 10,000 deep in the brief's front matter."""
    text = (folder / "brief.md").read_text("utf-8")
    deep = "[" * 10_000 + "]" * 10_000
    (folder / "brief.md").write_text(text.replace("title: ", f"tags: {deep}\ntitle: ", 1))


def latin2_brief(folder: Path, outside: Path) -> None:
    """A hand edit saved in ISO-8859-2 rather than UTF-8."""
    text = (folder / "brief.md").read_text("utf-8").replace("Problem", "Problem żółw", 1)
    (folder / "brief.md").write_bytes(text.encode("iso-8859-2"))


def fill_disk(folder: Path, outside: Path) -> None:
    """Leave 0 bytes free on the file system holding the project (a small tmpfs in the test)."""
    fd = os.open(folder.parent.parent / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        size = 65536
        while size:
            try:
                os.write(fd, b"\0" * size)
            except OSError:
                size //= 2
    finally:
        os.close(fd)


def _request(data: dict[str, Any], number: str = "1") -> dict[str, Any]:
    request: dict[str, Any] = data["requests"][number]
    return request


def _meeting(data: dict[str, Any]) -> dict[str, Any]:
    meeting: dict[str, Any] = data["meetings"]["1"]
    return meeting


def _duplicate_request(data: dict[str, Any]) -> None:
    data["requests"]["2"]["id"] = "CR-1"


def _second_live_meeting(data: dict[str, Any]) -> None:
    data["meetings"]["2"] = dict(_meeting(data), id="M-2")


def _unknown_table(data: dict[str, Any]) -> None:
    data["notes"] = {"1": {"text": "hello"}}


def _deep_history(folder: Path, outside: Path) -> None:
    """A history value nested 2,000 deep (written as text: json.dumps would recurse too deep)."""
    path = folder / STORE
    data = json.loads(path.read_bytes())
    _request(data)["history"] = [{"at": "2026-11-27T09:00:00+00:00", "meeting": "M-1",
                                   "field": "by", "old": "DEEP", "new": ""}]
    deep = "[" * 2000 + '"x"' + "]" * 2000
    path.write_text(json.dumps(data).replace('"DEEP"', deep), "utf-8")


@dataclass(frozen=True)
class State:
    """One state a project's files can be in, and what each command must do with it.

    Args:
        name: shown in the test id.
        make: damages the project folder (``outside`` is a folder beside the home).
        ok: the commands that must succeed; every other one must be refused.
        needle: what a refusal must name ({folder}, {home} and {outside} are filled in).
        user: ``root``, ``nobody`` (run in a child as an unprivileged user) or ``tmpfs``.
        env_home: the home is given as ``REVIEWROOM_HOME`` pointing at this name under the base.
        warns: a successful ``request add`` must print a warning naming this.
        needles: what one command's refusal must name, where it differs from ``needle``.
    """

    name: str
    make: Callable[[Path, Path], None]
    ok: frozenset[str] = DAMAGED
    needle: str = "{folder}/" + STORE
    user: str = "root"
    env_home: str = ""
    warns: str = ""
    needles: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.name


STATES = [
    # ---- the store is missing, damaged or not one of ours: refused; restore brings .bak back
    State("store is {}", write_store(b"{}\n")),
    State("store deleted, backup kept", unlink(STORE)),
    State("store and backup deleted, minutes kept", unlink(STORE, BAK), ok=frozenset({"list"})),
    State("store is a folder", replace_with(STORE, "folder")),
    State("store is a FIFO", replace_with(STORE, "fifo")),
    State("store is a device node", replace_with(STORE, "device")),
    State("store is a symlink loop", replace_with(STORE, "loop")),
    State("store is a dangling symlink", replace_with(STORE, "dangling")),
    State("store is a symlink to a file outside", replace_with(STORE, "link-file")),
    State("store is zero bytes", write_store(b"")),
    State("store is truncated", truncate),
    State("store is not UTF-8", write_store(bytes(range(128, 256)))),
    State("store is a JSON list", write_store(b"[1, 2]\n")),
    State("store has no schema marker", edit_store(lambda d: d.pop("meta"))),
    State("store has a newer schema", edit_store(lambda d: d["meta"]["1"].update(schema=99))),
    State("store schema is text", edit_store(lambda d: d["meta"]["1"].update(schema="1"))),
    State("request text is a number", edit_store(lambda d: _request(d).update(request=7))),
    State("request text is a list", edit_store(lambda d: _request(d).update(request=["a"]))),
    State("by and due are numbers", edit_store(lambda d: _request(d).update(by=1, due=2))),
    State("unknown carried-over ID",
          edit_store(lambda d: _meeting(d).update(carried_over=["CR-99"]))),
    State("meeting ID is X", edit_store(lambda d: _meeting(d).update(id="X"))),
    State("request ID is foo", edit_store(lambda d: _request(d).update(id="foo"))),
    State("two requests with one ID", edit_store(_duplicate_request)),
    State("document ID is not a number",
          edit_store(lambda d: d["requests"].update(x=d["requests"].pop("2")))),
    State("5,000-digit number", lambda f, o: (f / STORE).write_bytes(
        (f / STORE).read_bytes().replace(b'"criteria_version": 1', b'"criteria_version": '
                                         + b"9" * 5000, 1))),
    State("5,000-digit document ID",
          edit_store(lambda d: d["requests"].update({"9" * 5000: d["requests"].pop("2")}))),
    State("version number is true",
          edit_store(lambda d: _meeting(d).update(criteria_version=True))),
    State("timestamp is not a date", edit_store(lambda d: _meeting(d).update(started_at="soon"))),
    State("two live meetings", edit_store(_second_live_meeting)),
    State("a table reviewroom does not know", edit_store(_unknown_table)),
    State("history nested 2,000 deep", _deep_history),
    State("verdict is not a verdict", edit_store(lambda d: _request(d).update(verdict="maybe"))),
    # ---- the store is sound but kept read-only on purpose: read, never replaced
    State("store is read-only on purpose", chmod(STORE, 0o444), ok=READERS,
          needle="{folder}/" + STORE),
    # ---- the lock, the backup, .damaged, minutes/ and the brief in strange states
    State("lock is a symlink to a file outside", replace_with(LOCK, "link-file"), ok=READERS,
          needle="{folder}/" + LOCK),
    State("lock is a folder", replace_with(LOCK, "folder"), ok=READERS,
          needle="{folder}/" + LOCK),
    State("lock is a FIFO", replace_with(LOCK, "fifo"), ok=READERS,
          needle="{folder}/" + LOCK),
    State("backup is a folder", replace_with(BAK, "folder"), ok=SOUND,
          warns=BAK),
    State("backup is a symlink to a file outside", replace_with(BAK, "link-file"), ok=SOUND,
          warns=BAK),
    State(".damaged is a symlink to a file outside",
          both(write_store(b"{}\n"), replace_with(STORE + ".damaged", "link-file")),
          ok=frozenset({"list"}), needles={"restore": "{folder}/" + STORE + ".damaged"}),
    State("minutes/ is a symlink to a folder outside", replace_with("minutes", "link-folder"),
          ok=SOUND - {"export"}, needle="{folder}/minutes",
          needles={"restore": "{folder}/" + STORE}),
    State("minutes/M-1.md is a symlink to a file outside",
          replace_with("minutes/M-1.md", "link-file"), ok=SOUND - {"export"},
          needle="{folder}/minutes/M-1.md", needles={"restore": "{folder}/" + STORE}),
    State("minutes is a file", replace_with("minutes", "file"), ok=SOUND - {"export"},
          needle="{folder}/minutes", needles={"restore": "{folder}/" + STORE}),
    State("brief front matter nested 10,000 deep", deep_front_matter, ok=READERS,
          needle="{folder}/brief.md:", needles={"restore": "{folder}/" + STORE}),
    State("brief saved as ISO-8859-2", latin2_brief, ok=READERS,
          needle="{folder}/brief.md:", needles={"restore": "{folder}/" + STORE}),
    State("folder holding only brief.md", only_brief,
          ok=frozenset({"list", "request list", "open"}), needle=""),
    State("REVIEWROOM_HOME is a file", lambda f, o: None, ok=frozenset(),
          env_home="home-file", needle="{base}/home-file"),
    # ---- as an unprivileged user (CI runs as root, where permissions do not bite)
    State("store unreadable", chmod(STORE, 0o000), user="nobody"),
    State("lock file read-only", chmod(LOCK, 0o400), ok=READERS, user="nobody",
          needle="{folder}/" + LOCK),
    State("project folder read-only", chmod("", 0o500), ok=READERS, user="nobody",
          needle="{folder}/" + LOCK),
    State("project folder unsearchable", chmod("", 0o000), ok=frozenset({"list"}),
          user="nobody", needle="{folder}"),
    State("brief unreadable", chmod("brief.md", 0o000), ok=READERS, user="nobody",
          needle="{folder}/brief.md", needles={"restore": "{folder}/" + STORE}),
    State("backup unreadable", chmod(BAK, 0o000), ok=SOUND, user="nobody",
          warns=BAK),
    State("store read-only for its owner", chmod(STORE, 0o400), ok=READERS, user="nobody",
          ),
    # ---- 0 bytes free
    State("disk full", fill_disk, ok=READERS - {"export"}, user="tmpfs",
          needle="{folder}/"),
]
BY_NAME = {state.name: state for state in STATES}


# ------------------------------------------------------------------------------ the runner


def build_template(home: Path) -> None:
    """acme: live M-1 with CR-1 and CR-2, a backup holding CR-1 and minutes/M-1.md; zeta: sound.

    Three writing sessions, so the third backs up the second's store (which holds CR-1).
    """
    acme = make_project(home, meeting="Prototype review")
    with Project.open(acme, clock=fixed_clock()) as opened:
        opened.add_request(KEPT, intent="Brand recall")
    with Project.open(acme, clock=fixed_clock()) as opened:
        opened.add_request("Shorter quiz")
        export_minutes(opened, opened.meeting("M-1"))
    clock = fixed_clock()
    zeta = make_project(home, "zeta", brief=brief_text(title=HEALTHY_TITLE), meeting="Kick-off",
                        clock=clock)
    with Project.open(zeta, clock=clock) as opened:
        opened.end_meeting()


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed) with its type and content, except the lock.

    The lock and its holder file are the one thing a refused writer may touch.
    """
    entries: dict[str, str] = {}
    for path in _walk(root):
        name = str(path.relative_to(root)) if path != root else "."
        if path.name.startswith(LOCK):
            continue
        try:
            st = path.lstat()
        except OSError as exc:
            entries[name] = f"lstat failed: {exc.strerror}"
            continue
        entries[name] = _describe(path, st)
    return entries


def _walk(root: Path) -> Iterator[Path]:
    """``root`` and everything below it that can be listed, without following links."""
    yield root
    try:
        children = sorted(root.iterdir()) if root.is_dir() and not root.is_symlink() else []
    except OSError:
        return
    for child in children:
        yield from _walk(child)


def _describe(path: Path, st: os.stat_result) -> str:
    """An entry's type, mode and content digest (a link's target, a file's bytes)."""
    mode = oct(stat.S_IMODE(st.st_mode))
    if stat.S_ISLNK(st.st_mode):
        return f"link {mode} -> {os.readlink(path)}"
    if stat.S_ISREG(st.st_mode):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = f"unreadable ino={st.st_ino} mtime={st.st_mtime_ns}"
        return f"file {mode} {digest}"
    kind = "folder" if stat.S_ISDIR(st.st_mode) else f"special {stat.S_IFMT(st.st_mode)}"
    return f"{kind} {mode}"


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The entries that appeared, went or changed."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def invoke(base: Path, state: State, command: str) -> dict[str, Any]:
    """Run one command on the damaged copy; ``open`` stops where the meeting app would start."""
    started: list[str] = []

    def no_app(project: Project, **kwargs: Any) -> None:
        started.append(project.slug)
        project.close()

    if state.env_home:
        home, env = None, {"REVIEWROOM_HOME": str(base / state.env_home)}
    else:
        home, env = base / "home", {}
    with mock.patch("reviewroom.tui.cli.live.run_app", no_app), deadline(HANG_SECONDS):
        result = run_cli(home, *COMMANDS[command], env=env)
    exception = result.exception
    return {
        "exit_code": result.exit_code,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "exception": None if isinstance(exception, SystemExit | None) else repr(exception),
        "app_started": bool(started),
    }


def run_state(state: State, base: Path, template: Path) -> list[dict[str, Any]]:
    """Damage a fresh copy of the ``template`` home under ``base`` and run every command on it.

    Returns one record per command: its result, what changed in the project folder and outside,
    and (for restore) the store's and backup's bytes afterwards.
    """
    home, outside, folder = base / "home", base / "outside", base / "home" / "acme"
    shutil.copytree(template, home, symlinks=True)
    outside.mkdir()
    (outside / "target.txt").write_text("outside the project\n")
    (base / "home-file").write_text("REVIEWROOM_HOME points here\n")
    good_bak = (folder / BAK).read_bytes()
    state.make(folder, outside)
    records = []
    try:
        for command in COMMANDS:
            before, outside_before = snapshot(folder), snapshot(outside)
            record = invoke(base, state, command)
            record.update(
                state=state.name,
                command=command,
                base=str(base),
                changed=changed(before, snapshot(folder)),
                outside_changed=changed(outside_before, snapshot(outside)),
                restored=_restored(folder, good_bak) if command == "restore" else None,
            )
            records.append(record)
    finally:
        os.chmod(folder, 0o700)  # so the test can clean up after "unsearchable" states
    return records


def _restored(folder: Path, good_bak: bytes) -> dict[str, Any]:
    """What restore left: the store equals the backup, the backup is untouched, damage kept."""

    def read(name: str) -> bytes | None:
        try:
            if not stat.S_ISREG((folder / name).lstat().st_mode):
                return None
            return (folder / name).read_bytes()
        except OSError:
            return None

    try:
        damaged = sorted(p.name for p in folder.iterdir() if ".damaged" in p.name)
    except OSError:
        damaged = []
    return {
        "store_is_backup": read(STORE) == good_bak,
        "backup_kept": read(BAK) == good_bak,
        "damaged": damaged,
    }


def main(root: Path, names: list[str]) -> None:
    """Run the named states in folders under ``root`` and print every record as JSON."""
    template = root / "template"
    build_template(template)
    records: list[dict[str, Any]] = []
    for number, name in enumerate(names):
        base = root / str(number)
        base.mkdir()
        records.extend(run_state(BY_NAME[name], base, template))
    json.dump(records, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
