"""Project: opening, meetings, requests with history, carry-over, criteria versions, permissions."""

from __future__ import annotations

import datetime as dt
import itertools
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from reviewroom.store.catalog import list_projects
from reviewroom.store.errors import DamagedFileError, ReviewError
from reviewroom.store.home import locate, validate_slug
from reviewroom.store.model import Attendee, Criterion, Decision, Side, Verdict
from reviewroom.store.project import Project
from reviewroom.store.schema import SCHEMA
from tests.conftest import ProjectFactory
from tests.support import BRIEF, LiveMeeting


def ticking_clock() -> Callable[[], dt.datetime]:
    """A clock that advances one minute per call, so timestamps are deterministic."""
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    counter = itertools.count()
    return lambda: start + dt.timedelta(minutes=next(counter))


@pytest.fixture
def project(new_project: ProjectFactory) -> Iterator[Project]:
    """A fresh writable project with a live meeting, on a clock an hour east of UTC."""
    clock = ticking_clock()
    review = LiveMeeting("Review 1", (Attendee("Dana", Side.CLIENT, "HR lead"),
                                      Attendee("Sam", Side.VENDOR)), facilitator="Sam")
    with Project.open(new_project(meeting=review, clock=clock), clock=clock) as proj:
        yield proj


def test_create_records_initial_criteria_version(project: Project) -> None:
    assert project.criteria_version == 1
    assert project.criteria.by_id()["R1"].text.startswith("Till discrepancies")
    assert project.lang == "en"


def test_project_folder_and_files_are_private(project: Project) -> None:
    assert stat.S_IMODE(project.path.stat().st_mode) == 0o700
    for name in ("brief.md", "reviewroom.json"):
        assert stat.S_IMODE((project.path / name).stat().st_mode) == 0o600


@pytest.mark.parametrize("slug", ["../x", "/etc", "a/b", ".", "My Project", "", "-x", "ÄBC"])
def test_bad_slugs_are_refused(slug: str) -> None:
    with pytest.raises(ReviewError) as info:
        validate_slug(slug)
    assert info.value.key == "project.bad_slug"


def test_create_with_bad_slug_leaves_nothing(home: Path) -> None:
    with pytest.raises(ReviewError):
        Project.create("../escape", BRIEF, home=home)
    assert not (home.parent / "escape").exists()


def test_unknown_project_is_refused(home: Path) -> None:
    with pytest.raises(ReviewError) as info:
        locate("nope", home)
    assert info.value.key == "project.unknown"


def test_open_by_path(project: Project) -> None:
    path = project.path
    project.close()
    with Project.open(str(path)) as again:
        assert again.slug == "acme"


def test_add_request_then_reopen_finds_it(project: Project, home: Path) -> None:
    req = project.add_request("Make the logo bigger", by="Dana", intent="Brand recognition")
    assert req.id == "CR-1" and req.meeting == "M-1"
    project.close()
    with Project.open("acme", home=home) as again:
        assert again.request("CR-1").intent == "Brand recognition"


def test_request_ids_are_never_reused(project: Project) -> None:
    ids = [project.add_request(f"Change {n}").id for n in range(3)]
    assert ids == ["CR-1", "CR-2", "CR-3"]


def test_update_records_history_per_field(project: Project) -> None:
    project.add_request("Bigger logo")
    req = project.update_request("cr-1", intent="Brand recognition", owner="Ana")
    fields = [(h.field, h.old, h.new, h.meeting) for h in req.history]
    assert fields == [
        ("intent", "", "Brand recognition", "M-1"),
        ("owner", "", "Ana", "M-1"),
    ]


def test_update_without_change_writes_nothing(project: Project) -> None:
    project.add_request("Bigger logo", owner="Ana")
    before = project.store_path.read_bytes()
    project.update_request("CR-1", owner="Ana")
    assert project.store_path.read_bytes() == before


