"""Hypothesis fuzzing: the brief parser, and every free-text field through Project and the CLI.

* The brief parser takes any text: it returns criteria or raises the domain error, nothing else.
* Any Unicode (control characters too; lone surrogates cannot be encoded, so never reach a file)
  in every free-text field is stored and read back unchanged after closing and reopening, also
  as 100 kB strings, and the meeting's minutes stay well formed Markdown.
* The same through ``request add`` / ``request set``: whatever argv can carry (no NUL bytes).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from reviewroom.store.brief import parse_brief, render_brief
from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project
from reviewroom.store.text import is_blank
from tests.support import brief_text, make_project, run_cli

REQUEST_TEXT_FIELDS = ("by", "intent", "note", "alternative", "owner")
SHARED = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                        HealthCheck.too_slow])

# Any code point but the surrogates (category Cs), which no UTF-8 file can hold.
anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
# Strings a person could hardly type: controls, line and paragraph separators, BOM, bidi marks.
ODD = st.sampled_from(["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff",
                       "\u202e", "\r\n", "\r", "\t", "\\", "|", "`", "<script>", "&amp;", "🎉"])
text = st.lists(st.one_of(anything, ODD), max_size=4).map("".join)
# Text with something visible in it: invisible-only text is refused like empty text.
nonblank = text.filter(lambda s: not is_blank(s))
# A 100 kB string made by repeating a generated seed (Hypothesis itself draws short strings).
huge = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).map(
    lambda seed: (seed * (100_000 // len(seed) + 1))[:100_000]
)


# ----------------------------------------------------------------------------- the brief parser

FRAGMENTS = st.sampled_from([
    "---\n", "title: T\n", "language: pl\n", "language: [1, 2]\n", "title: {a: b}\n", ": :\n",
    "# Title\n", "## Problem\n", "## Goals\n", "## Cele\n", "### Result\n", "### Behaviour\n",
    "### Knowledge\n", "### Attitude\n", "## Concept\n", "## Koncepcja\n", "#### Deep\n",
    "- P1: text\n", "- R1: 40% fewer errors\n", "- B2: x\n", "- C1: y\n", "- K1:\n", "- A9: z\n",
    "- P1: dup\n", "- X1: wrong kind\n", "- no id\n", "  - nested\n", "1. ordered\n", "* star\n",
    "```\ncode\n```\n", "> quote\n", "<div>html</div>\n", "\n", "\ufeff", "\r\n", "\t- P2: tab\n",
])
BRIEF_LINES = brief_text().splitlines(keepends=True)


@st.composite
def edited_briefs(draw: st.DrawFn) -> str:
    """A valid brief with a few lines inserted, deleted, replaced or extended with fuzz."""
    lines = list(BRIEF_LINES)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        piece = draw(st.one_of(FRAGMENTS, anything))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "extend"]))
        if edit == "insert":
            lines.insert(at, piece)
        elif edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "replace":
            lines[at] = piece
        else:
            lines[at] = lines[at].rstrip("\n") + piece + "\n"
    return "".join(lines)


briefs = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",))),
    st.lists(st.one_of(FRAGMENTS, anything), max_size=30).map("".join),
    edited_briefs(),
)


@settings(SHARED, max_examples=300)
@given(source=briefs)
def test_brief_parser_returns_criteria_or_the_domain_error(source: str) -> None:
    try:
        criteria, warnings = parse_brief(source)
    except ReviewError as error:
        assert error.message("en") and error.message("pl")
        event("refused")
        return
    event("parsed")
    assert all(w.severity == "warning" for w in warnings)
    assert criteria.problem and criteria.concept


# CommonMark reads NUL as U+FFFD, so brief.md cannot carry one (the store can: see below).
@settings(SHARED, max_examples=100)
@given(item=nonblank.filter(lambda s: not set(s) & set("\n\r\x00")))
def test_rendered_brief_parses_back_to_single_line_criteria(item: str) -> None:
    criteria = parse_brief(brief_text())[0]
    changed = replace(criteria, concept=(Criterion("C1", item.strip()),))
    assert parse_brief(render_brief(changed))[0] == changed


# ----------------------------------------------------------------------------- through Project


@pytest.fixture(scope="module")
def fuzz_home() -> Iterator[Path]:
    """One home for a test's examples: each example adds to the same project, as a meeting does."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def fresh_project(home: Path, name: str) -> Path:
    """A project with a live meeting (created once per test, reused by its examples)."""
    folder = home / name
    if not folder.exists():
        make_project(home, name, meeting="Fuzz review")
    return folder


def request_values(data: st.DataObject, strategy: st.SearchStrategy[str]) -> dict[str, str]:
    """A value for every free-text field of a request."""
    return {name: data.draw(strategy, label=name) for name in REQUEST_TEXT_FIELDS}


def stored_fields(folder: Path, rid: str) -> dict[str, Any]:
    """The request's text fields as a fresh reader sees them."""
    with Project.open(folder, readonly=True) as project:
        req = project.request(rid)
        return {name: getattr(req, name) for name in ("request", *REQUEST_TEXT_FIELDS)}


