"""A watcher follows the journal: it re-checks and rebuilds only the documents new lines changed,
and ends up exactly where a fresh read of the store would (issue 13)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import reviewroom.store.repository as repository_module
from reviewroom.store.errors import DamagedFileError
from reviewroom.store.journal import journal_path
from reviewroom.store.project import Project
from tests.conftest import ProjectFactory


def shown(project: Project) -> tuple[Any, ...]:
    """Everything a project shows, as plain data."""
    return (
        {n: r.to_dict() for n, r in project._requests.items()},
        {n: m.to_dict() for n, m in project._meetings.items()},
        project.criteria_version,
        project.criteria.to_dict() if project.criteria else None,
    )


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every whole-store check a repository runs (``schema.validate``)."""
    calls: list[Path] = []
    real = repository_module.validate

    def counting(data: Any, path: Path) -> Any:
        calls.append(path)
        return real(data, path)

    monkeypatch.setattr(repository_module, "validate", counting)
    return calls


def test_a_follower_matches_a_fresh_read_after_every_commit(
    new_project: ProjectFactory, full_checks: list[Path]
) -> None:
    rng = random.Random(13)
    folder = new_project(meeting="Review", requests=[f"Change {n}" for n in range(30)])
    with Project.open(folder) as writer, Project.open(folder, readonly=True) as watcher:
        writer.update_request("CR-1", note="the session's first commit: a full write")
        assert watcher.refresh()
        full_checks.clear()
        for step in range(60):
            roll = rng.random()
            if writer.live_meeting is None:
                writer.start_meeting(f"Meeting at step {step}")
            elif roll < 0.4:
                writer.update_request(f"CR-{rng.randrange(1, 31)}", note=f"note {step}")
            elif roll < 0.7:
                writer.add_request(f"Raised at step {step}", by="Client")
            elif roll < 0.85:
                writer.update_request(f"CR-{rng.randrange(1, 31)}", owner="Ann",
                                      intent="Clearer screens", criteria="B1",
                                      verdict="consistent")
            else:
                writer.end_meeting()
            assert watcher.refresh(), step
            with Project.open(folder, readonly=True) as fresh:
                assert shown(watcher) == shown(fresh), step
        assert journal_path(folder / "reviewroom.json").exists()
    follows = [p for p in full_checks if p == folder / "reviewroom.json"]
    assert len(follows) == 60, "one whole check per fresh open; the watcher checked none"


def test_a_follower_refuses_a_damaged_appended_document(new_project: ProjectFactory) -> None:
    folder = new_project(meeting="Review", requests=["Bigger logo"])
    with Project.open(folder) as writer, Project.open(folder, readonly=True) as watcher:
        writer.update_request("CR-1", note="first")
        writer.update_request("CR-1", note="second")
        assert watcher.refresh()
        storage = writer._repo._storage
        storage.write_docs([("requests", "1", {"id": "CR-1", "oops": True})])
        with pytest.raises(DamagedFileError, match="requests/1"):
            watcher.read_changes()


def _numbers(project: Project) -> dict[int, Any]:
    """Each request's number and what it holds, to compare two readings."""
    return {n: r.to_dict() for n, r in project._requests.items()}


def test_each_reading_names_the_requests_it_changed(new_project: ProjectFactory) -> None:
    """What a watcher's view redraws: the requests that differ from the reading before, whether
    the journal's new lines were read or (after a compaction) the whole store."""
    folder = new_project(meeting="Review", requests=[f"Change {n}" for n in range(1, 6)])
    with Project.open(folder, readonly=True) as watcher:
        with Project.open(folder) as writer:
            writer.update_request("CR-2", note="the session's first commit: a full write")
            first = watcher.read_changes()
            assert first is not None and first.whole
            assert first.changed_requests == {2}, "compared with the reading at open"
            watcher.adopt(first)
            writer.update_request("CR-4", owner="Ann")
            writer.add_request("Raised now", by="Client")
            appended = watcher.read_changes()
            assert appended is not None and not appended.whole
            assert appended.changed_requests == {4, 6}
            watcher.adopt(appended)
            before = _numbers(watcher)
            writer.update_request("CR-1", note="compacted on close")
        compacted = watcher.read_changes()  # the writer closed: a new snapshot, read whole
        assert compacted is not None and compacted.whole
        assert compacted.changed_requests == {1}
        watcher.adopt(compacted)
        after = _numbers(watcher)
        assert {n for n in after if after[n] != before.get(n)} == {1}
