"""A roomy editor for one field of the request form, when its text is too long for the form.

The form's fields are a line or three high beside the criteria; a client's long explanation
(a note, a rejection's reason, a request quoted in full) reads better wrapped in a big box. One
key from any field opens it; ``ctrl+s`` puts the text back into the field, ``escape`` leaves
the field as it was. Nothing is saved here: the form saves, as always.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from reviewroom.store.i18n import t
from reviewroom.tui.plain import line
from reviewroom.tui.screens.dialog import Dialog


class LongTextDialog(Dialog[str | None]):
    """Edit ``text`` in a large wrapped area; returns the text on ``ctrl+s``, None on escape.

    A one-line field gets its text back on one line (line breaks become spaces), so what the
    list and the minutes show as one line stays one line.
    """

    DEFAULT_CSS = """
    LongTextDialog > .dialog-frame { width: 90%; height: 80%; }
    LongTextDialog TextArea { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "done", "Done", id="long-done", priority=True),
        Binding("escape", "cancel", "Cancel", id="long-cancel", priority=True),
    ]

    def __init__(self, title: str, text: str, *, multiline: bool, lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.multiline = multiline
        self.lang = lang

    def compose(self) -> ComposeResult:
        """The field's name, the text area, the keys."""
        with Vertical(classes="dialog-frame"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield TextArea(self.text, soft_wrap=True, id="long-text")
            yield Static(line(t(self.lang, "form.long_keys")), classes="keys")

    def on_mount(self) -> None:
        """The cursor at the end of the text, ready to go on writing."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_done(self) -> None:
        """Hand the text back (on one line for a one-line field)."""
        text = self.query_one(TextArea).text
        self.dismiss(text if self.multiline else " ".join(text.split("\n")))

    def action_cancel(self) -> None:
        """Leave the field as it was."""
        self.dismiss(None)
