"""Hostile text on every screen and dialog: shown as the literal text it is, never run, never raw.

The corpus of tests/hostile.py goes into every text field — request, requested by, intent, note,
alternative, owner, attendee names and roles, meeting title, facilitator, brief title and items —
and every screen and dialog is drawn with Pilot: the meeting screen, the watch view, the request
form, the filter, the attendees, the criteria editor, the start dialog, help and the palette.
For each drawing, what Textual would send to the terminal is checked for raw control, C1, bidi
and zero-width characters and for links, and each field's visible part is looked for on screen.
The corpus is split into a few batches, one app run each, so the suite stays fast.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, TextArea

from reviewroom.store.brief import render_brief
from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project
from reviewroom.store.request_filter import RequestFilter
from reviewroom.store.text import clean_line, clean_text
from reviewroom.tui.app import ReviewApp
from reviewroom.tui.plain import shown
from reviewroom.tui.screens.attendees import AttendeesDialog
from reviewroom.tui.screens.choice import ChoiceDialog
from reviewroom.tui.screens.confirm import ConfirmDialog
from reviewroom.tui.screens.criteria_editor import CriteriaEditor
from reviewroom.tui.screens.filter import FilterDialog
from reviewroom.tui.screens.meeting import MeetingScreen
from reviewroom.tui.screens.text_prompt import TextPrompt
from reviewroom.tui.widgets import CriteriaPanel, DetailPane, MeetingHeader, RequestsTable
from reviewroom.tui.widgets.request_form import RequestForm
from tests.hostile import CORPUS, raw_characters, required, windows
from tests.support import fixed_clock, make_project, record_shown_notes, wait_until

SIZE = (160, 50)  # the meeting screen: every request of a batch in view at once
DIALOG_SIZE = (100, 30)  # a dialog over the screen: smaller frames are cheaper to draw
BATCHES = 3
TEXT_FIELDS = ("by", "intent", "note", "alternative", "owner")
# Borders, scrollbars and whitespace, which fold a long text over several lines on screen.
_NOISE = re.compile(r"[\s│─╭╮╰╯┃━▁▂▃▄▅▆▇█▔▏▕▎▍▌▋▊▉╷╵╴╶]")


def batches() -> list[list[tuple[int, str]]]:
    """The corpus, numbered, in a few batches."""
    numbered = list(enumerate(CORPUS))
    return [numbered[i::BATCHES] for i in range(BATCHES)]


def tagged(number: int, field: str, text: str) -> str:
    """A field's value: a tag that says which string and field it is, then the hostile text."""
    return f"H{number:03d}{field[:2]} {text}"


def one_line_item(text: str) -> str:
    """A brief item is one line: line breaks become spaces (as the brief itself writes them)."""
    return re.sub(r"[\r\n\x85\u2028\u2029]", " ", text)


def build(home: Path, batch: list[tuple[int, str]], *, live: bool = True) -> Path:
    """A project whose every text field holds the batch's strings."""
    clock = fixed_clock()
    with Project.open(make_project(home, "hostile", clock=clock), clock=clock) as project:
        first = batch[0][1]
        items = tuple(Criterion(f"P{n + 1}", required(one_line_item(tagged(i, "it", s))))
                      for n, (i, s) in enumerate(batch))
        hostile = replace(project.criteria, title=tagged(batch[0][0], "ti", first), problem=items)
        project.revise_criteria(hostile, "Hostile text in every item")
        if not live:
            return project.path
        people = [Attendee(tagged(i, "na", s), Side.CLIENT, tagged(i, "ro", s)) for i, s in batch]
        project.start_meeting(tagged(batch[-1][0], "mt", batch[-1][1]), people,
                              facilitator=tagged(batch[0][0], "fa", first))
        for i, s in batch:
            fields = {name: tagged(i, name, s) for name in TEXT_FIELDS}
            project.add_request(tagged(i, "re", s), criteria="P1", **fields)
    return project.path


# ----------------------------------------------------------------------------- what is on screen


def frame(app: App[Any]) -> list[Strip]:
    """The screen as Textual would send it to the terminal now (a full redraw), line by line.

    Every segment's text is checked: it must hold no raw control, C1, bidi or zero-width
    character, and no style may carry a link (an OSC 8 hyperlink on the terminal).

    A dialog on top is drawn without the meeting screen dimmed behind it (that screen is checked
    on its own; drawing it again under every dialog only costs time).
    """
    # The one private name left in the tests: Textual has no public call that returns the composed
    # frame's segments; App.export_screenshot makes this same call and turns it into SVG, which
    # drops the links this check looks for.
    update = app.screen._compositor.render_update(full=True)
    lines = [Strip.join(line) for line in update.strips]  # type: ignore[union-attr]
    check_strips(lines)
    return lines


