"""Pilot tests of the dialogs: drive their keys and check what Project then holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from reviewroom.store.errors import ReviewError
from reviewroom.store.model import Attendee, Criterion, Decision, Section, Side, Verdict
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.form_values import split_criteria
from reviewroom.tui.screens.attendees import AttendeesDialog, format_attendees, parse_attendees
from reviewroom.tui.screens.criteria_editor import CriteriaEditor
from reviewroom.tui.screens.filter import FilterDialog
from reviewroom.tui.screens.start_meeting import StartMeetingDialog
from reviewroom.tui.widgets.choice_field import ChoiceField
from tests.conftest import ProjectFactory
from tests.support import UNSET, FormHost, Host, fixed_clock, type_text, wait_until

SIZE = (100, 30)


@pytest.fixture
def idle(new_project: ProjectFactory) -> Iterator[Project]:
    """The sample project without a meeting, open for writing (``project`` has the live one)."""
    with Project.open(new_project(), clock=fixed_clock()) as opened:
        yield opened


def shown(screen: Screen[Any], selector: str) -> str:
    """The text of a visible Label/Static; empty when it is hidden."""
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


# ---------------------------------------------------------------------- request form


async def test_enter_in_request_saves_a_new_request(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Bigger logo")
        await pilot.press("enter")
    assert app.result is not None and app.result.id == "CR-1"
    stored = project.request("CR-1")
    assert (stored.request, stored.intent, stored.verdict) == ("Bigger logo", "", Verdict.PENDING)


async def test_full_form_saves_with_ctrl_s_from_any_field(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Add a quiz")
        await pilot.press("tab")
        await type_text(pilot, "Da")  # the attendee suggestion completes the name
        await pilot.press("tab")
        await type_text(pilot, "Staff check their own cash-up")
        await pilot.press("tab")
        await type_text(pilot, "b1 k1")
        await pilot.press("tab", "tab", "c")  # through the checklist; verdict: consistent
        await pilot.press("tab", "tab")  # decision stays open
        await type_text(pilot, "Fits B1")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Marta")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-15")
        await pilot.press("shift+tab", "shift+tab")  # back to Alternative: save from anywhere
        await pilot.press("ctrl+s")
    stored = project.request("CR-1")
    assert stored.request == "Add a quiz"
    assert stored.intent == "Staff check their own cash-up"
    assert stored.criteria == ("B1", "K1")
    assert (stored.verdict, stored.decision) == (Verdict.CONSISTENT, Decision.OPEN)
    assert (stored.note, stored.due) == ("Fits B1", "2026-12-15")
    # Leaving a name field takes the attendee name it was suggesting.
    assert (stored.by, stored.owner) == ("Dana Whitfield", "Marta Kowalczyk")


async def test_verdict_and_decision_take_one_key_each_and_enter_saves(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Bigger logo")
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # by, intent, criteria, list, verdict
        assert isinstance(app.focused, ChoiceField)
        await pilot.press("u", "tab", "3")  # unclear; the decision's digit 3: deferred
        assert app.form.is_open and project.requests() == []
        await pilot.press("enter")  # on a chooser: the form's hint says enter saves
    assert app.result is not UNSET and app.result is not None
    stored = project.request("CR-1")
    assert (stored.verdict, stored.decision) == (Verdict.UNCLEAR, Decision.DEFERRED)


async def test_arrows_step_through_a_choosers_values(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Bigger logo")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Brand recognition")
        await pilot.press("tab")
        await type_text(pilot, "a1")
        await pilot.press("tab", "tab", "left", "left")  # pending → inconsistent
        await pilot.press("ctrl+s")
    assert project.request("CR-1").verdict is Verdict.INCONSISTENT


async def test_enter_completes_the_suggested_name(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Quiz")
        await pilot.press("tab")
        await type_text(pilot, "mar")
        await pilot.press("enter")
    assert project.request("CR-1").by == "Marta Kowalczyk"


async def test_refused_rule_shows_at_intent_and_keeps_text(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Bigger logo")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "A1")
        await pilot.press("tab", "tab", "c", "ctrl+s")
        form = app.screen
        assert app.form.is_open
        assert "record the intent" in shown(form, "#error-intent")
        assert form.focused is form.query_one("#field-intent")
        assert form.query_one("#field-request", Input).value == "Bigger logo"
        assert form.query_one("#field-criteria", Input).value == "A1"
        assert project.requests() == []
        await type_text(pilot, "Brand recognition")
        await pilot.press("ctrl+s")
    assert app.result is not None
    stored = project.request("CR-1")
    assert (stored.verdict, stored.intent, stored.criteria) == (
        Verdict.CONSISTENT, "Brand recognition", ("A1",))


async def test_edit_changes_only_the_edited_fields(project: Project) -> None:
    req = project.add_request("Bigger logo", by="Dana Whitfield", criteria="A1")
    app = FormHost(project, req, focus_field="intent")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.focused is app.screen.query_one("#field-intent")
        await type_text(pilot, "Recognition")
        await pilot.press("tab")
        await pilot.press("end", "comma", "space", "c", "1")
        await pilot.press("enter")
    stored = project.request("CR-1")
    assert [(h.field, h.old, h.new) for h in stored.history] == [
        ("intent", "", "Recognition"), ("criteria", ["A1"], ["A1", "C1"])]
    assert stored.by == "Dana Whitfield"


async def test_escape_cancels_and_stores_nothing(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Never mind")
        await pilot.press("escape")
        assert not app.form.is_open
    assert app.result is None
    assert project.requests() == []


async def test_preset_and_error_shown_on_mount(project: Project) -> None:
    req = project.add_request("Bigger logo", criteria="A1")
    try:
        project.update_request(req.id, verdict="consistent")
    except ReviewError as refused:
        error = refused
    app = FormHost(project, req, focus_field="intent", preset={"verdict": "consistent"},
                   error=error)
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert "record the intent" in shown(form, "#error-intent")
        assert form.focused is form.query_one("#field-intent")
        assert form.query_one("#field-verdict", ChoiceField).value == "consistent"
        await type_text(pilot, "Recognition")
        await pilot.press("enter")
    stored = project.request("CR-1")
    assert (stored.verdict, stored.intent) == (Verdict.CONSISTENT, "Recognition")


async def test_saving_after_a_stale_refusal_judges_the_verdict_again(project: Project) -> None:
    req = project.add_request("Quiz", intent="Practice", criteria="C1", verdict="consistent")
    changed = project.criteria.with_section(
        Section.CONCEPT, (Criterion("C1", "Five micro-lessons."),))
    project.revise_criteria(changed, "Shorter")
    with pytest.raises(ReviewError) as refused:
        project.update_request(req.id, decision="accepted")
    assert refused.value.field == "verdict"
    app = FormHost(project, project.request(req.id), focus_field="verdict",
                   preset={"decision": "accepted"}, error=refused.value)
    async with app.run_test(size=SIZE) as pilot:
        assert "judge it again" in shown(app.screen, "#error-verdict")
        await pilot.press("ctrl+s")
    stored = project.request(req.id)
    assert (stored.decision, stored.verdict_version) == (Decision.ACCEPTED, 2)
    assert not project.is_stale(stored)


async def test_unknown_criterion_is_refused_at_criteria(project: Project) -> None:
    app = FormHost(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Quiz")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "R9")
        hint = shown(app.screen, "#criteria-hint")
        assert "P1" not in hint and "R9?" in hint  # the panel lists the known IDs
        await pilot.press("enter")
        assert "R9" in shown(app.screen, "#error-criteria")
    assert project.requests() == []


def test_split_criteria_accepts_commas_spaces_and_case() -> None:
    assert split_criteria("r1, B2;b2  k1") == ["R1", "B2", "K1"]
    assert split_criteria("  ") == []


# ---------------------------------------------------------------------- criteria editor


def go_to(area: TextArea, line_start: str, before: str | None = None) -> None:
    """Put the cursor at the end of the line starting with ``line_start`` (or before ``before``).

    Set directly: with soft wrap on, ``end`` stops at the end of the visual line, which depends
    on the terminal width; the editing itself is still typed key by key.
    """
    lines = area.text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith(line_start))
    area.move_cursor((row, lines[row].index(before) if before else len(lines[row])))


async def test_criteria_editor_needs_a_reason(project: Project) -> None:
    app = Host(lambda: CriteriaEditor(project, None))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(TextArea)
        go_to(area, "- C1:")
        await type_text(pilot, " Updated.")
        await pilot.press("ctrl+s")
        assert "reason" in shown(app.screen, "#reason-error")
        assert app.screen.focused is app.screen.query_one("#reason")
        assert "Updated." in area.text
    assert project.criteria_version == 1


async def test_criteria_editor_shows_brief_errors_with_lines(project: Project) -> None:
    app = Host(lambda: CriteriaEditor(project, None))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(TextArea)
        go_to(area, "- R1:")
        await pilot.press("enter")
        await type_text(pilot, "- R1: Again 5%")
        await pilot.press("tab")
        await type_text(pilot, "Typo")
        await pilot.press("ctrl+s")
        problems = shown(app.screen, "#editor-problems")
        assert "brief.md:" in problems and "R1" in problems
        assert "- R1: Again 5%" in area.text
        assert app.result is UNSET
    assert project.criteria_version == 1


async def test_criteria_revision_creates_version_two(project: Project) -> None:
    project.add_request("Shorter", intent="Time", criteria="C1", verdict="inconsistent")
    app = Host(lambda: CriteriaEditor(project, "CR-1"))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(TextArea)
        # The cursor starts on the first criterion of the highlighted request.
        assert area.document.get_line(area.cursor_location[0]).startswith("- C1:")
        go_to(area, "- C1:", before="7 minutes")
        await pilot.press("delete", "5")
        await pilot.press("tab")
        await type_text(pilot, "Client insists")
        await pilot.press("ctrl+s")
    assert app.result is not None and app.result.number == 2
    assert project.criteria_version == 2
    assert project.versions()[-1].request == "CR-1"
    assert "at most 5 minutes" in project.brief_path.read_text()
    assert [r.id for r in project.stale_requests()] == ["CR-1"]


async def test_unchecking_the_link_records_no_request(project: Project) -> None:
    project.add_request("Shorter")
    app = Host(lambda: CriteriaEditor(project, "CR-1"))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(TextArea)
        go_to(area, "- K1:")
        await type_text(pilot, " Quickly.")
        await pilot.press("tab")
        await type_text(pilot, "Wording")
        await pilot.press("tab", "space", "ctrl+s")
    assert project.criteria_version == 2
    assert project.versions()[-1].request is None


# ---------------------------------------------------------------------- meetings and attendees


def test_parse_attendees_accepts_both_languages_and_roles() -> None:
    text = ("Dana: client: Head of Ops\n\nMarta:vendor\n"
            "Anna Nowak : Klient : rola: a:b\nJan: wykonawca")
    assert parse_attendees(text) == (
        Attendee("Dana", Side.CLIENT, "Head of Ops"),
        Attendee("Marta", Side.VENDOR),
        Attendee("Anna Nowak", Side.CLIENT, "rola: a:b"),
        Attendee("Jan", Side.VENDOR),
    )


@pytest.mark.parametrize("line", ["Dana", "Dana: guest", ": client", "Dana:"])
def test_parse_attendees_names_the_bad_line(line: str) -> None:
    with pytest.raises(ReviewError) as refused:
        parse_attendees(f"Marta: vendor\n{line}")
    assert refused.value.field == "attendees"
    assert refused.value.message("en").startswith("Line 2:")


def test_format_attendees_reads_back() -> None:
    people = (Attendee("Anna", Side.CLIENT, "PM"), Attendee("Jan", Side.VENDOR))
    assert format_attendees(people, "pl") == "Anna: klient: PM\nJan: wykonawca"
    assert parse_attendees(format_attendees(people, "pl")) == people


async def test_start_meeting_with_attendees(idle: Project) -> None:
    app = Host(lambda: StartMeetingDialog(idle, today=dt.date(2026, 11, 27)))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#start-title", Input).value == "Review 2026-11-27"
        await type_text(pilot, "Dana: client: Ops")
        await pilot.press("enter")
        await type_text(pilot, "Marta: vendor")
        await pilot.press("tab")
        await type_text(pilot, "Marta")
        await pilot.press("enter")
    meeting = idle.live_meeting
    assert meeting is not None and app.result == meeting
    assert meeting.title == "Review 2026-11-27"
    assert meeting.attendees == (
        Attendee("Dana", Side.CLIENT, "Ops"), Attendee("Marta", Side.VENDOR))
    assert meeting.facilitator == "Marta"


async def test_the_next_meeting_starts_with_the_last_meetings_people(idle: Project) -> None:
    """Review meetings are a series with the same people: the start dialog offers the last
    meeting's attendees and facilitator, so a second meeting starts with ``ctrl+s`` alone;
    editing the lines changes who attends this one only. Names are shown sanitised and, left
    as shown, stored again exactly as they were (a bidi mark is not replaced by its placeholder).
    """
    people = (Attendee("Dana: Ops", Side.CLIENT, "Sponsor \u202eX"), Attendee("Marta", Side.VENDOR))
    idle.start_meeting("Prototype review", people, facilitator="Marta \u200b")
    idle.end_meeting()
    app = Host(lambda: StartMeetingDialog(idle, today=dt.date(2026, 12, 4)))
    async with app.run_test(size=SIZE) as pilot:
        area = app.screen.query_one(TextArea)
        assert area.text == "Dana: Ops: client: Sponsor <U+202E>X\nMarta: vendor"
        assert app.screen.query_one("#start-facilitator", Input).value == "Marta <U+200B>"
        await pilot.press("ctrl+s")
    meeting = idle.live_meeting
    assert meeting is not None and meeting.number == 2
    assert (meeting.attendees, meeting.facilitator) == (people, "Marta \u200b")


async def test_new_meeting_on_the_command_line_takes_the_last_meetings_people(
    idle: Project,
) -> None:
    """``reviewroom open SLUG --new-meeting TITLE`` is the start dialog accepted as it opened:
    the same people as last time (the demo's second meeting had nobody in it)."""
    people = (Attendee("Dana", Side.CLIENT, "Sponsor"), Attendee("Marta", Side.VENDOR))
    idle.start_meeting("Prototype review", people, facilitator="Marta")
    idle.end_meeting()
    app = ReviewApp(idle, meeting_title="Beta review")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: idle.live_meeting is not None)
    meeting = idle.live_meeting
    assert meeting is not None and meeting.title == "Beta review"
    assert (meeting.attendees, meeting.facilitator) == (people, "Marta")


