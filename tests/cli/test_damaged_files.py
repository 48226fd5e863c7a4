"""A damaged reviewroom.json is refused with one clear line and recovered by ``reviewroom restore``.

Each case damages the store of a project whose ``.bak`` holds a captured request, then checks
that the reading CLI, the app's ``open`` and ``Project.open`` all refuse it naming the file and the
backup (exit 1, no traceback), that nothing touches the damaged file or the backup meanwhile, and
that ``restore`` brings the project back with the backup's data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from reviewroom.store.errors import DamagedFileError
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory
from tests.support import run_cli

KEPT = "Make the logo bigger"


def refusal(result: Result) -> str:
    """Exit 1 with exactly one ``Error: …`` line and no traceback; returns that line."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def with_json(change: Callable[[dict[str, Any]], Any]) -> Callable[[bytes], bytes]:
    """A damage that edits the parsed store (``change`` returns the new document, or None to
    keep the edited one)."""

    def damage(good: bytes) -> bytes:
        data = json.loads(good)
        changed = change(data)
        return json.dumps(data if changed is None else changed).encode()

    return damage


def _strip_request(data: dict[str, Any]) -> None:
    data["requests"]["1"] = {"id": "CR-1", "meeting": "M-1"}


def _newer_schema(data: dict[str, Any]) -> None:
    data["meta"]["1"]["schema"] = 99


def _tables_not_dicts(data: dict[str, Any]) -> None:
    data["requests"] = [KEPT]


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda good: good[: len(good) // 2],
    "zero bytes": lambda good: b"",
    "only whitespace": lambda good: b"\n \n",
    "invalid JSON": lambda good: good.replace(b'"', b"'", 3),
    "not UTF-8": lambda good: bytes(range(128, 256)),
    "a list": with_json(lambda data: list(data.values())),
    "tables that are not dicts": with_json(_tables_not_dicts),
    "a request missing its fields": with_json(_strip_request),
    "a newer schema": with_json(_newer_schema),
}


@pytest.fixture
def backed_up(home: Path, new_project: ProjectFactory) -> Path:
    """A project whose ``.bak`` holds CR-1: the third writing session backs up the second's."""
    folder = new_project(meeting="Prototype review")
    assert run_cli(home, "request", "add", "acme", KEPT, "--intent", "Brand recall").exit_code == 0
    assert run_cli(home, "request", "add", "acme", "Shorter quiz").exit_code == 0
    return folder


@pytest.mark.parametrize("case", list(DAMAGES))
def test_damaged_store_is_refused_then_restored(home: Path, backed_up: Path, case: str) -> None:
    store = backed_up / "reviewroom.json"
    bak = backed_up / "reviewroom.json.bak"
    bad = DAMAGES[case](store.read_bytes())
    store.write_bytes(bad)
    backup = bak.read_bytes()

    for args in (["request", "list", "acme"], ["open", "acme"], ["watch", "acme"],
                 ["request", "add", "acme", "Anything"]):
        line = refusal(run_cli(home, *args))
        assert str(store) in line and str(bak) in line, line
    for readonly in (False, True):
        with pytest.raises(DamagedFileError) as refused:
            Project.open(backed_up, readonly=readonly)
        assert str(store) in str(refused.value) and str(bak) in str(refused.value)
    listed = run_cli(home, "list")
    assert listed.exit_code == 0 and "acme" in listed.output
    assert store.read_bytes() == bad and bak.read_bytes() == backup  # never "repaired" silently

    restored = run_cli(home, "restore", "acme")
    assert restored.exit_code == 0, restored.output
    assert (backed_up / "reviewroom.json.damaged").read_bytes() == bad
    with Project.open(backed_up) as opened:
        assert opened.request("CR-1").request == KEPT
        assert opened.request("CR-1").intent == "Brand recall"


def test_damaged_store_without_a_backup_says_so(home: Path, new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Prototype review")
    (folder / "reviewroom.json").write_bytes(b"{")
    assert not (folder / "reviewroom.json.bak").exists()
    assert "no backup" in refusal(run_cli(home, "restore", "acme"))
    assert (folder / "reviewroom.json").read_bytes() == b"{"


def test_damaged_backup_is_not_restored(home: Path, backed_up: Path) -> None:
    store = backed_up / "reviewroom.json"
    store.write_bytes(b"")
    (backed_up / "reviewroom.json.bak").write_bytes(b"[1, 2")
    line = refusal(run_cli(home, "restore", "acme"))
    assert "damaged too" in line and "reviewroom.json.bak.bak" not in line
    assert store.read_bytes() == b""