def check_strips(lines: list[Strip]) -> None:
    """No segment holds a raw control, C1, bidi or zero-width character, or carries a link."""
    for number, line in enumerate(lines):
        for segment in line:
            assert raw_characters(segment.text) == [], (number, segment.text)
            assert not (segment.style and segment.style.link), (number, segment.text)


def region_text(lines: list[Strip], region: Region) -> str:
    """The text of one region of the screen, its lines joined, borders and spaces dropped."""
    rows = lines[region.y:region.bottom]
    return _NOISE.sub("", "".join(line.crop(region.x, region.right).text for line in rows))


def squeeze(text: str) -> str:
    """``text`` without the whitespace and borders :func:`region_text` drops."""
    return _NOISE.sub("", text)


def assert_shows(shown: str, value: str, where: str, *, multiline: bool = False) -> None:
    """The start of ``value`` as one sanitised line (at least its tag and a little more) shows.

    In a multi-line widget (``multiline``) line breaks stay breaks rather than ``^J``.
    """
    expected = squeeze(clean_text(value) if multiline else clean_line(value))[:12]
    assert expected in shown, f"{where}: {expected!r} not in {shown[:400]!r}"


def assert_some_part_shows(shown: str, value: str, where: str) -> None:
    """At least one fragment of ``value`` shows (an input scrolled to its end shows the end)."""
    pieces = [squeeze(piece) for piece in windows(value) if squeeze(piece)]
    assert any(piece in shown for piece in pieces), f"{where}: none of {pieces[:5]} shown"


def widget_text(widget: Widget) -> str:
    """Everything ``widget`` renders, scrolled out of view or not (for long texts), checked as
    :func:`frame` checks the screen."""
    size = widget.virtual_size
    return strips_text(widget.render_lines(Region(0, 0, size.width, size.height)))


def strips_text(strips: list[Strip]) -> str:
    """The text of drawn lines, checked as :func:`frame` checks the screen."""
    check_strips(strips)
    return _NOISE.sub("", "".join(strip.text for strip in strips))


def app_for(folder: Path, *, read_only: bool = False) -> ReviewApp:
    """The app over the project, as the CLI builds it."""
    project = Project.open(folder, readonly=read_only, clock=fixed_clock())
    return ReviewApp(project, read_only=read_only)


async def settle(pilot: Any) -> None:
    """Let the screen catch up."""
    await pilot.pause()
    await pilot.pause()