async def test_a_first_meeting_starts_with_nobody_filled_in(idle: Project) -> None:
    app = Host(lambda: StartMeetingDialog(idle))
    async with app.run_test(size=SIZE):
        assert app.screen.query_one(TextArea).text == ""
        assert app.screen.query_one("#start-facilitator", Input).value == ""


async def test_start_meeting_refuses_a_bad_attendee_line(idle: Project) -> None:
    app = Host(lambda: StartMeetingDialog(idle))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Dana: client")
        await pilot.press("enter")
        await type_text(pilot, "Marta")
        await pilot.press("ctrl+s")
        assert "Line 2" in shown(app.screen, "#attendees-error")
        assert app.screen.query_one(TextArea).text == "Dana: client\nMarta"
        assert idle.live_meeting is None
        await type_text(pilot, ": vendor")
        await pilot.press("ctrl+s")
    assert idle.live_meeting is not None and len(idle.live_meeting.attendees) == 2


async def test_start_meeting_escape_returns_none(idle: Project) -> None:
    app = Host(lambda: StartMeetingDialog(idle))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
    assert app.result is None and idle.live_meeting is None


async def test_attendees_dialog_saves(project: Project) -> None:
    app = Host(lambda: AttendeesDialog(project))
    async with app.run_test(size=SIZE) as pilot:
        assert "Dana Whitfield: client" in app.screen.query_one(TextArea).text
        await pilot.press("enter")
        await type_text(pilot, "Piotr: vendor: Designer")
        await pilot.press("ctrl+s")
    assert project.live_meeting is not None and app.result == project.live_meeting
    assert project.live_meeting.attendees[-1] == Attendee("Piotr", Side.VENDOR, "Designer")
    assert len(project.live_meeting.attendees) == 3


