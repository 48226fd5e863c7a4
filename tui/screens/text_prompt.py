"""Ask for one line of text (a rejection's reason, an agreed alternative)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from reviewroom.store.text import is_blank
from reviewroom.tui.plain import line
from reviewroom.tui.screens.dialog import Dialog


class TextPrompt(Dialog[str | None]):
    """Returns the typed text on enter (refusing blank), or None on escape."""

    DEFAULT_CSS = """
    TextPrompt > .dialog-frame { width: 72; }
    TextPrompt Label { padding-bottom: 1; }
    """
    # Priority bindings: the prompt closes as the key is dispatched, so the keys typed right
    # after (``d r`` reason ``enter v u`` in one burst) reach the meeting screen.
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False, id="prompt-cancel", priority=True),
        Binding("enter", "submit", "Save", show=False, id="prompt-submit", priority=True),
    ]

    def __init__(self, question: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        """The question above one input."""
        with Vertical(classes="dialog-frame"):
            yield Label(line(self.question))
            # Not selected on focus: an edit types on at the end of the text it starts with.
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input",
                        select_on_focus=False)

    def action_submit(self) -> None:
        """Enter answers, unless the answer is blank (the rule needs real text)."""
        value = self.query_one("#prompt-input", Input).value
        if not is_blank(value):
            self.dismiss(value)
        else:
            self.app.bell()

    def action_cancel(self) -> None:
        """Escape leaves without saving."""
        self.dismiss(None)