# ----------------------------------------------------------------------------- the meeting screen


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_meeting_screen_shows_every_field_literally(tmp_path: Path, batch: int) -> None:
    folder = build(tmp_path, batches()[batch])
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        project = app.project
        lines = frame(app)
        header = screen.query_one(MeetingHeader)
        assert_shows(region_text(lines, header.region), project.criteria.title, "header title")
        table = screen.query_one(RequestsTable)
        rows = region_text(lines, table.region)
        for req in project.requests():  # every row fits on this screen
            assert_shows(rows, req.request, f"table row of {req.id}")
            assert_shows(rows, req.by[:6], f"requested by of {req.id}")
        detail = screen.query_one(DetailPane)
        assert_shows(region_text(lines, detail.region), project.requests()[0].request,
                     "detail on screen", multiline=True)
        for row, req in enumerate(project.requests()):
            table.move_cursor(row=row)
            await pilot.pause()  # the highlighted request fills the detail pane
            full = strips_text(detail.all_lines())  # scrolled out of view or not
            for name in ("request", *TEXT_FIELDS):
                assert_shows(full, getattr(req, name), f"detail {name} of {req.id}",
                             multiline=True)
        texts = {item.id: item.text for _, item in project.criteria.items()}
        panel = screen.query_one(CriteriaPanel)
        for item_id in panel.item_ids:  # every item, scrolled into view or not
            strips = panel.item_strips(item_id)
            check_strips(strips)
            shown = _NOISE.sub("", "".join(strip.text for strip in strips))
            assert_shows(shown, texts[item_id], f"criterion {item_id}")
        assert_shows(region_text(lines, panel.region), texts["P1"], "criteria on screen")
    app.project.close()


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_watch_view_shows_every_request_literally(
    tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = build(tmp_path, batches()[batch])
    writer = Project.open(folder, clock=fixed_clock())
    app = app_for(folder, read_only=True)
    shown_notes = record_shown_notes(monkeypatch)  # what Textual gets, after ReviewApp.notify
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = frame(app)
        rows = region_text(lines, app.screen.query_one(RequestsTable).region)
        for req in writer.requests():
            assert_shows(rows, req.request, f"watch row of {req.id}")
        detail = app.screen.query_one(DetailPane)
        first = writer.requests()[0]
        assert_shows(region_text(lines, detail.region), first.request, "watch detail",
                     multiline=True)
        # A save that changes requests only updates their rows (the watcher's own path).
        table = app.screen.query_one(RequestsTable)
        last, edited = writer.requests()[-1], tagged(0, "ed", writer.requests()[0].request)
        writer.update_request(last.id, request=edited)
        await wait_until(pilot, lambda: clean_line(edited)[:20] in " ".join(
            str(cell) for cell in table.get_row(last.id)))
        lines = frame(app)
        assert_shows(region_text(lines, table.region), edited, f"followed row of {last.id}")
        live = writer.live_meeting
        assert live is not None
        writer.end_meeting()  # the watcher says so in a notification that quotes the title
        await wait_until(pilot, lambda: bool(shown_notes))
        frame(app)
        toasts = [note.message for note in shown_notes]
        assert toasts and all(raw_characters(m) == [] for m in toasts)
        assert any(squeeze(clean_line(live.title))[:12] in squeeze(m) for m in toasts)
    app.project.close()
    writer.close()


# ----------------------------------------------------------------------------- the dialogs


def build_rotated(home: Path) -> Path:
    """A project whose requests carry the corpus across their fields, two strings per field.

    Every field of the form draws its values the same way, so each string passes through the
    form once, in some field, and the whole corpus takes seven forms instead of seventy (each
    form costs a dialog's worth of drawing; the strings are checked one by one elsewhere).
    """
    names = ("request", *TEXT_FIELDS)
    per_form = 2 * len(names)
    numbered = list(enumerate(CORPUS))
    requests = []
    for start in range(0, len(numbered), per_form):
        chunk = numbered[start:start + per_form]
        pairs = [chunk[k:k + 2] for k in range(0, len(chunk), 2)]
        requests.append({name: " | ".join(tagged(i, name, s) for i, s in pair)
                         for name, pair in zip(names, pairs, strict=False)})
    return make_project(home, "rotated", meeting="Review", requests=requests)


async def test_the_request_form_shows_and_keeps_every_field(tmp_path: Path) -> None:
    folder = build_rotated(tmp_path)
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = {req.id: req for req in app.project.requests()}
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for req in app.project.requests():
            await screen.open_form(req)
            await settle(pilot)
            form = screen.query_one(RequestForm)
            lines = frame(app)
            for name in ("request", *TEXT_FIELDS):
                field = form.query_one(f"#field-{name}")
                value = getattr(req, name)
                if value:
                    assert_some_part_shows(region_text(lines, field.region), value,
                                           f"form {name} of {req.id}")
            await pilot.press("ctrl+s")  # saving untouched fields changes nothing
            await settle(pilot)
            assert not screen.editing
        assert {req.id: req for req in app.project.requests()} == before
    app.project.close()


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_other_dialogs_show_hostile_text_literally(tmp_path: Path, batch: int) -> None:
    strings = batches()[batch]
    folder = build(tmp_path, strings)
    app = app_for(folder)
    async with app.run_test(size=DIALOG_SIZE) as pilot:
        await settle(pilot)
        project = app.project
        live = project.live_meeting
        assert live is not None

        app.push_screen(AttendeesDialog(project))
        await settle(pilot)
        lines = frame(app)
        area = app.screen.query_one(TextArea)
        for person in live.attendees:
            assert clean_line(person.name) in area.text and clean_line(person.role) in area.text
        assert_shows(region_text(lines, area.region), live.attendees[-1].name, "attendees")
        await pilot.press("ctrl+s")  # untouched: the stored names stay exactly as they were
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen), "the untouched attendees were refused"
        assert project.live_meeting == live

        app.push_screen(CriteriaEditor(project, "CR-1"))
        await settle(pilot)
        lines = frame(app)
        area = app.screen.query_one(TextArea)
        assert area.text == clean_text(render_brief(project.criteria))
        assert "H0" in region_text(lines, area.region)
        await pilot.press("ctrl+s")  # a revision of untouched text changes nothing: refused
        await settle(pilot)
        assert project.criteria_version == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)

        app.push_screen(FilterDialog(RequestFilter()))
        await settle(pilot)
        field = app.screen.query_one("#filter-text", Input)
        for _, text in strings:  # pasted into the filter's text field
            field.value = ""
            app.post_message(_paste(text))
            await pilot.pause()
            joined = " ".join(text.splitlines())  # one line, as a one-line field takes it
            assert field.value == clean_line(joined)
            if joined.strip():  # the field alone is drawn: the screen behind it is checked above
                assert_some_part_shows(widget_text(field), joined, "filter text")
        await pilot.press("escape")
        await settle(pilot)

        if batch == 0:  # the help holds no client text: once is enough
            await pilot.press("question_mark")
            await settle(pilot)
            frame(app)
            await pilot.press("escape")
            await settle(pilot)

        question = tagged(strings[0][0], "qu", strings[0][1])  # the one-line dialogs
        for dialog in (ChoiceDialog(question, [(("c",), "x", question)]), ConfirmDialog(question),
                       TextPrompt(question, value=shown(question))):
            app.push_screen(dialog)
            await settle(pilot)
            lines = frame(app)
            assert_some_part_shows(region_text(lines, dialog.region), question, "dialog")
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("ctrl+p")
        await settle(pilot)
        search = app.screen.query_one(Input)
        pasted = " ".join(text for _, text in strings)  # the whole batch, pasted into the search
        app.post_message(_paste(pasted))
        await pilot.pause()
        assert search.value == clean_line(" ".join(pasted.splitlines()))
        frame(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    app.project.close()


def _paste(text: str) -> Any:
    """A bracketed paste, as the terminal sends it."""
    from textual import events

    return events.Paste(text)


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_start_dialog_shows_a_hostile_project_title(tmp_path: Path, batch: int) -> None:
    folder = build(tmp_path, batches()[batch], live=False)
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = frame(app)
        title = app.screen.query_one(".dialog-title")
        assert_shows(region_text(lines, title.region), app.project.criteria.title, "start")
    app.project.close()


@pytest.mark.parametrize("batch", range(BATCHES))
async def test_the_next_meeting_offers_hostile_attendees_literally_and_keeps_them(
    tmp_path: Path, batch: int
) -> None:
    """The start dialog fills in the last meeting's people: shown sanitised, and started
    untouched they are stored again exactly as the client's side gave them."""
    folder = build(tmp_path, batches()[batch])
    with Project.open(folder, clock=fixed_clock()) as writer:
        last = writer.end_meeting()
    app = app_for(folder)
    async with app.run_test(size=DIALOG_SIZE) as pilot:
        await settle(pilot)
        lines = frame(app)
        area = app.screen.query_one(TextArea)
        for person in last.attendees:
            assert clean_line(person.name) in area.text and clean_line(person.role) in area.text
        assert_shows(region_text(lines, area.region), last.attendees[0].name, "attendees")
        facilitator = app.screen.query_one("#start-facilitator", Input)
        assert facilitator.value == clean_line(last.facilitator)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen), "the untouched attendees were refused"
        started = app.project.live_meeting
        assert started is not None and started.number == 2
        assert (started.attendees, started.facilitator) == (last.attendees, last.facilitator)
    app.project.close()


# ----------------------------------------------------------------------------- text in editors


async def test_a_paste_reaches_a_field_sanitised(tmp_path: Path) -> None:
    folder = build(tmp_path, batches()[0])
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        app.post_message(_paste("Move \x1b]0;x\x07 \u202eit"))
        await settle(pilot)
        field = app.screen.query_one("#field-request", Input)
        assert field.value == "Move ^[]0;x^G <U+202E>it"
    app.project.close()


def test_clean_text_keeps_line_breaks_for_text_areas() -> None:
    assert clean_text("Dana: client\n\x1b[2JMarta: vendor") == "Dana: client\n^[[2JMarta: vendor"


def test_every_table_cell_is_text_not_markup(tmp_path: Path) -> None:
    """Every cell is Rich ``Text`` (Textual parses a ``str`` as markup in most places): the list
    draws the text as it is."""
    from rich.text import Text

    folder = build(tmp_path, batches()[0])
    with Project.open(folder, clock=fixed_clock()) as project:
        table = RequestsTable("en")
        from reviewroom.tui.widgets.requests_table import RowState

        for req in project.requests():
            assert all(isinstance(c, Text) for c in table.cells(req, RowState()))