def test_verdict_is_stamped_with_the_criteria_version(project: Project) -> None:
    project.add_request("Bigger logo", intent="Recognition", criteria="r1")
    req = project.update_request("CR-1", verdict="consistent")
    assert (req.verdict, req.verdict_version, req.criteria) == (Verdict.CONSISTENT, 1, ("R1",))


def test_refused_rule_changes_nothing(project: Project) -> None:
    project.add_request("Bigger logo")
    before = project.store_path.read_bytes()
    with pytest.raises(ReviewError) as info:
        project.update_request("CR-1", verdict="consistent", criteria="R1")
    assert info.value.key == "rule.intent_first"
    assert project.store_path.read_bytes() == before
    assert project.request("CR-1").verdict is Verdict.PENDING


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"due": "2026-13-40"}, "request.bad_date"),
        ({"due": "tomorrow"}, "request.bad_date"),
        ({"verdict": "great"}, "request.bad_verdict"),
        ({"decision": "maybe"}, "request.bad_decision"),
        ({"criteria": "R1, X"}, "request.bad_criterion"),
        ({"criteria": "R7"}, "rule.unknown_criterion"),
        ({"request": "   "}, "request.empty"),
    ],
)
def test_bad_values_are_refused(project: Project, values: dict[str, str], key: str) -> None:
    project.add_request("Bigger logo")
    with pytest.raises(ReviewError) as info:
        project.update_request("CR-1", **values)
    assert info.value.key == key


def test_due_date_is_normalised(project: Project) -> None:
    assert project.add_request("x", due="2026-12-05").due == "2026-12-05"
    assert project.update_request("CR-1", due="").due is None


def test_add_request_needs_a_live_meeting(project: Project) -> None:
    project.end_meeting()
    with pytest.raises(ReviewError) as info:
        project.add_request("Bigger logo")
    assert info.value.key == "meeting.none_live"


def test_only_one_live_meeting(project: Project) -> None:
    with pytest.raises(ReviewError) as info:
        project.start_meeting("Another")
    assert info.value.key == "meeting.already_live"


def test_open_and_deferred_requests_carry_over(project: Project) -> None:
    project.add_request("Bigger logo")
    project.add_request("Shorter course", decision="deferred")
    project.add_request("Lighter colour", decision="rejected", alternative="Contrast rules")
    project.end_meeting()
    second = project.start_meeting("Review 2")
    assert second.carried_over == ("CR-1", "CR-2")
    project.add_request("New request")
    assert [r.id for r in project.meeting_requests(second)] == ["CR-1", "CR-2", "CR-4"]
    changed = project.update_request("CR-1", decision="rejected", alternative="Out of scope")
    assert changed.history[-1].meeting == "M-2"


def test_revision_makes_dependent_verdicts_stale(project: Project) -> None:
    project.add_request("Shorter course", intent="Less time off the floor", criteria="C1")
    project.update_request("CR-1", verdict="inconsistent")
    project.add_request("Bigger logo", intent="Recognition", criteria="R1", verdict="consistent")
    concept = (Criterion("C1", "Four micro-lessons of at most 5 minutes."),)
    version = project.revise_criteria(
        replace(project.criteria, concept=concept), "Client insists on shorter", "CR-1"
    )
    assert (version.number, version.request, version.meeting) == (2, "CR-1", "M-1")
    assert [r.id for r in project.stale_requests()] == ["CR-1"]
    assert "Four micro-lessons" in project.brief_path.read_text()
    rejudged = project.update_request("CR-1", verdict="consistent")
    assert not project.is_stale(rejudged)


def test_accepting_a_stale_verdict_is_refused(project: Project) -> None:
    project.add_request("Shorter", intent="Time", criteria="C1", verdict="consistent")
    concept = (Criterion("C1", "Four micro-lessons of at most 5 minutes."),)
    project.revise_criteria(replace(project.criteria, concept=concept), "Shorter")
    with pytest.raises(ReviewError) as info:
        project.update_request("CR-1", decision="accepted")
    assert info.value.key == "rule.stale_acceptance"