# ---------------------------------------------------------------------- filter


async def test_filter_dialog_returns_the_filter() -> None:
    app = Host(lambda: FilterDialog(RequestFilter()))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "logo")
        await pilot.press("tab", "space", "down", "down", "enter")  # any → pending → consistent
        await pilot.press("ctrl+s")
    assert app.result == RequestFilter("logo", Verdict.CONSISTENT, None)


async def test_filter_dialog_clear_and_cancel() -> None:
    current = RequestFilter("logo", None, Decision.OPEN)
    app = Host(lambda: FilterDialog(current))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#filter-text", Input).value == "logo"
        await pilot.press("ctrl+r")
    assert app.result == RequestFilter()
    app = Host(lambda: FilterDialog(current))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
    assert app.result is None


# ---------------------------------------------------------------------- Polish


async def test_polish_labels(project: Project) -> None:
    app = FormHost(project, None, lang="pl")
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        labels = [str(label.render()) for label in form.query(".field-label").results(Label)]
        assert labels[:3] == ["Prośba", "Zgłasza", "Intencja"]
        assert "Nowa prośba" in str(app.form.border_title)
        intent = form.query_one("#field-intent", Input)
        assert intent.placeholder.startswith("Co ta zmiana ma dać")
        await pilot.press("escape")
    app = Host(lambda: StartMeetingDialog(project), lang="pl")
    async with app.run_test(size=SIZE):
        assert app.screen.query_one("#start-title", Input).value.startswith("Przegląd ")


async def test_enter_on_a_filter_select_applies() -> None:
    app = Host(lambda: FilterDialog(RequestFilter()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "space", "down", "enter")  # any → pending; the list closes
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("enter")  # on the closed Select: the hint says enter applies
    assert app.result == RequestFilter("", Verdict.PENDING, None)
