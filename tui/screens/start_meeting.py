"""Start a meeting: a title (today's review by default), the attendees, and the facilitator."""

from __future__ import annotations

import datetime as dt

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import Meeting
from reviewroom.store.project import Project
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import keep_stored, line, shown
from reviewroom.tui.screens.attendees import (
    AttendeesField,
    format_attendees,
    keep_stored_attendees,
    shown_attendees,
)
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.error_line import ErrorLine


def start_as_last_time(project: Project, title: str) -> Meeting:
    """Start a meeting with the people of the last one, as the start dialog offers them:
    ``--new-meeting TITLE`` is that dialog accepted as it opened.

    Raises:
        ReviewError: the project refuses the title (blank, say) or a meeting is live.
    """
    last = project.latest_meeting
    if last is None:
        return project.start_meeting(title)
    return project.start_meeting(title, last.attendees, last.facilitator)


class StartMeetingDialog(Dialog[Meeting | None]):
    """Asked when a project without a live meeting is opened.

    ``enter`` in the title or facilitator field starts the meeting, as does ``ctrl+s`` anywhere
    (``enter`` in the attendee text area adds a line). ``escape`` returns None: the app then
    exits, since the facilitator changed their mind about holding a meeting now.
    """

    DEFAULT_CSS = """
    StartMeetingDialog > .dialog-frame { width: 76; }
    StartMeetingDialog Input { margin-bottom: 1; background: $boost; }
    StartMeetingDialog Input:focus { background-tint: $accent 15%; }
    """
    # Priority bindings: they act as the key is dispatched, so keys typed right after (a burst
    # over SSH) land where the refusal put the cursor, or on the meeting screen (tui/typeahead).
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="start-save", priority=True),
        Binding("enter", "submit", "Start", show=False, id="start-enter", priority=True),
        Binding("escape", "cancel", "Cancel", id="start-cancel", priority=True),
    ]

    def __init__(self, project: Project, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.project = project
        self.today = today or dt.date.today()
        # Review meetings are a series with the same people: offer the last one's.
        self.last: Meeting | None = project.latest_meeting

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def compose(self) -> ComposeResult:
        """Title, attendees, facilitator, the error line and the keys."""
        lang = self.lang
        title = t(lang, "start.default_title", date=self.today.isoformat())
        with Vertical(classes="dialog-frame"):
            yield Static(line(t(lang, "start.title", project=self._project_name())),
                         classes="dialog-title")
            yield Label(t(lang, "start.meeting_title"))
            yield Input(title, id="start-title", compact=True)
            yield ErrorLine(id="title-error", classes="field-error")
            last = self.last
            people = format_attendees(shown_attendees(last.attendees), lang) if last else ""
            yield AttendeesField(lang, people)
            yield Label(t(lang, "start.facilitator"))
            yield Input(shown(last.facilitator) if last else "",
                        placeholder=t(lang, "start.facilitator_placeholder"),
                        id="start-facilitator", compact=True)
            yield ErrorLine(id="form-error", classes="form-error")
            yield Static(Content(t(lang, "start.keys")), classes="keys")

    def _project_name(self) -> str:
        """The brief's title, or the folder name when the brief has none."""
        return self.project.criteria.title or self.project.slug

    def on_mount(self) -> None:
        """Focus the attendees: the default title is usually right; the people, offered from the
        last meeting when there was one, are what changes."""
        self.set_focus(self.query_one(AttendeesField).query_one("TextArea"))

    def action_submit(self) -> None:
        """``enter`` in a one-line field starts the meeting; in the attendees it adds a line."""
        if not isinstance(self.focused, Input):
            raise SkipAction()
        self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` is the dialog's own binding; a stray Submitted must not start twice."""
        event.stop()

    def action_start(self) -> None:
        """Parse the attendees and start the meeting; any refusal stays here, text kept."""
        self._clear_errors()
        field = self.query_one(AttendeesField)
        stored = self.last.attendees if self.last else ()
        try:
            meeting = self.project.start_meeting(
                self.query_one("#start-title", Input).value.strip(),
                keep_stored_attendees(field.attendees(), stored),
                self._facilitator(),
            )
        except ReviewError as error:
            self._show_error(error)
            return
        self.dismiss(meeting)

    def _facilitator(self) -> str:
        """The facilitator typed, or the last meeting's as stored when left as it was shown."""
        typed = self.query_one("#start-facilitator", Input).value.strip()
        return keep_stored(typed, self.last.facilitator) if self.last else typed

    def _clear_errors(self) -> None:
        """Forget the last refusal before trying again."""
        self.query_one(AttendeesField).show_error(None)
        for error_line in self.query(ErrorLine):
            error_line.show(None)

    def _show_error(self, error: ReviewError) -> None:
        """Put the message at the field it names and focus that field."""
        if error.field == "attendees":
            self.query_one(AttendeesField).show_error(error)
            return
        where = "#title-error" if error.field == "title" else "#form-error"
        self.query_one(where, ErrorLine).show(error.message(self.lang))
        if error.field == "title":
            self.set_focus(self.query_one("#start-title", Input))

    def action_cancel(self) -> None:
        """Leave without starting a meeting."""
        self.dismiss(None)
