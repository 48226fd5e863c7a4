"""The attendees of the live meeting: one ``Name: client|vendor[: role]`` per line.

The line format and its parser live in ``store.attendees``, shared with the CLI's ``--attendee``;
the start-meeting dialog reuses this field, so a facilitator types attendees the same way when
starting a meeting, when someone joins later, and on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from reviewroom.store.attendees import format_attendees, parse_attendees
from reviewroom.store.errors import ReviewError
from reviewroom.store.i18n import t
from reviewroom.store.model import Attendee, Meeting
from reviewroom.store.project import Project
from reviewroom.store.text import clean_text
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import line, shown
from reviewroom.tui.screens.dialog import Dialog
from reviewroom.tui.widgets.error_line import ErrorLine

__all__ = ["AttendeesDialog", "AttendeesField", "format_attendees", "parse_attendees"]


def shown_attendees(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Attendees as the text area shows them: names and roles as sanitised single lines."""
    return [Attendee(shown(a.name), a.side, shown(a.role)) for a in attendees]


def keep_stored_attendees(
    parsed: Iterable[Attendee], stored: Iterable[Attendee]
) -> tuple[Attendee, ...]:
    """The parsed attendees, with every name and role left as shown put back as stored.

    The text area shows names sanitised; saving must not replace a stored character (a bidi
    mark in a name, say) by its placeholder when nobody touched that line.
    """
    originals = {(shown(a.name).strip(), shown(a.role).strip()): a for a in stored}
    kept = []
    for person in parsed:
        original = originals.get((person.name, person.role))
        kept.append(person if original is None else replace(original, side=person.side))
    return tuple(kept)


class AttendeesField(Vertical):
    """A labelled text area of attendee lines, its format hint, and the error of a bad line."""

    DEFAULT_CSS = """
    AttendeesField { height: auto; }
    AttendeesField > TextArea { height: 7; }
    AttendeesField > .hint { color: $text-muted; }
    """

    def __init__(self, lang: str, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.text = text

    def compose(self) -> ComposeResult:
        """Label, text area, format hint, error line."""
        yield Label(t(self.lang, "attendees.label"))
        yield TextArea(clean_text(self.text), id="attendees-text", soft_wrap=True)
        yield Static(Content(t(self.lang, "attendees.hint")), classes="hint")
        yield ErrorLine(id="attendees-error", classes="field-error")

    def attendees(self) -> tuple[Attendee, ...]:
        """The parsed attendees.

        Raises:
            ReviewError: a bad line (show it with :meth:`show_error`).
        """
        return parse_attendees(self.query_one(TextArea).text, self.lang)

    def show_error(self, error: ReviewError | None) -> None:
        """Show (or clear, with None) the error under the text area, with the cursor on its line.

        The cursor goes to the end of the bad line, where the missing side is usually typed,
        so the facilitator need not count lines.
        """
        message = error.message(self.lang) if error else None
        self.query_one("#attendees-error", ErrorLine).show(message)
        if error is None:
            return
        area = self.query_one(TextArea)
        self.screen.set_focus(area)  # at once: the key typed next belongs on that line
        line = error.params.get("line")
        if isinstance(line, int) and 0 < line <= area.document.line_count:
            area.move_cursor((line - 1, len(area.document.get_line(line - 1))))


class AttendeesDialog(Dialog[Meeting | None]):
    """Edit who is at the live meeting; ``ctrl+s`` saves, ``escape`` leaves without saving.

    ``enter`` adds a line in the text area, so only ``ctrl+s`` saves here.
    """

    DEFAULT_CSS = """
    AttendeesDialog > .dialog-frame { width: 76; }
    AttendeesDialog .keys { margin-top: 1; }
    """
    BINDINGS = [  # priority: they act before the next key of a burst is dispatched
        Binding("ctrl+s", "save", "Save", id="attendees-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="attendees-cancel", priority=True),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    @property
    def lang(self) -> str:
        """The UI language: the app's, else the project's."""
        return ui_language(self, self.project.lang)

    def compose(self) -> ComposeResult:
        """Title, the attendee field pre-filled from the live meeting, the keys."""
        live = self.project.live_meeting
        text = format_attendees(shown_attendees(live.attendees), self.lang) if live else ""
        with Vertical(classes="dialog-frame"):
            title = t(self.lang, "attendees.title", meeting=live.title if live else "")
            yield Static(line(title), classes="dialog-title")
            yield AttendeesField(self.lang, text)
            yield ErrorLine(id="form-error", classes="form-error")
            yield Static(Content(t(self.lang, "attendees.keys")), classes="keys")

    def on_mount(self) -> None:
        """Start in the text area, at the end, ready to add someone."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Parse and store the attendees; a refusal stays in the dialog with the text kept."""
        field = self.query_one(AttendeesField)
        field.show_error(None)
        self.query_one("#form-error", ErrorLine).show(None)
        live = self.project.live_meeting
        stored = live.attendees if live else ()
        try:
            meeting = self.project.set_attendees(keep_stored_attendees(field.attendees(), stored))
        except ReviewError as error:
            self._show_error(error)
            return
        self.dismiss(meeting)

    def _show_error(self, error: ReviewError) -> None:
        """An attendee error goes under the text area; anything else on the form's error line."""
        field = self.query_one(AttendeesField)
        if error.field == "attendees":
            field.show_error(error)
        else:
            self.query_one("#form-error", ErrorLine).show(error.message(self.lang))

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