@settings(SHARED, max_examples=60)
@given(data=st.data(), request=nonblank)
def test_request_text_round_trips_through_the_store(fuzz_home: Path, data: st.DataObject,
                                                    request: str) -> None:
    folder = fresh_project(fuzz_home, "requests")
    values = request_values(data, text)
    with Project.open(folder) as project:
        rid = project.add_request(request, **values).id
    assert stored_fields(folder, rid) == {"request": request, **values}

    changed = request_values(data, text)
    with Project.open(folder) as project:
        project.update_request(rid, **changed)
    assert stored_fields(folder, rid) == {"request": request, **changed}
    with Project.open(folder, readonly=True) as project:
        history = project.request(rid).history
        assert {(h.field, h.old, h.new) for h in history} == {
            (name, values[name], changed[name]) for name in changed
            if changed[name] != values[name]}


@settings(SHARED, max_examples=4)
@given(data=st.data(), request=huge)
def test_100_kb_texts_round_trip(fuzz_home: Path, data: st.DataObject, request: str) -> None:
    assume(not is_blank(request))
    folder = fresh_project(fuzz_home, "huge")
    values = request_values(data, st.one_of(huge, text))
    with Project.open(folder) as project:
        rid = project.add_request(request, **values).id
    assert stored_fields(folder, rid) == {"request": request, **values}


@settings(SHARED, max_examples=40)
@given(title=nonblank, facilitator=text, names=st.lists(nonblank, min_size=1, max_size=3),
       role=text, reason=nonblank, item=nonblank)
def test_meeting_and_revision_texts_round_trip(
    title: str, facilitator: str, names: list[str], role: str, reason: str, item: str
) -> None:
    with tempfile.TemporaryDirectory() as home:
        attendees = [Attendee(name, Side.CLIENT, role) for name in names]
        with Project.open(make_project(Path(home), "meeting")) as project:
            started = project.start_meeting(title, attendees, facilitator=facilitator)
            criteria = project.criteria
            revised = replace(criteria, concept=(Criterion("C1", item),))
            assume(revised != criteria)
            version = project.revise_criteria(revised, reason).number
        with Project.open(Path(home) / "meeting", readonly=True) as again:
            meeting = again.meeting(started.id)
            assert (meeting.title, meeting.facilitator) == (title, facilitator)
            assert list(meeting.attendees) == attendees
            assert again.version(version).reason == reason
            assert again.version(version).criteria.concept[0].text == item


# ----------------------------------------------------------------------------- through the CLI

argv_text = text.map(lambda s: s.replace("\x00", ""))  # argv cannot carry NUL bytes
argv_nonblank = argv_text.filter(lambda s: not is_blank(s))


@settings(SHARED, max_examples=40)
@given(data=st.data(), request=argv_nonblank)
def test_cli_request_add_and_set_store_text_as_given(fuzz_home: Path, data: st.DataObject,
                                                     request: str) -> None:
    folder = fresh_project(fuzz_home, "cli")
    values = request_values(data, argv_text)
    options = [arg for name, value in values.items() for arg in (f"--{name}", value)]
    added = run_cli(fuzz_home, "request", "add", *options, "--", "cli", request)
    assert added.exit_code == 0, (added.output, added.exception)
    rid = added.stdout.strip().splitlines()[-1]
    assert stored_fields(folder, rid) == {"request": request, **values}

    changed = request_values(data, argv_text)
    options = [arg for name, value in changed.items() for arg in (f"--{name}", value)]
    set_ = run_cli(fuzz_home, "request", "set", *options, "--", "cli", rid)
    assert set_.exit_code == 0, (set_.output, set_.exception)
    assert stored_fields(folder, rid) == {"request": request, **changed}
    listed = run_cli(fuzz_home, "request", "list", "cli", "--json")
    row = next(r for r in json.loads(listed.stdout) if r["id"] == rid)
    assert {name: row[name] for name in ("request", *REQUEST_TEXT_FIELDS)} == \
        {"request": request, **changed}


# ----------------------------------------------------------------------------- the minutes

@settings(SHARED, max_examples=40)
@given(title=nonblank, requests=st.lists(st.tuples(nonblank, text, text), min_size=1,
                                         max_size=3))
def test_minutes_of_fuzzed_meeting_stay_well_formed(
    title: str, requests: list[tuple[str, str, str]]
) -> None:
    from markdown_it import MarkdownIt

    minutes = pytest.importorskip("reviewroom.store.minutes",
                                  reason="store/minutes.py is not there yet")
    with tempfile.TemporaryDirectory() as home:
        with Project.open(make_project(Path(home), "minutes")) as project:
            meeting = project.start_meeting(title, [Attendee(title, Side.CLIENT, title)])
            for request, intent, note in requests:
                project.add_request(request, intent=intent, note=note, by=intent, owner=note)
        with Project.open(Path(home) / "minutes", readonly=True) as again:
            markdown = minutes.render_markdown(again, again.meeting(meeting.id))
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    flat = [t for token in tokens for t in (token, *(token.children or []))]
    assert not {t.type for t in flat} & {"html_block", "html_inline", "fence", "code_block"}
    assert sum(t.type == "table_open" for t in tokens) == 1
    body = [t.type for t in tokens[next(i for i, t in enumerate(tokens)
                                        if t.type == "tbody_open"):]]
    assert body[: body.index("tbody_close")].count("tr_open") == len(requests)
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1