def test_revision_needs_a_reason_and_a_change(project: Project) -> None:
    with pytest.raises(ReviewError):
        project.revise_criteria(project.criteria, "No change")
    concept = (Criterion("C1", "Other"),)
    with pytest.raises(ReviewError):
        project.revise_criteria(replace(project.criteria, concept=concept), "")
    assert project.criteria_version == 1


def test_brief_edited_outside_is_recorded_on_open(project: Project, home: Path) -> None:
    project.close()
    brief = project.brief_path
    brief.write_text(brief.read_text().replace("40%", "45%"))
    with Project.open("acme", home=home) as again:
        assert again.criteria_version == 2
        assert again.versions()[-1].reason == "edited outside reviewroom"


def test_reader_sees_writer_changes_after_refresh(project: Project, home: Path) -> None:
    reader = Project.open("acme", home=home, readonly=True)
    assert not reader.refresh()
    project.add_request("Bigger logo")
    assert reader.refresh()
    assert [r.id for r in reader.requests()] == ["CR-1"]
    with pytest.raises(ReviewError) as info:
        reader.add_request("Nope")
    assert info.value.key == "project.read_only"
    reader.close()


def test_newer_schema_is_refused(project: Project, home: Path) -> None:
    project.close()
    text = project.store_path.read_text().replace(f'"schema": {SCHEMA}', '"schema": 99')
    project.store_path.write_text(text)
    with pytest.raises(DamagedFileError) as info:
        Project.open("acme", home=home)
    assert info.value.key == "storage.newer_schema_no_bak"  # no session has made a .bak yet


def test_wrong_document_shape_is_refused(project: Project, home: Path) -> None:
    project.add_request("x")
    project.close()
    text = project.store_path.read_text().replace('"request": "x"', '"nothing": "x"')
    project.store_path.write_text(text)
    with pytest.raises(DamagedFileError):
        Project.open("acme", home=home)


def test_list_projects_summarises(project: Project, home: Path) -> None:
    project.add_request("x")
    summaries = list_projects(home)
    assert [(s.slug, s.open_requests, s.criteria_version) for s in summaries] == [("acme", 1, 1)]
    assert summaries[0].last_meeting is not None and summaries[0].last_meeting.is_live


def test_decision_enum_parsing_is_case_insensitive(project: Project) -> None:
    assert project.add_request("x", decision="Deferred").decision is Decision.DEFERRED


def test_free_text_is_stored_exactly(project: Project, home: Path) -> None:
    text = "  <script>| * # ` \x07 zażółć 🎉\n second line  "
    project.add_request(text, intent=text)
    project.close()
    with Project.open("acme", home=home, readonly=True) as again:
        assert again.request("CR-1").request == text


def test_a_request_read_back_is_the_request_written(project: Project) -> None:
    """from_dict fills the instance without the frozen __init__: the same object, defaults and
    all; a missing required field still fails, an unknown one is not kept."""
    from reviewroom.store.model import ChangeRequest, HistoryEntry

    req = project.add_request("Bigger logo", by="Dana", intent="Brand.", criteria="B1",
                              verdict="inconsistent", note="Why.", decision="deferred",
                              due="2026-12-01")
    req = replace(req, history=(HistoryEntry("t", "M-1", "owner", None, "Leo"),))
    again = ChangeRequest.from_dict(req.to_dict())
    assert again == req and hash(again) == hash(req) and repr(again) == repr(req)
    assert again.verdict is Verdict.INCONSISTENT and again.note_verdict is Verdict.INCONSISTENT
    bare = {"id": "CR-9", "meeting": None, "request": "x", "created_at": "t", "updated_at": "t"}
    assert ChangeRequest.from_dict({**bare, "unknown": 1}) == ChangeRequest("CR-9", None, "x",
                                                                            "t", "t")
    with pytest.raises(KeyError):
        ChangeRequest.from_dict({k: v for k, v in bare.items() if k != "request"})
