"""A yes/no question, for the one irreversible action: ending the meeting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reviewroom.store.i18n import t
from reviewroom.tui.language import ui_language
from reviewroom.tui.plain import block
from reviewroom.tui.screens.dialog import Dialog


def yes_keys(lang: str) -> tuple[str, ...]:
    """The keys that answer yes in ``lang``: ``y``, and ``t`` (Tak) in Polish.

    ``t`` is refused in English: there it is the attendees key, and a question about ending
    the meeting must not take a stray key as yes.
    """
    return tuple(key.strip() for key in t(lang, "confirm.yes_keys").split(","))


class ConfirmDialog(Dialog[bool]):
    """Returns True only when the facilitator confirms (a yes key, or the Yes button).

    The keys are priority bindings, so a key typed right after the answer reaches the screen
    underneath rather than this dialog as it closes (see tui/typeahead.py).
    """

    DEFAULT_CSS = """
    ConfirmDialog > .dialog-frame { width: 60; border: round $warning; padding: 1 2; }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    ConfirmDialog .keys { margin-top: 1; }
    """
    BINDINGS = [
        Binding("y", "yes('y')", "Yes", show=False, id="confirm-yes", priority=True),
        Binding("t", "yes('t')", "Yes", show=False, id="confirm-yes-t", priority=True),
        Binding("n,escape", "answer(False)", "No", show=False, id="confirm-no", priority=True),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    @property
    def lang(self) -> str:
        """The UI language of the app (English when the host app has none)."""
        return ui_language(self, "en")

    def compose(self) -> ComposeResult:
        """The question, two buttons (No has the focus, so enter is safe) and the keys."""
        lang = self.lang
        with Vertical(classes="dialog-frame"):
            yield Static(block(self.question))
            with Horizontal():
                yield Button(t(lang, "tui.no"), id="no", variant="primary")
                yield Button(t(lang, "tui.yes"), id="yes", variant="error")
            keys = " / ".join(yes_keys(lang))
            yield Static(Content(t(lang, "confirm.keys", yes=keys)), classes="keys")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "yes")

    def action_yes(self, key: str) -> None:
        """A yes key of the dialog's language answers yes; the other is ignored."""
        if key in yes_keys(self.lang):
            self.dismiss(True)

    def action_answer(self, answer: bool) -> None:
        """A key answers."""
        self.dismiss(answer)
