"""Hypothesis mutates a valid store (types, IDs, references, fields, tables): every result is
either refused cleanly or loaded cleanly, never a traceback.

A clean refusal is a ``DamagedFileError`` whose one-line message names the store, from every way
in (reader, writer, CLI). A clean load means everything a facilitator can do with the project
works: every list, every meeting's minutes in both formats, the CLI's reading commands, and a
write — after which the store must still be one that loads.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.minutes import render_html, render_markdown
from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project
from tests.support import fixed_clock, make_project, run_cli

STORE = "reviewroom.json"
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def build_rich_store(home: Path) -> Path:
    """Two meetings, a revision triggered by a request, carried-over requests, history, dates."""
    clock = fixed_clock()
    with Project.open(make_project(home, clock=clock), clock=clock) as project:
        project.start_meeting("Prototype review", [Attendee("Dana", Side.CLIENT, "Lead"),
                                                   Attendee("Marta", Side.VENDOR)])
        project.add_request("Make the logo bigger", by="Dana", intent="Brand recall",
                            criteria="A1", verdict="inconsistent", decision="deferred",
                            alternative="Next sprint")
        project.add_request("Shorter quiz", intent="Time", criteria="C1", verdict="consistent",
                            decision="accepted", owner="Marta", due="2026-12-15")
        project.add_request("Audio", note="Later")
        concept = (Criterion("C1", "Four micro-lessons of at most 5 minutes."),)
        from dataclasses import replace

        project.revise_criteria(replace(project.criteria, concept=concept), "Shorter", "CR-2")
        project.end_meeting()
        project.start_meeting("Second review")
        project.add_request("Dark mode", by="Dana")
        project.update_request("CR-1", verdict="consistent", criteria="A1")
    return project.path


@pytest.fixture(scope="module")
def rich() -> Iterator[tuple[Path, dict[str, Any]]]:
    """A scratch home holding the rich project, and the valid store's tables."""
    with tempfile.TemporaryDirectory(prefix="reviewroom-mutations-") as scratch:
        folder = build_rich_store(Path(scratch) / "home")
        yield folder, json.loads((folder / STORE).read_bytes())


# -------------------------------------------------------------------------------- mutations

ID_LIKE = st.sampled_from(["CR-1", "CR-2", "CR-9", "CR-0", "CR-³", "cr-1", "M-1", "M-2", "M-7",
                           "M-٣", "X", "foo", "", "1", "C1", "R9", "Z1", "P1", "9" * 30])
TEXTISH = st.sampled_from(["2026-11-27T09:00:00+00:00", "2026-11-27T09:00:00", "2026-02-30",
                           "2026-12-15", "soon", "live", "closed", "consistent", "maybe",
                           "accepted", "client", "vendor", "request", "due", "schema"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 5), st.integers(min_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8), ID_LIKE, TEXTISH,
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into the JSON tree (dict keys and list indexes), the root's children first."""
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    """The container holding the value at ``path``."""
    for key in path[:-1]:
        data = data[key]
    return data


def alike(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same JSON type: the mutations a hand edit most often makes."""
    if isinstance(value, bool) or value is None:
        return st.sampled_from([None, True, False])
    if isinstance(value, int):
        return st.integers(-1, 5)
    if isinstance(value, str):
        return st.one_of(st.text(max_size=20), ID_LIKE, TEXTISH)
    if isinstance(value, list):
        return st.permutations(value).flatmap(lambda items: st.integers(0, len(items)).map(
            lambda keep: items[:keep]))
    return st.just(value)


@st.composite
def mutated(draw: st.DrawFn, tables: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The store's tables with one to three mutations, and a description of each."""
    data = copy.deepcopy(tables)
    done = []
    for _ in range(draw(st.integers(1, 3))):
        every = list(paths(data))
        if not every:
            break
        path = draw(st.sampled_from(every))
        holder, key = parent_of(data, path), path[-1]
        kind = draw(st.sampled_from(["replace", "alike", "alike", "id", "delete", "add",
                                     "copy-doc"]))
        if kind == "alike":
            holder[key] = draw(alike(holder[key]))
        elif kind == "replace":
            holder[key] = draw(VALUES)
        elif kind == "id":
            holder[key] = draw(ID_LIKE)
        elif kind == "delete":
            del holder[key]
        elif kind == "add" and isinstance(holder, dict):
            holder[draw(st.text(min_size=1, max_size=12))] = draw(VALUES)
        elif kind == "copy-doc" and len(path) == 2 and isinstance(holder, dict):
            holder[draw(st.sampled_from(["1", "2", "3", "4", "9", "01", "x", "٣"]))] = \
                copy.deepcopy(holder[key])
        done.append(f"{kind} {'/'.join(map(str, path))}")
    return data, done


# ----------------------------------------------------------------------------- the property


def exercise(folder: Path) -> None:
    """Everything a facilitator can read, then one write; the result must load again."""
    with Project.open(folder, readonly=True) as project:
        project.criteria  # noqa: B018 - reading the property is the point
        project.versions()
        project.stale_requests()
        project.tone_warnings()
        for meeting in project.meetings():
            project.meeting_requests(meeting)
            render_markdown(project, meeting)
            render_html(project, meeting)
    for args in (["request", "list", "acme", "--json"], ["meeting", "list", "acme"], ["list"]):
        result = run_cli(folder.parent, *args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    with Project.open(folder, clock=fixed_clock()) as project:
        if project.live_meeting is None:
            project.start_meeting("After the mutation")
        project.add_request("Captured after the mutation")
    with Project.open(folder, readonly=True) as project:
        assert project.requests()[-1].request == "Captured after the mutation"


def refused_cleanly(folder: Path, error: DamagedFileError) -> None:
    """The refusal names the store in one line, and every way in refuses the same file."""
    message = str(error)
    assert str(folder / STORE) in message and "\n" not in message
    with pytest.raises(DamagedFileError):
        Project.open(folder)
    result = run_cli(folder.parent, "request", "list", "acme")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")


@SETTINGS
@given(data=st.data())
def test_a_mutated_store_is_refused_or_loaded_never_a_traceback(
    rich: tuple[Path, dict[str, Any]], data: st.DataObject
) -> None:
    folder, tables = rich
    changed, how = data.draw(mutated(tables))
    (folder / STORE).write_text(json.dumps(changed), "utf-8")
    try:
        Project.open(folder, readonly=True).close()
    except DamagedFileError as error:
        event("refused")
        refused_cleanly(folder, error)
        return
    except ReviewError as error:  # pragma: no cover - reported with the mutation that caused it
        raise AssertionError(f"{how}: not a damaged-file error: {error}") from None
    event("loaded")
    exercise(folder)
