"""The attendees of the live meeting: one ``Name: client|vendor[: role]`` per line.

The line format (and its parser) lives here once; the start-meeting dialog reuses both, so a
facilitator types attendees the same way when starting a meeting and when someone joins later.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from store.errors import ReviewError
from store.i18n import LANGUAGES, t
from store.model import Attendee, Meeting, Side
from store.project import Project


@cache
def side_words() -> dict[str, Side]:
    """Every word accepted for a side: the stored value plus its name in each catalog.

    Reading the words from the catalogs keeps the parser and the pre-filled text in step: whatever
    the dialog writes in Polish (``klient``, ``wykonawca``) it also reads back, in any UI language.
    """
    words = {side.value: side for side in Side}
    for lang in LANGUAGES:
        words.update({t(lang, f"attendees.side.{side.value}").casefold(): side for side in Side})
    return words


def parse_attendee_line(line: str, number: int, lang: str) -> Attendee:
    """Parse one ``Name: side[: role]`` line (spaces around the colons are optional).

    The role is everything after the second colon, so a role may itself contain a colon.

    Raises:
        ReviewError: ``attendees.bad_line`` naming the line, when the name or the side is missing
            or the side is not a known word.
    """
    parts = line.split(":", 2)
    name = parts[0].strip()
    side = side_words().get(parts[1].strip().casefold()) if len(parts) > 1 else None
    if not name or side is None:
        raise ReviewError(
            "attendees.bad_line", lang=lang, field="attendees", line=number, value=line.strip()
        )
    role = parts[2].strip() if len(parts) > 2 else ""
    return Attendee(name, side, role)


def parse_attendees(text: str, lang: str = "en") -> tuple[Attendee, ...]:
    """Parse the attendee text area, one attendee per line; blank lines are skipped.

    Pure, so the format is unit-tested without a screen.

    Raises:
        ReviewError: the first bad line, numbered from 1 as the text area shows it.
    """
    return tuple(
        parse_attendee_line(line, number, lang)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    )


def format_attendees(attendees: Iterable[Attendee], lang: str) -> str:
    """The text that :func:`parse_attendees` reads back, with side words in ``lang``."""
    lines = []
    for person in attendees:
        side = t(lang, f"attendees.side.{person.side.value}")
        lines.append(f"{person.name}: {side}" + (f": {person.role}" if person.role else ""))
    return "\n".join(lines)


class AttendeesField(Vertical):
    """A labelled text area of attendee lines, its format hint, and the error of a bad line."""

    DEFAULT_CSS = """
    AttendeesField { height: auto; }
    AttendeesField > TextArea { height: 7; }
    AttendeesField > .hint { color: $text-muted; }
    AttendeesField > .field-error { width: 1fr; color: $error; text-style: bold; display: none; }
    AttendeesField > .field-error.-shown { display: block; }
    """

    def __init__(self, lang: str, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.text = text

    def compose(self) -> ComposeResult:
        """Label, text area, format hint, error line."""
        yield Label(t(self.lang, "attendees.label"))
        yield TextArea(self.text, id="attendees-text", soft_wrap=True)
        yield Static(Content(t(self.lang, "attendees.hint")), classes="hint")
        yield Label("", id="attendees-error", classes="field-error")

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
        label = self.query_one("#attendees-error", Label)
        label.update(Content(error.message(self.lang)) if error else "")
        label.set_class(error is not None, "-shown")
        if error is None:
            return
        area = self.query_one(TextArea)
        self.screen.set_focus(area)  # at once: the key typed next belongs on that line
        line = error.params.get("line")
        if isinstance(line, int) and 0 < line <= area.document.line_count:
            area.move_cursor((line - 1, len(area.document.get_line(line - 1))))


class AttendeesDialog(ModalScreen[Meeting | None]):
    """Edit who is at the live meeting; ``ctrl+s`` saves, ``escape`` leaves without saving.

    ``enter`` adds a line in the text area, so only ``ctrl+s`` saves here.
    """

    DEFAULT_CSS = """
    AttendeesDialog { align: center middle; }
    AttendeesDialog > Vertical { width: 76; max-width: 100%; height: auto; max-height: 100%;
                                 border: round $accent; background: $surface; padding: 0 1; }
    AttendeesDialog .dialog-title { text-style: bold; color: $accent; }
    AttendeesDialog .keys { color: $text-muted; margin-top: 1; }
    AttendeesDialog .form-error { width: 1fr; color: $error; text-style: bold; display: none; }
    AttendeesDialog .form-error.-shown { display: block; }
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
        return str(getattr(self.app, "lang", None) or self.project.lang)

    def compose(self) -> ComposeResult:
        """Title, the attendee field pre-filled from the live meeting, the keys."""
        live = self.project.live_meeting
        text = format_attendees(live.attendees, self.lang) if live else ""
        with Vertical():
            title = t(self.lang, "attendees.title", meeting=live.title if live else "")
            yield Static(Content(title), classes="dialog-title")
            yield AttendeesField(self.lang, text)
            yield Label("", id="form-error", classes="form-error")
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
        self.query_one("#form-error", Label).remove_class("-shown")
        try:
            meeting = self.project.set_attendees(field.attendees())
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
            label = self.query_one("#form-error", Label)
            label.update(Content(error.message(self.lang)))
            label.add_class("-shown")

    def action_cancel(self) -> None:
        """Leave without saving."""
        self.dismiss(None)
