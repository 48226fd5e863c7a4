"""``request add/set --where`` and ``request list --json``: the place in the course."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ProjectFactory
from tests.support import run_cli


def test_where_is_given_changed_cleared_and_listed(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme", meeting="Review 1")
    added = run_cli(home, "request", "add", "acme", "Bigger logo", "--where", "Lesson 1, slide 3")
    assert added.exit_code == 0, added.stderr

    def listed() -> str:
        rows = json.loads(run_cli(home, "request", "list", "acme", "--json").stdout)
        return str(rows[0]["where"])

    assert listed() == "Lesson 1, slide 3"
    changed = run_cli(home, "request", "set", "acme", "CR-1", "--where", "00:42")
    assert changed.exit_code == 0 and "Where" in changed.stdout
    assert listed() == "00:42"
    assert run_cli(home, "request", "set", "acme", "CR-1", "--where", "").exit_code == 0
    assert listed() == ""


def test_where_in_polish(home: Path, new_project: ProjectFactory) -> None:
    new_project("acme", meeting="Review 1")
    run_cli(home, "request", "add", "acme", "Bigger logo")
    changed = run_cli(home, "--lang", "pl", "request", "set", "acme", "CR-1", "--where", "Slajd 2")
    assert changed.exit_code == 0 and "Miejsce" in changed.stdout
